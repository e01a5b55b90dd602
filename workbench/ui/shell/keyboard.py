"""The keyboard across the main window: Tab in reading order, and shortcuts text boxes must not take.

Qt's Tab chain follows the order widgets were made in, which is not the order they
are read in (the panes are built before the window lays them out, and a checklist
is built when its first record is shown): ``chain_tab_order`` sets it explicitly.
A text box takes some Ctrl keys for editing on Linux (Ctrl+E end of line, Ctrl+K
delete to end of line, Ctrl+D delete): ``WindowKeysFirst`` lets the window's own
shortcuts win, so that Ctrl+E exports from the filter box as from anywhere else.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractSpinBox, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

#: Text boxes whose editing keys may hide a window shortcut.
TEXT_BOXES = (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox)


def chain_tab_order(widgets: Iterable[QWidget | None]) -> None:
    """Make Tab go through ``widgets`` in the order given (None entries are skipped)."""
    present = [w for w in widgets if w is not None]
    for first, second in zip(present, present[1:]):
        QWidget.setTabOrder(first, second)


class WindowKeysFirst(QObject):
    """An event filter for text boxes: the given shortcuts go to the window, not the box.

    Only keys with Ctrl (or Alt) are given: plain keys, and the box's own undo and
    redo, stay with the box.
    """

    def __init__(self, sequences: Iterable[QKeySequence], parent: QObject | None = None):
        super().__init__(parent)
        self.sequences = {s.toString() for s in sequences if not s.isEmpty()}

    def watch(self, widget: QWidget | None) -> None:
        """Filter ``widget``'s keys if it is a text box (installing twice is harmless)."""
        if isinstance(widget, TEXT_BOXES):
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.ShortcutOverride:
            pressed = QKeySequence(event.keyCombination()).toString()
            if pressed in self.sequences:
                event.ignore()   # not the box's: the shortcut map gives it to the window's action
                return True
        return False
