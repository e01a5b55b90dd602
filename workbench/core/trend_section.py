"""The Trend section of the findings: the overall recording rate per audit period, each change
tested against chance, and the reference lines, laid out like any other section
(``core.findings_layout``) with a chart the PDF and the window draw."""

from __future__ import annotations

from workbench.core import statistics
from workbench.core.findings_layout import (
    COUNT, INTERVAL, RATE, TEXT, Bar, Chart, Column, Paragraphs, ReferenceLine, Row, Section, Table, count,
    interval, rate, ratio_text, text,
)
from workbench.core.findings_tables import HEADLINE_SOURCE, SINGLE_SOURCE, STRATIFIED
from workbench.core.trend import METHOD_WORDS, SIGNIFICANCE, Trend, p_text

#: How each period's overall rate is made, in a few words (``overall.method``).
MADE = {STRATIFIED: "every source, weighted by population", HEADLINE_SOURCE: "incident records only",
        SINGLE_SOURCE: "the only record source sampled"}


def trend_section(t: Trend | None) -> Section | None:
    """'Trend across audit periods' (None with one period and no reference line)."""
    if t is None or (len(t.periods) < 2 and not t.references):
        return None
    rows = tuple(Row((text(p.label), count(p.counts.n), count(p.counts.x), rate(p.rate), interval(p.interval),
                      text(MADE.get(p.method, "no rate yet")))) for p in t.periods)
    blocks: list = [Table("trend.periods", "Overall recording rate by audit period", (
        Column("Audit period", TEXT), Column("Crimes in the sample", COUNT), Column("Recorded", COUNT),
        Column("Rate", RATE), Column("95% interval", INTERVAL), Column("The rate of", TEXT),
    ), rows, _period_notes(t))]
    if t.changes:
        blocks.append(Table("trend.changes", "Change from one period to the next", (
            Column("Periods", TEXT), Column("Change (points)", TEXT), Column("p", TEXT),
            Column("Larger than chance?", TEXT),
        ), tuple(Row((text(f"{c.before} to {c.after}"), text(f"{statistics.points(c.difference, 1):+.1f}"),
                      text(p_text(c.p_value) if c.p_value is not None else "–"),
                      text("Yes" if c.significant else "No"))) for c in t.changes), _test_notes(t)))
    if t.sentences():
        blocks.append(Paragraphs(tuple(t.sentences())))
    blocks.append(_chart(t))
    intro = ("The audit's overall recording rate beside those of the other audits compared, each as its own "
             "findings compute it, in the order of their periods; whether each change is larger than chance "
             "would give; and the reference lines entered.")
    return Section("trend", "Trend across audit periods", intro, tuple(blocks))


def _period_notes(t: Trend) -> tuple[str, ...]:
    titled = [f"{p.label}, “{p.title}”" for p in t.periods if p.title and p.title != p.label]
    notes = ["The audits: " + "; ".join(titled) + "."] if titled else []
    if len({p.method for p in t.periods if p.rate is not None}) > 1:
        notes.append("The periods' rates are not all made the same way (see 'The rate of'): read a change between "
                     "a weighted rate and an incident-records rate with care.")
    if any(p.weighted for p in t.periods):
        notes.append("A weighted rate's counts are the sample's; the rate is not their ratio.")
    return tuple(notes)


def _test_notes(t: Trend) -> tuple[str, ...]:
    tests = sorted({c.test for c in t.changes})
    return (f"Each change is tested two-sided with a {'; or a '.join(METHOD_WORDS[x] for x in tests)}. 'Larger than "
            f"chance would give' means p < {SIGNIFICANCE:g}: a difference this large would arise by chance less than "
            f"{SIGNIFICANCE:.0%} of the time if the force's true rate had not changed.",)


def _chart(t: Trend) -> Chart:
    bars = []
    for p in t.periods:
        shown = p.interval.to_dict() if p.interval is not None else None
        detail = (f"sample {ratio_text(p.counts)}" if p.weighted else ratio_text(p.counts)) if p.counts.n else ""
        bars.append(Bar(p.label, None if p.rate is None else statistics.points(p.rate), shown and shown["low"],
                        shown and shown["high"], detail))
    lines = tuple(ReferenceLine(r.label, statistics.points(r.rate)) for r in t.references)
    lowest = min([b.low for b in bars if b.low is not None] + [b.rate for b in bars if b.rate is not None]
                 + [r.rate for r in lines] + [100.0])
    axis_from = max(0.0, min(80.0, 10 * ((lowest - 5) // 10)))  # in tens, room below the lowest bound
    caption = (f"Each dot is a period's overall recording rate, the line through it its 95% interval; the axis "
               f"starts at {axis_from:.0f}%." if axis_from else
               "Bars show each period's overall recording rate; the lines across them its 95% interval.")
    if lines:
        caption += " Dashed lines: " + "; ".join(f"{r.label} {r.rate:.1f}%" for r in lines) + "."
    return Chart("trend.chart", "Overall recording rate by audit period", tuple(bars), caption, lines, axis_from)
