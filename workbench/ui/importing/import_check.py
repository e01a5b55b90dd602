"""The import wizard's last two pages: the check and the import, both off the UI thread.

The check runs ``plan_import`` and shows either what will be added or every problem
(sheet, row, column, what to do) with Import disabled; the import writes exactly
the plan that was checked, in one transaction.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QProgressBar, QPushButton, QStackedWidget,
    QTableView, QVBoxLayout, QWidget, QWizard, QWizardPage,
)

from workbench.core.errors import InputRejected
from workbench.io.problem_list import write_problem_list
from workbench.ops.audits import with_audit
from workbench.ops.importing import (
    ImportPlan, ImportResult, changed_notes, import_notes, plan_import, problem_report_path, write_import,
)
from workbench.store.audit_store import AuditStore
from workbench.ui.common import errors, style
from workbench.ui.common.session import Changes, Session
from workbench.ui.importing.import_models import ProblemsModel
from workbench.ui.common.jobs import Job, JobRunner, stage_text

WRAP_PROBLEMS = 300
GOOD = f"color: {style.COMPLIANT};"
BAD = f"color: {style.NONCOMPLIANT};"


def ask_problem_list_path(parent: QWidget | None, suggested: Path) -> Path | None:
    """Ask where to save the problem list (a module function so tests can stand in)."""
    name, _ = QFileDialog.getSaveFileName(parent, "Save the problem list", str(suggested), "CSV files (*.csv)")
    return Path(name) if name else None


# -- page 3: the check -------------------------------------------------------------------------

class JobPanel(QWidget):
    """A progress line with its own Cancel button, for work shown inside a page."""

    def __init__(self, cancel_text: str):
        super().__init__()
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # "Reading <file name>…"
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.cancel = QPushButton(cancel_text)
        line = QHBoxLayout()
        line.addWidget(self.bar, 1)
        line.addWidget(self.cancel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addLayout(line)
        layout.addStretch(1)

    def follow(self, job: Job, first_words: str) -> None:
        self.label.setText(first_words)
        self.bar.setRange(0, 0)
        self.cancel.setEnabled(job.cancellable)
        job.progressed.connect(lambda stage, done, total: self._report(job, stage, done, total))

    def _report(self, job: Job, stage: str, done: int, total: int) -> None:
        self.label.setText(stage_text(stage, done, total))
        self.bar.setRange(0, total)
        self.bar.setValue(min(done, total))
        if not job.progress.cancellable:
            self.cancel.setEnabled(False)


class CheckPage(QWizardPage):
    """Runs the check off the UI thread; shows the summary or every problem."""

    #: "ok", "problems", "cancelled" or "failed" once the check has ended.
    checked = Signal(str)

    def __init__(self, store: AuditStore, runner: JobRunner):
        super().__init__()
        self.store, self.runner = store, runner
        self.plan: ImportPlan | None = None
        self.job: Job | None = None
        self.setTitle("Check")
        self.setSubTitle("Every row is checked against the audit before anything is imported.")
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Import")
        self.panel = JobPanel("&Cancel check")
        self.panel.cancel.clicked.connect(self.cancel)
        self.summary = QLabel()
        self.summary.setObjectName("checkSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.panel)
        self.stack.addWidget(self.summary)
        self.stack.addWidget(self._problems_view())
        self.again = QPushButton("Check &again")
        self.again.clicked.connect(self.start)
        buttons = QHBoxLayout()
        buttons.addWidget(self.again)
        buttons.addStretch(1)
        buttons.addWidget(self.save_problems)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)

    def _problems_view(self) -> QWidget:
        self.headline = QLabel()
        self.headline.setObjectName("problemsHeadline")
        self.headline.setTextFormat(Qt.TextFormat.RichText)  # every user text in it is escaped
        self.headline.setWordWrap(True)
        self.problems = ProblemsModel(self)
        self.problem_table = style.calm_table(QTableView())
        self.problem_table.setObjectName("problemTable")
        self.problem_table.setAccessibleName("Problems found")
        self.problem_table.setModel(self.problems)
        self.problem_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problem_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.problem_table.setAlternatingRowColors(True)
        self.problem_table.setWordWrap(False)
        self.problem_table.setStyleSheet("QTableView::item { padding: 5px 6px; }")
        self.problem_table.verticalHeader().hide()
        header = self.problem_table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column, mode in enumerate((QHeaderView.ResizeMode.ResizeToContents,) * 3 + (QHeaderView.ResizeMode.Stretch,) * 2):
            header.setSectionResizeMode(column, mode)
        self.save_problems = QPushButton("&Save problem list…")
        self.save_problems.clicked.connect(self.save_problem_list)
        self.skip_rows = QCheckBox("S&kip the rows with problems and import the rest (the list is saved beside the file)")
        self.skip_rows.setObjectName("skipBadRows")
        self.skip_rows.setAccessibleDescription(
            "The good rows are imported in one step; every problem is written to an Excel report next to the sample file.")
        self.skip_rows.toggled.connect(lambda _: self.start())
        widget = QWidget()
        layout = QVBoxLayout(widget)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.headline)
        layout.addWidget(self.problem_table, 1)
        layout.addWidget(self.skip_rows)
        return widget

    def initializePage(self) -> None:
        self.start()

    def cleanupPage(self) -> None:  # Back: stop checking
        self.cancel()

    def start(self) -> None:
        self.plan = None
        c = self.wizard().choices()
        self.again.hide()
        self.save_problems.hide()
        self.stack.setCurrentWidget(self.panel)
        self.job = self.runner.run(  # on a connection of its own, not the window's
            with_audit, self.store.path, _check, c, on_done=self._ok, on_error=self._failed, on_cancelled=self._cancelled,
        )
        self.panel.follow(self.job, f"Reading {c.path.name}…")
        self.completeChanged.emit()

    def cancel(self) -> None:
        if self.job is not None and self.job.running:
            self.job.cancel()
            self.panel.label.setText("Cancelling…")

    @property
    def running(self) -> bool:
        return self.job is not None and self.job.running

    def _ok(self, plan: ImportPlan) -> None:
        self.plan = plan
        self.again.show()
        if plan.problems:  # the user chose to skip the bad rows: show them, and what will be imported
            self._show_problems(plan.problems, plan.table.file_name, skipping=plan)
        else:
            self.summary.setText(plan_summary(plan, self.wizard().form_titles()))
            self.stack.setCurrentWidget(self.summary)
        self.completeChanged.emit()
        self.checked.emit("ok")

    def _failed(self, exc: BaseException) -> None:
        self.again.show()
        if isinstance(exc, InputRejected):
            self._show_problems(exc.problems, exc.what)
            self.checked.emit("problems")
        else:
            _, sentence, details = errors.describe(exc)
            self._message(sentence, details)
            self.checked.emit("failed")
        self.completeChanged.emit()

    def _show_problems(self, problems: list, what: str, skipping: ImportPlan | None = None) -> None:
        self.problems.set_problems(problems)
        sheets = {p.location.sheet for p in problems}
        self.problem_table.setColumnHidden(0, sheets <= {None, ""})
        count = len(problems)
        found = f"<b>{count:,} {'problem' if count == 1 else 'problems'} found in {html.escape(what)}.</b> "
        if skipping is None:
            self.headline.setText(found + "Nothing will be imported. Fix them in the file (or save the list to share), then check again.")
        else:
            report = problem_report_path(self.wizard().choices().path).name
            rows = skipping.bad_rows
            self.headline.setText(
                found + f"{rows:,} row{'s' if rows != 1 else ''} will be skipped and <b>{skipping.new_records:,}</b> new "
                f"record{'s' if skipping.new_records != 1 else ''} imported; the problems will be saved as "
                f"{html.escape(report)} beside the file. Press <b>Import</b> to go on."
                + "".join(f"<br>{html.escape(line)}" for line in import_notes(skipping))
            )
        # Wrapped rows follow the window's width; measuring them costs time, so a
        # long list stays one line a row (the full text is in each cell's tooltip).
        wrap = count <= WRAP_PROBLEMS
        self.problem_table.setWordWrap(wrap)
        self.problem_table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents if wrap else QHeaderView.ResizeMode.Interactive
        )
        self.problem_table.setCurrentIndex(self.problems.index(-1, -1))
        self.save_problems.show()
        self.stack.setCurrentWidget(self.stack.widget(2))

    def _cancelled(self) -> None:
        self._message("The check was cancelled. Nothing was changed; check again when you are ready.", [])
        self.completeChanged.emit()
        self.checked.emit("cancelled")

    def _message(self, sentence: str, details: list[str]) -> None:
        self.again.show()
        extra = "".join(f"<br>{html.escape(d)}" for d in details[:5])
        self.summary.setText(f"<p>{html.escape(sentence)}{extra}</p>")
        self.stack.setCurrentWidget(self.summary)

    def save_problem_list(self) -> None:
        source = self.wizard().choices().path
        path = ask_problem_list_path(self, source.with_name(f"{source.stem}-problems.csv"))
        if path is None:
            return
        try:
            count = write_problem_list(path, self.problems.problems)
        except OSError as exc:
            errors.show_error(self, exc)
            return
        self.headline.setText(self.headline.text() + f"<br>The list of {count:,} was saved as {html.escape(str(path))}.")

    def isComplete(self) -> bool:
        return self.plan is not None and (self.plan.new_records > 0 or bool(self.plan.changed))


def _check(store: AuditStore, c, progress=None) -> ImportPlan:
    # The window takes changed rows of records already in the audit (see ops.importing): an answered
    # record keeps its values, marked "source changed since review"; the check says how many.
    return plan_import(store, c.path, c.sheet, c.form_id, c.form_column, c.key_column, header_row=c.header_row, progress=progress,
                       skip_bad_rows=c.skip_bad_rows, roles=c.roles, profile=c.profile, accept_changes=True,
                       save_profile=c.save_profile)


def by_form_table(counts: dict[str, int], titles: dict[str, str]) -> str:
    """Counts by checklist as a small rich-text table, largest first."""
    lines = "".join(
        f"<tr><td style='padding-right:32px'>{html.escape(titles.get(f, f))}</td><td align='right'>{n:,}</td></tr>"
        for f, n in sorted(counts.items(), key=lambda kv: (-kv[1], titles.get(kv[0], kv[0])))
    )
    return f"<table cellspacing='2'>{lines}</table>"


def plan_summary(plan: ImportPlan, titles: dict[str, str]) -> str:
    """The check's good news, as rich text: what will be added, by checklist."""
    lines = by_form_table(plan.counts_by_form(), titles)
    if plan.new_records == 0 and plan.changed:
        head = (f"<p style='{GOOD}'><b>No problems found.</b></p><p>No new records; {len(plan.changed):,} record(s) "
                "already in the audit have different values in this file (below). Press <b>Import</b> to take them.</p>")
    elif plan.new_records == 0:
        head = f"<p style='{GOOD}'><b>No problems found, and every row is already in the audit.</b></p><p>Importing would add nothing.</p>"
    else:
        head = (f"<p style='{GOOD}'><b>No problems found.</b></p>"
                f"<p>Ready to add <b>{plan.new_records:,}</b> new record{'s' if plan.new_records != 1 else ''} to the audit.</p>")
    skipped = f"<p>{plan.already_present:,} row(s) already in the audit will be skipped.</p>" if plan.already_present else ""
    skipped += "".join(f"<p>{html.escape(line)}</p>" for line in import_notes(plan))
    if not plan.new_records:
        return head + skipped
    return f"{head}<p>Rows in the file by checklist:</p>{lines}{skipped}<p>Press <b>Import</b> to add them.</p>"


# -- page 4: the import ------------------------------------------------------------------------------

class ImportPage(QWizardPage):
    """Writes the checked plan in one transaction, off the UI thread."""

    #: The ``ImportResult`` once written (also sent as the wizard's ``imported``).
    import_done = Signal(object)

    def __init__(self, session: Session):
        super().__init__()
        self.session = session
        self.result: ImportResult | None = None
        self.job: Job | None = None
        self.setTitle("Import")
        self.setSubTitle("The records are added in one step: all of them or, if anything stops it, none.")
        self.panel = JobPanel("&Cancel import")
        self.panel.cancel.clicked.connect(lambda: self.job is not None and self.job.cancel())
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.retry = QPushButton("Try &again")
        self.retry.clicked.connect(self.start)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.panel)
        self.stack.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.retry, 0, Qt.AlignmentFlag.AlignLeft)

    def initializePage(self) -> None:
        self.start()

    def start(self) -> None:
        plan = self.wizard().check_page.plan
        self.retry.hide()
        self.stack.setCurrentWidget(self.panel)
        self.job = self.session.run_long(  # on a connection of its own, not the window's
            Changes(queue=True), with_audit, self.session.path, write_import, self.session.actor, plan,
            on_done=self._done, on_error=self._failed, on_cancelled=self._cancelled,
        )
        self.panel.follow(self.job, "Writing to the audit…")

    def _done(self, result: ImportResult) -> None:
        self.result = result
        table = by_form_table(result.plan.counts_by_form(), self.wizard().form_titles())
        skipped = f"<p>{result.unchanged:,} row(s) already in the audit were left as they were.</p>" if result.unchanged else ""
        if result.report is not None:
            skipped += (f"<p>{result.plan.bad_rows:,} row(s) with problems were skipped; the problems are saved in "
                        f"{html.escape(str(result.report))}.</p>")
        skipped += "".join(f"<p>{html.escape(line)}</p>" for line in changed_notes(result.noted, result.replaced))
        if result.profile_saved:
            skipped += (f"<p>The columns were saved as the profile <b>{html.escape(result.profile_saved)}</b>: a file "
                        "with the same headings will use it.</p>")
        self.summary.setText(
            f"<p style='{GOOD}'><b>Imported {result.added:,} record{'s' if result.added != 1 else ''}.</b></p>"
            f"<p>Rows in the file by checklist:</p>{table}{skipped}"
            "<p>The import is recorded in the audit's log with your name. Press <b>Finish</b> to start auditing.</p>"
        )
        self.stack.setCurrentWidget(self.summary)
        self.completeChanged.emit()
        self.import_done.emit(result)

    def _failed(self, exc: BaseException) -> None:
        _, sentence, details = errors.describe(exc)
        extra = "".join(f"<br>{html.escape(d)}" for d in details[:5])
        self.summary.setText(f"<p style='{BAD}'>{html.escape(sentence)}{extra}</p>")
        self.stack.setCurrentWidget(self.summary)
        self.retry.show()

    def _cancelled(self) -> None:
        self.summary.setText("<p>The import was cancelled. Nothing was changed.</p>")
        self.stack.setCurrentWidget(self.summary)
        self.retry.show()

    def isComplete(self) -> bool:
        return self.result is not None
