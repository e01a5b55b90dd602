"""A word-wrapped label that remembers its sizes: its height at a width, and its size hints.

A checklist page holds a hundred wrapped labels (questions, hints, messages). Each time
a question is shown or hidden, Qt's layouts and the scroll area ask every label of the
page, several times over, how tall it would be at a width, and ``QLabel`` lays its text
out again for each answer (a quarter of the work of moving to the next record). A rich
text label (the checklist's summary line) lays its document out four to six times over
for its size hints each time its text changes, and the same few texts come back from
record to record. The answers depend only on the width and the text (and the font,
margins and style, which empty the memory when they change), so they are remembered.

Painting a wrapped label lays its text out again each time (0.1-0.2 ms for a hint of a
few lines), and each move to another record paints a page of them, mostly the same
texts as before. So a plain-text label the user cannot select text in is drawn once,
as ``QLabel`` draws it, kept by all its look depends on (``KeptLooks``), and painted
after by copying it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QStyle, QStyleOption, QWidget

from workbench.ui.common.kept_looks import KeptLooks

KEPT = 128   # widths and texts remembered: a pane resized by hand asks at many widths, and the
             # checklist's summary line has a text for each count of answers (16 were forgotten every few records)
SHARED_KEPT = 4096   # heights shared between labels, by everything a plain or rich text's height depends on
_FORGET_ON = (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.ContentsRectChange)
_SHARED_HEIGHTS: dict[tuple, int] = {}
_looks = KeptLooks(16 << 20)   # a hint is about 400 x 50 px, 80 KB: some 200 kept
_INTERACTIVE = (Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
                | Qt.TextInteractionFlag.LinksAccessibleByKeyboard | Qt.TextInteractionFlag.TextEditable)


class WrapLabel(QLabel):
    """A ``QLabel`` with word wrap on, whose ``heightForWidth`` and size hints are remembered per text."""

    def __init__(self, text: str = "", parent: QWidget | None = None, **properties):
        super().__init__(text, parent, **properties)
        self.setWordWrap(True)
        self._heights: dict[tuple[int, str], int] = {}
        self._hints: dict[tuple[str, str], QSize] = {}

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        key = (width, self.text())
        height = self._heights.get(key)
        if height is None:
            if len(self._heights) >= KEPT:
                self._heights.clear()
            height = self._heights[key] = self._shared_height(width)
        return height

    def _shared_height(self, width: int) -> int:
        """The height at ``width``, from the labels' shared memory: the same question's label
        stands on each crime of each checklist layout, and is measured at the same widths."""
        margins = self.contentsMargins()
        key = (width, self.text(), self.textFormat(), self.font().key(), self.indent(), self.margin(),
               margins.left(), margins.top(), margins.right(), margins.bottom())
        height = _SHARED_HEIGHTS.get(key)
        if height is None:
            if len(_SHARED_HEIGHTS) >= SHARED_KEPT:
                _SHARED_HEIGHTS.clear()
            height = _SHARED_HEIGHTS[key] = super().heightForWidth(width)
        return height

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        if (self.textFormat() != Qt.TextFormat.PlainText or self.indent() > 0 or self.buddy() is not None
                or self.textInteractionFlags() & _INTERACTIVE):
            super().paintEvent(event)   # rich text, or text the user selects: drawn by QLabel each time
            return
        ratio = self.devicePixelRatioF()
        room = self.contentsRect().adjusted(self.margin(), self.margin(), -self.margin(), -self.margin())
        option = QStyleOption()
        option.initFrom(self)   # the palette's colour group: enabled or not, in an active window or not
        key = (self.text(), self.width(), self.height(), room.getRect(), int(self.alignment().value),
               self.layoutDirection(), self.font().key(), option.palette.color(self.foregroundRole()).rgba(),
               self.isEnabled(), self.objectName(), ratio)   # each label has a palette of its own: its colour, not its identity
        QPainter(self).drawPixmap(0, 0, _looks.look(key, self.size(), ratio, lambda painter: self._draw(painter, room, option)))

    def _draw(self, painter: QPainter, room: QRect, option: QStyleOption) -> None:
        """The label as ``QLabel`` paints a plain text: its frame (the style sheet's), then the
        text, wrapped in its contents rectangle, in the foreground colour of its palette."""
        painter.setFont(self.font())
        self.drawFrame(painter)
        direction = (Qt.TextFlag.TextForceLeftToRight if self.layoutDirection() == Qt.LayoutDirection.LeftToRight
                     else Qt.TextFlag.TextForceRightToLeft)
        flags = QStyle.visualAlignment(self.layoutDirection(), self.alignment()).value | Qt.TextFlag.TextWordWrap.value | direction.value
        self.style().drawItemText(painter, room, flags, option.palette, self.isEnabled(), self.text(), self.foregroundRole())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self._hint("size", super().sizeHint)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self._hint("minimum", super().minimumSizeHint)

    def _hint(self, which: str, ask: Callable[[], QSize]) -> QSize:
        key = (which, self.text())
        hint = self._hints.get(key)
        if hint is None:
            if len(self._hints) >= 2 * KEPT:
                self._hints.clear()
            hint = self._hints[key] = ask()
        return QSize(hint)

    # What else the sizes depend on: set in the code, so forgotten here (the font, style and
    # margins reach the label as events).
    def setTextFormat(self, text_format) -> None:  # noqa: N802 - Qt override
        self._forget()
        super().setTextFormat(text_format)

    def setIndent(self, indent: int) -> None:  # noqa: N802 - Qt override
        self._forget()
        super().setIndent(indent)

    def setMargin(self, margin: int) -> None:  # noqa: N802 - Qt override
        self._forget()
        super().setMargin(margin)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() in _FORGET_ON:
            self._forget()
        super().changeEvent(event)

    def _forget(self) -> None:
        self._heights.clear()
        self._hints.clear()

