"""Export…: choose Excel and/or PDF, the file names and the recipient, then export.

The export (``ops.export.export_report``) runs off the UI thread through a
``JobRunner``, with a progress dialog whose Cancel stops it before anything is
replaced: every file is written to a temporary file first, and the earlier files
are replaced only when all are complete. So a cancelled or failed export leaves
any earlier file exactly as it was, and logs nothing. Closing the dialog while it
exports asks the export to stop and closes once it has: the UI thread never waits
for the worker (a PDF's layout can take a while between two progress reports).
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QProgressDialog,
    QPushButton, QVBoxLayout, QWidget,
)

from workbench.ops.audits import with_audit
from workbench.ops.export import GATHERING, RENDERING, export_report
from workbench.ops.progress import WRITING
from workbench.ui.common import errors, style
from workbench.ui.common.jobs import Job
from workbench.ui.common.session import Changes, Session

STAGE_WORDS = {
    GATHERING: "Reading the audit and computing the findings…",
    RENDERING: "Writing the {what}… ({percent}%)",
    WRITING: "Saving the files… (this can no longer be cancelled)",
}
CANCELLING = "Cancelling… (the export stops at its next step; nothing is written)"
FORMATS = {"xlsx": ("Excel workbook", "Excel workbook (*.xlsx)"), "pdf": ("PDF report", "PDF document (*.pdf)")}


def open_location(path: Path) -> bool:
    """Open a written file (or a folder) with the system's program for it."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def incomplete_words(store) -> str:
    """Before exporting: how many records the findings leave out because they are not complete."""
    counts = store.progress_counts()
    total = sum(n for by_progress in counts.values() for n in by_progress.values())
    complete = sum(by_progress.get("complete", 0) for by_progress in counts.values())
    determined = [key for key in store.determinations() if (row := store.queue_row(key)) and row.progress != "complete"]
    left_out = total - complete - len(determined)   # a record the FCR determined counts, whatever the team's state
    if left_out <= 0:
        return ""
    verb = "is" if left_out == 1 else "are"
    return (f"{left_out:,} of {total:,} records {verb} not complete: they are left out of the findings "
            "(the exclusions table counts them).")


def percent(done: int, total: int) -> int:
    return max(0, min(100, done * 100 // total)) if total > 0 else 0


def stage_text(stage: str, done: int, total: int, what: str = "files") -> str:
    """A stage report in words; ``what`` names what is being written ("PDF report", or "files")."""
    if stage == RENDERING:
        return f"Writing the {what}…" if not total else STAGE_WORDS[RENDERING].format(what=what, percent=percent(done, total))
    return STAGE_WORDS.get(stage, "Exporting…")


class _FileRow(QWidget):
    """A format's check box, file name and Browse… button, and a line saying what will happen."""

    def __init__(self, fmt: str, default: Path, parent: QWidget):
        super().__init__(parent)
        title, self.filter = FORMATS[fmt]
        self.fmt = fmt
        self.check = QCheckBox(title, self)
        self.check.setObjectName(f"{fmt}Check")
        self.path = QLineEdit(str(default), self)
        self.path.setObjectName(f"{fmt}Path")
        self.browse = QPushButton("Browse…", self)
        self.browse.clicked.connect(self._browse)
        self.hint = QLabel("", self)
        self.hint.setObjectName("hint")
        self.hint.setTextFormat(Qt.TextFormat.PlainText)  # holds file and folder names
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(style.SPACING // 2)
        layout.addWidget(self.check)
        layout.addLayout(row)
        layout.addWidget(self.hint)
        self.check.toggled.connect(self._update)
        self.path.textChanged.connect(self._update)
        self._update()

    def target(self) -> Path | None:
        if not self.check.isChecked() or not self.path.text().strip():
            return None
        path = Path(self.path.text().strip()).expanduser()
        return path if path.suffix.lower() == f".{self.fmt}" else path.with_name(path.name + f".{self.fmt}")

    def problem(self) -> str | None:
        target = self.target()
        if target is None:
            return None
        if not target.parent.is_dir():
            return f"The folder {target.parent} does not exist."
        if target.is_dir():
            return f"{target} is a folder."
        return None

    def _update(self) -> None:
        on = self.check.isChecked()
        self.path.setEnabled(on)
        self.browse.setEnabled(on)
        target = self.target()
        text = ""
        if target is not None:
            text = self.problem() or ("This file exists and will be replaced." if target.exists() else "")
        self.hint.setText(text)
        self.hint.setVisible(bool(text))

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, f"Save the {FORMATS[self.fmt][0].lower()}", self.path.text(), self.filter)
        if name:
            self.path.setText(name)


class ExportDialog(QDialog):
    """Export the open audit to Excel and/or PDF.

    Parameters
    ----------
    session
        The open audit and who is exporting (stamped on the disclosure events); the
        export runs through its runner.
    parent
        The main window.
    """

    #: The ``ops.export.Exported`` results, once the files are written.
    exported = Signal(list)

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export findings")
        self.setMinimumWidth(560)
        self.session = session
        store = self.store = session.store
        self.results: list = []
        self.job: Job | None = None
        self.progress: QProgressDialog | None = None
        self.closing = False  # closed while exporting: close once the export has stopped
        self._what = "files"  # what the progress says is being written
        marking = store.settings().marking
        stem = store.path.stem
        folder = store.path.parent
        self.rows = {fmt: _FileRow(fmt, folder / f"{stem} findings.{fmt}", self) for fmt in FORMATS}
        for row in self.rows.values():   # both, unless the user says otherwise
            row.check.setChecked(True)
        self.recipient = QLineEdit(self)
        self.recipient.setObjectName("recipient")
        self.recipient.setPlaceholderText("e.g. Force governance board; recorded in the audit's log")
        intro = QLabel(f"Every page will be marked <b>{html.escape(marking)}</b>. Each file written is recorded in the audit's "
                       "log as a disclosure, with the recipient and a fingerprint (SHA-256) of the file.", self)
        intro.setWordWrap(True)
        intro.setObjectName("secondary")
        self.status = QLabel("", self)
        self.status.setObjectName("exportStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.incomplete = QLabel(incomplete_words(store), self)
        self.incomplete.setObjectName("incompleteWarning")
        self.incomplete.setWordWrap(True)
        self.incomplete.setStyleSheet(f"background: {style.WARNING_SOFT}; color: {style.TEXT}; padding: 6px 8px;")
        self.incomplete.setVisible(bool(self.incomplete.text()))
        self.opened = QWidget(self)   # after an export: open each file, or its folder
        self.opened_row = QHBoxLayout(self.opened)
        self.opened_row.setContentsMargins(0, 0, 0, 0)
        self.opened.hide()
        form = QFormLayout()
        form.addRow(self.rows["xlsx"])
        form.addRow(self.rows["pdf"])
        form.addRow("Recipient:", self.recipient)
        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setObjectName("exportButton")
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.export_button.clicked.connect(self.start)
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setSpacing(2 * style.SPACING)
        layout.addWidget(intro)
        layout.addWidget(self.incomplete)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.opened)
        layout.addWidget(self.buttons)
        for row in self.rows.values():
            row.check.toggled.connect(self._update)
            row.path.textChanged.connect(self._update)
        self._update()

    def targets(self) -> dict[str, Path]:
        return {fmt: t for fmt, row in self.rows.items() if (t := row.target()) is not None}

    def _update(self) -> None:
        problems = [p for row in self.rows.values() if (p := row.problem())]
        self.export_button.setEnabled(bool(self.targets()) and not problems and self.job is None)

    # -- running ------------------------------------------------------------------------------
    def start(self) -> None:
        """Run the export off the UI thread with a progress dialog."""
        targets = self.targets()
        if not targets or self.job is not None:
            return
        self.status.setText("")
        self._show_open_buttons([])
        self._what = FORMATS[next(iter(targets))][0] if len(targets) == 1 else "files"
        self.job = self.session.run_long(  # on a connection of its own (ops.audits.with_audit), not the window's
            Changes(), with_audit, self.store.path, export_report, self.session.actor, targets.get("xlsx"),
            targets.get("pdf"), self.recipient.text().strip(),
            on_done=self._done, on_error=self._failed, on_cancelled=self._cancelled,
        )
        self.progress = self._progress_dialog(self.job)
        self.job.progressed.connect(self._report)
        self._update()

    def cancel_export(self) -> bool:
        """Ask the running export to stop (what the progress dialog's Cancel does); never waits.

        Returns False when it is too late (the files are being saved): it then ends by itself.
        """
        if self.job is None:
            return False
        accepted = self.job.cancel()
        if accepted and self.progress is not None:
            self.progress.setLabelText(CANCELLING)
            self._cancel_button(enabled=False)
        return accepted

    def _progress_dialog(self, job: Job) -> QProgressDialog:
        dialog = QProgressDialog(STAGE_WORDS[GATHERING], "Cancel", 0, 0, self)
        dialog.setObjectName("exportProgress")
        dialog.setWindowTitle("Exporting")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(300)
        # Keep the dialog up until the worker has really stopped (Qt's own cancel hides it).
        dialog.canceled.disconnect(dialog.cancel)
        dialog.canceled.connect(self.cancel_export)
        return dialog

    def _report(self, stage: str, done: int, total: int) -> None:
        if self.progress is None or (self.job is not None and self.job.progress.cancelled):
            return  # it says "Cancelling…" until the job has stopped
        self.progress.setLabelText(stage_text(stage, done, total, self._what))
        determinate = stage == RENDERING and total > 0
        self.progress.setMaximum(100 if determinate else 0)
        if determinate:
            self.progress.setValue(percent(done, total))
        if stage == WRITING:
            self._cancel_button(enabled=False)

    def _cancel_button(self, enabled: bool) -> None:
        button = self.progress.findChild(QPushButton) if self.progress is not None else None
        if button is not None:
            button.setEnabled(enabled)

    def _finish(self) -> None:
        self.job = None
        if self.progress is not None:
            self.progress.hide()
            self.progress.deleteLater()
            self.progress = None
        self._update()

    def _done(self, results: list) -> None:
        self._finish()
        self.results = results
        if self.closing:  # closed when it could no longer be cancelled: the files are written
            self.exported.emit(results)
            super().reject()
            return
        lines = [f"Wrote {r.path.name} ({r.size:,} bytes)." for r in results]
        notes = [n for r in results for n in r.notes]
        if notes:
            lines.append(f"{len(notes)} change(s) were made to keep the workbook safe; they are listed on its "
                         "'Audit details' sheet.")
        self.status.setText("\n".join(lines))
        self._show_open_buttons(results)
        self.exported.emit(results)

    def _show_open_buttons(self, results: list) -> None:
        """"Open" for each file written, and "Show in folder"; the first takes the focus."""
        while self.opened_row.count():
            item = self.opened_row.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for result in results:
            button = QPushButton(f"Open the {FORMATS[result.fmt][0].split()[0]} {'report' if result.fmt == 'pdf' else 'workbook'}")
            button.setObjectName(f"open_{result.fmt}")
            button.setToolTip(style.plain_tooltip(str(result.path)))
            button.clicked.connect(lambda _c=False, p=result.path: open_location(p))
            self.opened_row.addWidget(button)
        if results:
            folder = QPushButton("Show in folder")
            folder.setObjectName("showFolder")
            folder.clicked.connect(lambda _c=False, p=results[0].path.parent: open_location(p))
            self.opened_row.addWidget(folder)
            self.opened_row.addStretch(1)
            self.opened_row.itemAt(0).widget().setFocus()
        self.opened.setVisible(bool(results))

    def _cancelled(self) -> None:
        self._finish()
        self.status.setText("Export cancelled. No file was written or changed.")
        if self.closing:
            super().reject()

    def _failed(self, exc: BaseException) -> None:
        self._finish()
        self.status.setText("The export failed. Any earlier file with the same name is unchanged.")
        if self.closing:  # the dialog goes; the message goes to the window behind it
            errors.show_error(self.parentWidget(), exc)
            super().reject()
            return
        errors.show_error(self, exc)

    def reject(self) -> None:
        """Close; while exporting, ask the export to stop and close when it has (without waiting here)."""
        if self.job is None:
            super().reject()
            return
        self.closing = True
        self.cancel_export()
