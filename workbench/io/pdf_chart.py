"""The chart of recording rates by category, with each rate's 95% interval.

Vector graphics (reportlab.graphics), with its words as real text: horizontal
bars for the rates, black whiskers with end caps for the intervals, category
labels on the left and "rate (x of n)" on the right, a 0-100% axis with a
label; reference lines the user entered are dashed, labelled above the plot. A
chart whose axis starts above 0 (the trend) draws each rate as a dot, since a bar
from another baseline would exaggerate the differences. Mid-grey bars under black
whiskers stay legible when printed in greyscale. It draws a layout `Chart`
(``core.findings_layout``): the bars and their words come from the findings,
never from here.
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
#: Room above the plot for each reference line's label.
REFERENCE_SPACE = 12


def rates_chart(chart: Chart):
    """A Drawing of the chart's bars with whiskers; None when nothing can be plotted."""
    bars = chart.bars
    if not any(b.rate is not None for b in bars):
        return None
    from reportlab.graphics.shapes import Drawing

    gaps = sum(1 for b in bars if b.group_start)
    labels = REFERENCE_SPACE * len(chart.references)
    height = TOP_SPACE + labels + ROW_HEIGHT * len(bars) + GROUP_GAP * gaps + AXIS_SPACE
    drawing = Drawing(FRAME_WIDTH, height)
    x0, x1 = LABEL_WIDTH, FRAME_WIDTH - VALUE_WIDTH
    plot_top = height - TOP_SPACE - labels
    plot_bottom = AXIS_SPACE
    scale = _Scale(x0, x1, chart.axis_from)
    _axis(drawing, scale, plot_bottom, plot_top)
    y = plot_top
    for bar in bars:
        if bar.group_start:
            y -= GROUP_GAP
        y -= ROW_HEIGHT
        _row(drawing, scale, y + (ROW_HEIGHT - BAR_HEIGHT) / 2, bar, chart.dots)
    for n, line in enumerate(chart.references):
        _reference(drawing, scale, plot_bottom, plot_top + REFERENCE_SPACE * (len(chart.references) - n) - 9, line)
    return drawing


class _Scale:
    """Percent to x, from ``start`` (0, or where a zoomed axis starts) to 100."""

    def __init__(self, x0: float, x1: float, start: float = 0.0):
        self.x0, self.x1, self.start = x0, x1, start

    def __call__(self, percent: float) -> float:
        span = 100 - self.start
        return self.x0 + (self.x1 - self.x0) * (max(self.start, min(100.0, percent)) - self.start) / span

    def ticks(self) -> list[int]:
        step = 5 if 100 - self.start <= 50 else 10
        return list(range(int(self.start), 101, step))


def _reference(drawing, scale: _Scale, bottom: float, label_y: float, line) -> None:
    """A dashed line across the bars at the reference's rate, its label above the plot (the lowest nearest)."""
    from reportlab.graphics.shapes import Line, String

    x0 = scale.x0
    x = scale(line.rate)
    drawing.add(Line(x, bottom, x, label_y + 7, strokeColor=color(INK), strokeWidth=0.9, strokeDashArray=[3, 2]))
    text = fit(f"{line.label} {line.rate:.1f}%", x - x0 + LABEL_WIDTH - 4, FONT, 7.5)
    drawing.add(String(x - 3, label_y, text, fontName=FONT, fontSize=7.5, fillColor=color(INK), textAnchor="end"))


def _axis(drawing, scale: _Scale, bottom: float, top: float) -> None:
    from reportlab.graphics.shapes import Line, String

    for tick in scale.ticks():
        x = scale(tick)
        drawing.add(Line(x, bottom, x, top, strokeColor=color(RULE), strokeWidth=0.4 if tick % 50 else 0.7))
        drawing.add(String(x, bottom - 11, f"{tick}%", fontName=FONT, fontSize=7.5, fillColor=color(MUTED),
                           textAnchor="middle"))
    drawing.add(Line(scale.x0, bottom, scale.x1, bottom, strokeColor=color(INK), strokeWidth=0.8))
    drawing.add(String((scale.x0 + scale.x1) / 2, bottom - 26, "Recording rate (%); lines show the 95% interval",
                       fontName=FONT, fontSize=8, fillColor=color(INK), textAnchor="middle"))


def _row(drawing, scale: _Scale, y: float, bar: Bar, dots: bool = False) -> None:
    from reportlab.graphics.shapes import Circle, Line, Rect, String

    x0, x1 = scale.x0, scale.x1
    font = FONT_BOLD if bar.bold else FONT
    mid = y + BAR_HEIGHT / 2
    drawing.add(String(x0 - 8, mid - 3, fit(bar.label, LABEL_WIDTH - 12, font, 8), fontName=font, fontSize=8,
                       fillColor=color(INK), textAnchor="end"))
    if bar.rate is None:
        drawing.add(String(x0 + 4, mid - 3, "no crimes in the sample", fontName=FONT, fontSize=7.5,
                           fillColor=color(MUTED)))
        return
    if not dots:
        drawing.add(Rect(x0, y, scale(bar.rate) - x0, BAR_HEIGHT, fillColor=color(BAR), strokeColor=None))
    if bar.low is not None and bar.high is not None:
        lo, hi = scale(bar.low), scale(bar.high)
        for args in ((lo, mid, hi, mid), (lo, mid - 4, lo, mid + 4), (hi, mid - 4, hi, mid + 4)):
            drawing.add(Line(*args, strokeColor=color(INK), strokeWidth=1))
    if dots:
        drawing.add(Circle(scale(bar.rate), mid, 3.2, fillColor=color(INK), strokeColor=None))
    drawing.add(String(x1 + 8, mid - 3, pct(bar.rate), fontName=FONT_BOLD, fontSize=8, fillColor=color(INK)))
    drawing.add(String(x1 + 44, mid - 3, f"({bar.detail})", fontName=FONT, fontSize=7.5, fillColor=color(MUTED)))
