"""The chart of recording rates by category, with each rate's 95% interval.

Vector graphics (reportlab.graphics), with its words as real text: horizontal
bars for the rates, black whiskers with end caps for the intervals, category
labels on the left and "rate (x of n)" on the right, a 0-100% axis with a
label. Mid-grey bars under black whiskers stay legible when printed in
greyscale. It draws a layout `Chart` (``core.findings_layout``): the bars and
their words come from the findings, never from here.
"""

from __future__ import annotations

from workbench.core.findings_layout import Bar, Chart
from workbench.io.pdf_page import FRAME_WIDTH
from workbench.io.pdf_styles import BAR, FONT, FONT_BOLD, INK, MUTED, RULE, color, fit, pct

LABEL_WIDTH = 150
VALUE_WIDTH = 112
ROW_HEIGHT = 20
BAR_HEIGHT = 10
AXIS_SPACE = 34
TOP_SPACE = 8
GROUP_GAP = 10


def rates_chart(chart: Chart):
    """A Drawing of the chart's bars with whiskers; None when nothing can be plotted."""
    bars = chart.bars
    if not any(b.rate is not None for b in bars):
        return None
    from reportlab.graphics.shapes import Drawing

    gaps = sum(1 for b in bars if b.group_start)
    height = TOP_SPACE + ROW_HEIGHT * len(bars) + GROUP_GAP * gaps + AXIS_SPACE
    drawing = Drawing(FRAME_WIDTH, height)
    x0, x1 = LABEL_WIDTH, FRAME_WIDTH - VALUE_WIDTH
    plot_top = height - TOP_SPACE
    plot_bottom = AXIS_SPACE
    _axis(drawing, x0, x1, plot_bottom, plot_top)
    y = plot_top
    for bar in bars:
        if bar.group_start:
            y -= GROUP_GAP
        y -= ROW_HEIGHT
        _row(drawing, x0, x1, y + (ROW_HEIGHT - BAR_HEIGHT) / 2, bar)
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


def _row(drawing, x0: float, x1: float, y: float, bar: Bar) -> None:
    from reportlab.graphics.shapes import Line, Rect, String

    font = FONT_BOLD if bar.bold else FONT
    mid = y + BAR_HEIGHT / 2
    drawing.add(String(x0 - 8, mid - 3, fit(bar.label, LABEL_WIDTH - 12, font, 8), fontName=font, fontSize=8,
                       fillColor=color(INK), textAnchor="end"))
    if bar.rate is None:
        drawing.add(String(x0 + 4, mid - 3, "no crimes in the sample", fontName=FONT, fontSize=7.5,
                           fillColor=color(MUTED)))
        return
    drawing.add(Rect(x0, y, _x(x0, x1, bar.rate) - x0, BAR_HEIGHT, fillColor=color(BAR), strokeColor=None))
    if bar.low is not None and bar.high is not None:
        lo, hi = _x(x0, x1, bar.low), _x(x0, x1, bar.high)
        for args in ((lo, mid, hi, mid), (lo, mid - 4, lo, mid + 4), (hi, mid - 4, hi, mid + 4)):
            drawing.add(Line(*args, strokeColor=color(INK), strokeWidth=1))
    drawing.add(String(x1 + 8, mid - 3, pct(bar.rate), fontName=FONT_BOLD, fontSize=8, fillColor=color(INK)))
    drawing.add(String(x1 + 44, mid - 3, f"({bar.detail})", fontName=FONT, fontSize=7.5, fillColor=color(MUTED)))
