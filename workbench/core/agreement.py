"""Agreement between the audit team and a peer reviewer: per question, overall, and the differences.

A *pair* is one question (one repeat instance) of one record that both the
auditor (round 1) and the peer (round 2) answered, where it applies to each of
them. Only choice questions are compared (``select_one``, ``select_multiple``):
free text, numbers and dates are not categories. For each question, and
overall, the table gives the number of pairs, percent agreement (with its Wilson
95% interval), Cohen's kappa and Gwet's AC1 (each with a 95% interval from its
large-sample variance: ``statistics.kappa_interval``, ``statistics.ac1_interval``).

"All questions" pools every pair, each answer taken as its choice name (so "yes"
to one question and "yes" to another are the same category): for the yes/no
questions that make up most checklists, this is the overall yes/no agreement.
"Record verdict" compares, for records both completed, whether each found the
record compliant. An answer given by only one of the two (the peer saw a second
crime, say) is listed as a disagreement but is not a pair.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from workbench.core.statistics import (
    AgreementEstimate, ProportionInterval, ac1_interval, kappa_interval, percent, points, wilson_bounds,
)

ALL_QUESTIONS = "All questions"
RECORD_VERDICT = "Record verdict (compliant or not)"

NOTES = (
    "Pairs: a question (a repeat instance) of a record that both the auditor (round 1) and the peer (round 2) "
    "answered where it applies; only choice questions are compared.",
    "Percent agreement: with the Wilson score 95% interval.",
    "Cohen's kappa: 95% interval kappa +/- 1.96 SE, SE from the large-sample variance of Fleiss, Cohen and Everitt "
    "(1969) in Gwet's form (2014). Undefined (blank) when both always gave the same single answer.",
    "Gwet's AC1: 95% interval AC1 +/- 1.96 SE, SE from Gwet's variance (2008); unlike kappa it stays meaningful "
    "when nearly every answer is 'yes'. Categories are all the question's choices.",
    "All questions: every pair pooled, each answer taken as its choice name. Record verdict: records both "
    "completed, compliant or not.",
    "With few pairs (under about 30) the intervals are rough; Gwet's own use Student's t and are a little wider. "
    "Where every pair agrees the standard error is 0 and a coefficient's interval shrinks to the point: read it "
    "with the number of pairs and the Wilson interval of the agreement.",
)


@dataclass(frozen=True)
class ComparedItem:
    """One question of one record as the two reviewers answered it (None: not answered by that one)."""

    record: str
    form_id: str
    question: str
    instance: int | None
    first: str | None
    second: str | None


@dataclass(frozen=True)
class AgreementRow:
    """One line of the table: a question (of a checklist), all questions, or the record verdict."""

    label: str
    form_id: str | None
    pairs: int
    agreed: int
    percent_interval: ProportionInterval | None
    kappa: AgreementEstimate | None
    ac1: AgreementEstimate | None

    @property
    def percent(self) -> float | None:
        return percent(self.agreed, self.pairs)

    def to_dict(self) -> dict:
        interval = self.percent_interval
        return {
            "question": self.label, "form_id": self.form_id, "pairs": self.pairs, "agreed": self.agreed,
            "percent": self.percent,
            "percent_low": None if interval is None else points(interval.low),
            "percent_high": None if interval is None else points(interval.high),
            "kappa": None if self.kappa is None else self.kappa.to_dict(),
            "ac1": None if self.ac1 is None else self.ac1.to_dict(),
        }


@dataclass(frozen=True)
class AgreementTable:
    """Per question, all questions pooled, the record verdict, and every disagreement."""

    rows: list[AgreementRow]
    overall: AgreementRow
    verdict: AgreementRow
    disagreements: list[ComparedItem]
    notes: tuple[str, ...] = field(default=NOTES)

    def to_dict(self) -> dict:
        """The table as plain data: what ``workbench agreement --json`` prints and an export lays out."""
        return {
            "questions": [r.to_dict() for r in self.rows],
            "overall": self.overall.to_dict(),
            "record_verdict": self.verdict.to_dict(),
            "disagreements": [
                {"record": d.record, "form_id": d.form_id, "question": d.question, "instance": d.instance,
                 "auditor": d.first, "peer": d.second} for d in self.disagreements
            ],
            "notes": list(self.notes),
        }


def agreement_row(label: str, form_id: str | None, first: Sequence[str], second: Sequence[str],
                  categories: Sequence[str] | None = None) -> AgreementRow:
    """One line of the table from the two raters' answers, pair by pair."""
    pairs = len(first)
    agreed = sum(a == b for a, b in zip(first, second))
    interval = None
    if pairs:
        low, high = wilson_bounds(agreed, pairs)
        interval = ProportionInterval(agreed, pairs, "wilson", low, high)
    return AgreementRow(label, form_id, pairs, agreed, interval, kappa_interval(first, second),
                        ac1_interval(first, second, categories) if pairs else None)


def agreement_table(items: Iterable[ComparedItem], categories: Mapping[tuple[str, str], Sequence[str]],
                    verdicts: Iterable[tuple[bool, bool]] = ()) -> AgreementTable:
    """The agreement table.

    Parameters
    ----------
    items
        Every compared question of every record, in sample order.
    categories
        The choice names of each ``(checklist, question)``, in form order; the
        questions appear in the table in this order.
    verdicts
        ``(auditor found compliant, peer found compliant)`` for each record both completed.
    """
    by_question: dict[tuple[str, str], tuple[list[str], list[str]]] = {key: ([], []) for key in categories}
    disagreements = []
    for item in items:
        if item.first is None or item.second is None or item.first != item.second:
            disagreements.append(item)
        if item.first is not None and item.second is not None:
            first, second = by_question.setdefault((item.form_id, item.question), ([], []))
            first.append(item.first)
            second.append(item.second)
    rows = [agreement_row(question, form_id, a, b, categories.get((form_id, question)))
            for (form_id, question), (a, b) in by_question.items() if a]
    every_first = [v for a, _ in by_question.values() for v in a]
    every_second = [v for _, b in by_question.values() for v in b]
    every_category = sorted({c for names in categories.values() for c in names})
    overall = agreement_row(ALL_QUESTIONS, None, every_first, every_second, every_category)
    verdict_pairs = [("compliant" if a else "not compliant", "compliant" if b else "not compliant") for a, b in verdicts]
    verdict = agreement_row(RECORD_VERDICT, None, [a for a, _ in verdict_pairs], [b for _, b in verdict_pairs],
                            ["compliant", "not compliant"])
    return AgreementTable(rows, overall, verdict, disagreements)
