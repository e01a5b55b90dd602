"""Shared fields: a passphrase (typed twice when new) and a file path."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from workbench.ops.peer_review import MIN_NEW_PASSPHRASE
from workbench.ui.common import style


class PassphraseFields(QWidget):
    """A passphrase box (and, for a new passphrase, a second one to confirm it), with a hint line."""

    changed = Signal()

    def __init__(self, new: bool, parent: QWidget | None = None, advice: str = ""):
        super().__init__(parent)
        self.new = new
        self.advice = advice or "give it to the recipient another way: by phone, not in the same email."
        self.first = self._box("passphrase", "Passphrase")
        self.second = self._box("passphraseAgain", "The same passphrase again") if new else None
        self.hint = QLabel("", self, objectName="hint")
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(style.SPACING)
        layout.addWidget(self.first)
        if self.second is not None:
            layout.addWidget(self.second)
        layout.addWidget(self.hint)
        self._update()

    def _box(self, name: str, placeholder: str) -> QLineEdit:
        box = QLineEdit(self, objectName=name)
        box.setEchoMode(QLineEdit.EchoMode.Password)
        box.setPlaceholderText(placeholder)
        box.setAccessibleName(placeholder)
        box.textChanged.connect(self._update)
        return box

    def passphrase(self) -> bytes:
        return self.first.text().encode("utf-8")

    def problem(self) -> str | None:
        """Why the passphrase cannot be used yet, in words (None when it can)."""
        text = self.first.text()
        if not text.strip():
            return "Type the passphrase." if not self.new else (
                f"Choose a passphrase of at least {MIN_NEW_PASSPHRASE} characters (four random words are good) "
                f"and {self.advice}")
        if self.new and len(text) < MIN_NEW_PASSPHRASE:
            return f"The passphrase is too short: at least {MIN_NEW_PASSPHRASE} characters."
        if self.second is not None and self.second.text() != text:
            return "The two passphrases differ."
        return None

    def _update(self) -> None:
        # The dialog's status line says what is missing; here only a mismatch or a short one, next to the boxes.
        problem = self.problem() if self.first.text() else None
        self.hint.setText(problem or "")
        self.hint.setVisible(bool(problem))
        self.changed.emit()


class PathField(QWidget):
    """A file name with a Browse… button (to save, or to open)."""

    changed = Signal()

    def __init__(self, default: Path | None, caption: str, file_filter: str, save: bool, name: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.caption, self.filter, self.save = caption, file_filter, save
        self.edit = QLineEdit(str(default) if default else "", self, objectName=name)
        self.edit.setAccessibleName(caption)
        self.edit.textChanged.connect(lambda _t: self.changed.emit())
        browse = QPushButton("Browse…", self)
        browse.clicked.connect(self._browse)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(browse)

    def path(self) -> Path | None:
        text = self.edit.text().strip()
        return Path(text).expanduser() if text else None

    def _browse(self) -> None:
        ask = QFileDialog.getSaveFileName if self.save else QFileDialog.getOpenFileName
        name, _ = ask(self, self.caption, self.edit.text(), self.filter)
        if name:
            self.edit.setText(name)


def save_problem(path: Path | None, suffix: str) -> str | None:
    """Why a new file cannot be written at ``path`` (None when it can)."""
    if path is None:
        return "Choose where to save it."
    if path.suffix.lower() != suffix:
        return f"The file name should end in {suffix}."
    if not path.parent.is_dir():
        return f"The folder {path.parent} does not exist."
    if path.exists():
        return f"{path.name} already exists: choose another name."
    return None
