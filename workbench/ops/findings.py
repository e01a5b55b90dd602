"""The audit's findings: final answers gathered from the audit file, every table computed.

The final answer to a question is the Force Crime Registrar's where the FCR gave
one (the FCR's determination), otherwise the audit team's (auditor, round 1). Each
record's checklist is then evaluated on those final answers, so that only answers
to questions that apply count and incomplete records are excluded and counted.
"""

from __future__ import annotations

import textwrap
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from workbench.core import checklist
from workbench.core.audit import Role
from workbench.core.findings import (
    AuditedRecord,
    Count,
    DisposalFindings,
    Findings,
    RateRow,
    compute_findings,
)
from workbench.core.forms import Form
from workbench.core.records import Answer, Record
from workbench.store.audit_store import AuditStore

def final_answer_records(store: AuditStore) -> dict[str, dict[checklist.AnswerKey, Answer]]:
    """Record key -> {(question, instance): Answer}: each record's final answers.

    A record the FCR has determined takes the FCR's answers, a complete record
    (``ops.adjudication``); every other record takes the audit team's (auditor,
    round 1). Never a mixture of the two within one record.
    """
    determined = set(store.determinations())
    out: dict[str, dict[checklist.AnswerKey, Answer]] = defaultdict(dict)
    for role in (Role.AUDITOR, Role.FCR):
        for a in store.answers(str(role), 1):
            if (a.record_key in determined) == (role == Role.FCR):
                out[a.record_key][(a.question, a.instance)] = a
    return out


def final_answers(store: AuditStore) -> dict[str, dict[checklist.AnswerKey, str]]:
    """Record key -> {(question, instance): value}: each record's final answers (see ``final_answer_records``)."""
    return {key: {k: a.value for k, a in given.items()} for key, given in final_answer_records(store).items()}


@dataclass(frozen=True)
class EvaluatedRecord:
    """A record, its checklist, its final answers and their one evaluation."""

    record: Record
    form: Form
    answers: dict[checklist.AnswerKey, Answer]
    state: checklist.RecordState

    @property
    def effective(self) -> dict[checklist.AnswerKey, str]:
        """``checklist.effective_answers`` from the state already evaluated (evaluating is the slow part)."""
        return {i.key: i.value for i in self.state.items if i.relevant and i.value is not None}

    def audited(self) -> AuditedRecord:
        return AuditedRecord(self.record.key, self.record.form_id, self.effective, self.state.progress)


def evaluated_records(store: AuditStore) -> Iterator[EvaluatedRecord]:
    """Every record in sample order, its checklist evaluated once on its final answers."""
    forms = store.forms()
    answers = final_answer_records(store)
    for record in store.records():
        form = forms[(record.form_id, record.form_version)]
        given = answers.get(record.key, {})
        yield EvaluatedRecord(record, form, given, checklist.evaluate(form, {k: a.value for k, a in given.items()}))


def audited_records(store: AuditStore) -> list[AuditedRecord]:
    """Every record with its effective final answers and progress, in sample order."""
    return [e.audited() for e in evaluated_records(store)]


def audit_findings(store: AuditStore, recorded_crime: int | None = None) -> Findings:
    """Every findings table of the audit.

    Parameters
    ----------
    store
        The open audit.
    recorded_crime
        The force's 12-month recorded crime excluding fraud; when given, the
        findings include the unrecorded-crime estimate.
    """
    settings = store.settings()
    return compute_findings(audited_records(store), settings.time_limit_hours, recorded_crime)


# -- the plain-text report (the command line's output) -----------------------------------


def findings_text(findings: Findings, paragraphs: list[str], recorded_crime: int | None = None, width: int = 100) -> str:
    """The findings as aligned plain-text tables, then the narrative paragraphs.

    Part B is always shown; other tables only when records are behind them.
    ``recorded_crime`` is what was asked for the unrecorded-crime estimate, so that
    an estimate that could not be made says why.
    """
    f = findings
    blocks = [
        _part_b_text(f), *_rates_text(f), _timeliness_text(f), _cancelled_text(f), _n100_text(f),
        *(_disposal_text(d) for d in f.disposals if d.sampled), _unrecorded_text(f, recorded_crime),
        _exclusions_text(f), _narrative_text(paragraphs, width),
    ]
    return "\n\n".join(b for b in blocks if b) + "\n"


def _part_b_text(f: Findings) -> str:
    header = ["", "reviewed", "crimes identified", "crimes recorded", f"within {f.time_limit_hours}h", "correctly classified"]
    rows = [[t.title, t.reviewed, t.crimes_identified, _xn(t.recorded), _xn(t.timely), _xn(t.classified)]
            for t in (f.incidents, f.referrals)]
    return _table("Part B: crime recording", header, rows)


def _rates_text(f: Findings) -> list[str]:
    header = ["", "should have been recorded", "recorded", "rate", "95% interval"]
    return [_table(f"Recording rate: {r.title.lower()}", header,
                   [[row.label, row.recorded.n, row.recorded.x, _pct(row.recorded), _interval(row)] for row in r.rows])
            for r in f.recording_rates if r.row("all").recorded.n]


def _timeliness_text(f: Findings) -> str:
    if not any(t.recorded for t in f.timeliness):
        return ""
    header = ["", "recorded", f"within {f.time_limit_hours}h", "unable to determine", "correctly classified"]
    rows = [[t.title, t.recorded, _xn(t.timely), t.timely_unable, _xn(t.classified)] for t in f.timeliness]
    return _table("Timeliness and classification of crimes recorded", header, rows)


def _cancelled_text(f: Findings) -> str:
    if not f.cancelled.overall.reviewed:
        return ""
    rows = [[r.label, r.reviewed, _xn(r.correct), _xn(r.victims_informed), _xn(r.authorised)]
            for r in (f.cancelled.overall, *f.cancelled.by_category)]
    return _table("No-crimes (cancelled crimes)", ["", "reviewed", "correct", "victims told", "authorised correctly"], rows)


def _n100_text(f: Findings) -> str:
    n = f.n100
    if not n.reviewed:
        return ""
    header = ["", "reviewed", "correctly N100", "rapes recorded", f"within {f.time_limit_hours}h"]
    rows = [["Rape reports classified N100", n.reviewed, _xn(n.correct), _xn(n.rapes_recorded), _xn(n.timely)]]
    return _table("N100 rape reports", header, rows)


def _disposal_text(d: DisposalFindings) -> str:
    rows = [[q.label, _xn(q.count), q.applies_to] for q in d.questions]
    return _table(f"{d.title}: {d.sampled} sampled", ["", "yes", "of the cases"], rows)


def _narrative_text(paragraphs: list[str], width: int) -> str:
    body = "\n\n".join(textwrap.fill(p, width) for p in paragraphs)
    return "Narrative\n---------\n" + (body or "Nothing to report yet: no complete, auditable records.")


def _xn(count: Count) -> str:
    return "-" if count.n == 0 else f"{count.x:,} / {count.n:,} ({count.percent:.1f}%)"


def _pct(count: Count) -> str:
    return "-" if count.n == 0 else f"{count.percent:.1f}%"


def _interval(row: RateRow) -> str:
    if row.interval is None:
        return "-"
    shown = row.interval.to_dict()
    if shown["half_width"] is not None:
        return f"+/- {shown['half_width']:.2f}"
    return f"{shown['low']:.1f} to {shown['high']:.1f} (Wilson)"


def _table(title: str, header: list[str], rows: list[list[object]]) -> str:
    """A title, then columns: the first left-aligned, the others right-aligned."""
    cells = [[str(c) for c in row] for row in [header, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = [title, "-" * len(title)]
    for row in cells:
        first = row[0].ljust(widths[0])
        lines.append("  ".join([first, *(c.rjust(w) for c, w in zip(row[1:], widths[1:]))]).rstrip())
    return "\n".join(lines)


def _unrecorded_text(f: Findings, recorded_crime: int | None) -> str:
    if f.unrecorded is None:
        if recorded_crime is None:
            return ""
        return "Unrecorded crime estimate: not possible yet, no crimes that should have been recorded were found."
    e = f.unrecorded.estimate
    value = "-" if e.estimate is None else f"{e.estimate:,}"
    span = "-" if e.low is None else f"{e.low:,} to {e.high:,}" if e.high is not None else f"at least {e.low:,}"
    header = ["recorded crime (12 months)", "recording rate", "unrecorded a year", "range"]
    return _table("Unrecorded crime estimate", header, [[f"{e.recorded_crime:,}", _pct(f.unrecorded.rate.recorded), value, span]])


def _exclusions_text(f: Findings) -> str:
    e = f.exclusions
    forms = sorted(set(e.incomplete) | set(e.not_auditable) | set(e.unable) | set(e.not_covered))
    if not forms:
        return "Left out: nothing (every record complete and auditable, no 'unable to determine' answers)."
    rows = [[form, e.incomplete.get(form, 0), e.not_auditable.get(form, 0), sum(e.unable.get(form, {}).values()),
             e.not_covered.get(form, 0)] for form in forms]
    return _table("Left out of the findings", ["checklist", "not complete", "not auditable", "'unable' answers",
                                                "no findings table"], rows)
