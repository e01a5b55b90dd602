"""Exports: gather the report once, write a file atomically, log the disclosure.

A failed or cancelled export leaves any earlier file at the destination intact:
each format writes to a temporary file beside it, which replaces the destination
only when complete. Every export is a ``disclosure`` event (file name, format,
recipient when given, SHA-256 of what was written).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from workbench.core import checklist
from workbench.core.audit import Actor
from workbench.core.events import Operation
from workbench.core.report import NoncompliantAnswer, RecordRow, ReportData
from workbench.store.audit_store import AuditStore
from workbench.store.eventlog import now

Writer = Callable[[ReportData, Path], None]


def final_answers(store: AuditStore) -> dict[str, dict[tuple[str, int | None], tuple[str, str, str]]]:
    """Record key -> {(question, instance): (value, note, answered_by)}.

    The audit team's answers (auditor, round 1), with the FCR's determination
    replacing any answer the FCR gave.
    """
    out: dict[str, dict] = defaultdict(dict)
    for role in ("auditor", "fcr"):
        for a in store.answers(role, 1):
            out[a.record_key][(a.question, a.instance)] = (a.value, a.note, a.answered_by)
    return out


def gather(store: AuditStore, actor: Actor) -> ReportData:
    """Everything an export shows, read from the audit once."""
    forms = {fid: form for (fid, _v), form in store.forms().items()}
    frozen = store.forms()
    answers = final_answers(store)
    records, noncompliant, long_rows, auditors = [], [], [], set()
    for record in store.records():
        form = frozen[(record.form_id, record.form_version)]
        given = answers.get(record.key, {})
        state = checklist.evaluate(form, {k: v[0] for k, v in given.items()})
        relevant = {i.key for i in state.items if i.relevant}
        kept = {k: (v[0], v[1]) for k, v in given.items() if k in relevant}
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
    _add_findings(store, data)
    return data


def _add_findings(store: AuditStore, data: ReportData) -> None:
    try:
        from workbench.ops.findings import audit_findings, report_narrative
    except ImportError:  # the findings engine is not part of this build yet
        return
    data.findings = audit_findings(store)
    data.narrative = report_narrative(data.findings, data.settings)


def _choice_labels(form, spec, value: str) -> str:
    if spec.type == "select_one":
        return form.choice_label(spec.list_name, value)
    if spec.type == "select_multiple":
        return ", ".join(form.choice_label(spec.list_name, v) for v in value.split())
    return value


def export(store: AuditStore, actor: Actor, writer: Writer, out: Path, fmt: str, recipient: str = "",
           data: ReportData | None = None) -> str:
    """Write ``out`` atomically with ``writer`` and log the disclosure; returns its SHA-256."""
    out = Path(out)
    data = data or gather(store, actor)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        writer(data, tmp)
        digest = hashlib.sha256(tmp.read_bytes()).hexdigest()
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    store.log_event(actor, Operation.DISCLOSURE, "export", {
        "file_name": out.name, "format": fmt, "recipient": recipient, "sha256": digest,
        "records": len(data.records), "marking": data.settings.marking,
    })
    return digest
