"""The record's key, in large type, its text selectable with the mouse (to copy it).

A label whose text can be selected keeps its text in a document of its own, laid out again
each time the text changes and each time the window asks its size: half a millisecond,
about a twelfth of a move to the next record, for fifteen characters. So the key is a plain
label until the mouse comes over it; from then its text is selectable, until another key is
shown with the mouse elsewhere (not as the mouse leaves: a context menu open on the text,
"Copy", takes the mouse away from it). The user sees no difference: text is only ever
selected with the mouse over it, and the pointer is the text cursor there throughout.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QEnterEvent
from PySide6.QtWidgets import QLabel, QWidget

_SELECTABLE = Qt.TextInteractionFlag.TextSelectableByMouse


class KeyLabel(QLabel):
    """A plain-text ``QLabel#recordKey`` whose text the mouse can select."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, objectName="recordKey")
        self.setTextFormat(Qt.TextFormat.PlainText)   # the key is the force's text, never markup
        self.setCursor(Qt.CursorShape.IBeamCursor)
        self._mouse_over = False

    def setText(self, text: str) -> None:  # noqa: N802 - Qt override
        if not self._mouse_over:
            self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)   # a new key: nothing selected
        super().setText(text)

    def enterEvent(self, event: QEnterEvent) -> None:  # noqa: N802 - Qt override
        self._mouse_over = True
        self.setTextInteractionFlags(_SELECTABLE)
        super().enterEvent(event)

    def leaveEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        self._mouse_over = False   # still selectable: a selection made stays until another key shows
        super().leaveEvent(event)
