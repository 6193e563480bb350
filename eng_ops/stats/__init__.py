"""Pure math on plain lists: no database, no CLI."""
