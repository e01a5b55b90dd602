"""Pure-Python heart of the workbench: checklists, expressions, answers, events.

Nothing here imports a third-party library; everything is testable without Qt,
SQLite or spreadsheets.
"""
