"""What UI tests look for: the error dialogs ``errors.show_error`` opened, and a locked file."""

from __future__ import annotations

import sqlite3

from PySide6.QtWidgets import QApplication, QWidget


def error_boxes() -> list[QWidget]:
    """The error dialogs showing now."""
    return [w for w in QApplication.topLevelWidgets() if w.objectName() == "errorBox" and w.isVisible()]


def close_error_boxes() -> list[str]:
    """Close every error dialog; return their titles."""
    boxes = error_boxes()
    titles = [box.windowTitle() for box in boxes]
    for box in boxes:
        box.close()
    return titles


def locked(*_args, **_kwargs):
    """Stands in for a save while another program holds the audit file's write lock."""
    raise sqlite3.OperationalError("database is locked")
