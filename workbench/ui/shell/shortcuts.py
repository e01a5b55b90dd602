"""Every keyboard shortcut, in one table: the window's actions and the sheet (F1 or ?).

``KEYS`` is the single source: the main window takes its action shortcuts from
it, and ``ShortcutsDialog`` shows all of it in a two-column sheet.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QGridLayout, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget,
)

from workbench.ui.common import style

#: Action name -> its shortcuts (the first is shown in menus).
KEYS: dict[str, tuple[str, ...]] = {
    "complete_next": ("Ctrl+Return", "Ctrl+Enter"),
    "next": ("Ctrl+J",),
    "previous": ("Ctrl+K",),
    "find": ("Ctrl+F",),
    "flag": ("Ctrl+Shift+F",),
    "adjudicate": ("Ctrl+D",),
    "undo": ("Ctrl+Z",),
    "redo": ("Ctrl+Shift+Z", "Ctrl+Y"),
    "filter": ("Ctrl+L",),
    "focus_queue": ("Ctrl+1",),
    "focus_record": ("Ctrl+2",),
    "focus_checklist": ("Ctrl+3",),
    "shortcuts": ("F1", "?"),
    "findings": ("Ctrl+R",),
    "export": ("Ctrl+E",),
    "open": ("Ctrl+O",),
    "new": ("Ctrl+N",),
    "quit": ("Ctrl+Q",),
}

#: The sheet: sections of (keys as shown, what they do).
SHEET: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("Answering", (
        ("1 – 9, 0, A …", "Pick that answer of the focused question, then go to the next unanswered one"),
        ("Y  N  U", "Yes, No, Unable to determine"),
        ("Backspace", "Clear the focused question's answer"),
        ("Tab  Shift+Tab", "Next or previous question"),
        ("↓  ↑", "Next or previous question (on a choice question)"),
        ("Enter", "In a text box: save it and go on (text is also saved when you leave the box)"),
        ("Shift+Enter", "In a long text box (the rationale): a new line"),
        ("Esc", "In a text box: put back the saved text"),
    )),
    ("Records", (
        ("Ctrl+Enter", "Complete the record and open the next incomplete one, or say what is missing"),
        ("Ctrl+J", "Next record in the queue"),
        ("Ctrl+K", "Previous record in the queue"),
        ("Ctrl+Shift+F", "Flag the record for the FCR with a query"),
        ("Ctrl+D", "The FCR: adjudicate the record (the team's, the peer's and the final answers side by side)"),
        ("Ctrl+L", "Filter the record queue: a key's start (CAN-), or words in the records"),
        ("↓  Enter", "From the filter box, into the list; on a record, open it and go to its checklist"),
    )),
    ("Reading", (
        ("Ctrl+F", "Find in the record: every match is highlighted"),
        ("Enter  Shift+Enter", "Next or previous match (also F3, Shift+F3)"),
        ("Esc", "Close find"),
    )),
    ("Editing", (
        ("Ctrl+Z", "Undo the last answer (moves to that record and question)"),
        ("Ctrl+Shift+Z", "Redo (also Ctrl+Y)"),
    )),
    ("Window", (
        ("Ctrl+1  Ctrl+2  Ctrl+3", "Go to the queue, the record or the checklist"),
        ("Ctrl+R", "Show the audit's findings (again: back to the record)"),
        ("Ctrl+E", "Export the findings as Excel and PDF"),
        ("F1  ?", "This sheet"),
        ("Ctrl+N  Ctrl+O", "New audit, open an audit"),
        ("Ctrl+Q", "Quit (every answer is already saved)"),
    )),
)


def sequences(action: str) -> list[QKeySequence]:
    return [QKeySequence(k) for k in KEYS[action]]


def text_box_passes() -> list[str]:
    """The actions whose keys reach the window even from a text box (which would take Ctrl+E,
    Ctrl+K or Ctrl+D for editing): all but undo and redo, which undo typing there, and the
    sheet's "?", which types a question mark."""
    return [name for name in KEYS if name not in ("undo", "redo", "shortcuts")]


class ShortcutsDialog(QDialog):
    """The keyboard shortcuts in a clean two-column sheet."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.setAccessibleName("Keyboard shortcuts")
        sheet = QWidget(objectName="pane")
        grid = QGridLayout(sheet)
        grid.setContentsMargins(3 * style.SPACING, 2 * style.SPACING, 3 * style.SPACING, 2 * style.SPACING)
        grid.setHorizontalSpacing(3 * style.SPACING)
        grid.setVerticalSpacing(6)
        row = 0
        for title, entries in SHEET:
            heading = QLabel(title, objectName="sectionTitle")
            if row:
                grid.setRowMinimumHeight(row, style.SPACING)
                row += 1
            grid.addWidget(heading, row, 0, 1, 2)
            row += 1
            for keys, what in entries:
                grid.addWidget(_keycaps(keys), row, 0, Qt.AlignmentFlag.AlignTop)
                label = QLabel(what, wordWrap=True)
                label.setAccessibleName(f"{keys}: {what}")
                grid.addWidget(label, row, 1)
                row += 1
        grid.setColumnStretch(1, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(sheet)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 2 * style.SPACING)
        layout.addWidget(scroll, 1)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(3 * style.SPACING, 0, 3 * style.SPACING, 0)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)
        self.resize(760, 700)

    def entries(self) -> list[tuple[str, str]]:
        return [entry for _title, section in SHEET for entry in section]


def _keycaps(keys: str) -> QLabel:
    caps = "&nbsp;&nbsp;".join(
        f"<span style='background:{style.BACKGROUND}; border:1px solid {style.BORDER}; "
        f"font-family:monospace;'>&nbsp;{part}&nbsp;</span>"
        for part in keys.split("  ")
    )
    label = QLabel(caps)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setAccessibleName(keys)
    return label
