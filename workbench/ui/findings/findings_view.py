"""The Findings view: the audit's findings tables and narrative, kept up to date.

Read-only. The tables are those of the Excel Findings sheet (the inspection's Part B,
the recording rates with their 95% intervals, timeliness and classification,
no-crimes, N100, out-of-court disposals, what was left out), shown as rich text:
numbers right-aligned, every percentage with its x and n in the columns before it.

``refresh(store)`` is cheap enough to call after every answer: it only (re)starts
a short timer. When the timer fires, a worker thread computes the findings through
``workbench.ops`` (``ops.findings.audit_findings`` and ``core.narrative``) on the
view's own connection to the audit file, opened once with ``ops.audits.open_audit``
and made read-only (``PRAGMA query_only``). Everything is read in one read
transaction, so the tables never mix answers from before and after a save made
meanwhile (SQLite's WAL lets it read while the window writes). On a 1,000-record
audit that is about 0.5 s, none of it on the UI thread. Answers given meanwhile
start one more computation when it has finished.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QFrame, QLabel, QTextBrowser, QVBoxLayout, QWidget

from workbench.core.audit import AuditSettings
from workbench.core.findings import Findings
from workbench.core.narrative import narrative
from workbench.ops.audits import open_audit
from workbench.ops.findings import audit_findings
from workbench.store.audit_store import AuditStore
from workbench.ui.common import style
from workbench.ui.common.jobs import JobRunner

#: How long refresh() waits for more answers before computing (milliseconds).
DEBOUNCE_MS = 150


@dataclass(frozen=True)
class Computed:
    findings: Findings
    narrative: list[str]
    settings: AuditSettings
    records: int


def read_findings(store: AuditStore) -> Computed:
    """The audit's findings and narrative, everything read in one read transaction.

    A deferred ``BEGIN`` takes its snapshot at the first read; a save committed by
    another connection while this reads is not seen (it is picked up next time).
    """
    conn = store.db.conn
    conn.execute("BEGIN")
    try:
        settings = store.settings()
        findings = audit_findings(store)
        records = store.record_count()
    finally:
        conn.execute("ROLLBACK")  # nothing was written; ends the snapshot
    return Computed(findings, narrative(findings, settings), settings, records)


class _Reader:
    """The worker's own read-only connection to the audit file: opened, used and closed off the UI thread."""

    def __init__(self) -> None:
        self.store: AuditStore | None = None

    def computed(self, path: Path, progress: Any = None) -> Computed:
        if self.store is None or self.store.path != path:
            self.close()
            self.store = open_audit(path)  # checked once per view, not at every refresh
            self.store.db.execute("PRAGMA query_only = ON")
        return read_findings(self.store)

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
        self.computed: Computed | None = None
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
        self.browser.document().setDocumentMargin(2 * style.SPACING)
        self.browser.setHtml(_message("Open an audit to see its findings."))
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
        self._runner.run(self._reader.computed, self._path, on_done=self._computed, on_error=self._failed,
                         cancellable=False)

    def _computed(self, computed: Computed) -> None:
        self.show_findings(computed)
        if self._dirty:
            self._timer.start()

    def _failed(self, exc: BaseException) -> None:
        self.state.setText("Could not compute the findings")
        self.browser.setHtml(_message(f"The findings could not be computed ({html.escape(type(exc).__name__)}). "
                                      "Answers are safe in the audit file; try again after the next answer."))
        if self._dirty:
            self._timer.start()

    def show_findings(self, computed: Computed) -> None:
        """Show ``computed`` (keeping the scroll position)."""
        self.computed = computed
        bar = self.browser.verticalScrollBar()
        position = bar.value()
        self.title.setText(computed.settings.title)
        self.state.setText(f"{computed.settings.marking}  ·  {computed.records:,} records  ·  "
                           f"updated {dt.datetime.now():%H:%M:%S}")
        self.browser.setHtml(findings_html(computed.findings, computed.narrative, computed.settings))
        bar.setValue(position)
        self.updated.emit()

    def shutdown(self) -> None:
        """Stop, wait for a running computation and close the view's connection (before the audit is closed)."""
        self._timer.stop()
        self._path = None
        self._runner.wait()
        self._reader.close()


# -- the HTML -------------------------------------------------------------------------------


def _message(text: str) -> str:
    return f'<p style="color:{style.SECONDARY}">{text}</p>'


def _e(value: object) -> str:
    return html.escape(str(value))


def _num(n: int | None) -> str:
    return "" if n is None else f"{n:,}"


def _pct(count: Any) -> str:
    return "" if count.percent is None else f"{count.percent:.1f}%"


@dataclass
class _Table:
    title: str
    headings: list[str]
    rows: list[list[str]]
    bold_first: bool = False
    note: str = ""
    text_columns: tuple[int, ...] = ()  # besides the first, columns of words (left-aligned)

    def html(self) -> str:
        cell = "padding:3px 10px 3px 10px;"
        out = [f'<p style="margin-top:14px; margin-bottom:4px; font-weight:600">{_e(self.title)}</p>' if self.title else "",
               f'<table cellspacing="0" cellpadding="0" style="border-collapse:collapse; border-top:1px solid {style.BORDER};'
               f' border-bottom:1px solid {style.BORDER}"><tr>']
        for i, h in enumerate(self.headings):
            align = "left" if i == 0 or i in self.text_columns else "right"
            out.append(f'<th align="{align}" style="{cell} background:{style.BACKGROUND}; color:{style.SECONDARY};'
                       f' font-weight:600; white-space:nowrap; border-bottom:1px solid {style.BORDER}">{_heading(h)}</th>')
        out.append("</tr>")
        for r, row in enumerate(self.rows):
            weight = "font-weight:600;" if self.bold_first and r == 0 else ""
            out.append("<tr>")
            for i, value in enumerate(row):
                align = "left" if i == 0 or i in self.text_columns else "right"
                wrap = "" if i in self.text_columns else "white-space:nowrap;"  # never "Demo Constabula / ry"
                out.append(f'<td align="{align}" style="{cell}{weight}{wrap}">{_e(value)}</td>')
            out.append("</tr>")
        out.append("</table>")
        if self.note:
            out.append(f'<p style="color:{style.SECONDARY}; font-size:small; margin-top:2px">{_e(self.note)}</p>')
        return "".join(out)


def _heading(text: str) -> str:
    """A column heading that wraps between words only (a narrow pane squeezed "Recorde / d")."""
    return "<br/>".join(_e(line) for line in _balanced_lines(text))


def _balanced_lines(text: str) -> list[str]:
    words = text.split()
    if len(words) < 2:
        return [text]
    half = (len(words) + 1) // 2
    return [" ".join(words[:half]), " ".join(words[half:])]


def _section(title: str) -> str:
    return (f'<p style="margin:0px">&nbsp;</p><p style="margin-top:10px; margin-bottom:0px; font-size:large; font-weight:600; color:{style.ACCENT}">'
            f'{_e(title)}</p><hr style="border:none; height:1px; background:{style.BORDER}"/>')


def _xnp(count: Any) -> list[str]:
    return [_num(count.x), _num(count.n), _pct(count)]


def _interval(row: Any) -> str:
    d = None if row.interval is None else row.interval.to_dict()
    if d is None:
        return ""
    if d["half_width"] is not None:
        return f"+/- {d['half_width']:.2f}%"
    return f"{d['low']:.1f}% to {d['high']:.1f}%"


def findings_html(f: Findings, narrative: list[str], settings: AuditSettings) -> str:
    """The findings as rich text for a ``QTextBrowser`` (every user text escaped)."""
    hours = f.time_limit_hours
    parts = [_section("Part B: audit findings in numbers")]
    for t, first in ((f.incidents, "Incidents reviewed"), (f.referrals, "Referrals")):
        parts.append(_Table(t.title, [first, "Crimes identified", "Crimes recorded", "Rate"],
                            [[_num(t.reviewed), _num(t.crimes_identified), _num(t.recorded.x), _pct(t.recorded)]]).html())
    c = f.cancelled
    parts.append(_Table("No-crimes", ["Category", "Reviewed", "Correct", "%"],
                        [[r.label, _num(r.reviewed), _num(r.correct.x), _pct(r.correct)] for r in (c.overall, *c.by_category)],
                        bold_first=True).html())
    parts.append(_section("Recording rate, with 95% confidence interval"))
    for rates in f.recording_rates:
        parts.append(_Table(rates.title, ["", "Should have been recorded", "Recorded", "Rate", "95% interval"],
                            [[r.label, _num(r.recorded.n), _num(r.recorded.x), _pct(r.recorded), _interval(r)]
                             for r in rates.rows], bold_first=True).html())
    parts.append(_section("Timeliness and classification"))
    rows = [[t.title, _num(t.recorded), *_xnp(t.timely), _num(t.timely_unable), *_xnp(t.classified)] for t in f.timeliness]
    parts.append(_Table("", ["Of the crimes recorded", "Recorded", f"Within {hours} h", "of", "%", "Unable",
                             "Correctly classified", "of", "%"], [rows[-1], *rows[:-1]], bold_first=True).html())
    parts.append(_section("No-crimes (cancelled crimes): victims told, authorisation"))
    parts.append(_Table("", ["Category", "Reviewed", "Victims told", "of", "%", "Authorised correctly", "of", "%"],
                        [[r.label, _num(r.reviewed), *_xnp(r.victims_informed), *_xnp(r.authorised)]
                         for r in (c.overall, *c.by_category)], bold_first=True).html())
    n = f.n100
    if n.reviewed:
        parts.append(_section("Rape reports classified N100"))
        parts.append(_Table("", ["", "Reviewed", "Correct", "of", "%", "Rapes recorded", "of", "%"],
                            [["N100 records", _num(n.reviewed), *_xnp(n.correct), *_xnp(n.rapes_recorded)]]).html())
    used = [d for d in f.disposals if d.sampled]
    if used:
        parts.append(_section("Out-of-court disposals"))
        for d in used:
            parts.append(_Table(f"{d.title}: {d.sampled:,} dip-sampled", ["Question", "Yes", "of", "%", "Of the records"],
                                [[q.label, *_xnp(q.count), q.applies_to] for q in d.questions if q.count.n],
                                text_columns=(4,)).html())
    e = f.exclusions
    parts.append(_section("Left out of the findings"))
    parts.append(_Table("", ["", "Not complete", "Could not be audited", "'Unable to determine' answers"],
                        [["Records and answers", _num(e.total_incomplete), _num(e.total_not_auditable),
                          _num(sum(sum(q.values()) for q in e.unable.values()))]]).html())
    if narrative:
        parts.append(_section("The findings in words"))
        parts += [f'<p style="margin-bottom:8px">{_e(p)}</p>' for p in narrative]
    return "".join(parts)
