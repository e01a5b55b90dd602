"""The findings laid out once: sections, tables, rows and cells, headline figures, narrative.

The command line's text, the Findings tab's HTML, the workbook's Findings sheet
and the PDF report each render a `FindingsLayout` (built by
``core.findings_sections.findings_layout``) and nothing else, so a table written
once appears in all four, in the same order, with the same words and numbers.
Renderers know cell *kinds*, never checklists:

- ``text``: words (a label, "cases where there was a victim to consult");
- ``count``: a whole number;
- ``ratio``: x of n with its percentage (a `Count`): "17 of 19 (89.5%)";
- ``rate``: a percentage as a fraction 0-1, whose x and n stand in the columns
  before it (or, for a weighted rate, the sample's counts);
- ``interval``: a 95% interval (``ProportionInterval`` or ``StratifiedInterval``):
  "+/- 6.16%" (normal, stratified) or "76.4% to 99.1%" (Wilson).

A table may be ``figures`` (the inspection's Part B: one row of figures under
headings that each carry a sentence, its ``description``); a row may be ``bold``
(a leading "All crime") or ``total`` (a sum, last). ``to_dict`` gives the same
layout as plain JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workbench.core import statistics
from workbench.core.findings_tables import Count

TEXT, COUNT, RATIO, RATE, INTERVAL = "text", "count", "ratio", "rate", "interval"
KINDS = (TEXT, COUNT, RATIO, RATE, INTERVAL)
#: Row emphasis.
PLAIN, BOLD, TOTAL = "", "bold", "total"
#: Shown where a cell has no value (n = 0, no interval).
NONE = "–"


@dataclass(frozen=True)
class Cell:
    """One value and how to show it (see the module docstring for the kinds)."""

    kind: str
    value: Any = None

    @property
    def empty(self) -> bool:
        if self.kind == RATIO:
            return self.value is None or self.value.n == 0
        return self.value is None or self.value == ""

    def text(self) -> str:
        """The cell in words and figures, as the text and HTML renderers show it."""
        if self.kind == TEXT:
            return "" if self.value is None else str(self.value)
        if self.empty:
            return NONE
        if self.kind == COUNT:
            return f"{self.value:,}"
        if self.kind == RATIO:
            return f"{ratio_text(self.value)} ({percent_text(self.value.percent)})"
        if self.kind == RATE:
            return percent_text(statistics.points(self.value))
        return interval_text(self.value)

    def to_dict(self) -> dict:
        value = self.value
        if self.kind == RATIO and value is not None:
            value = value.to_dict()
        elif self.kind == INTERVAL and value is not None:
            value = value.to_dict()
        return {"kind": self.kind, "value": value, "text": self.text()}


def text(value: str) -> Cell:
    return Cell(TEXT, value)


def count(value: int | None) -> Cell:
    return Cell(COUNT, value)


def ratio(value: Count) -> Cell:
    return Cell(RATIO, value)


def rate(fraction: float | None) -> Cell:
    return Cell(RATE, fraction)


def interval(value: Any) -> Cell:
    return Cell(INTERVAL, value)


def ratio_text(c: Count) -> str:
    """'17 of 19'."""
    return f"{c.x:,} of {c.n:,}"


def percent_text(percent: float | None) -> str:
    """'89.5%' (a percentage already rounded), or the dash."""
    return NONE if percent is None else f"{percent:.1f}%"


def interval_text(value: Any) -> str:
    """A 95% interval as HMICFRS shows it: '+/- 6.16%', or Wilson bounds '76.4% to 99.1%'."""
    if value is None:
        return NONE
    shown = value.to_dict()
    if shown["method"] != statistics.WILSON and shown["half_width"] is not None:
        return f"+/- {shown['half_width']:.2f}%"
    return f"{shown['low']:.1f}% to {shown['high']:.1f}%"


@dataclass(frozen=True)
class Column:
    """A column: its heading, the kind of its cells, and (Part B) the sentence under its heading."""

    heading: str
    kind: str
    description: str = ""


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    emphasis: str = PLAIN


@dataclass(frozen=True)
class Table:
    """A titled table; ``notes`` are sentences printed under it."""

    key: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    notes: tuple[str, ...] = ()
    figures: bool = False

    def to_dict(self) -> dict:
        return {"type": "table", "key": self.key, "title": self.title, "figures": self.figures,
                "columns": [{"heading": c.heading, "kind": c.kind, "description": c.description} for c in self.columns],
                "rows": [{"emphasis": r.emphasis, "cells": [c.to_dict() for c in r.cells]} for r in self.rows],
                "notes": list(self.notes)}


@dataclass(frozen=True)
class Bar:
    """One bar of a rates chart: a rate in percent with its interval's bounds, and its counts."""

    label: str
    rate: float | None
    low: float | None
    high: float | None
    detail: str
    bold: bool = False
    group_start: bool = False


@dataclass(frozen=True)
class ReferenceLine:
    """A line drawn across a chart at a rate the user gave (in percent): the last inspection, the national figure."""

    label: str
    rate: float


@dataclass(frozen=True)
class Chart:
    """Rates with their 95% intervals, drawn as bars with whiskers (the PDF and the window's trend draw it)."""

    key: str
    title: str
    bars: tuple[Bar, ...]
    caption: str = ""
    references: tuple[ReferenceLine, ...] = ()
    #: Where the axis starts (percent). Above 0 each rate is a dot, not a bar: a bar
    #: from a baseline other than zero would exaggerate the differences.
    axis_from: float = 0.0

    @property
    def dots(self) -> bool:
        return self.axis_from > 0

    def to_dict(self) -> dict:
        return {"type": "chart", "key": self.key, "title": self.title, "caption": self.caption,
                "bars": [vars(b) for b in self.bars], "references": [vars(r) for r in self.references],
                "axis_from": self.axis_from}


@dataclass(frozen=True)
class Paragraphs:
    """Running text."""

    texts: tuple[str, ...]

    def to_dict(self) -> dict:
        return {"type": "paragraphs", "texts": list(self.texts)}


Block = Table | Chart | Paragraphs


@dataclass(frozen=True)
class Section:
    """A numbered part of the findings: a heading, a lead paragraph, then its blocks."""

    key: str
    title: str
    intro: str
    blocks: tuple[Block, ...]

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def to_dict(self) -> dict:
        return {"key": self.key, "title": self.title, "intro": self.intro, "blocks": [b.to_dict() for b in self.blocks]}


@dataclass(frozen=True)
class Headline:
    """A headline figure for a summary: 'Crimes recorded', 87.0% (a ``ratio`` or ``rate`` cell), '100 of 115 ...'."""

    label: str
    value: Cell
    detail: str

    @property
    def figure(self) -> str:
        """The percentage alone: '87.0%'."""
        if self.value.kind == RATIO:
            return percent_text(self.value.value.percent) if not self.value.empty else NONE
        return self.value.text()

    def to_dict(self) -> dict:
        return {"label": self.label, "figure": self.figure, "value": self.value.to_dict(), "detail": self.detail}


@dataclass(frozen=True)
class FindingsLayout:
    """Everything the findings show, in order; ``narrative`` is also the last section's text."""

    sections: tuple[Section, ...]
    headlines: tuple[Headline, ...] = ()
    narrative: tuple[str, ...] = field(default_factory=tuple)

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def tables(self) -> list[Table]:
        return [t for s in self.sections for t in s.tables()]

    def to_dict(self) -> dict:
        return {"sections": [s.to_dict() for s in self.sections],
                "headlines": [h.to_dict() for h in self.headlines], "narrative": list(self.narrative)}
