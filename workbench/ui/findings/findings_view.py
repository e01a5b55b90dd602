"""The Findings view: the audit's findings tables and narrative, kept up to date.

Read-only, and only a view: ``ops.findings.audit_report`` computes the findings,
their narrative and their layout in one read snapshot of the file, and
``findings_html`` renders the layout (the same one the command line, the workbook
and the PDF render).

``refresh(store)`` is cheap enough to call after every answer: it only (re)starts
a short timer. When the timer fires, a worker thread computes the report on the
view's own read-only connection to the audit file (``ops.findings.open_reader``,
opened once). SQLite's WAL lets it read while the window writes. Answers given
meanwhile start one more computation when it has finished.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QFrame, QLabel, QTextBrowser, QVBoxLayout, QWidget

from workbench.ops.findings import FindingsReport, audit_report, open_reader
from workbench.store.audit_store import AuditStore
from workbench.ui.common import style
from workbench.ui.common.jobs import JobRunner
from workbench.ui.findings.findings_html import findings_html, message

#: How long refresh() waits for more answers before computing (milliseconds).
DEBOUNCE_MS = 150


class _Reader:
    """The worker's own read-only connection to the audit file: opened, used and closed off the UI thread."""

    def __init__(self) -> None:
        self.store: AuditStore | None = None

    def report(self, path: Path, progress: Any = None) -> FindingsReport:
        if self.store is None or self.store.path != path:
            self.close()
            # opened once per view; the window checks the file in the background when it opens it
            self.store = open_reader(path, check=False)
        return audit_report(self.store)

    def close(self, progress: Any = None) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None


class FindingsView(QWidget):
    """The findings of the open audit; call ``refresh(store)`` whenever answers change."""

    #: Emitted each time new findings are shown.
    updated = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("findingsView")
        self.computed: FindingsReport | None = None
        self._path: Path | None = None
        self._reader = _Reader()
        self._dirty = False
        self._runner = JobRunner(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._start)

        header = QFrame(self)
        header.setObjectName("summary")
        self.title = QLabel("Findings", header)
        self.title.setObjectName("sectionTitle")
        self.state = QLabel("", header)
        self.state.setObjectName("secondary")
        self.title.setWordWrap(True)
        self.state.setWordWrap(True)
        for label in (self.title, self.state):  # the audit's title and marking, as typed
            label.setTextFormat(Qt.TextFormat.PlainText)
        column = QVBoxLayout(header)  # stacked: the pane is often narrow
        column.setContentsMargins(2 * style.SPACING, style.SPACING, 2 * style.SPACING, style.SPACING)
        column.setSpacing(2)
        column.addWidget(self.title)
        column.addWidget(self.state)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("findings")
        self.browser.setOpenLinks(False)
        self.browser.setFrameShape(QFrame.Shape.NoFrame)
        # The findings are laid out to the pane's width (findings_html): never a horizontal scroll bar,
        # which Qt's table layout would otherwise flash for a pixel of rounding.
        self.browser.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.browser.document().setDocumentMargin(2 * style.SPACING)
        self.browser.setHtml(message("Open an audit to see its findings."))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addWidget(self.browser, 1)

    # -- updating ---------------------------------------------------------------------------
    @Slot(object)
    def refresh(self, store: AuditStore) -> None:
        """Recompute the findings soon (answers changed); cheap to call after every answer."""
        self._path = Path(store.path)
        self._timer.start()

    def refresh_now(self, store: AuditStore) -> None:
        """Recompute at once (e.g. when the view is first shown)."""
        self._path = Path(store.path)
        self._timer.stop()
        self._start()

    @property
    def busy(self) -> bool:
        return self._runner.busy or self._timer.isActive()

    def _start(self) -> None:
        if self._path is None:
            return
        if self._runner.busy:
            self._dirty = True  # once the running computation is shown, go again
            return
        self._dirty = False
        self.state.setText("Updating…")
        self._runner.run(self._reader.report, self._path, on_done=self._computed, on_error=self._failed,
                         cancellable=False)

    def _computed(self, computed: FindingsReport) -> None:
        self.show_findings(computed)
        if self._dirty:
            self._timer.start()

    def _failed(self, exc: BaseException) -> None:
        self.state.setText("Could not compute the findings")
        self.browser.setHtml(message(f"The findings could not be computed ({html.escape(type(exc).__name__)}). "
                                      "Answers are safe in the audit file; try again after the next answer."))
        if self._dirty:
            self._timer.start()

    def show_findings(self, computed: FindingsReport) -> None:
        """Show ``computed`` (keeping the scroll position)."""
        self.computed = computed
        bar = self.browser.verticalScrollBar()
        position = bar.value()
        self.title.setText(computed.settings.title)
        self.state.setText(f"{computed.settings.marking}  ·  {computed.records:,} records  ·  "
                           f"updated {dt.datetime.now():%H:%M:%S}")
        self.browser.setHtml(findings_html(computed.layout))
        bar.setValue(position)
        self.updated.emit()

    def shutdown(self) -> None:
        """Stop, wait for a running computation and close the view's connection (before the audit is closed)."""
        self._timer.stop()
        self._path = None
        self._runner.wait()
        self._reader.close()
