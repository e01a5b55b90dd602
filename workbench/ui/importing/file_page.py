"""The import wizard's first page: the sample file, checked as it is typed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget, QWizardPage

from workbench.core.errors import InputRejected
from workbench.io.tabular import READABLE_SUFFIXES, sheet_names
from workbench.ui.common import errors, style

SAMPLE_FILTER = "Spreadsheets (*.xlsx *.xlsm *.ods *.csv *.txt *.tsv);;All files (*)"
MUTED = f"color: {style.SECONDARY};"
BAD = f"color: {style.NONCOMPLIANT};"


def ask_sample_path(parent: QWidget | None, folder: Path) -> Path | None:
    """Ask for the sample spreadsheet (a module function so tests can stand in)."""
    name, _ = QFileDialog.getOpenFileName(parent, "Choose the sample file", str(folder), SAMPLE_FILTER)
    return Path(name) if name else None


def buddy(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def muted_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # statuses name the user's files and columns
    label.setWordWrap(True)
    label.setStyleSheet(MUTED)
    return label


class FilePage(QWizardPage):
    def __init__(self, folder: Path):
        super().__init__()
        self.folder = folder
        self.setTitle("Choose the sample file")
        self.setSubTitle("An .xlsx workbook or a .csv file with one row per sampled record.")
        self.path_edit = QLineEdit()
        self.path_edit.setAccessibleName("Sample file")
        self.path_edit.setPlaceholderText("Choose a file, or paste its full path")
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self.browse)
        self.status = muted_label()
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addSpacing(12)
        layout.addWidget(muted_label(
            "Each row becomes a record to audit. One column must hold a unique key (the incident or crime "
            "reference); another can say which checklist each row uses, or you can choose one checklist for "
            "every row on the next page. Nothing is imported until you have seen the check."
        ))
        layout.addStretch(1)
        self._checked: tuple[tuple, str] | None = None   # (file, size, time) and what the guard said
        self.path_edit.textChanged.connect(self._changed)

    def browse(self) -> None:
        path = ask_sample_path(self, self.path().parent if self.path() else self.folder)
        if path is not None:
            self.path_edit.setText(str(path))

    def path(self) -> Path | None:
        text = self.path_edit.text().strip().strip('"')
        return Path(text).expanduser() if text else None

    def _changed(self) -> None:
        problem = self._problem()
        self.status.setText(problem)
        self.status.setStyleSheet(BAD if problem else MUTED)
        self.completeChanged.emit()

    def _problem(self) -> str:
        path = self.path()
        if path is None:
            return ""
        if not path.is_file():
            return "There is no file at that path." if not path.is_dir() else "That is a folder; choose a file in it."
        if path.suffix.lower() not in READABLE_SUFFIXES:
            return "Only .xlsx, .ods and .csv files can be imported; save the sheet from Excel or LibreOffice in one of those formats."
        return self._refusal(path)

    def _refusal(self, path: Path) -> str:
        """What the import's guard says of the file at once (empty; a Word document named .xlsx;
        damaged), from its size and its zip's directory: it reads no cell. Remembered per file."""
        try:
            stat = path.stat()
        except OSError:
            return "The file cannot be read."
        seen = (path, stat.st_size, stat.st_mtime_ns)
        if self._checked is None or self._checked[0] != seen:
            try:
                sheet_names(path)
                words = ""
            except InputRejected as exc:
                words = "; ".join(errors.problem_text(p) for p in exc.problems)
                words = words[:1].upper() + words[1:]
            self._checked = (seen, words)
        return self._checked[1]

    def isComplete(self) -> bool:
        return self.path() is not None and not self._problem()
