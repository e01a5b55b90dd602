"""The Findings sheet: the audit's tables laid out as HMIC(FRS) lays them out.

A title block (audit, force, period, time limit, status, marking), then Part B in
the 2014 inspection's words ("Crimes reported as part of an incident record":
Incidents reviewed | Crimes identified | Crimes recorded; "Crime reports held on
other systems"; "No-crimes"), the recording rates with their 95% intervals,
timeliness and classification, cancelled crimes, N100, each out-of-court disposal
question as x of n, the unrecorded-crime estimate, what was left out, and the
narrative.

Every count is a number; every rate is the exact fraction x / n with a percentage
format (never text), in the cell right of its x and n; "of" before an n is part of
the number format, so "23 | of 25 | 92.0%" reads as the report reads and still sums.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workbench.core.report import ReportData
from workbench.io.xlsx_cells import Book, Sheet

FINDINGS_SHEET = "Findings"
#: Column A holds row labels; the numbers sit in B to I.
LABEL_WIDTH, VALUE_WIDTH, VALUE_COLUMNS = 46, 14, 8
NAVY = "#1F3864"
_LINE_HEIGHT = 12.75
_LABEL_CHARS = LABEL_WIDTH + VALUE_COLUMNS * VALUE_WIDTH

# Column kinds: how a cell is written and formatted.
LABEL, COUNT, OF, PCT, PLUS_MINUS, LOW, HIGH, TEXT, NOTE = (
    "label", "count", "of", "pct", "pm", "low", "high", "text", "note")
_NUM_FORMATS = {COUNT: "#,##0", OF: '"of "#,##0', PCT: "0.0%", PLUS_MINUS: '"+/- "0.00%', LOW: "0.0%", HIGH: '"to "0.0%'}


@dataclass
class _Cursor:
    """Where the next row goes, and where printed pages break so no table is split.

    Heights are in points; a row not given one is the default 13.5. ``PAGE`` is the
    height of a landscape A4 page below the repeated title rows, at the scale
    fit-to-width gives these column widths.
    """

    sheet: Sheet
    row: int = 0
    page_start: int = 2
    anchor: int | None = None
    heights: dict[int, float] = field(default_factory=dict)
    breaks: list[int] = field(default_factory=list)

    PAGE = 690.0

    @property
    def book(self) -> Book:
        return self.sheet.book

    def skip(self, rows: int = 1) -> None:
        self.row += rows

    def set_height(self, row: int, height: float) -> None:
        self.heights[row] = height
        self.sheet.ws.set_row(row, height)

    def keep_together(self, needed: float) -> None:
        """Start a new page here (or at the section heading above) unless ``needed`` fits."""
        used = sum(self.heights.get(r, 13.5) for r in range(self.page_start, self.row))
        if used + needed > self.PAGE and self.row > self.page_start:
            at = self.anchor if self.anchor is not None else self.row
            if at > self.page_start:
                self.breaks.append(at)
                self.page_start = at
        self.anchor = None


def write_findings(book: Book, data: ReportData) -> Sheet:
    """Add the Findings sheet (first in the workbook) and lay out every table."""
    sheet = book.sheet(FINDINGS_SHEET, header_rows=2)
    cur = _Cursor(sheet)
    _title_block(cur, data)
    f = data.findings
    if f is None:
        _paragraph(cur, "The findings are not available in this build.", book.fmt(italic=True))
    else:
        _part_b(cur, f, data.settings.force or "This audit")
        _rates(cur, f)
        _timeliness(cur, f)
        _cancelled(cur, f)
        _n100(cur, f)
        _disposals(cur, f)
        _unrecorded(cur, f)
        _exclusions(cur, f, data)
        _narrative(cur, data.narrative)
    sheet.set_widths({0: LABEL_WIDTH, **{c: VALUE_WIDTH for c in range(1, VALUE_COLUMNS + 1)}})
    sheet.ws.hide_gridlines(2)
    sheet.ws.set_default_row(13.5)
    sheet.ws.set_h_pagebreaks(cur.breaks)
    sheet.finish()
    return sheet


# -- building blocks ----------------------------------------------------------------------


def _title_block(cur: _Cursor, data: ReportData) -> None:
    book, ws, s = cur.book, cur.sheet.ws, data.settings
    cur.sheet.write(0, 0, s.title, book.fmt(bold=True, font_size=16, font_color=NAVY, valign="vcenter"))
    cur.set_height(0, 24)
    cur.sheet.write(1, 0, f"Crime data integrity audit: findings   |   {s.marking}   |   {data.status}",
                    book.fmt(font_size=10, font_color="#595959", bottom=2, bottom_color=NAVY))
    for col in range(1, VALUE_COLUMNS + 1):
        ws.write_blank(1, col, None, book.fmt(bottom=2, bottom_color=NAVY))
    status = data.status
    if data.signoff and data.signoff.void:
        status = data.signoff.void
    elif data.signoff:
        status = f"Signed off by {data.signoff.name} ({data.signoff.role}) on {data.signoff.at[:10]}"
    period = " to ".join(p for p in (s.period_start, s.period_end) if p) or "not set"
    pairs = [("Force", s.force or "not set"), ("Audit period", period),
             ("Recording time limit", f"{s.time_limit_hours} hours"), ("Status", status),
             ("Protective marking", s.marking), ("Generated", f"{data.generated_at[:16].replace('T', ' ')} by {data.generated_by}")]
    label, value = book.fmt(bold=True, font_color="#404040"), book.fmt()
    cur.row = 3
    for key, text in pairs:
        cur.sheet.write(cur.row, 0, key, label)
        cur.sheet.write(cur.row, 1, text, value)
        cur.skip()
    cur.skip()


def _section(cur: _Cursor, title: str) -> None:
    cur.skip()
    fmt = cur.book.fmt(bold=True, font_size=13, font_color=NAVY, bottom=1, bottom_color=NAVY, valign="bottom")
    cur.sheet.write(cur.row, 0, title, fmt)
    for col in range(1, VALUE_COLUMNS + 1):
        cur.sheet.ws.write_blank(cur.row, col, None, cur.book.fmt(bottom=1, bottom_color=NAVY))
    cur.set_height(cur.row, 20)
    cur.anchor = cur.row  # a page break before the next table goes above its section's heading
    cur.skip(2)


def _table(cur: _Cursor, title: str, headings: list[str], kinds: list[str], rows: list[list[Any]],
           total_rows: int = 0, note: str = "") -> int:
    """A titled table; returns the sheet row of its heading. The first ``total_rows`` rows are bold."""
    book, sheet = cur.book, cur.sheet
    cur.keep_together(13.5 * (len(rows) + 2 + 2 * bool(note)) + 40)
    if title:
        sheet.write(cur.row, 0, title, book.fmt(bold=True, font_size=11))
        cur.skip()
    heading_row = cur.row
    lines, col = 1, 0
    while col < len(headings):
        span = 1
        while col > 0 and col + span < len(headings) and headings[col + span] == "":
            span += 1  # an empty heading widens the one to its left
        kind = kinds[col]
        fmt = book.fmt(bold=True, bg_color="#DDE4EE", text_wrap=True, valign="bottom", top=1, bottom=1,
                       align="left" if kind in (LABEL, TEXT, NOTE) else "center" if span > 1 else "right",
                       indent=1 if kind == NOTE else 0)
        if span > 1:
            sheet.ws.merge_range(cur.row, col, cur.row, col + span - 1, "", fmt)
        sheet.write(cur.row, col, headings[col], fmt)
        if col:
            lines = max(lines, -(-len(headings[col]) // (span * VALUE_WIDTH - 2)))
        col += span
    cur.set_height(cur.row, _LINE_HEIGHT * lines + 3)
    cur.skip()
    for i, values in enumerate(rows):
        bold = i < total_rows
        last = i == len(rows) - 1
        for col, (value, kind) in enumerate(zip(values, kinds)):
            if isinstance(value, tuple):  # (value, kind): this cell differs from its column
                value, kind = value
            fmt = _cell_format(book, kind, bold, last)
            if value is None or value == "":
                sheet.blank(cur.row, col, fmt)  # keeps the table's bottom rule
            else:
                sheet.write(cur.row, col, value, fmt)
        cur.skip()
    if note:
        _paragraph(cur, note, book.fmt(italic=True, font_size=8, font_color="#595959", text_wrap=True))
    cur.skip()
    return heading_row


def _cell_format(book: Book, kind: str, bold: bool, last: bool) -> Any:
    props: dict[str, Any] = {"bold": True} if bold else {}
    if last:
        props["bottom"] = 1
    if kind in _NUM_FORMATS:
        props["num_format"] = _NUM_FORMATS[kind]
    elif kind in (TEXT, LABEL):
        props["text_wrap"] = True
    elif kind == NOTE:
        props.update(align="left", indent=1)
    return book.fmt(**props)


def _paragraph(cur: _Cursor, text: str, fmt: Any, padding: float = 5) -> None:
    cur.sheet.ws.merge_range(cur.row, 0, cur.row, VALUE_COLUMNS, "", fmt)
    cur.sheet.write(cur.row, 0, text, fmt)
    chars = _LABEL_CHARS * (1.25 if fmt_size(fmt) < 10 else 1.0)
    lines = sum(max(1, -(-len(part) // int(chars))) for part in text.split("\n"))
    cur.set_height(cur.row, _LINE_HEIGHT * lines + padding)
    cur.skip()


def fmt_size(fmt: Any) -> float:
    """The font size of an xlsxwriter format."""
    return float(getattr(fmt, "font_size", 10) or 10)


def _rate(count: Any) -> float | None:
    """x / n as an exact fraction for a percentage-formatted cell (None when n = 0)."""
    return count.x / count.n if count.n else None


def _xnp(count: Any) -> list[Any]:
    return [count.x, count.n, _rate(count)]


# -- the tables -----------------------------------------------------------------------


def _part_b(cur: _Cursor, f: Any, force: str) -> None:
    _section(cur, "Part B: audit findings in numbers")
    for table, first in ((f.incidents, "Incidents reviewed"), (f.referrals, "Referrals")):
        note = ""
        if table.undetermined:
            note = (f"For {table.undetermined:,} of the records reviewed it could not be determined whether a crime "
                    "should have been recorded; no crimes are counted for them.")
        _table(cur, table.title, ["", first, "Crimes identified", "Crimes recorded", "% recorded"],
               [LABEL, COUNT, COUNT, COUNT, PCT],
               [[force, table.reviewed, table.crimes_identified, table.recorded.x, _rate(table.recorded)]], note=note)
    c = f.cancelled
    rows = [[c.overall.label, c.overall.reviewed, c.overall.correct.x, _rate(c.overall.correct)]]
    rows += [[r.label, r.reviewed, r.correct.x, _rate(r.correct)] for r in c.by_category]
    _table(cur, "No-crimes", ["Category", "No-crimes reviewed", "Decisions correct", "% correct"],
           [LABEL, COUNT, COUNT, PCT], rows, total_rows=1)


def _interval_cells(interval: Any) -> list[Any]:
    if interval is None:
        return ["", "", ""]
    if interval.method == "normal":
        return [interval.half_width, "", "Normal, +/-"]
    return [(interval.low, LOW), interval.high, "Wilson bounds"]


def _rates(cur: _Cursor, f: Any) -> None:
    _section(cur, "Recording rate, with 95% confidence interval")
    note = ("The interval is shown as +/- the normal approximation's half-width (z = 1.96), as HMICFRS publishes it, "
            "when at least 10 crimes were recorded and 10 were not; otherwise as the Wilson score interval's bounds.")
    tables = list(f.recording_rates)
    for i, rates in enumerate(tables):
        rows = [[r.label, r.recorded.n, r.recorded.x, _rate(r.recorded), *_interval_cells(r.interval)] for r in rates.rows]
        _table(cur, rates.title, ["", "Crimes that should have been recorded", "Crimes recorded", "Recording rate",
                                  "95% confidence interval", "", "Interval"],
               [LABEL, COUNT, COUNT, PCT, PLUS_MINUS, HIGH, NOTE], rows, total_rows=1,
               note=note if i == len(tables) - 1 else "")


def _timeliness(cur: _Cursor, f: Any) -> None:
    _section(cur, "Timeliness and classification")
    hours = f.time_limit_hours
    rows = [[t.title, t.recorded, *_xnp(t.timely), t.timely_unable, *_xnp(t.classified)] for t in f.timeliness]
    total = rows.pop()  # the "all" row goes first, in bold
    _table(cur, f"Of the crimes recorded: recorded within {hours} hours, and correctly classified",
           ["", "Crimes recorded", f"Within {hours} hours", "", "%", "Unable to determine", "Correctly classified", "", "%"],
           [LABEL, COUNT, COUNT, OF, PCT, COUNT, COUNT, OF, PCT], [total, *rows], total_rows=1,
           note="Crimes whose timeliness could not be determined are left out of the timeliness figures and counted.")


def _cancelled(cur: _Cursor, f: Any) -> None:
    _section(cur, "No-crimes (cancelled crimes)")
    c = f.cancelled
    rows = [[r.label, r.reviewed, *_xnp(r.victims_informed), *_xnp(r.authorised), r.authorised_unable]
            for r in (c.overall, *c.by_category)]
    _table(cur, "Victims told of the decision, and authorisation",
           ["Category", "No-crimes reviewed", "Victims told (of those who should have been)", "", "%",
            "Authorised at the right level", "", "%", "Unable to determine"],
           [LABEL, COUNT, COUNT, OF, PCT, COUNT, OF, PCT, COUNT], rows, total_rows=1)


def _n100(cur: _Cursor, f: Any) -> None:
    n = f.n100
    if n.reviewed == 0:
        return
    _section(cur, "Rape reports classified N100")
    _table(cur, "", ["", "Reviewed", "Correctly classified N100", "%", "Rapes that should have been recorded",
                     "Rapes recorded", "%", f"Recorded within {f.time_limit_hours} hours", "%"],
           [LABEL, COUNT, COUNT, PCT, COUNT, COUNT, PCT, COUNT, PCT],
           [["N100 records", n.reviewed, n.correct.x, _rate(n.correct), n.rapes_recorded.n, n.rapes_recorded.x,
             _rate(n.rapes_recorded), n.timely.x, _rate(n.timely)]])


def _disposals(cur: _Cursor, f: Any) -> None:
    used = [d for d in f.disposals if d.sampled]
    if not used:
        return
    _section(cur, "Out-of-court disposals")
    for d in used:
        rows = [[q.label, *_xnp(q.count), q.applies_to, q.unable or ""] for q in d.questions if q.count.n or q.unable]
        _table(cur, f"{d.title}: {d.sampled:,} dip-sampled",
               ["Question", "Yes", "", "%", "Of the records", "", "", "Unable to determine"],
               [LABEL, COUNT, OF, PCT, NOTE, NOTE, NOTE, COUNT], [[*r[:5], "", "", r[5]] for r in rows])


def _unrecorded(cur: _Cursor, f: Any) -> None:
    u = f.unrecorded
    if u is None:
        return
    e = u.estimate
    _section(cur, "Estimate of unrecorded crime")
    _table(cur, "", ["", "Recorded crime in 12 months (excl. fraud)", "Recording rate", "Estimated unrecorded crimes",
                     "Lowest", "Highest"],
           [LABEL, COUNT, PCT, COUNT, COUNT, COUNT],
           [["All crime", e.recorded_crime, _rate(u.rate.recorded), e.estimate if e.estimate is not None else "",
             e.low if e.low is not None else "", e.high if e.high is not None else "no upper limit"]],
           note="U = R(1 - r) / r, with the range from the recording rate's 95% interval.")


def _exclusions(cur: _Cursor, f: Any, data: ReportData) -> None:
    e = f.exclusions
    forms = list(dict.fromkeys([*data.forms, *e.incomplete, *e.not_auditable, *e.unable, *e.not_covered]))
    rows = []
    for form_id in forms:
        values = [e.incomplete.get(form_id, 0), e.not_auditable.get(form_id, 0),
                  sum(e.unable.get(form_id, {}).values()), e.not_covered.get(form_id, 0)]
        if any(values):
            form = data.forms.get(form_id)
            rows.append([form.title if form else form_id, *values])
    _section(cur, "Left out of the findings")
    total = ["All checklists", *(sum(r[i] for r in rows) for i in range(1, 5))]
    _table(cur, "", ["Checklist", "Records not complete", "Records that could not be audited",
                     "'Unable to determine' answers", "Records no table uses"],
           [LABEL, COUNT, COUNT, COUNT, COUNT], [total, *rows], total_rows=1,
           note="'Unable to determine' answers count in neither the numerator nor the denominator of any figure.")


def _narrative(cur: _Cursor, paragraphs: list[str]) -> None:
    if not paragraphs:
        return
    _section(cur, "The findings in words")
    fmt = cur.book.fmt(text_wrap=True, font_size=10)
    for text in paragraphs:
        cur.keep_together(_LINE_HEIGHT * (len(text) / _LABEL_CHARS + 1) + 10)
        _paragraph(cur, text, fmt, padding=9)
