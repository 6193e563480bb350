from eng_ops.cli.app import main

main()
