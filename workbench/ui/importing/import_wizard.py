"""The import wizard: file, sheet and columns with a preview, check, then import.

The file page is in ``file_page``, the check and import pages in ``import_check``, the role and
profile parts of the mapping page in ``mapping_roles``, the models in ``import_models``.

A GUI over ``ops.importing``: the check (``plan_import``) and the write
(``write_import``) run off the UI thread through a ``JobRunner`` with progress and
cancel. A file with any problem is listed in full, row and column, and the Import
button stays disabled; nothing is written until the user presses it, and what is
written is exactly the plan that was checked and shown.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QButtonGroup, QComboBox, QFormLayout, QHBoxLayout, QLabel, QRadioButton, QSpinBox, QTableView,
    QVBoxLayout, QWidget, QWizard, QWizardPage,
)

from workbench.core.mapping import ColumnMapping, Profile
from workbench.ops.forms import available_forms
from workbench.ops.progress import Cancelled
from workbench.store.audit_store import AuditStore
from workbench.ui.common import errors, style
from workbench.ui.common.session import Session
from workbench.ui.importing.import_check import CheckPage, ImportPage
from workbench.ops.sheet_preview import (
    PREVIEW_ROWS, SheetPreview, guess_form_column, guess_header_row, guess_key_column, guess_role_columns, load_preview,
)
from workbench.ui.importing.file_page import BAD, MUTED, FilePage, buddy, muted_label
from workbench.ui.importing.import_models import PreviewModel
from workbench.ui.importing.mapping_roles import ProfileChoice, RoleColumns
from workbench.ui.common.jobs import Job, JobRunner


@dataclass(frozen=True)
class ImportChoices:
    """What the user chose on the first two pages."""

    path: Path
    sheet: str | None
    header_row: int
    key_column: str
    form_column: str | None
    form_id: str | None
    skip_bad_rows: bool = False
    roles: dict[str, str | None] = dataclasses.field(default_factory=dict)
    profile: str | None = None        # the profile whose columns these are, if they are exactly its own
    save_profile: str | None = None   # save the columns as this profile with the import


# -- page 2: sheet, header row, columns, preview -------------------------------------------------

class MappingPage(QWizardPage):
    """Sheet, header row, key column and checklist, with a preview of the first rows."""

    preview_loaded = Signal()

    def __init__(self, store: AuditStore, runner: JobRunner):
        super().__init__()
        self.runner = runner
        self.store = store
        self.forms = available_forms(store)
        self.preview: SheetPreview | None = None
        self.job: Job | None = None
        self._loaded_for: tuple[Path, str | None] | None = None
        self._filling = False
        self.setTitle("Sheet and columns")
        self.setSubTitle("Say where the records are and which columns hold what. The preview shows the first rows "
                         "as they are in the file.")
        self._build()

    def _build(self) -> None:
        self.sheet = QComboBox()
        self.sheet.setAccessibleName("Sheet")
        self.header_row = QSpinBox()
        self.header_row.setRange(1, PREVIEW_ROWS)
        self.header_row.setAccessibleName("Header row")
        self.header_row.setToolTip("The row holding the column headings; rows above it (a title, notes) are skipped.")
        self.key_column = QComboBox()
        self.key_column.setAccessibleName("Key column")
        self.by_column = QRadioButton("Each row names its checklist in column")
        self.by_form = QRadioButton("Every row uses the checklist")
        self.mode = QButtonGroup(self)
        self.mode.addButton(self.by_column)
        self.mode.addButton(self.by_form)
        self.form_column = QComboBox()
        self.form_column.setAccessibleName("Checklist column")
        self.form_id = QComboBox()
        self.form_id.setAccessibleName("Checklist for every row")
        for form_id, form in sorted(self.forms.items(), key=lambda kv: kv[1].title.casefold()):
            self.form_id.addItem(f"{form.title} ({form_id})", form_id)
        self.by_column.setChecked(True)

        self.profile_choice = ProfileChoice(self.store)
        self.roles = RoleColumns()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(buddy("Mapping &profile:", self.profile_choice.combo), self.profile_choice)
        self.sheet_label = QLabel("&Sheet:")
        self.sheet_label.setBuddy(self.sheet)
        form.addRow(self.sheet_label, self.sheet)
        header_line = QHBoxLayout()
        header_line.addWidget(self.header_row)
        skipped = muted_label("rows above it (a title, notes) are skipped")
        skipped.setWordWrap(False)
        header_line.addWidget(skipped)
        header_line.addStretch(1)
        form.addRow(buddy("&Header row:", self.header_row), header_line)
        form.addRow(buddy("Record &key column:", self.key_column), self.key_column)
        checklist = QVBoxLayout()
        for radio, combo in ((self.by_column, self.form_column), (self.by_form, self.form_id)):
            line = QHBoxLayout()
            line.addWidget(radio)
            line.addWidget(combo)
            line.addStretch(1)
            checklist.addLayout(line)
        form.addRow("Checklist:", checklist)
        form.addRow("Other columns:", self.roles)
        self.form_id.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for combo in (self.sheet, self.key_column, self.form_column):
            combo.setMinimumContentsLength(18)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)

        self.model = PreviewModel(self)
        self.table = style.calm_table(QTableView())
        self.table.setObjectName("previewTable")
        self.table.setAccessibleName("Preview of the first rows")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setDefaultSectionSize(150)
        self.table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.status = muted_label()
        self.status.setObjectName("mappingStatus")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addLayout(self.profile_choice.save_line)

        self.sheet.currentIndexChanged.connect(self._sheet_changed)
        self.header_row.valueChanged.connect(self._header_changed)
        for signal in (self.key_column.currentIndexChanged, self.form_column.currentIndexChanged,
                       self.form_id.currentIndexChanged, self.by_column.toggled, self.roles.changed,
                       self.profile_choice.save.toggled, self.profile_choice.name.textChanged):
            signal.connect(self._mapping_changed)
        self.profile_choice.chosen.connect(self._use_profile)

    # -- loading -----------------------------------------------------------------------------
    def initializePage(self) -> None:
        path = self.wizard().file_page.path()
        if self._loaded_for is None or self._loaded_for[0] != path:
            self.load(path, None)

    def load(self, path: Path, sheet: str | None) -> None:
        self.runner.cancel_all()
        self.preview = None
        self.status.setText("Reading the file…")
        self.status.setStyleSheet(MUTED)
        self.completeChanged.emit()
        self.job = self.runner.run(load_preview, path, sheet, on_done=self._show_preview, on_error=self._preview_failed)

    def _show_preview(self, preview: SheetPreview) -> None:
        self.preview = preview
        self._loaded_for = (self.wizard().file_page.path(), preview.sheet)
        self._filling = True
        self.sheet.clear()
        self.sheet.addItems(preview.sheets)
        if preview.sheet is not None:
            self.sheet.setCurrentText(preview.sheet)
        self.sheet.setEnabled(not preview.is_csv)
        self.sheet_label.setEnabled(not preview.is_csv)
        header_row = guess_header_row(preview.rows)
        self.model.set_rows(preview.rows, header_row)
        self.header_row.setValue(header_row)
        self._filling = False
        self._fill_columns(guess=True)
        self._lay_out_table()
        self.preview_loaded.emit()

    def _lay_out_table(self) -> None:
        """Size columns to the header and data (not the title rows) and let titles span."""
        rows = self.preview.rows if self.preview else []
        first = self.model.header_row - 1
        metrics = self.table.fontMetrics()
        self.table.clearSpans()
        for column in range(self.model.columnCount()):
            texts = [str(self.model.headerData(column, Qt.Orientation.Horizontal) or "")]
            texts += [self.model.data(self.model.index(r, column)) or "" for r in range(first, min(len(rows), first + 30))]
            width = max(metrics.horizontalAdvance(t) for t in texts) + 24
            self.table.setColumnWidth(column, min(max(width, 70), 280))
        for number, cells in enumerate(rows[:first]):
            if cells and cells[0] and not any(cells[1:]) and self.model.columnCount() > 1:
                self.table.setSpan(number, 0, 1, self.model.columnCount())  # a title line reads across

    def _preview_failed(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            return
        self.model.set_rows([])
        title, sentence, details = errors.describe(exc)
        self.status.setText(" ".join([sentence] + details[:3]))
        self.status.setStyleSheet(BAD)
        self.preview_loaded.emit()
        self.completeChanged.emit()

    def _sheet_changed(self) -> None:
        if self._filling or self.preview is None or self.sheet.currentText() == self.preview.sheet:
            return
        self.load(self.wizard().file_page.path(), self.sheet.currentText())

    def _header_changed(self, value: int) -> None:
        if self._filling:
            return
        self.model.set_header_row(value)
        self._fill_columns(guess=True)
        self._lay_out_table()

    def _fill_columns(self, guess: bool) -> None:
        names = [n for n in self.model.header_names if n.strip()]
        key, form_col = self.key_column.currentText(), self.form_column.currentText()
        self._filling = True
        for combo in (self.key_column, self.form_column):
            combo.clear()
            combo.addItems(names)
        self.key_column.setCurrentText((guess_key_column(names) if guess else None) or (key if key in names else (names[0] if names else "")))
        form_guess = guess_form_column(names) if guess else (form_col if form_col in names else None)
        if form_guess:
            self.form_column.setCurrentText(form_guess)
            self.by_column.setChecked(True)
        elif guess:
            self.by_form.setChecked(True)
        if guess:
            taken = (self.key_column.currentText(), self.form_column.currentText() if form_guess else "")
            self.roles.set_names(names, guess_role_columns(names, taken, self._columns()))
        self._filling = False
        fits = self.profile_choice.offer(names) if guess else None
        if fits is not None:
            self._use_profile(fits)
        self._mapping_changed()

    def _columns(self) -> dict[str, list[str]]:
        """Each heading and the preview's cells below it."""
        below = self.preview.rows[self.model.header_row:] if self.preview is not None else []
        return {name: [row[i] if i < len(row) else "" for row in below]
                for i, name in enumerate(self.model.header_names) if name.strip()}

    def _use_profile(self, profile: Profile | None) -> None:
        """Choose the columns ``profile`` names (those this file has)."""
        if profile is None:
            return
        names = self.model.header_names
        m = profile.mapping
        self._filling = True
        if m.key_column in names:
            self.key_column.setCurrentText(m.key_column)
        if m.form_column and m.form_column in names:
            self.form_column.setCurrentText(m.form_column)
            self.by_column.setChecked(True)
        elif m.form_id and self.form_id.findData(m.form_id) >= 0:
            self.form_id.setCurrentIndex(self.form_id.findData(m.form_id))
            self.by_form.setChecked(True)
        self.roles.set_names([n for n in names if n.strip()], {r: h for r, h in m.roles.items() if h in names})
        self._filling = False
        self._mapping_changed()

    def current_mapping(self) -> ColumnMapping | None:
        if self.preview is None or not self.key_column.currentText():
            return None
        by_column = self.by_column.isChecked()
        return ColumnMapping(self.key_column.currentText(), self.form_column.currentText() if by_column else None,
                             None if by_column else self.form_id.currentData(),
                             {r: h for r, h in self.roles.roles().items() if h})

    def _mapping_changed(self) -> None:
        if self._filling:
            return
        self.form_column.setEnabled(self.by_column.isChecked())
        self.form_id.setEnabled(self.by_form.isChecked())
        self.profile_choice.note_mapping(self.current_mapping())
        if self.preview is not None:
            problem = self.mapping_problem()
            self.status.setText(problem or self._summary())
            self.status.setStyleSheet(BAD if problem else MUTED)
        self.completeChanged.emit()

    def _summary(self) -> str:
        below = len(self.model.header_names) and sum(1 for r in self.preview.rows[self.model.header_row:] if any(r))
        more = "" if len(self.preview.rows) < PREVIEW_ROWS else " (and more)"
        return f"Headings on row {self.model.header_row}; {below} row(s) below them in the preview{more}."

    def mapping_problem(self) -> str:
        if self.preview is None:
            return "The file has not been read yet."
        if not self.model.header_names:
            return f"Nothing was found from row {self.header_row.value()} down; choose the row with the column headings."
        if not self.key_column.currentText():
            return "Choose the column that holds each record's key."
        if self.by_column.isChecked():
            if not self.form_column.currentText():
                return "Choose the column that names each row's checklist, or one checklist for every row."
            if self.form_column.currentText() == self.key_column.currentText():
                return "The key and the checklist must be different columns."
        elif self.form_id.currentData() is None:
            return "Choose the checklist for every row."
        used = [c for c in self.roles.roles().values() if c]
        if len(used) != len(set(used)) or set(used) & {self.key_column.currentText(), self.form_column.currentText()
                                                       if self.by_column.isChecked() else ""}:
            return "Each column can play one part only: choose different columns."
        return self.profile_choice.problem()

    def isComplete(self) -> bool:
        return self.preview is not None and not self.mapping_problem()

    def choices(self, path: Path) -> ImportChoices:
        by_column = self.by_column.isChecked()
        return ImportChoices(
            path=path, sheet=None if self.preview is None or self.preview.is_csv else self.preview.sheet,
            header_row=self.model.header_row, key_column=self.key_column.currentText(),
            form_column=self.form_column.currentText() if by_column else None,
            form_id=None if by_column else self.form_id.currentData(),
            roles=self.roles.roles(), profile=self.profile_choice.in_use(self.current_mapping()),
            save_profile=self.profile_choice.save_name(),
        )


# -- the wizard ------------------------------------------------------------------------------------

class ImportWizard(QWizard):
    """Import a sample into the session's audit; emits ``imported(ImportResult)``.

    Reading, the preview and the check run on the wizard's own worker; the import
    itself is an operation run through the session (which tells the window).
    """

    imported = Signal(object)

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("importWizard")
        self.setWindowTitle("Import a sample")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage)  # the import has its own Cancel while it runs
        self.runner = JobRunner(self)
        store = session.store
        self.file_page = FilePage(Path(store.path).parent)
        self.mapping_page = MappingPage(store, self.runner)
        self.check_page = CheckPage(store, self.runner)
        self.import_page = ImportPage(session)
        for page in (self.file_page, self.mapping_page, self.check_page, self.import_page):
            self.addPage(page)
        self.import_page.import_done.connect(self.imported)
        self.resize(980, 700)

    def choices(self) -> ImportChoices:
        chosen = self.mapping_page.choices(self.file_page.path())
        return dataclasses.replace(chosen, skip_bad_rows=self.check_page.skip_rows.isChecked())

    def form_titles(self) -> dict[str, str]:
        return {form_id: form.title for form_id, form in self.mapping_page.forms.items()}

    def done(self, result: int) -> None:
        # Closing mid-job: stop what can be stopped and wait, so the worker is not left
        # using the audit (a write already under way finishes: it is one transaction).
        self.runner.cancel_all()
        self.runner.wait()
        super().done(result)
