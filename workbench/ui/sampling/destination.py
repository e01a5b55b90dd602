"""Where a drawn sample goes: into the open audit as records of a checklist, or a workbook."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup, QComboBox, QFileDialog, QGridLayout, QGroupBox, QLabel, QLineEdit, QPushButton, QRadioButton, QWidget,
)

from workbench.core.forms import Form

#: The checklist offered first: incident records are what most samples are drawn for.
DEFAULT_FORM = "incident"


class Destination(QGroupBox):
    """Two choices: the audit (with its checklist) or a sample workbook (with its file name)."""

    #: Something the Draw button depends on changed.
    changed = Signal()

    def __init__(self, forms: dict[str, Form], default_workbook: Path, parent: QWidget | None = None):
        super().__init__("Where the sample goes", parent)
        self.audit_choice = QRadioButton("Into this audit, as records of the checklist", self)
        self.audit_choice.setObjectName("intoAudit")
        self.form = QComboBox(self)
        self.form.setObjectName("form")
        self._titles = {form_id: form.title for form_id, form in forms.items()}
        for form_id, form in sorted(forms.items()):
            self.form.addItem(f"{form.title} ({form_id})", form_id)
        self.form.setCurrentIndex(max(self.form.findData(DEFAULT_FORM), 0))
        self.workbook_choice = QRadioButton("Into a sample workbook (.xlsx), with a sheet saying how it was drawn", self)
        self.workbook_choice.setObjectName("toWorkbook")
        self.path = QLineEdit(str(default_workbook), self)
        self.path.setObjectName("workbookPath")
        self.browse = QPushButton("Browse…", self)
        self.browse.clicked.connect(self._browse)
        self.hint = QLabel("", self)
        self.hint.setObjectName("hint")
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        group = QButtonGroup(self)
        group.addButton(self.audit_choice)
        group.addButton(self.workbook_choice)
        grid = QGridLayout(self)
        grid.addWidget(self.audit_choice, 0, 0)
        grid.addWidget(self.form, 0, 1, 1, 2)
        grid.addWidget(self.workbook_choice, 1, 0)
        grid.addWidget(self.path, 1, 1)
        grid.addWidget(self.browse, 1, 2)
        grid.addWidget(self.hint, 2, 1, 1, 2)
        grid.setColumnStretch(1, 1)
        self.audit_choice.setEnabled(bool(forms))
        (self.audit_choice if forms else self.workbook_choice).setChecked(True)
        for signal in (self.audit_choice.toggled, self.path.textChanged):
            signal.connect(self._changed)
        self._changed()

    def into_audit(self) -> bool:
        return self.audit_choice.isChecked()

    def form_id(self) -> str:
        return self.form.currentData()

    def form_title(self) -> str:
        return self._titles.get(self.form_id(), "")

    def workbook(self) -> Path:
        path = Path(self.path.text().strip()).expanduser()
        return path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")

    def problem(self) -> str | None:
        """Why the sample cannot go where chosen, or None."""
        if self.into_audit():
            return None if self.form.count() else "The audit has no checklist."
        if not self.path.text().strip():
            return "Give the workbook's file name."
        target = self.workbook()
        if not target.parent.is_dir():
            return f"The folder {target.parent} does not exist."
        return None

    def _changed(self) -> None:
        workbook = self.workbook_choice.isChecked()
        self.form.setEnabled(not workbook)
        self.path.setEnabled(workbook)
        self.browse.setEnabled(workbook)
        text = self.problem() if workbook else None
        if workbook and text is None and self.workbook().exists():
            text = "This file exists and will be replaced."
        self.hint.setText(text or "")
        self.hint.setVisible(bool(text))
        self.changed.emit()

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Save the sample workbook", self.path.text(), "Excel workbook (*.xlsx)")
        if name:
            self.path.setText(name)
