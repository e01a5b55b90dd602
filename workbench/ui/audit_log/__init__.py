"""The audit's own log in the window (View › Audit log) and its check (Audit › Verify)."""
