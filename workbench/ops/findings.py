"""The audit's findings: final answers gathered from the audit file, every table computed.

The final answer to a question is the Force Crime Registrar's where the FCR gave
one (the FCR's determination), otherwise the audit team's (auditor, round 1). Each
record's checklist is then evaluated on those final answers, so that only answers
to questions that apply count and incomplete records are excluded and counted.

`audit_report` gives the findings, their narrative and their layout together,
read in one consistent snapshot of the file: what the command line, the Findings
tab and the exports all show.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from workbench.core import checklist
from workbench.core.audit import AuditSettings, Role
from workbench.core.findings import AuditedRecord, Findings, compute_findings
from workbench.core.findings_contract import RECORDING_SOURCES
from workbench.core.findings_layout import FindingsLayout
from workbench.core.findings_sections import findings_layout
from workbench.core.forms import Form
from workbench.core.narrative import narrative
from workbench.core.records import Answer, Record
from workbench.ops.audits import open_audit
from workbench.ops.catalog import builtin_forms, version_key
from workbench.store.audit_store import AuditStore
from workbench.store.findings_queries import make_read_only, read_snapshot

#: The answers the findings start from, each overlaying the one before.
FINAL_ANSWER_LAYERS = ((Role.AUDITOR, 1), (Role.FCR, 1))


def final_answer_records(store: AuditStore) -> dict[str, dict[checklist.AnswerKey, Answer]]:
    """Record key -> {(question, instance): Answer}: the FCR's answers over the auditor's."""
    out: dict[str, dict[checklist.AnswerKey, Answer]] = defaultdict(dict)
    for role, review_round in FINAL_ANSWER_LAYERS:
        for a in store.answers(str(role), review_round):
            out[a.record_key][(a.question, a.instance)] = a
    return out


def final_answers(store: AuditStore) -> dict[str, dict[checklist.AnswerKey, str]]:
    """Record key -> {(question, instance): value}: the FCR's answers over the auditor's."""
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


def latest_forms(frozen: dict[tuple[str, str], Form]) -> dict[str, Form]:
    """Form id -> its latest version in the audit ("1.10" after "1.9")."""
    latest: dict[str, Form] = {}
    for (form_id, version), form in sorted(frozen.items(), key=lambda kv: (kv[0][0], version_key(kv[0][1]))):
        latest[form_id] = form
    return latest


def findings_checklists(frozen: dict[tuple[str, str], Form]) -> dict[str, Form]:
    """Form id -> the checklist the findings read its words from.

    The latest version frozen in the audit. A version frozen before checklists
    carried findings words (2024.1 of the out-of-court disposals) takes them from
    the built-in checklist of the same id: question names are stable, so the
    words fit its answers.
    """
    out = latest_forms(frozen)
    builtin = builtin_forms()
    for form_id, form in out.items():
        words = builtin.get(form_id)
        if not form.findings and words is not None and words.findings:
            out[form_id] = with_findings_words(form, words)
    return out


def with_findings_words(form: Form, words: Form) -> Form:
    """``form`` with the findings settings and ``finding`` cells of ``words`` (matched by question name)."""
    cells = {r.name: (r.finding, r.finding_scope) for r in words.survey if r.name}
    survey = tuple(replace(r, finding=cells[r.name][0], finding_scope=cells[r.name][1]) if r.name in cells else r
                   for r in form.survey)
    return replace(form, survey=survey, findings=words.findings)


def findings_from(store: AuditStore, audited: list[AuditedRecord], settings: AuditSettings,
                  recorded_crime: int | None = None) -> Findings:
    """The findings of ``audited`` records under the audit's settings and checklists."""
    return compute_findings(audited, settings.time_limit_hours, recorded_crime,
                            checklists=findings_checklists(store.forms()), populations=settings.population_sizes)


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
    return findings_from(store, audited_records(store), store.settings(), recorded_crime)


@dataclass(frozen=True)
class FindingsReport:
    """The findings, their narrative and their layout, read at one moment."""

    settings: AuditSettings
    findings: Findings
    narrative: list[str]
    layout: FindingsLayout
    records: int

    def to_dict(self) -> dict:
        """``findings --json``: ``{"findings", "narrative", "layout"}`` (docs/findings.md)."""
        return {"findings": self.findings.to_dict(), "narrative": self.narrative, "layout": self.layout.to_dict()}


def report_of(store: AuditStore, findings: Findings, settings: AuditSettings, records: int) -> FindingsReport:
    paragraphs = narrative(findings, settings)
    titles = {form_id: form.title for form_id, form in latest_forms(store.forms()).items()}
    layout = findings_layout(findings, paragraphs, titles, settings.force)
    return FindingsReport(settings, findings, paragraphs, layout, records)


def audit_report(store: AuditStore, recorded_crime: int | None = None) -> FindingsReport:
    """The findings, narrative and layout, everything read in one read transaction.

    A save committed by another connection while this reads is not seen (it is
    picked up next time); see ``store.findings_queries.read_snapshot``.
    """
    with read_snapshot(store):
        settings = store.settings()
        findings = findings_from(store, audited_records(store), settings, recorded_crime)
        return report_of(store, findings, settings, store.record_count())


def population_strata(store: AuditStore | None = None) -> list[tuple[str, str]]:
    """(stratum, title) of each stratum a population can be entered for: for now the record
    sources (incident records, referrals), by checklist id, with their titles in the audit."""
    titles = {form_id: form.title for form_id, form in builtin_forms().items()}
    if store is not None:
        titles.update({form_id: form.title for form_id, form in latest_forms(store.forms()).items()})
    return [(s.form_id, titles.get(s.form_id, s.title)) for s in RECORDING_SOURCES]


def open_reader(path: Path) -> AuditStore:
    """A connection of its own to the audit at ``path`` that cannot write (for a background reader)."""
    return make_read_only(open_audit(path))
