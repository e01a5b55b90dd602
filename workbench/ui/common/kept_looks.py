"""Looks drawn once and kept: pixmaps of widgets' paintings, by all a painting depends on.

A checklist page paints dozens of buttons and labels, most of them one of a few looks
("1  Yes" unticked, a question's hint at the pane's width), and each drawn afresh cost
the style sheet's rules and the text's layout again. A widget that keeps its looks here
draws one only when its key (text, size, state, colours, font, ...) is new, and paints
by copying it. Every look is forgotten when the application's style sheet changes.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QApplication


class KeptLooks:
    """Pixmaps by key, the oldest dropped first once they hold more than ``max_bytes``."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._looks: dict[Hashable, QPixmap] = {}
        self._bytes = 0
        self._sheet = ""   # the application style sheet the looks were drawn with

    def __len__(self) -> int:
        return len(self._looks)

    def look(self, key: Hashable, size: QSize, ratio: float, draw: Callable[[QPainter], None]) -> QPixmap:
        """The look kept for ``key``, else one ``size`` (at ``ratio``) on a transparent ground, drawn by ``draw``."""
        sheet = QApplication.instance().styleSheet()
        if sheet != self._sheet:   # another look for the application (tests change it): none kept is right
            self._looks.clear()
            self._bytes, self._sheet = 0, sheet
        look = self._looks.get(key)
        if look is None:
            look = QPixmap(size * ratio)
            look.setDevicePixelRatio(ratio)
            look.fill(Qt.GlobalColor.transparent)
            painter = QPainter(look)
            try:
                draw(painter)
            finally:
                painter.end()
            while self._looks and self._bytes + _bytes(look) > self.max_bytes:
                self._bytes -= _bytes(self._looks.pop(next(iter(self._looks))))
            self._looks[key] = look
            self._bytes += _bytes(look)
        return look


def _bytes(look: QPixmap) -> int:
    return look.width() * look.height() * 4
