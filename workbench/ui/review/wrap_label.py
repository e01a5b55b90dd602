"""A word-wrapped label that remembers how tall it is at a width.

A checklist page holds a hundred wrapped labels (questions, hints, messages). Each time
a question is shown or hidden, Qt's layouts and the scroll area ask every label of the
page, several times over, how tall it would be at a width, and ``QLabel`` lays its text
out again for each answer (a quarter of the work of moving to the next record). The
answer depends only on the width and the text (and the font, margins and style, which
empty the memory when they change), so it is remembered.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QWidget

KEPT_HEIGHTS = 16   # widths and texts remembered (a pane resized by hand asks at many widths)
_FORGET_ON = (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.ContentsRectChange)


class WrapLabel(QLabel):
    """A ``QLabel`` with word wrap on, whose ``heightForWidth`` is remembered per width and text."""

    def __init__(self, text: str = "", parent: QWidget | None = None, **properties):
        super().__init__(text, parent, **properties)
        self.setWordWrap(True)
        self._heights: dict[tuple[int, str], int] = {}

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        key = (width, self.text())
        height = self._heights.get(key)
        if height is None:
            if len(self._heights) >= KEPT_HEIGHTS:
                self._heights.clear()
            height = self._heights[key] = super().heightForWidth(width)
        return height

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() in _FORGET_ON:
            self._heights.clear()
        super().changeEvent(event)
