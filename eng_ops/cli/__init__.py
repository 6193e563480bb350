"""The command line: thin Typer apps over services. Heavy imports stay inside commands."""
