"""A choice's toggle button ("1  Yes") whose long label wraps onto more lines.

``QToolButton`` draws its text on one line, so a long choice ("2  C2 - additional
verifiable information shows no crime") made the button, and its card with it, wider
than a narrow checklist pane, and the pane clipped them on the right. This button is
still one ``QToolButton#choice`` (one click target, styled by the style sheet, with its
accessible name), and at its one-line width it is drawn by Qt exactly as before. Given
less than that (``FlowLayout`` gives a button no wider than its line), it says how tall
it must be (``heightForWidth``) and draws the label itself, word-wrapped, each line
starting after the key hint, the hint staying at the start of the first (and where the
other buttons have theirs: Qt would centre a one-line text squeezed a few pixels).
The text colours are the style sheet's, from ``style`` (a style sheet's colour for a
state cannot be read back from the widget).

The style sheet draws a button slowly (its rule looked up, a rounded, anti-aliased
border), and a checklist page shows dozens, most of them one of a few looks ("1  Yes"
unticked, 200 px wide). So each look is drawn by the style once and kept by what it
depends on (text, size, state, suggested, font, colours: ``KeptLooks``), and a button is
painted by copying it. Each button also keeps the look it painted last (``KeptLook``), for
its text, size and state (ticked, pressed, hovered, focused, in the active window); a
change event (its font, colours, style, being enabled; a style rule re-applied for
``suggested`` sends its palette again) makes it forget that look.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QStyle, QStyleOptionToolButton, QToolButton, QWidget

from workbench.ui.common import style
from workbench.ui.common.kept_looks import KeptLook, KeptLooks

_WRAP = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
_TALL = 1 << 20   # "no limit" for the height of a label being measured
_looks = KeptLooks(8 << 20)   # about 20 KB a look (200 x 30 px): some 400 kept


class ChoiceButton(QToolButton):
    """A checkable ``#choice`` button showing ``key  label``; ``label`` wraps when the button is narrow."""

    def __init__(self, key: str, label: str, parent: QWidget | None = None):
        self._kept = KeptLook()
        super().__init__(parent, objectName="choice", checkable=True)
        self.key_hint = f"{key}  " if key else ""
        self.label = label
        self.setText(self.key_hint + label.replace("&", "&&"))   # an "&" is shown, not made a shortcut
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred, QSizePolicy.ControlType.ToolButton)
        policy.setHeightForWidth(True)   # may be given less than its one-line width, and then is taller (a layout may make it so)
        self.setSizePolicy(policy)
        self._heights: dict[tuple[int, QSize], int] = {}

    # -- size -----------------------------------------------------------------------------------
    def _inset(self) -> tuple[int, int]:
        """Where the style puts the one-line text in the one-line button: left and top offsets."""
        hint, metrics = self.sizeHint(), self.fontMetrics()
        return ((hint.width() - metrics.horizontalAdvance(self.key_hint + self.label)) // 2,
                (hint.height() - metrics.height()) // 2)

    def _label_room(self, width: int, height: int = _TALL) -> QRect:
        """Where the label's lines go in a button ``width`` wide: after the key hint, inset on the left
        as the one line is, and on the right by a space less (the style's padding is kept)."""
        left, top = self._inset()
        indent = left + self.fontMetrics().horizontalAdvance(self.key_hint)
        right = left - self.fontMetrics().horizontalAdvance(" ")
        return QRect(indent, top, max(1, width - indent - right), height)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """As narrow as the key hint and the longest word: no word is ever cut."""
        room = self._label_room(self.sizeHint().width())
        longest = max((self.fontMetrics().horizontalAdvance(word) for word in self.label.split()), default=0)
        return QSize(min(self.sizeHint().width(), self.sizeHint().width() - room.width() + longest), self.sizeHint().height())

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        hint = self.sizeHint()
        if width >= hint.width():
            return hint.height()
        if (width, hint) not in self._heights:   # the hint changes with the style (a suggested choice's border)
            one_line = self.fontMetrics().height()
            lines = self.fontMetrics().boundingRect(self._label_room(width), _WRAP, self.label).height()
            self._heights[width, hint] = hint.height() - one_line + max(lines, one_line)
        return self._heights[width, hint]

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        self._kept.forget()   # enabled, font, palette (a style rule's colours), style: any may change the look
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._heights.clear()
        super().changeEvent(event)

    # -- drawing --------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        # The focus frame is drawn only after a key moved the focus (the window's attribute).
        focus = self.hasFocus() and 1 + self.window().testAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)
        stamp = (self.text(), self.width(), self.height(), self.isChecked(), self.isDown(), self.underMouse(), focus,
                 self.isActiveWindow(), self.devicePixelRatioF())
        if self._kept.paint(self, stamp):
            return
        option = QStyleOptionToolButton()
        self.initStyleOption(option)   # ticked, hovered, pressed, enabled
        ratio = self.devicePixelRatioF()
        colours = option.palette   # each button has a palette of its own: its colours, not its identity
        key = (self.text(), self.width(), self.height(), option.state.value, self.property("suggested"), self.font().key(),
               colours.color(QPalette.ColorRole.ButtonText).rgba(), colours.color(QPalette.ColorRole.Button).rgba(), ratio)
        look = _looks.look(key, self.size(), ratio, lambda painter: self._draw(painter, option))
        self._kept.keep(stamp, look)
        QPainter(self).drawPixmap(0, 0, look)

    def _draw(self, painter: QPainter, option: QStyleOptionToolButton) -> None:
        """The button as the style draws it; its label wrapped by hand when the button is narrow."""
        painter.setFont(self.font())
        if self.width() >= self.sizeHint().width():   # the one-line button, as Qt draws it
            self.style().drawComplexControl(QStyle.ComplexControl.CC_ToolButton, option, painter, self)
            return
        option.text = ""   # the style draws the frame and background its rule gives (checked, suggested, hover)
        self.style().drawComplexControl(QStyle.ComplexControl.CC_ToolButton, option, painter, self)
        painter.setPen(QColor(style.CHOICE_TEXT_CHECKED if self.isChecked() else style.CHOICE_TEXT))
        room = self._label_room(self.width())
        room.moveTop((self.height() - self.fontMetrics().boundingRect(room, _WRAP, self.label).height() + 1) // 2)  # as Qt centres
        painter.drawText(QRect(self._inset()[0], room.top(), self.width(), self.fontMetrics().height()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, self.key_hint)
        painter.drawText(room, _WRAP, self.label)
