"""eng-ops: a toolkit for engineering leaders growing a team from 10 to 100."""

__version__ = "0.1.0"
