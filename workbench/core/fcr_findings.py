"""What the Force Crime Registrar's determinations changed: records decided, overturns, flags closed.

A determined record's final answers are the FCR's, whole (``ops.adjudication``).
Here each determined record is compared with the audit team's answers to it, both
taken as the choice answers that apply on their own evaluation (free text, a
rationale or a crime reference, is wording, not a judgement). The FCR *overturned*
the team on a question when both answered it (one of its repeat instances) and the
answers differ; a crime (repeat instance) the FCR added or removed is counted on
its own row. A record is overturned when any of its answers is, or its crimes.

The counts are plain data for the findings layout (``core.review_sections``) and
``findings --json``; they are not part of ``Findings`` (whose digest the FCR's
sign-off carries), since they describe the audit of the audit, not the force.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from workbench.core.checklist import AnswerKey
from workbench.core.findings_tables import Count


#: The row of the crimes (repeat instances) the FCR added or removed.
INSTANCES = "(instances)"
INSTANCES_LABEL = "Crimes added or removed (repeat instances)"


@dataclass(frozen=True)
class DeterminedRecord:
    """One record the FCR determined: the team's choice answers and the final ones, each only those that apply."""

    key: str
    form_id: str
    team: Mapping[AnswerKey, str]
    final: Mapping[AnswerKey, str]
    based_on: str
    team_compliant: bool | None
    final_compliant: bool | None
    flag_closed: bool = False

    def overturned(self) -> list[str]:
        """The questions both answered whose final answer differs from the team's, in the order first met."""
        return list(dict.fromkeys(q for (q, i), v in self.final.items() if (q, i) in self.team
                                  and self.team[(q, i)] != v))

    def instances_changed(self) -> bool:
        """Whether the FCR added or removed a repeat instance (a crime)."""
        return _instances(self.final) != _instances(self.team)

    def changed(self) -> bool:
        """Whether the final answers differ from the team's at all."""
        return dict(self.final) != dict(self.team)


def _instances(answers: Mapping[AnswerKey, str]) -> int:
    return max((i for _q, i in answers if i), default=0)


@dataclass(frozen=True)
class ChecklistDeterminations:
    """One checklist's determined records, how many the FCR overturned, and verdicts changed."""

    form_id: str
    title: str
    determined: int
    overturned: int
    verdict_changed: int

    def to_dict(self) -> dict:
        return {"form_id": self.form_id, "title": self.title, "determined": self.determined,
                "overturned": self.overturned, "verdict_changed": self.verdict_changed}


@dataclass(frozen=True)
class QuestionOverturns:
    """One question: of the determined records it applied to (on either side), those the FCR overturned on it."""

    form_id: str
    question: str
    label: str
    overturned: Count

    def to_dict(self) -> dict:
        return {"form_id": self.form_id, "question": self.question, "label": self.label,
                "overturned": self.overturned.to_dict()}


@dataclass(frozen=True)
class DeterminationFindings:
    """The FCR determinations table: by checklist, by question, and flags closed."""

    by_checklist: tuple[ChecklistDeterminations, ...] = ()
    by_question: tuple[QuestionOverturns, ...] = ()
    based_on: dict[str, int] = field(default_factory=dict)
    flags_closed: int = 0

    @property
    def determined(self) -> int:
        return sum(c.determined for c in self.by_checklist)

    @property
    def overturned(self) -> int:
        return sum(c.overturned for c in self.by_checklist)

    @property
    def verdict_changed(self) -> int:
        return sum(c.verdict_changed for c in self.by_checklist)

    def to_dict(self) -> dict:
        return {"determined": self.determined, "overturned": self.overturned, "verdict_changed": self.verdict_changed,
                "flags_closed": self.flags_closed, "based_on": dict(self.based_on),
                "by_checklist": [c.to_dict() for c in self.by_checklist],
                "by_question": [q.to_dict() for q in self.by_question]}


def determination_findings(records: Iterable[DeterminedRecord], titles: Mapping[str, str],
                           labels: Mapping[tuple[str, str], str]) -> DeterminationFindings:
    """Count the determinations.

    Parameters
    ----------
    records
        Every determined record, in sample order.
    titles
        Checklist id -> title.
    labels
        ``(checklist id, question)`` -> the question's label; the order of its keys
        is the order of the questions in the table (form order).
    """
    records = list(records)
    forms = list(dict.fromkeys(r.form_id for r in records))
    by_checklist = []
    for form_id in forms:
        own = [r for r in records if r.form_id == form_id]
        by_checklist.append(ChecklistDeterminations(
            form_id, titles.get(form_id, form_id), len(own), sum(1 for r in own if r.changed()),
            sum(1 for r in own if r.team_compliant is not None and r.final_compliant is not None
                and r.team_compliant != r.final_compliant)))
    applied: Counter[tuple[str, str]] = Counter()
    overturned: Counter[tuple[str, str]] = Counter()
    for r in records:
        for question in dict.fromkeys(q for q, i in r.final if (q, i) in r.team):
            applied[(r.form_id, question)] += 1
        for question in r.overturned():
            overturned[(r.form_id, question)] += 1
        if any(i for _q, i in [*r.team, *r.final]):
            applied[(r.form_id, INSTANCES)] += 1
            overturned[(r.form_id, INSTANCES)] += r.instances_changed()
    order = [*labels, *((f, INSTANCES) for f in forms)]
    names = {**labels, **{(f, INSTANCES): INSTANCES_LABEL for f in forms}}
    by_question = tuple(QuestionOverturns(f, q, names[(f, q)], Count(overturned[(f, q)], applied[(f, q)]))
                        for f, q in order if overturned[(f, q)])
    based_on = dict(Counter(r.based_on for r in records))
    return DeterminationFindings(tuple(by_checklist), by_question, based_on, sum(r.flag_closed for r in records))
