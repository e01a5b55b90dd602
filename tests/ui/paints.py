"""Counting the paint events a widget gets (tests that a change repaints nothing it need not)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject


class PaintCounter(QObject):
    """An event filter: ``paints`` is how many paint events the widgets it watches received."""

    def __init__(self):
        super().__init__()
        self.paints = 0

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False
