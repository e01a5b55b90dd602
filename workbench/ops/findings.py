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
from workbench.core.findings import AuditedRecord, Findings, area_breakdown, compute_findings
from workbench.core.findings_contract import READ_BY_FINDINGS, RECORDING_SOURCES
from workbench.core.evaluations import Evaluations, Outcome, unread_text
from workbench.core.fcr_findings import DeterminationFindings
from workbench.core.findings_layout import FindingsLayout
from workbench.core.findings_sections import findings_layout
from workbench.core.forms import Form
from workbench.core.method import MethodFacts, SampleDraw, SampleImport
from workbench.core.narrative import narrative
from workbench.core.records import Answer, Record
from workbench.ops.forms import builtin_forms, version_key
from workbench.store.audit_store import AuditStore
from workbench.store.findings_queries import (
    FinalAnswer, answer_patterns, answer_values, area_choice, final_answer_rows, make_read_only, pattern_answers,
    read_snapshot, records_in_order, stored_areas,
)

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
    """A record, its checklist, its final answers ``(value, note, answered by)`` and their one evaluation."""

    record: Record
    form: Form
    answers: dict[checklist.AnswerKey, FinalAnswer]
    outcome: Outcome

    @property
    def effective(self) -> dict[checklist.AnswerKey, str]:
        """``checklist.effective_answers`` from the outcome already evaluated (evaluating is the slow part)."""
        return {k: a[0] for k, a in self.answers.items() if k in self.outcome.applies}

    def audited(self) -> AuditedRecord:
        return AuditedRecord(self.record.key, self.record.form_id, self.effective, self.outcome.progress)


def evaluated_records(store: AuditStore) -> Iterator[EvaluatedRecord]:
    """Every record in sample order (with its source fields), its checklist evaluated on its final answers."""
    forms = store.forms()
    records = list(store.records())
    determined = set(store.determinations())
    answers = final_answer_rows(store, {r.id for r in records if r.key in determined})
    evaluations = Evaluations()
    for record in records:
        form = forms[(record.form_id, record.form_version)]
        given = answers.get(record.id, {})
        outcome = evaluations.outcome(form, {k: a[0] for k, a in given.items()})
        yield EvaluatedRecord(record, form, given, outcome)


def record_areas(store: AuditStore) -> tuple[str | None, dict[int, str]]:
    """Where each record's area comes from (``area_source``), and record id -> area."""
    return area_source(store), stored_areas(store)


def area_source(store: AuditStore) -> str | None:
    """Where the records' areas come from, for the findings' note; None when the sample gives none.

    The column an import mapped as the area (``imports.mapping``'s ``roles``); for a
    sample imported without that mapping, a column named like "area"
    (``core.mapping.area_field``): ``'the column mapped as the area ("Policing area")'``.
    Each record's area is kept beside its fields (``store.record_areas``).
    """
    choice = area_choice(store)
    if choice.mapped:
        names = ", ".join(f"\u201c{c}\u201d" for c in choice.mapped)
        return f"the column mapped as the area at import ({names})"
    return f"the imported column \u201c{choice.named}\u201d" if choice.named else None


def audited_records(store: AuditStore) -> list[AuditedRecord]:
    """Every record with its effective final answers and progress, in sample order.

    The findings' fast path: values only (no source fields, notes or authors), and
    one evaluation per pattern of answers (``core.evaluations``).
    """
    forms = store.forms()
    records = records_in_order(store)
    determined = set(store.determinations())
    values = answer_values(store, {record_id for record_id, key, *_rest in records if key in determined})
    evaluations = Evaluations()
    _field, areas = record_areas(store)
    out = []
    for record_id, key, form_id, version in records:
        given = values.get(record_id, {})
        outcome = evaluations.outcome(forms[(form_id, version)], given)
        out.append(AuditedRecord(key, form_id, outcome.effective(given), outcome.progress, 1, areas.get(record_id, "")))
    return out


def audited_patterns(store: AuditStore) -> list[AuditedRecord]:
    """The records as the findings count them, records with the same answers counted together.

    The findings' fast path over 100,000 records. SQLite gives each record's
    answers as one string (free text no rule reads left out: the findings never
    read it), each pattern of answers is evaluated once, and the records of a
    pattern in one area are one weighted `AuditedRecord`. Progress is the cached
    progress the store keeps beside the audit team's answers, which are the final
    answers of every record the FCR has not determined; a determined record (or
    one with no cached progress) is read in full and evaluated on its own. Same
    findings as `audited_records`, record for record.
    """
    forms = store.forms()
    determined = set(store.determinations())
    left_out = unread_text(forms.values(), READ_BY_FINDINGS)
    patterns: dict[tuple[str, str, str, str], dict[str, int]] = {}   # -> area -> how many records
    alone: dict[int, tuple[str, str, str]] = {}                      # record id -> (form, version, area)
    own: set[int] = set()                                            # the determined ones: the FCR's answers
    for record_id, key, form_id, version, area, progress, given in answer_patterns(store, left_out):
        if key in determined or (progress is None and given != "[]"):
            alone[record_id] = (form_id, version, area)
            if key in determined:
                own.add(record_id)
            continue
        by_area = patterns.setdefault((form_id, version, progress or checklist.NOT_STARTED, given), {})
        by_area[area] = by_area.get(area, 0) + 1
    evaluations = Evaluations()
    out = []
    for (form_id, version, progress, given), by_area in patterns.items():
        answers = pattern_answers(given)
        effective = evaluations.outcome(forms[(form_id, version)], answers).effective(answers)
        out.extend(AuditedRecord("", form_id, effective, progress, weight, area) for area, weight in by_area.items())
    full = answer_values(store, own, only=alone) if alone else {}
    for record_id, (form_id, version, area) in alone.items():
        answers = full.get(record_id, {})
        outcome = evaluations.outcome(forms[(form_id, version)], answers)
        out.append(AuditedRecord("", form_id, outcome.effective(answers), outcome.progress, 1, area))
    return out


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
                            checklists=findings_checklists(store.forms()), populations=audit_populations(store, settings))


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
    return findings_from(store, audited_patterns(store), store.settings(), recorded_crime)


@dataclass(frozen=True)
class FindingsReport:
    """The findings, their narrative and their layout, read at one moment."""

    settings: AuditSettings
    findings: Findings
    narrative: list[str]
    layout: FindingsLayout
    records: int
    determinations: DeterminationFindings | None = None

    def to_dict(self) -> dict:
        """``findings --json``: ``{"findings", "narrative", "layout", "determinations"}`` (docs/findings.md)."""
        return {"findings": self.findings.to_dict(), "narrative": self.narrative, "layout": self.layout.to_dict(),
                "determinations": self.determinations.to_dict() if self.determinations is not None else None}


def report_of(store: AuditStore, findings: Findings, settings: AuditSettings, records: int,
              sides=None, trend=None, audited: list[AuditedRecord] | None = None) -> FindingsReport:
    """The narrative and the layout of ``findings``, with the sections on the audit of the audit.

    ``sides`` is ``ops.review_findings.side_answers(store)`` when the caller has it;
    ``trend`` a ``core.trend.Trend`` to lay out as the Trend section; ``audited`` the
    records the findings counted (with their areas), for the breakdown by area.
    """
    from workbench.core.trend_section import trend_section
    from workbench.ops.review_findings import determination_summary, review_sections, side_answers

    from workbench.core.wording import settings_words, with_audit_words

    paragraphs = narrative(findings, settings)
    forms = {form_id: with_audit_words(form, settings_words(settings.time_limit_hours))
             for form_id, form in latest_forms(store.forms()).items()}
    titles = {form_id: form.title for form_id, form in forms.items()}
    sides = side_answers(store) if sides is None else sides
    source = area_source(store) if audited is not None else None
    areas = area_breakdown(audited, source) if source else None
    determinations = determination_summary(store, sides)
    layout = findings_layout(findings, paragraphs, titles, settings.force, method_facts(store),
                             review_sections(store, forms, sides, determinations), trend_section(trend), areas)
    return FindingsReport(settings, findings, paragraphs, layout, records, determinations)


def method_facts(store: AuditStore) -> MethodFacts:
    """How the sample came about: the workbench's draws, and the files records were imported from."""
    draws = tuple(SampleDraw(d.form_id, d.file_name, d.population_rows, d.size, d.strata_column, d.allocation,
                             d.algorithm, d.seed) for d in store.sample_draws())
    drawn_files = {d.population_file for d in draws}
    imports = tuple(SampleImport(i["file_name"], i["row_count"], i["added_count"], i["imported_at"], i["imported_by"])
                    for i in store.imports() if i["file_name"] not in drawn_files)
    return MethodFacts(imports, draws)


def audit_populations(store: AuditStore, settings: AuditSettings) -> dict[str, int]:
    """Stratum (checklist id) -> population size: from the workbench's draws, and as entered in the settings.

    A draw records the rows of the population it was drawn from (the latest draw of
    a checklist counts); a population entered in the audit's settings wins, since
    the user entered it knowing the draw.
    """
    drawn = {d.form_id: d.population_rows for d in store.sample_draws()}
    return {**drawn, **settings.population_sizes}


def audit_report(store: AuditStore, recorded_crime: int | None = None) -> FindingsReport:
    """The findings, narrative and layout, everything read in one read transaction.

    A save committed by another connection while this reads is not seen (it is
    picked up next time); see ``store.findings_queries.read_snapshot``.
    """
    with read_snapshot(store):
        settings = store.settings()
        audited = audited_patterns(store)
        findings = findings_from(store, audited, settings, recorded_crime)
        return report_of(store, findings, settings, store.record_count(), audited=audited)


def stratum_checklists(store: AuditStore | None = None) -> list[tuple[str, str]]:
    """(stratum, title) of each stratum a population can be entered for: for now the record
    sources (incident records, referrals), by checklist id, with their titles in the audit."""
    titles = {form_id: form.title for form_id, form in builtin_forms().items()}
    if store is not None:
        titles.update({form_id: form.title for form_id, form in latest_forms(store.forms()).items()})
    return [(s.form_id, titles.get(s.form_id, s.title)) for s in RECORDING_SOURCES]


def open_reader(path: Path, check: bool = True) -> AuditStore:
    """A connection of its own to the audit at ``path`` that cannot write (for reading the findings).

    ``check`` False leaves out SQLite's full integrity check (7 to 12 s on a
    100,000-record, 700 MB audit here; ``workbench verify`` makes it, and SQLite still
    refuses any damaged page it reads). An older file is still checked and
    migrated first. Cached progress is not rebuilt: the findings evaluate any
    record that has none (``audited_patterns``).
    """
    return make_read_only(AuditStore.open(Path(path), check))
