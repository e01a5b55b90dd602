"""Looks drawn once and kept: pixmaps of widgets' paintings, by all a painting depends on.

A checklist page paints dozens of buttons and labels, most of them one of a few looks
("1  Yes" unticked, a question's hint at the pane's width), and each drawn afresh cost
the style sheet's rules and the text's layout again. A widget that keeps its looks here
draws one only when its key (text, size, state, colours, font, ...) is new, and paints
by copying it. Every look is forgotten when the application's style sheet changes.

Working out that key still costs a few dozen microseconds a paint (the font's key, the
palette's colour, the style option), and a move to the next record paints a few dozen
such widgets. So a widget also keeps the look it painted last (``KeptLook``), with a
*stamp* of what can change without telling it (its text, size, and state: ticked,
hovered, in the active window). Everything else reaches it as a change event (font,
palette, style, enabled) or through a setter it overrides, and makes it forget the look.
Painting the same widget again is then one comparison and one copy.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QWidget


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


class KeptLook:
    """The look one widget painted last, and the stamp it was painted for."""

    __slots__ = ("stamp", "look")

    def __init__(self) -> None:
        self.stamp: tuple | None = None
        self.look: QPixmap | None = None

    def paint(self, widget: QWidget, stamp: tuple) -> bool:
        """Paint ``widget`` with the look it kept, if it was kept for ``stamp``; ``False`` if not."""
        if self.stamp != stamp or self.look is None:
            return False
        QPainter(widget).drawPixmap(0, 0, self.look)
        return True

    def keep(self, stamp: tuple, look: QPixmap) -> None:
        self.stamp, self.look = stamp, look

    def forget(self) -> None:
        self.stamp = self.look = None


def _bytes(look: QPixmap) -> int:
    return look.width() * look.height() * 4
