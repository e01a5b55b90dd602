"""Flag a record for the Force Crime Registrar with a query note, or clear the flag."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget,
)

from workbench.store.audit_store import Flag
from workbench.ui.common import style
from workbench.ui.common.errors import show_error
from workbench.ui.common.session import Session


class FlagDialog(QDialog):
    """Asks for the query; saving goes through the session (``ops.flags``)."""

    def __init__(self, session: Session, record_key: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.session, self.record_key = session, record_key
        self.flag: Flag | None = session.flag_of(record_key)
        self.setWindowTitle(f"Flag {record_key} for the FCR")
        intro = QLabel(
            "The Force Crime Registrar settles recording decisions. Say what you want them to decide: "
            "the record then shows under “Flagged for the FCR” in the queue. Ctrl+Enter saves the flag.",
            wordWrap=True,
        )
        intro.setObjectName("secondary")
        self.note = QPlainTextEdit(self.flag.note if self.flag else "")
        self.note.setAccessibleName("Query for the FCR")
        self.note.setPlaceholderText("e.g. One crime or two? The second victim was not present at the time.")
        self.note.setTabChangesFocus(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.addButton(
            "Update flag" if self.flag else "Flag for the FCR", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.clear_button: QPushButton | None = None
        self.flagged_label: QLabel | None = None
        if self.flag:
            self.clear_button = self.buttons.addButton("Clear flag", QDialogButtonBox.ButtonRole.DestructiveRole)
            self.clear_button.clicked.connect(self.clear)
        self.save_button.clicked.connect(self.save)
        self.save_button.setToolTip("Ctrl+Enter")
        self.note.installEventFilter(self)   # Ctrl+Enter saves, as it finishes a record in the window
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(3 * style.SPACING, 2 * style.SPACING, 3 * style.SPACING, 2 * style.SPACING)
        layout.setSpacing(style.SPACING)
        layout.addWidget(intro)
        if self.flag:
            flagged = QLabel(f"Flagged by {self.flag.flagged_by} on {self.flag.flagged_at[:10]}.", objectName="secondary")
            flagged.setTextFormat(Qt.TextFormat.PlainText)  # a name, as typed
            self.flagged_label = flagged
            layout.addWidget(flagged)
        layout.addWidget(QLabel("Query", objectName="questionLabel"))
        layout.addWidget(self.note, 1)
        layout.addWidget(self.buttons)
        self.resize(520, 300)
        self.note.setFocus()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if (watched is self.note and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self.save()
            return True
        return super().eventFilter(watched, event)

    def save(self) -> None:
        self._write(self.session.flag, self.record_key, self.note.toPlainText())

    def clear(self) -> None:
        self._write(self.session.clear_flag, self.record_key)

    def _write(self, write, *args) -> None:
        """Close once saved; otherwise the runner has said why: keep the dialog (and the typed query) open."""
        failure: list[BaseException] = []
        write(*args, parent=self, on_error=failure.append)
        if failure:
            show_error(self, failure[0])
            return
        self.accept()
