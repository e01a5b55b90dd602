"""The Decisions sheet: for each determined or peer-reviewed record, the audit team's answer, the
peer's and the final one side by side, with who decided, when, from whose answers and why.

One row per answer that applies on any side (and per crime), in checklist order;
a record's first row carries the decision (later rows leave it blank, so a record's
block reads as one). Answers are in their checklist's words. "Differences" says
where the sides part: the peer differs from the team (on a choice question), the FCR
overturned the team (or changed its free text, added or left out an answer).
A final answer that is not the team's is bold. Printed landscape, one page wide
(about 200 characters of columns, as the checklist sheets print), the header
repeated on every page.
"""

from __future__ import annotations

from workbench.core.report import DecisionRow, ReportData
from workbench.io.xlsx_cells import Book

SHEET = "Decisions"
HEADER = ["Record", "Checklist", "Question", "Crime", "Audit team", "Peer", "Final", "Differences",
          "Final answers by", "Started from", "Reason"]
#: About 200 characters of columns: one landscape page wide at a legible size.
WIDTHS = {0: 13, 1: 16, 2: 30, 3: 6, 4: 19, 5: 19, 6: 19, 7: 15, 8: 22, 9: 14, 10: 30}
STARTED_FROM = {"auditor": "the audit team's answers", "peer": "the peer's answers", "fcr": "the FCR's own answers"}
NOT_DETERMINED = "the audit team (not determined)"
_LINE_POINTS, _MAX_ROW_POINTS = 12.75, 409


def decisions_sheet(book: Book, data: ReportData, tick) -> None:
    """Add the Decisions sheet (only called when some record was determined or peer-reviewed)."""
    from workbench.io.xlsx_export import GREY, answer_text, choice_labels

    sheet = book.sheet(SHEET)
    sheet.header(HEADER, fmt=book.fmt(bold=True, bg_color="#DDE4EE", text_wrap=True, bottom=1, valign="bottom"))
    wrap, bold_wrap = book.fmt(text_wrap=True, valign="vcenter"), book.fmt(text_wrap=True, valign="vcenter", bold=True)
    grey = book.fmt(text_wrap=True, valign="vcenter", font_color=GREY)
    centre = book.fmt(valign="vcenter", align="center")
    labels = {form_id: choice_labels(form) for form_id, form in data.forms.items()}
    for row, d in enumerate(data.decisions, start=1):
        form = data.forms.get(d.form_id)

        def words(value: str | None) -> str:
            if value is None:
                return ""
            if form is None:
                return value
            try:
                question = form.question(d.question)
            except KeyError:
                return value
            shown = answer_text(form, question, value, labels[d.form_id])
            return shown if isinstance(shown, str) else f"{shown:g}"

        label = _label(form, d.question)
        values = [d.record_key, (form.title if form else d.form_id) if d.first else "", label, d.instance or "",
                  words(d.team), words(d.peer), words(d.final), _differences(d, _is_choice(form, d.question)),
                  _decided_by(d) if d.first else "",
                  STARTED_FROM.get(d.based_on, d.based_on) if d.first else "", d.reason if d.first else ""]
        key_fmt = wrap if d.first else grey
        fmts = [key_fmt, wrap, wrap, centre, wrap, wrap, bold_wrap if d.final != d.team else wrap, wrap, wrap, wrap,
                wrap]
        sheet.row(row, values, fmts)
        lines = max(_lines(v, WIDTHS[c]) for c, v in enumerate(values))
        if lines > 1:
            sheet.ws.set_row(row, min(_LINE_POINTS * lines + 2, _MAX_ROW_POINTS))
        tick()
    sheet.set_widths(WIDTHS)
    sheet.ws.set_row(0, 2 * _LINE_POINTS + 4)  # "Final answers by" and "Started from" on two lines
    sheet.autofilter(len(data.decisions), len(HEADER) - 1)
    sheet.finish(freeze_cols=1)


def _label(form, question: str) -> str:
    if form is None:
        return question
    try:
        return form.question(question).spec.label or question
    except KeyError:
        return question


def _decided_by(d: DecisionRow) -> str:
    return f"{d.decided_by} (FCR), {d.decided_at[:10]}" if d.decided_by else NOT_DETERMINED


def _differences(d: DecisionRow, choice: bool) -> str:
    """'peer differs; FCR overturned' where the sides part (a question one side did not answer included).

    The peer is compared on choice questions only, as the agreement table compares them:
    a peer's own rationale or crime reference is not a disagreement.
    """
    out = []
    if d.peer_reviewed and choice and d.peer != d.team:
        out.append("peer differs")
    if d.determined and d.final != d.team:
        out.append("FCR added" if d.team is None else "FCR left out" if d.final is None
                   else "FCR overturned" if choice else "FCR changed")
    return "; ".join(out)


def _is_choice(form, question: str) -> bool:
    try:
        return form is not None and form.question(question).spec.type.startswith("select")
    except KeyError:
        return False


def _lines(value: object, width: int) -> int:
    if not isinstance(value, str) or len(value) <= width:
        return 1
    return sum(-(-len(part) // max(1, int(width * 1.3))) or 1 for part in value.split("\n"))
