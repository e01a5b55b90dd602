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
after by copying it. The label also keeps the look it painted last (``KeptLook``), for
its text, size and window (active or not); anything else its look depends on makes it
forget that look when it changes (a change event, or a setter below that sends none).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QStyle, QStyleOption, QWidget

from workbench.ui.common.kept_looks import KeptLook, KeptLooks

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
        self._heights: dict[tuple[int, str], int] = {}
        self._hints: dict[tuple[str, str], QSize] = {}
        self._kept = KeptLook()   # first: the properties given are set through the setters below
        super().__init__(text, parent, **properties)
        self.setWordWrap(True)

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
        stamp = (self.text(), self.width(), self.height(), self.isActiveWindow(), self.layoutDirection(), self.devicePixelRatioF())
        if self._kept.paint(self, stamp):
            return
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
        look = _looks.look(key, self.size(), ratio, lambda painter: self._draw(painter, room, option))
        self._kept.keep(stamp, look)
        QPainter(self).drawPixmap(0, 0, look)

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

    # What else the sizes and the look depend on, set without an event, so forgotten here (the
    # font, palette, style, margins and being enabled reach the label as change events).
    def setTextFormat(self, text_format) -> None:  # noqa: N802 - Qt override
        self._forget()
        super().setTextFormat(text_format)

    def setAlignment(self, alignment) -> None:  # noqa: N802 - Qt override
        self._kept.forget()
        super().setAlignment(alignment)

    def setTextInteractionFlags(self, flags) -> None:  # noqa: N802 - Qt override
        self._kept.forget()
        super().setTextInteractionFlags(flags)

    def setBuddy(self, buddy) -> None:  # noqa: N802 - Qt override
        self._kept.forget()
        super().setBuddy(buddy)

    def setIndent(self, indent: int) -> None:  # noqa: N802 - Qt override
        self._forget()
        super().setIndent(indent)

    def setMargin(self, margin: int) -> None:  # noqa: N802 - Qt override
        self._forget()
        super().setMargin(margin)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        self._kept.forget()   # enabled, font, palette, style, margins: any of them may change the look
        if event.type() in _FORGET_ON:
            self._forget()
        super().changeEvent(event)

    def _forget(self) -> None:
        self._kept.forget()
        self._heights.clear()
        self._hints.clear()

