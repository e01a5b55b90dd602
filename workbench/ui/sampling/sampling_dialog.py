"""Draw a sample…: population file, key and strata columns, allocation, size, seed, destination.

The draw (``ops.sample_audit.draw_into_audit`` or ``ops.sampling.save_sample``) runs
off the UI thread as an operation of the session (``Session.run_long``; every call goes
through ``_run``), with its progress and a Cancel button in the dialog: a cancelled draw changes nothing, since
the audit is written in one transaction at the very end and a workbook is written to
a temporary file first. Reading the population's headings runs the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout,
    QHeaderView, QLabel, QLineEdit, QProgressBar, QPushButton, QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout,
    QWidget,
)

from workbench.core.sampling import MAX_SAMPLE, PopulationDraw, propose_seed, stratum_label
from workbench.ops.audits import with_audit
from workbench.ops.forms import available_forms
from workbench.ops.progress import CHECKING, READING, WRITING
from workbench.ops.sample_audit import draw_into_audit
from workbench.ops.sampling import PopulationColumns, SampleRequest, population_columns, save_sample
from workbench.ui.common import errors, style
from workbench.ui.common.jobs import Job
from workbench.ui.common.session import Changes, Session
from workbench.ui.sampling.destination import Destination
from workbench.ui.sampling.size_calculator import SampleSizeCalculator

STAGE_WORDS = {
    READING: "Reading the population… {done:,} rows so far",
    CHECKING: "Checking the drawn rows…",
    WRITING: "Writing… (this can no longer be cancelled)",
}
ALLOCATIONS = (("proportional", "Proportional to each stratum's population"),
               ("equal", "The same number from each stratum"),
               ("neyman", "Neyman: by population and expected rate"))
ALLOCATION_NOTES = {
    None: "Every record in the file has the same chance of being drawn.",
    "proportional": "Each stratum's share of the sample is its share of the population; a stratum smaller than "
                    "its share is taken whole.",
    "equal": "The same number from each stratum (all of a smaller one). The findings weight each stratum by its "
             "population, so small strata can be studied without bias.",
    "neyman": "More records from strata that are larger or less certain. Give the rates you expect (the last "
              "audit's, say); a stratum not named is taken as 50%.",
}
FILE_FILTER = "Population extracts (*.csv *.tsv *.txt *.xlsx *.xlsm);;All files (*)"
_RATE = re.compile(r"^\s*(.+?)\s*=\s*([0-9.]+)\s*%?\s*$")


def parse_rates(text: str) -> dict[str, Fraction]:
    """ "Northgate=85; Harbour=92.5" -> {"Northgate": 0.85, "Harbour": 0.925}; ValueError in words."""
    rates: dict[str, Fraction] = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        match = _RATE.match(part)
        if not match:
            raise ValueError(f"'{part}' is not STRATUM=PERCENT (e.g. Northgate=85)")
        rates[match.group(1)] = Fraction(match.group(2)) / 100
    return rates


class SamplingDialog(QDialog):
    """Draw a simple or stratified random sample from a population file.

    Parameters
    ----------
    session
        The open audit (the sample can go into it) and who draws (stamped on the
        events, and on a workbook's description); the window refreshes from its
        ``changed`` once a draw has gone into the audit.
    """

    #: The outcome once a sample is drawn: ``SampledIntoAudit`` or ``SavedSample``.
    drawn = Signal(object)

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("samplingDialog")
        self.setWindowTitle("Draw a sample")
        self.setMinimumWidth(900)
        self.session = session
        self.store, self.actor = session.store, session.actor
        self.columns: PopulationColumns | None = None
        self.job: Job | None = None
        self.closing = False
        intro = QLabel("Draw a simple or stratified random sample from a population extract (CSV or Excel). The same "
                       "file, settings and seed always give the same sample, and the draw is recorded.", self)
        intro.setWordWrap(True)
        intro.setObjectName("secondary")
        top = QHBoxLayout()
        top.setSpacing(2 * style.SPACING)
        top.addWidget(self._population_group(), 1)
        top.addLayout(self._size_column(), 1)
        forms = {} if session.read_only else available_forms(self.store)
        default_out = session.path.parent / "sample.xlsx"
        self.destination = Destination(forms, default_out, self)
        self.result = self._result_table()
        self.status = QLabel("", self)
        self.status.setObjectName("samplingStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # holds file and stratum names
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)
        self.bar.hide()
        layout = QVBoxLayout(self)
        layout.setSpacing(2 * style.SPACING)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(self.destination)
        layout.addWidget(self.result, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.bar)
        layout.addWidget(self._buttons())
        self.destination.changed.connect(self._update)
        self._update()

    # -- building --------------------------------------------------------------------------------
    def _population_group(self) -> QGroupBox:
        group = QGroupBox("Population", self)
        self.file_path = QLineEdit(group)
        self.file_path.setObjectName("populationPath")
        self.file_path.setPlaceholderText("the extract every record is drawn from: .csv or .xlsx")
        self.file_path.editingFinished.connect(lambda: self.load_columns(self.file_path.text()))
        browse = QPushButton("Browse…", group)
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.file_path, 1)
        row.addWidget(browse)
        self.sheet = QComboBox(group)
        self.sheet.setObjectName("sheet")
        self.sheet.activated.connect(lambda _i: self.load_columns(self.file_path.text(), self.sheet.currentText()))
        self.key_column = QComboBox(group)
        self.key_column.setObjectName("keyColumn")
        self.strata_column = QComboBox(group)
        self.strata_column.setObjectName("strataColumn")
        self.allocation = QComboBox(group)
        self.allocation.setObjectName("allocation")
        for name, words in ALLOCATIONS:
            self.allocation.addItem(words, name)
        self.rates = QLineEdit(group)
        self.rates.setObjectName("neymanRates")
        self.rates.setPlaceholderText("e.g. Northgate=85; Harbour=92 (others: 50%)")
        self.strata_column.currentIndexChanged.connect(self._update)
        self.allocation.currentIndexChanged.connect(self._update)
        form = QFormLayout(group)
        form.addRow("File:", row)
        form.addRow("Sheet:", self.sheet)
        form.addRow("Record key column:", self.key_column)
        form.addRow("Strata column:", self.strata_column)
        form.addRow("Allocation:", self.allocation)
        form.addRow("Expected rates:", self.rates)
        self.allocation_note = QLabel(group)
        self.allocation_note.setObjectName("secondary")
        self.allocation_note.setWordWrap(True)
        form.addRow("", self.allocation_note)
        self.population_form = form
        return group

    def _size_column(self) -> QVBoxLayout:
        self.size = QSpinBox(self)
        self.size.setObjectName("sampleSize")
        self.size.setRange(1, MAX_SAMPLE)
        self.size.setGroupSeparatorShown(True)
        self.size.setMaximumWidth(160)
        self.calculator = SampleSizeCalculator(self)
        self.size.setValue(self.calculator.recommended)
        self.calculator.use.connect(self.size.setValue)
        self.seed = QLineEdit(str(propose_seed()), self)
        self.seed.setObjectName("seed")
        self.seed.setMaximumWidth(240)
        self.seed.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{1,18}"), self.seed))
        self.seed.textChanged.connect(self._update)
        fresh = QPushButton("New seed", self)
        fresh.setObjectName("newSeed")
        fresh.clicked.connect(lambda: self.seed.setText(str(propose_seed())))
        seed_row = QHBoxLayout()
        seed_row.addWidget(self.seed)
        seed_row.addWidget(fresh)
        seed_row.addStretch(1)
        form = QFormLayout()
        form.addRow("Records to draw:", self.size)
        form.addRow("Seed:", seed_row)
        note = QLabel("A fresh seed is proposed; it is recorded with the draw. The same seed, file and settings draw "
                      "the same sample again.", self)
        note.setWordWrap(True)
        note.setObjectName("secondary")
        column = QVBoxLayout()
        column.addLayout(form)
        column.addWidget(note)
        column.addWidget(self.calculator)
        column.addStretch(1)
        return column

    def _result_table(self) -> QTableWidget:
        table = style.calm_table(QTableWidget(0, 4, self))
        table.setObjectName("drawResult")
        table.setHorizontalHeaderLabels(["Stratum", "Population", "Sample", "Sampling fraction"])
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        table.setMinimumHeight(120)
        table.setToolTip("Each stratum's population and sample, once drawn")
        return table

    def _buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox(self)
        self.draw_button = buttons.addButton("Draw", QDialogButtonBox.ButtonRole.AcceptRole)
        self.draw_button.setObjectName("drawButton")
        self.draw_button.setDefault(True)
        self.cancel_button = buttons.addButton("Cancel the draw", QDialogButtonBox.ButtonRole.ActionRole)
        self.cancel_button.setObjectName("cancelDraw")
        self.cancel_button.hide()
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.draw_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel_draw)
        self.close_button.clicked.connect(self.reject)
        return buttons

    # -- the population's columns ------------------------------------------------------------------
    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Choose the population extract", self.file_path.text(), FILE_FILTER)
        if name:
            self.file_path.setText(name)
            self.load_columns(name)

    def load_columns(self, path: str, sheet: str | None = None) -> None:
        """Read the file's headings (off the UI thread) and offer them as key and strata columns."""
        path = path.strip()
        if not path or self.job is not None:
            return
        if self.columns is not None and sheet is None and Path(path).name == self.columns.file_name:
            return
        self.status.setText("Reading the headings…")
        self._run(Changes(), population_columns, Path(path), sheet, on_done=self._show_columns, cancellable=False)

    def _show_columns(self, columns: PopulationColumns) -> None:
        self.columns = columns
        self.sheet.clear()
        self.sheet.addItems(columns.sheets)
        self.sheet.setCurrentText(columns.sheet)
        self.population_form.setRowVisible(self.sheet, bool(columns.sheets))
        self.key_column.clear()
        self.key_column.addItems(columns.header)
        self.key_column.setCurrentText(columns.key_column)
        self.strata_column.clear()
        self.strata_column.addItem("None: a simple random sample", None)
        for heading in columns.header:
            self.strata_column.addItem(heading, heading)
        self.status.setText(f"{columns.file_name}: {len(columns.header)} columns. Choose the key and strata columns.")

    # -- drawing ------------------------------------------------------------------------------------
    def request(self) -> SampleRequest:
        """The draw as the dialog describes it; ValueError in words if a field is wrong."""
        if self.columns is None:
            raise ValueError("Choose the population file first.")
        if not self.seed.text():
            raise ValueError("Give a seed (or click New seed).")
        strata = self.strata_column.currentData()
        allocation = self.allocation.currentData() if strata else "proportional"
        rates = parse_rates(self.rates.text()) if allocation == "neyman" else {}
        return SampleRequest(Path(self.file_path.text().strip()), self.size.value(), int(self.seed.text()), strata,
                             allocation, rates, self.key_column.currentText(), self.columns.sheet or None)

    def start(self) -> None:
        """Draw, off the UI thread, into the audit or into a workbook."""
        if self.job is not None:
            return
        try:
            request = self.request()
        except ValueError as exc:
            self.status.setText(str(exc))
            return
        self.result.setRowCount(0)
        if self.destination.into_audit():  # on a connection of its own (ops.audits.with_audit), not the window's
            self._run(Changes(queue=True), with_audit, self.session.path, draw_into_audit, self.actor, request,
                      self.destination.form_id(), on_done=self._done)
        else:
            self._run(Changes(), save_sample, request, self.destination.workbook(), self.actor.name,
                      self.store.settings().marking, on_done=self._done)

    def _run(self, changes: Changes, fn: Callable[..., Any], *args: Any, on_done: Callable[[Any], None],
             cancellable: bool = True) -> None:
        """The one place this dialog starts work off the UI thread (as an operation of the session)."""
        def done(result: Any) -> None:
            self._finish()
            if not self.closing:
                on_done(result)

        self.job = self.session.run_long(changes, fn, *args, on_done=done, on_error=self._failed,
                                         on_cancelled=self._cancelled, cancellable=cancellable)
        self.job.progressed.connect(self._report)
        self._busy(True, cancellable)

    def cancel_draw(self) -> bool:
        """Ask the draw to stop; False when it is too late (it is writing)."""
        if self.job is None or not self.job.cancel():
            return False
        self.status.setText("Cancelling… (nothing is written)")
        self.cancel_button.setEnabled(False)
        return True

    def _report(self, stage: str, done: int, total: int) -> None:
        if self.job is None or self.job.progress.cancelled:
            return
        self.status.setText(STAGE_WORDS.get(stage, "Drawing…").format(done=done, total=total))
        if stage == WRITING:
            self.cancel_button.setEnabled(False)

    def _busy(self, busy: bool, cancellable: bool = True) -> None:
        self.bar.setVisible(busy)
        self.cancel_button.setVisible(busy and cancellable)
        self.cancel_button.setEnabled(busy and cancellable)
        self._update()

    def _finish(self) -> None:
        self.job = None
        self._busy(False)
        if self.closing:
            super().reject()

    def _done(self, outcome: Any) -> None:
        draw: PopulationDraw = outcome.draw
        spec = draw.draw.spec
        where = (f"added to the audit as records of the checklist '{self.destination.form_title()}' (draw "
                 f"{outcome.draw_id})" if hasattr(outcome, "draw_id") else f"saved in {outcome.path.name}")
        self.status.setText(f"Drew {spec.size:,} of {draw.population_rows:,} records from {draw.file_name} with seed "
                            f"{spec.seed}: {where}.")
        self._show_result(draw)
        self.calculator.set_population(draw.population_rows)
        self.drawn.emit(outcome)

    def _show_result(self, draw: PopulationDraw) -> None:
        strata = list(draw.draw.strata.values())
        self.result.setRowCount(len(strata) + 1)
        rows = [(stratum_label(s.name, draw.stratified), s.population, s.sampled) for s in strata]
        rows.append(("Total", draw.population_rows, draw.draw.spec.size))
        for r, (name, population, sampled) in enumerate(rows):
            cells = [name, f"{population:,}", f"{sampled:,}", f"{sampled / population:.2%}"]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if r == len(strata):
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.result.setItem(r, c, item)

    def _cancelled(self) -> None:
        self._finish()
        self.status.setText("Cancelled: nothing was drawn, written or changed.")

    def _failed(self, exc: BaseException) -> None:
        self._finish()
        self.status.setText("Nothing was drawn: the reason is in the message.")
        errors.show_error(self.parentWidget() if self.closing else self, exc)

    def _update(self) -> None:
        stratified = bool(self.strata_column.currentData())
        self.allocation.setEnabled(stratified)
        self.allocation_note.setText(ALLOCATION_NOTES[self.allocation.currentData() if stratified else None])
        self.population_form.setRowVisible(self.rates, stratified and self.allocation.currentData() == "neyman")
        if self.columns is None:
            self.population_form.setRowVisible(self.sheet, False)
        ready = self.columns is not None and bool(self.seed.text()) and self.destination.problem() is None
        self.draw_button.setEnabled(ready and self.job is None)

    def reject(self) -> None:
        """Close; while drawing, ask the draw to stop and close once it has (never waiting here)."""
        if self.job is None:
            super().reject()
            return
        self.closing = True
        self.cancel_draw()
