"""Services: plain functions over a session. All rules and queries live here."""
