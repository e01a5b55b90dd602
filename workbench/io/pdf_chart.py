"""The chart of recording rates by category, with each rate's 95% interval.

Vector graphics (reportlab.graphics), with its words as real text: horizontal
bars for the rates, black whiskers with end caps for the intervals, category
labels on the left and "rate (x of n)" on the right, a 0-100% axis with a
label. Mid-grey bars under black whiskers stay legible when printed in
greyscale.
"""

from __future__ import annotations

from workbench.io.pdf_page import FRAME_WIDTH
from workbench.io.pdf_styles import BAR, FONT, FONT_BOLD, INK, MUTED, RULE, color, fit, pct

LABEL_WIDTH = 150
VALUE_WIDTH = 112
ROW_HEIGHT = 20
BAR_HEIGHT = 10
AXIS_SPACE = 34
TOP_SPACE = 8
GROUP_GAP = 10
#: Short names of the crime sources for the chart's labels.
SOURCE_NAMES = {"incident": "incident records", "referral": "referrals"}


def chart_rows(findings: dict) -> list[tuple[str, dict | None]]:
    """The rows to plot: every category of the all-sources table, then all crime per source.

    A ``None`` row starts a new group (drawn as a gap).
    """
    tables = findings.get("recording_rates", ())
    rows: list[tuple[str, dict | None]] = []
    for t in tables:
        if t.get("source") == "all":
            rows += [(r["label"], r) for r in t["rows"]]
    per_source = [(t, t["rows"][0]) for t in tables if t.get("source") != "all" and t.get("rows")]
    per_source = [(t, r) for t, r in per_source if r.get("should_have_been_recorded")]
    if per_source and rows:
        rows.append(("", None))
    rows += [(f"{r['label']}, {SOURCE_NAMES.get(t['source'], t['title'])}", r) for t, r in per_source]
    return rows


def rates_chart(findings: dict):
    """A Drawing of the rates with whiskers; None when nothing can be plotted."""
    rows = chart_rows(findings)
    if not any(r and r.get("should_have_been_recorded") for _label, r in rows):
        return None
    from reportlab.graphics.shapes import Drawing

    gaps = sum(1 for _l, r in rows if r is None)
    height = TOP_SPACE + ROW_HEIGHT * (len(rows) - gaps) + GROUP_GAP * gaps + AXIS_SPACE
    drawing = Drawing(FRAME_WIDTH, height)
    x0, x1 = LABEL_WIDTH, FRAME_WIDTH - VALUE_WIDTH
    plot_top = height - TOP_SPACE
    plot_bottom = AXIS_SPACE
    _axis(drawing, x0, x1, plot_bottom, plot_top)
    y = plot_top
    for label, row in rows:
        if row is None:
            y -= GROUP_GAP
            continue
        y -= ROW_HEIGHT
        _row(drawing, x0, x1, y + (ROW_HEIGHT - BAR_HEIGHT) / 2, label, row)
    return drawing


def _x(x0: float, x1: float, percent: float) -> float:
    return x0 + (x1 - x0) * max(0.0, min(100.0, percent)) / 100


def _axis(drawing, x0: float, x1: float, bottom: float, top: float) -> None:
    from reportlab.graphics.shapes import Line, String

    for tick in range(0, 101, 10):
        x = _x(x0, x1, tick)
        drawing.add(Line(x, bottom, x, top, strokeColor=color(RULE), strokeWidth=0.4 if tick % 50 else 0.7))
        drawing.add(String(x, bottom - 11, f"{tick}%", fontName=FONT, fontSize=7.5, fillColor=color(MUTED),
                           textAnchor="middle"))
    drawing.add(Line(x0, bottom, x1, bottom, strokeColor=color(INK), strokeWidth=0.8))
    drawing.add(String((x0 + x1) / 2, bottom - 26, "Recording rate (%); lines show the 95% interval",
                       fontName=FONT, fontSize=8, fillColor=color(INK), textAnchor="middle"))


def _row(drawing, x0: float, x1: float, y: float, label: str, row: dict) -> None:
    from reportlab.graphics.shapes import Line, Rect, String

    bold = str(row.get("category", "")).startswith("all")
    font = FONT_BOLD if bold else FONT
    mid = y + BAR_HEIGHT / 2
    drawing.add(String(x0 - 8, mid - 3, fit(label, LABEL_WIDTH - 12, font, 8), fontName=font, fontSize=8,
                       fillColor=color(INK), textAnchor="end"))
    n = row.get("should_have_been_recorded") or 0
    if not n or row.get("rate") is None:
        drawing.add(String(x0 + 4, mid - 3, "no crimes in the sample", fontName=FONT, fontSize=7.5,
                           fillColor=color(MUTED)))
        return
    rate = row["rate"]
    drawing.add(Rect(x0, y, _x(x0, x1, rate) - x0, BAR_HEIGHT, fillColor=color(BAR), strokeColor=None))
    interval = row.get("interval")
    if interval:
        lo, hi = _x(x0, x1, interval["low"]), _x(x0, x1, interval["high"])
        for args in ((lo, mid, hi, mid), (lo, mid - 4, lo, mid + 4), (hi, mid - 4, hi, mid + 4)):
            drawing.add(Line(*args, strokeColor=color(INK), strokeWidth=1))
    drawing.add(String(x1 + 8, mid - 3, f"{pct(rate)}", fontName=FONT_BOLD, fontSize=8, fillColor=color(INK)))
    drawing.add(String(x1 + 44, mid - 3, f"({row['recorded']:,} of {n:,})", fontName=FONT, fontSize=7.5,
                       fillColor=color(MUTED)))

