"""Exports: gather the report once, write files atomically, log each disclosure.

A failed or cancelled export leaves any earlier file at the destination intact:
each format writes to a temporary file beside it, which replaces the destination
only when every requested file is complete. Every file written is a
``disclosure`` event (file name, format, recipient when given, SHA-256 of what was
written, records, protective marking).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from workbench.core import checklist
from workbench.core.audit import Actor
from workbench.core.errors import WorkbenchError
from workbench.core.evaluations import unread_text
from workbench.core.wording import settings_words, with_audit_words
from workbench.core.findings import AuditedRecord
from workbench.core.findings_contract import READ_BY_FINDINGS
from workbench.core.report import NoncompliantAnswer, RecordRow, ReportData, SignOff
from workbench.io.tabular import file_sha256
from workbench.ops.findings import (
    EvaluatedRecord, evaluated_records, findings_from, latest_forms, record_areas, report_of,
)
from workbench.ops import changes_audit
from workbench.ops.progress import WRITING, Progress
from workbench.store.audit_store import AuditStore
from workbench.store.eventlog import now
from workbench.store.findings_queries import read_snapshot

#: A format's writer: ``writer(data, path)``; it may return notes (what it changed).
Writer = Callable[[ReportData, Path], "list[str] | None"]
#: Stages an export reports (``ops.progress`` words the writing stage).
GATHERING, RENDERING = "gathering", "rendering"
FORMATS = ("xlsx", "pdf")


@dataclass(frozen=True)
class Exported:
    """One file written: where, its format and SHA-256, and the writer's notes."""

    path: Path
    fmt: str
    sha256: str
    size: int
    notes: list[str] = field(default_factory=list)
    logged: bool = True   # False when the audit was read-only and the disclosure could not be logged


def gather(store: AuditStore, actor: Actor, recorded_crime: int | None = None, compare: Sequence[Path] = (),
           references: Sequence = ()) -> ReportData:
    """Everything an export shows, read from the audit once.

    Each record's checklist is evaluated once on its final answers
    (``ops.findings.evaluated_records``), and that one evaluation feeds both the
    evidence sheets and the findings engine. Only answers that apply are exported
    (an answer whose question a later answer made irrelevant is kept in the file
    but counts nowhere, so it is not shown either): the final ones on the checklist
    sheets; the audit team's, the peer's and the FCR's, each with its role and
    round, on the Answers sheet; side by side for each determined or peer-reviewed
    record on the Decisions sheet. ``recorded_crime`` (the
    force's 12-month recorded crime excluding fraud) adds the unrecorded-crime
    estimate. ``compare`` (other audit files) and ``references`` (``core.trend.Reference``
    lines) add the Trend section: this audit's overall rate beside theirs.
    """
    with read_snapshot(store):  # a save made meanwhile is never half seen
        return _gather(store, actor, recorded_crime, compare, references)


def _gather(store: AuditStore, actor: Actor, recorded_crime: int | None, compare: Sequence[Path] = (),
            references: Sequence = ()) -> ReportData:
    from workbench.ops.review_findings import decision_rows, long_answers, side_answers

    frozen = store.forms()
    _source, record_area = record_areas(store)  # each record's area, if the sample gives one
    sides = side_answers(store)  # the determined and peer-reviewed records, each side's answers
    records, noncompliant, long_rows, auditors = [], [], [], set()
    patterns: dict[tuple, list] = {}
    rationale = {}
    unread = unread_text(frozen.values(), READ_BY_FINDINGS)  # free text the findings never read: not a pattern
    for e in evaluated_records(store):
        applies = e.outcome.applies
        kept = {k: (a[0], a[1]) for k, a in e.answers.items() if k in applies}
        by = {a[2] for a in e.answers.values()}
        auditors |= by
        records.append(RecordRow(e.record.key, e.record.form_id, e.outcome.progress, e.outcome.compliant,
                                 e.record.fields, kept, tuple(sorted(by))))
        if e.outcome.noncompliant:
            if e.form.form_id not in rationale:
                rationale[e.form.form_id] = checklist.rationale_questions(e.form)
            noncompliant += _noncompliant(e, kept, rationale[e.form.form_id])
        long_rows += long_answers(e.record.key, kept, sides.get(e.record.key))
        _count_pattern(patterns, e, unread, record_area.get(e.record.id, ""))
    settings = store.settings()
    words = settings_words(settings.time_limit_hours)
    shown = {form_id: with_audit_words(form, words) for form_id, form in latest_forms(frozen).items()}
    noncompliant = [replace(n, label=_worded_label(shown, n)) for n in noncompliant]
    data = ReportData(settings, now(), actor.name, shown, records, noncompliant, long_rows,
                      sorted(auditors), log_head=store.head(), decisions=decision_rows(sides))
    audited = [AuditedRecord(key, form_id, answers, progress, weight, area)
               for key, form_id, answers, progress, weight, area in patterns.values()]
    findings = findings_from(store, audited, settings, recorded_crime)
    trend = None
    if compare or references:
        from workbench.ops.trend import compare_audits, period_of

        trend = compare_audits(compare, references, period_of(settings, findings))
    report = report_of(store, findings, settings, len(records), sides, trend, audited)
    data.findings, data.narrative, data.layout = report.findings, report.narrative, report.layout
    data.signoff = _signoff(store, lambda: findings_from(store, audited, settings, None).to_dict())
    return data


def _worded_label(forms: dict, answer: NoncompliantAnswer) -> str:
    """A non-compliant answer's question label in the audit's words (its time limit)."""
    form = forms.get(answer.form_id)
    try:
        return form.question(answer.question).spec.label if form is not None else answer.label
    except KeyError:
        return answer.label


def _count_pattern(patterns: dict[tuple, list], e: EvaluatedRecord, unread: frozenset[str], area: str = "") -> None:
    """Records with the same answers (and area) that count are counted once, with their number
    (``AuditedRecord.weight``)."""
    effective = e.effective
    key = (e.record.form_id, e.outcome.progress, frozenset((k, v) for k, v in effective.items() if k[0] not in unread),
           area)
    found = patterns.get(key)
    if found is None:
        patterns[key] = [e.record.key, e.record.form_id, effective, e.outcome.progress, 1, area]
    else:
        found[4] += 1


def _signoff(store: AuditStore, signed_findings) -> SignOff | None:
    """The audit's latest sign-off as an export shows it (with what verify-export needs), or None."""
    from workbench.ops.signoff import status

    current = status(store)
    row = current.signoff
    if row is None:
        return None
    embedded = {"manifest": row.manifest.to_dict(), "signature": row.signature, "findings": signed_findings()}
    return SignOff(row.signer, "Force Crime Registrar", row.signed_at, row.manifest.meaning, row.manifest_sha256,
                   row.key_fingerprint, row.signature, current.words if row.void else "", embedded)


def _noncompliant(e: EvaluatedRecord, kept: dict, rationale_questions: tuple[str, ...]) -> list[NoncompliantAnswer]:
    """The record's non-compliant answers, each with the record's rationale."""
    rationale = " ".join(kept[(q, None)][0] for q in rationale_questions if (q, None) in kept)
    out = []
    for key in e.outcome.noncompliant:
        q = e.form.question(key[0])
        out.append(NoncompliantAnswer(e.record.key, e.record.form_id, key[0], q.spec.label, key[1],
                                      _choice_labels(e.form, q.spec, kept[key][0]), rationale))
    return out


def _choice_labels(form, spec, value: str) -> str:
    if spec.type == "select_one":
        return form.choice_label(spec.list_name, value)
    if spec.type == "select_multiple":
        return ", ".join(form.choice_label(spec.list_name, v) for v in value.split())
    return value


@changes_audit
def export(store: AuditStore, actor: Actor, writer: Writer, out: Path, fmt: str, recipient: str = "",
           data: ReportData | None = None, progress: Progress | None = None) -> Exported:
    """Write ``out`` atomically with ``writer`` and log the disclosure."""
    return export_files(store, actor, {fmt: (writer, Path(out))}, recipient, data, progress)[0]


@changes_audit
def export_files(
    store: AuditStore, actor: Actor, targets: dict[str, tuple[Writer, Path]], recipient: str = "",
    data: ReportData | None = None, progress: Progress | None = None,
) -> list[Exported]:
    """Write several formats of one report: all of them, or (on error or cancel) none.

    Parameters
    ----------
    targets
        Format name -> (writer, destination).
    recipient
        Who the files are for; logged with each disclosure.
    data
        The report, if already gathered.
    progress
        Reports stages and may cancel (``ops.progress``) until every temporary
        file is complete; after that the files replace their destinations.

    Returns
    -------
    list of Exported
        One per target, in the order given.
    """
    if progress:
        progress.report(GATHERING, 0, 0)
    data = data or gather(store, actor)
    written: list[tuple[str, Path, Path, list[str]]] = []
    try:
        for fmt, (writer, out) in targets.items():
            if progress:
                progress.check_cancelled()
                progress.report(RENDERING, len(written), len(targets))
            out = Path(out)
            fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
            os.close(fd)
            written.append((fmt, out, Path(tmp_name), []))
            written[-1][3].extend(writer(data, Path(tmp_name)) or [])
        if progress:
            progress.point_of_no_return(WRITING)
        results = [Exported(out, fmt, file_sha256(tmp), tmp.stat().st_size, notes, logged=not store.read_only)
                   for fmt, out, tmp, notes in written]
        details = [{"file_name": r.path.name, "format": r.fmt, "recipient": recipient, "sha256": r.sha256,
                    "records": len(data.records), "marking": data.settings.marking, "notes": len(r.notes)}
                   for r in results]

        def publish() -> None:
            for _fmt, out, tmp, _notes in written:
                os.replace(tmp, out)

        if store.read_only:  # nothing can be logged in a read-only audit: each result says so
            publish()
        else:
            store.log_disclosures(actor, details, publish)  # the events and the files: both or neither
    finally:
        for _fmt, _out, tmp, _notes in written:
            tmp.unlink(missing_ok=True)
    return results


@changes_audit
def export_report(
    store: AuditStore, actor: Actor, xlsx: Path | None = None, pdf: Path | None = None, recipient: str = "",
    recorded_crime: int | None = None, progress: Progress | None = None, compare: Sequence[Path] = (),
    references: Sequence = (),
) -> list[Exported]:
    """The Excel workbook and/or the PDF report of an audit, as ``export_files`` writes them.

    ``compare`` and ``references`` add the Trend section (see ``gather``).
    """
    targets: dict[str, tuple[Writer, Path]] = {}
    if xlsx is not None:
        targets["xlsx"] = (xlsx_writer(progress), Path(xlsx))
    if pdf is not None:
        targets["pdf"] = (pdf_writer(progress), Path(pdf))
    if not targets:
        raise WorkbenchError("Choose at least one file to write (Excel or PDF).")
    if progress:
        progress.report(GATHERING, 0, 0)
    data = gather(store, actor, recorded_crime, compare, references)
    return export_files(store, actor, targets, recipient, data, progress)


def _on_progress(progress: Progress) -> Callable[[int, int], None]:
    def report(done: int, total: int) -> None:
        progress.check_cancelled()
        progress.report(RENDERING, done, total)

    return report


def xlsx_writer(progress: Progress | None = None) -> Writer:
    """``io.xlsx_export.write_xlsx``, reporting its rows to ``progress`` (which may cancel)."""
    from workbench.io.xlsx_export import write_xlsx

    if progress is None:
        return write_xlsx
    return lambda data, path: write_xlsx(data, path, on_row=_on_progress(progress))


def pdf_writer(progress: Progress | None = None) -> Writer:
    """``io.pdf_report.write_pdf``, reporting its layout to ``progress`` (which may cancel)."""
    from workbench.io.pdf_report import write_pdf

    if progress is None:
        return write_pdf
    return lambda data, path: write_pdf(data, path, on_progress=_on_progress(progress))
