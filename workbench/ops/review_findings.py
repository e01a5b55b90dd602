"""The audit of the audit, read from the file: the FCR's determinations against the team, and the peer's answers.

- ``determination_summary``: the FCR determinations table (``core.fcr_findings``):
  records determined, overturned, per question, and flags closed.
- ``review_sections``: that table and the agreement with the peer reviewers
  (``ops.agreement.agreement_data``) as sections of the findings layout.
- ``side_answers``: per record, the audit team's, the peer's and the FCR's answers
  that apply (each evaluated on its own), for the exports' Answers and Decisions
  sheets.

A determined record's final answers are the FCR's, whole; every other record's
are the audit team's (``ops.findings.final_answer_records``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from workbench.core import checklist
from workbench.core.evaluations import Evaluations
from workbench.core.fcr_findings import DeterminationFindings, DeterminedRecord, determination_findings
from workbench.core.findings_layout import Section
from workbench.core.forms import SELECT_TYPES, Form
from workbench.core.report import DecisionRow, LongAnswer
from workbench.core.review_sections import agreement_section, determinations_section
from workbench.core.peer_review import PEER_ROUND   # (not from ops.adjudication: the findings need none of its imports)
from workbench.store.audit_store import AuditStore, Determination
from workbench.store.findings_queries import determination_events

#: ``{(question, instance): (value, note)}``: one side's answers to one record.
SideAnswers = dict[checklist.AnswerKey, tuple[str, str]]


@dataclass
class RecordSides:
    """One record's answers on each side, each only those that apply on that side's own evaluation."""

    key: str
    form: Form
    team: SideAnswers = field(default_factory=dict)
    peer: SideAnswers = field(default_factory=dict)
    fcr: SideAnswers = field(default_factory=dict)
    team_compliant: bool | None = None
    fcr_compliant: bool | None = None
    determination: Determination | None = None

    @property
    def final(self) -> SideAnswers:
        return self.fcr if self.determination is not None else self.team


def side_answers(store: AuditStore, keys: Iterable[str] | None = None) -> dict[str, RecordSides]:
    """Every determined or peer-reviewed record (or the ``keys`` given), in sample order, with its sides."""
    determined = store.determinations()
    peer: dict[str, SideAnswers] = defaultdict(dict)
    for a in store.answers("peer", PEER_ROUND):
        peer[a.record_key][(a.question, a.instance)] = (a.value, a.note)
    wanted = set(determined) | set(peer) if keys is None else set(keys)
    if not wanted:
        return {}
    forms, record_forms = store.forms(), store.record_forms_in_order(wanted)
    evaluations = Evaluations()
    out: dict[str, RecordSides] = {}
    for key, form_key in record_forms.items():
        form = forms[form_key]
        sides = RecordSides(key, form, determination=determined.get(key))
        sides.team, sides.team_compliant = _applying(evaluations, form, _given(store, "auditor", 1, key))
        sides.peer, _ = _applying(evaluations, form, peer.get(key, {}))
        if sides.determination is not None:
            sides.fcr, sides.fcr_compliant = _applying(evaluations, form, _given(store, "fcr", 1, key))
        out[key] = sides
    return out


def _given(store: AuditStore, role: str, review_round: int, key: str) -> SideAnswers:
    return {(a.question, a.instance): (a.value, a.note) for a in store.answers(role, review_round, key)}


def _applying(evaluations: Evaluations, form: Form, given: SideAnswers) -> tuple[SideAnswers, bool | None]:
    if not given:
        return {}, None
    outcome = evaluations.outcome(form, {k: v for k, (v, _n) in given.items()})
    return {k: a for k, a in given.items() if k in outcome.applies}, outcome.compliant


def flags_closed(store: AuditStore) -> set[str]:
    """The records whose flag for the FCR a determination closed (read from the log).

    A determination closes the record's flag in its own write: the ``record.unflag``
    event has the ``record.determine`` event's time and author. Both kinds are read
    together, through their own index (``store.findings_queries.determination_events``).
    """
    events = determination_events(store)
    decided = {(detail.get("record"), at, actor) for action, detail, at, actor in events if action == "record.determine"}
    return {detail.get("record") for action, detail, at, actor in events
            if action == "record.unflag" and (detail.get("record"), at, actor) in decided}


def determination_summary(store: AuditStore, sides: Mapping[str, RecordSides] | None = None) -> DeterminationFindings:
    """The FCR determinations table of the audit."""
    sides = side_answers(store) if sides is None else sides
    closed = flags_closed(store) if any(s.determination for s in sides.values()) else set()
    records = [DeterminedRecord(s.key, s.form.form_id, _choices(s.form, s.team), _choices(s.form, s.fcr),
                                s.determination.based_on, s.team_compliant, s.fcr_compliant, s.key in closed)
               for s in sides.values() if s.determination is not None]
    forms = {s.form.form_id: s.form for s in sides.values()}
    return determination_findings(records, {f: form.title for f, form in forms.items()}, question_labels(forms))


def question_labels(forms: Mapping[str, Form]) -> dict[tuple[str, str], str]:
    """``(checklist id, question)`` -> the question's label, in form order."""
    return {(form_id, q.name): (q.spec.label or q.name) for form_id, form in forms.items() for q in form.questions()}


def review_sections(store: AuditStore, forms: Mapping[str, Form], sides: Mapping[str, RecordSides] | None = None,
                    determinations: DeterminationFindings | None = None) -> tuple[Section | None, Section | None]:
    """The FCR determinations and the agreement with the peer reviewers, as findings sections (None: nothing to show).

    ``determinations``: ``determination_summary(store, sides)`` when the caller has it.
    """
    from workbench.ops.agreement import agreement_data

    sides = side_answers(store) if sides is None else sides
    fcr = determinations_section(determination_summary(store, sides) if determinations is None else determinations)
    if not any(s.peer for s in sides.values()):
        return fcr, None
    data = agreement_data(store)
    for row in data["disagreements"]:
        form = forms.get(row["form_id"])
        for side in ("auditor", "peer"):
            if form is not None and row[side] is not None:
                row[side] = choice_words(form, row["question"], row[side])
    return fcr, agreement_section(data, question_labels(forms), {f: form.title for f, form in forms.items()})


def choice_words(form: Form, question: str, value: str) -> str:
    """A choice answer in its checklist's words ("Yes", "Theft; Burglary"); any other answer as it is."""
    try:
        spec = form.question(question).spec
    except KeyError:
        return value
    if spec.type == "select_one":
        return form.choice_label(spec.list_name, value)
    if spec.type == "select_multiple":
        return "; ".join(form.choice_label(spec.list_name, v) for v in value.split())
    return value


def _choices(form: Form, answers: SideAnswers) -> dict[checklist.AnswerKey, str]:
    """The choice answers (the judgements; free text is wording), multiple choices in a stable order."""
    out = {}
    for (q, i), (v, _n) in answers.items():
        kind = form.question(q).spec.type
        if kind in SELECT_TYPES:
            out[(q, i)] = " ".join(sorted(v.split())) if kind == "select_multiple" else v
    return out


# -- the exports' Answers and Decisions sheets -------------------------------------------------

#: The note on an Answers row that clears a team answer the FCR's determination leaves out.
CLEARED_NOTE = "left out by the FCR's determination"


def long_answers(key: str, final: SideAnswers, sides: RecordSides | None) -> list[LongAnswer]:
    """A record's rows of the Answers sheet: the team's (auditor, 1), the peer's (peer, 2), the FCR's (fcr, 1).

    The FCR's rows amend the team's into the determination, as ``workbench answers
    --role fcr`` reads them: its answers, and a blank answer for each of the team's
    that the determination leaves out (a crime removed, a question no longer asked).
    So loading the auditor rows, then the fcr rows, gives the same final answers.
    """
    determined = sides is not None and sides.determination is not None
    team = sides.team if determined else final
    rows = [(key, q, i, v, n, "auditor", 1) for (q, i), (v, n) in team.items()]
    if sides is not None:
        rows += [(key, q, i, v, n, "peer", PEER_ROUND) for (q, i), (v, n) in sides.peer.items()]
    if determined:
        rows += [(key, q, i, v, n, "fcr", 1) for (q, i), (v, n) in final.items()]
        rows += [(key, q, i, "", CLEARED_NOTE, "fcr", 1) for (q, i) in team if (q, i) not in final]
    return rows


def decision_rows(sides: Mapping[str, RecordSides]) -> list[DecisionRow]:
    """Every answer of each determined or peer-reviewed record, side by side, in checklist order."""
    out = []
    for s in sides.values():
        order = {q.name: n for n, q in enumerate(s.form.questions())}
        keys = sorted({*s.team, *s.peer, *s.final}, key=lambda k: (k[1] or 0, order.get(k[0], 0)))
        d = s.determination
        for n, (q, i) in enumerate(keys):
            first = n == 0
            out.append(DecisionRow(
                s.key, s.form.form_id, q, i, _value(s.team, (q, i)), _value(s.peer, (q, i)), _value(s.final, (q, i)),
                d.decided_by if d and first else "", d.decided_at if d and first else "",
                d.based_on if d and first else "", d.reason if d and first else "", first, d is not None,
                bool(s.peer)))
    return out


def _value(answers: SideAnswers, key: checklist.AnswerKey) -> str | None:
    found = answers.get(key)
    return None if found is None else found[0]
