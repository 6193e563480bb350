"""Storage: SQLModel tables, engine and session creation, migrations."""
