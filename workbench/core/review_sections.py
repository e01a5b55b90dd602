"""The sections on the audit of the audit: the FCR's determinations, and agreement with peer reviewers.

Laid out like every other section (``core.findings_layout``), so the command
line, the Findings tab, the workbook and the PDF each show them. Built from plain
data gathered by ``ops``: a `DeterminationFindings` (``core.fcr_findings``) and
the agreement table as ``ops.agreement.agreement_data`` gives it.
"""

from __future__ import annotations

from collections.abc import Mapping

from workbench.core.fcr_findings import DeterminationFindings
from workbench.core.findings_layout import (
    BOLD, COUNT, RATIO, TEXT, TOTAL, Column, Paragraphs, Row, Section, Table, count, ratio, text,
)
from workbench.core.findings_tables import Count

#: The words for where a determination started from.
BASED_ON_WORDS = {"auditor": "the audit team's answers", "peer": "the peer reviewer's answers",
                  "fcr": "the FCR's own answers"}
#: The columns of an agreement table.
AGREEMENT_COLUMNS = (Column("Question", TEXT), Column("Agreed", RATIO), Column("95% interval", TEXT),
                     Column("Cohen's kappa", TEXT), Column("Gwet's AC1", TEXT))
#: Disagreements listed in the findings at most (every one is in the workbook's Decisions sheet).
MAX_DISAGREEMENTS = 60


def determinations_section(d: DeterminationFindings | None) -> Section | None:
    """'FCR determinations': records determined and overturned by checklist, overturns by question."""
    if d is None or not d.determined:
        return None
    rows = [Row((text(c.title), count(c.determined), ratio(Count(c.overturned, c.determined)),
                 count(c.verdict_changed))) for c in d.by_checklist]
    if len(rows) > 1:
        rows.append(Row((text("All determined records"), count(d.determined), ratio(Count(d.overturned, d.determined)),
                         count(d.verdict_changed)), TOTAL))
    started = _and([f"{BASED_ON_WORDS.get(side, side)} ({n:,})" for side, n in sorted(d.based_on.items())])
    records = Table("fcr.records", "Records the FCR determined", (
        Column("Checklist", TEXT), Column("Records determined", COUNT),
        Column("Overturned the audit team", RATIO), Column("Compliance verdict changed", COUNT),
    ), tuple(rows), (f"Overturned: the final answer differs from the audit team's to at least one choice question "
                     f"that applies, or the FCR added or removed a crime. The determinations started from {started}.",
                     _flags_sentence(d.flags_closed)))
    blocks: list = [records]
    if d.by_question:
        several = len({q.form_id for q in d.by_question}) > 1
        blocks.append(Table("fcr.questions", "Questions on which the FCR overturned the audit team", (
            Column("Question", TEXT), Column("Overturned", RATIO),
        ), tuple(Row((text(_with_checklist(q.label, _title(d, q.form_id), several)), ratio(q.overturned)))
                 for q in d.by_question),
            ("Overturned: x of the n determined records where both the team and the FCR answered the question (for "
             "crimes added or removed: of the determined records with crimes). On every choice question not listed, "
             "the FCR's answers were the team's.",)))
    intro = ("The Force Crime Registrar's determinations are final: a determined record counts in every table "
             "above with the FCR's answers, never a mixture of the FCR's and the team's. Here, how often the FCR "
             "decided and how often the decision overturned the audit team.")
    return Section("fcr", "FCR determinations", intro, tuple(blocks))


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _title(d: DeterminationFindings, form_id: str) -> str:
    return next((c.title for c in d.by_checklist if c.form_id == form_id), form_id)


def _with_checklist(label: str, title: str, several: bool) -> str:
    """'Was this crime recorded? (Incident record)' when the table covers several checklists."""
    return f"{label} ({title.split(' (')[0]})" if several else label


def _flags_sentence(closed: int) -> str:
    if not closed:
        return "No record flagged for the FCR was closed by a determination."
    return f"{closed:,} record{'s' if closed != 1 else ''} flagged for the FCR {'was' if closed == 1 else 'were'} " \
           "closed by the determination."


def agreement_section(data: Mapping | None, labels: Mapping[tuple[str, str], str] | None = None,
                      titles: Mapping[str, str] | None = None) -> Section | None:
    """'Agreement with the peer reviewers': per question and overall, then the disagreements.

    ``data`` is ``ops.agreement.agreement_data``'s dict; ``labels`` names questions
    (``(checklist id, question)`` -> label) and ``titles`` checklists (a question is
    followed by its checklist when several were compared). None when no pair was compared.
    """
    if not data or not data["overall"]["pairs"]:
        return None
    labels, titles = labels or {}, titles or {}
    forms = list(dict.fromkeys(q["form_id"] for q in data["questions"]))
    blocks: list = []
    for form_id in forms:  # a table per checklist: its questions, in checklist order
        rows = [_agreement_row(labels.get((q["form_id"], q["question"]), q["question"]), q)
                for q in data["questions"] if q["form_id"] == form_id]
        blocks.append(Table(f"agreement.{form_id}", f"Agreement by question: {titles.get(form_id, form_id)}",
                            AGREEMENT_COLUMNS, tuple(rows)))
    rows = [_agreement_row("All questions", data["overall"], BOLD)]
    if data["record_verdict"]["pairs"]:
        rows.append(_agreement_row("Record verdict (compliant or not)", data["record_verdict"]))
    blocks.append(Table("agreement.questions", "Agreement between the audit team and the peer reviewers, overall",
                        AGREEMENT_COLUMNS, tuple(rows),
                        ("Each coefficient is followed by its 95% interval in brackets.", *data.get("notes", ()))))
    found = data["disagreements"]
    if found:
        shown = found[:MAX_DISAGREEMENTS]
        notes = () if len(found) == len(shown) else (
            f"The first {len(shown):,} of {len(found):,} disagreements; the workbook's Decisions sheet lists every "
            "answer of every peer-reviewed record.",)
        blocks.append(Table("agreement.disagreements", f"Disagreements ({len(found):,})", (
            Column("Record", TEXT), Column("Question", TEXT), Column("Audit team", TEXT), Column("Peer", TEXT),
        ), tuple(Row((text(g["record"]), text(_where(labels.get((g["form_id"], g["question"]), g["question"]),
                                                         g["instance"])),
                      text(g["auditor"] or "(not answered)"), text(g["peer"] or "(not answered)"))) for g in shown),
            notes))
    else:
        blocks.append(Paragraphs(("The peer reviewers and the audit team gave the same answer to every question "
                                  "both answered.",)))
    intro = ("A peer reviewer from another force answered a share of the records again, blind to the audit team's "
             "answers. How far the two agree says how far the audit's own answers can be relied on.")
    return Section("agreement", "Agreement with the peer reviewers", intro, tuple(blocks))


def _agreement_row(label: str, row: Mapping, emphasis: str = "") -> Row:
    low, high = row.get("percent_low"), row.get("percent_high")
    spread = f"{low:.1f}–{high:.1f}%" if low is not None and high is not None else ""
    return Row((text(label), ratio(Count(row["agreed"], row["pairs"])), text(spread),
                text(_coefficient(row.get("kappa"))), text(_coefficient(row.get("ac1")))), emphasis)


def _coefficient(value: Mapping | None) -> str:
    """'0.62 (0.41–0.83)', or a dash when undefined."""
    if not value:
        return "–"
    dash = "–" if value["low"] >= 0 else " to "  # "-0.20–1.00" would read as a range from minus
    return f"{value['value']:.2f} ({value['low']:.2f}{dash}{value['high']:.2f})"


def _where(label: str, instance: int | None) -> str:
    return f"{label} (crime {instance})" if instance else label
