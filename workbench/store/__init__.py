"""The audit file: one SQLite database per audit, with its append-only event log."""
