"""Exports: gather the report once, write files atomically, log each disclosure.

A failed or cancelled export leaves any earlier file at the destination intact:
each format writes to a temporary file beside it, which replaces the destination
only when every requested file is complete. Every file written is a
``disclosure`` event (file name, format, recipient when given, SHA-256 of what was
written, records, protective marking).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from workbench.core import checklist
from workbench.core.audit import Actor
from workbench.core.errors import WorkbenchError
from workbench.core.events import Operation
from workbench.core.report import NoncompliantAnswer, RecordRow, ReportData
from workbench.core.findings import AuditedRecord, compute_findings
from workbench.ops.findings import report_narrative
from workbench.ops.progress import WRITING, Progress
from workbench.store.audit_store import AuditStore
from workbench.store.eventlog import now

#: A format's writer: ``writer(data, path)``; it may return notes (what it changed).
Writer = Callable[[ReportData, Path], "list[str] | None"]
#: Stages an export reports (``ops.progress`` words the writing stage).
GATHERING, RENDERING = "gathering", "rendering"
FORMATS = ("xlsx", "pdf")


class ExportUnavailable(WorkbenchError):
    """A format this build cannot write (its writer module is missing)."""


@dataclass(frozen=True)
class Exported:
    """One file written: where, its format and SHA-256, and the writer's notes."""

    path: Path
    fmt: str
    sha256: str
    size: int
    notes: list[str] = field(default_factory=list)


def final_answers(store: AuditStore) -> dict[str, dict[tuple[str, int | None], tuple[str, str, str]]]:
    """Record key -> {(question, instance): (value, note, answered_by)}.

    The audit team's answers (auditor, round 1), with the FCR's determination
    replacing any answer the FCR gave (as ``ops.findings.final_answers``).
    """
    out: dict[str, dict] = defaultdict(dict)
    for role in ("auditor", "fcr"):
        for a in store.answers(role, 1):
            out[a.record_key][(a.question, a.instance)] = (a.value, a.note, a.answered_by)
    return out


def gather(store: AuditStore, actor: Actor, recorded_crime: int | None = None) -> ReportData:
    """Everything an export shows, read from the audit once.

    Each record's checklist is evaluated once on its final answers, and that one
    evaluation feeds both the evidence sheets and the findings engine
    (``core.findings.compute_findings``, with the same final, effective answers
    ``ops.findings.audit_findings`` gives it: a test holds the two equal).
    ``recorded_crime`` (the force's 12-month recorded crime excluding fraud) adds
    the unrecorded-crime estimate to the findings.
    """
    forms = {fid: form for (fid, _v), form in store.forms().items()}
    frozen = store.forms()
    answers = final_answers(store)
    records, noncompliant, long_rows, auditors, audited = [], [], [], set(), []
    for record in store.records():
        form = frozen[(record.form_id, record.form_version)]
        given = answers.get(record.key, {})
        state = checklist.evaluate(form, {k: v[0] for k, v in given.items()})
        effective = {i.key: i.value for i in state.items if i.relevant and i.value is not None}
        audited.append(AuditedRecord(record.key, record.form_id, effective, state.progress))
        kept = {k: (v[0], v[1]) for k, v in given.items() if k in effective}
        auditors.update(v[2] for v in given.values())
        records.append(RecordRow(record.key, record.form_id, state.progress, state.compliant, record.fields, kept,
                                 tuple(sorted({v[2] for v in given.values()}))))
        rationale = next((v[0] for (q, _i), v in kept.items() if q == "rationale"), "")
        for key in state.noncompliant:
            q = form.question(key[0])
            value = kept[key][0]
            noncompliant.append(NoncompliantAnswer(record.key, record.form_id, key[0], q.spec.label, key[1],
                                                   _choice_labels(form, q.spec, value), rationale))
        long_rows += [(record.key, q, i, v, n) for (q, i), (v, n, _by) in given.items()]
    data = ReportData(store.settings(), now(), actor.name, forms, records, noncompliant, long_rows, sorted(auditors))
    data.findings = compute_findings(audited, data.settings.time_limit_hours, recorded_crime)
    data.narrative = report_narrative(data.findings, data.settings)
    return data


def _choice_labels(form, spec, value: str) -> str:
    if spec.type == "select_one":
        return form.choice_label(spec.list_name, value)
    if spec.type == "select_multiple":
        return ", ".join(form.choice_label(spec.list_name, v) for v in value.split())
    return value


def export(store: AuditStore, actor: Actor, writer: Writer, out: Path, fmt: str, recipient: str = "",
           data: ReportData | None = None, progress: Progress | None = None) -> Exported:
    """Write ``out`` atomically with ``writer`` and log the disclosure."""
    return export_files(store, actor, {fmt: (writer, Path(out))}, recipient, data, progress)[0]


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
        results = []
        for fmt, out, tmp, notes in written:
            digest, size = _sha256(tmp), tmp.stat().st_size
            os.replace(tmp, out)
            results.append(Exported(out, fmt, digest, size, notes))
            store.log_event(actor, Operation.DISCLOSURE, "export", {
                "file_name": out.name, "format": fmt, "recipient": recipient, "sha256": digest,
                "records": len(data.records), "marking": data.settings.marking, "notes": len(notes),
            })
    finally:
        for _fmt, _out, tmp, _notes in written:
            tmp.unlink(missing_ok=True)
    return results


def export_report(
    store: AuditStore, actor: Actor, xlsx: Path | None = None, pdf: Path | None = None, recipient: str = "",
    recorded_crime: int | None = None, progress: Progress | None = None,
) -> list[Exported]:
    """The Excel workbook and/or the PDF report of an audit, as ``export_files`` writes them."""
    targets: dict[str, tuple[Writer, Path]] = {}
    if xlsx is not None:
        targets["xlsx"] = (xlsx_writer(progress), Path(xlsx))
    if pdf is not None:
        targets["pdf"] = (pdf_writer(), Path(pdf))
    if not targets:
        raise WorkbenchError("Choose at least one file to write (Excel or PDF).")
    if progress:
        progress.report(GATHERING, 0, 0)
    data = gather(store, actor, recorded_crime)
    return export_files(store, actor, targets, recipient, data, progress)


def xlsx_writer(progress: Progress | None = None) -> Writer:
    """``io.xlsx_export.write_xlsx``, reporting its rows to ``progress`` (which may cancel)."""
    from workbench.io.xlsx_export import write_xlsx

    if progress is None:
        return write_xlsx

    def on_row(done: int, total: int) -> None:
        progress.check_cancelled()
        progress.report(RENDERING, done, total)

    return lambda data, path: write_xlsx(data, path, on_row=on_row)


def pdf_writer() -> Writer:
    """``io.pdf_report.write_pdf``, or ``ExportUnavailable`` when this build has none."""
    try:
        from workbench.io.pdf_report import write_pdf
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("workbench"):
            raise ExportUnavailable("PDF export is not part of this build yet (workbench.io.pdf_report is missing); "
                                    "export to Excel with --xlsx instead.") from None
        raise
    return write_pdf


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
