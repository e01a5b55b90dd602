"""The PDF report's look: fonts, colours, paragraph styles, and safe text.

Every piece of text that came from a user (titles, force names, record keys,
answers, rationale, narrative) reaches reportlab's Paragraph markup only through
`markup`, which strips control characters and escapes ``&``, ``<`` and ``>``: a
rationale that says ``<b>`` prints ``<b>``, and an unbalanced tag cannot break
the build.

The fonts are DejaVu Sans Condensed, shipped under ``resources/fonts/``: the PDF
standard Helvetica has no glyph for Welsh ŵ or Polish ł, and a report must print
every name as written on any machine, without depending on system fonts.
reportlab is imported inside the functions, so importing this module stays cheap.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from xml.sax.saxutils import escape

from workbench import paths

FONT = "WorkbenchSans"
FONT_BOLD = "WorkbenchSans-Bold"
FONT_ITALIC = "WorkbenchSans-Italic"
_FONT_FILES = {
    FONT: "DejaVuSansCondensed.ttf",
    FONT_BOLD: "DejaVuSansCondensed-Bold.ttf",
    FONT_ITALIC: "DejaVuSansCondensed-Oblique.ttf",
}

#: Colours as hex, chosen to stay distinct when printed in greyscale.
INK = "#1b1f24"
MUTED = "#5b6470"
ACCENT = "#1f3a5f"
RULE = "#c5cbd3"
HEAD_FILL = "#eef1f5"
BAR = "#8e9db0"
DRAFT = "#8a4b00"

#: Control characters (C0 but tab/newline, DEL, C1), lone surrogates and non-characters.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean(text: object) -> str:
    """``text`` as a string without control characters; CR and CRLF become newlines, tabs spaces."""
    s = "" if text is None else str(text)
    s = s.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROL.sub("", s)


def markup(text: object) -> str:
    """User text made safe for Paragraph markup: cleaned, escaped, line breaks kept."""
    return escape(clean(text)).replace("\n", "<br/>")


def plain(text: object, limit: int | None = None) -> str:
    """User text for canvas strings and metadata (no markup): cleaned, on one line."""
    s = " ".join(clean(text).split())
    if limit is not None and len(s) > limit:
        s = s[: limit - 1].rstrip() + "…"
    return s


def fit(text: object, width: float, font: str, size: float) -> str:
    """User text on one line, shortened with an ellipsis to fit ``width`` points."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    text = plain(text)
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[: max(0, len(text) - max(1, len(text) // 20))]
    return text.rstrip() + "…" if text else ""


# -- numbers and dates -----------------------------------------------------------------


def plural(n: int, word: str, words: str = "") -> str:
    """``1 record``, ``2 records`` (``words`` for an irregular plural); thousands separated."""
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


def pct(value: float | None) -> str:
    """A percentage as shown in the tables (87.0%); an en dash when there is none."""
    return "–" if value is None else f"{value:.1f}%"


def long_date(iso: str) -> str:
    """``2024-04-01`` -> ``1 April 2024``; anything unparseable is returned cleaned."""
    try:
        d = dt.date.fromisoformat(iso[:10])
    except (TypeError, ValueError):
        return plain(iso)
    return f"{d.day} {d:%B %Y}"


def long_datetime(iso: str) -> str:
    """An ISO timestamp (UTC) as ``22 November 2025, 11:15 UTC``."""
    try:
        t = dt.datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return plain(iso)
    if t.tzinfo is not None:
        t = t.astimezone(dt.UTC)
    return f"{t.day} {t:%B %Y, %H:%M} UTC"


# -- reportlab objects -----------------------------------------------------------------


@cache
def register_fonts() -> None:
    """Register the bundled fonts with reportlab (once per process)."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = paths.resources_dir() / "fonts"
    for name, file in _FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT_BOLD)
    addMapping(FONT, 0, 1, FONT_ITALIC)
    addMapping(FONT, 1, 1, FONT_BOLD)


def color(hex_code: str):
    from reportlab.lib.colors import HexColor

    return HexColor(hex_code)


@cache
def styles() -> dict:
    """The report's paragraph styles by name."""
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    register_fonts()
    ink, muted, accent = color(INK), color(MUTED), color(ACCENT)
    body = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13.5, textColor=ink, spaceAfter=6)
    s = {
        "body": body,
        "small": ParagraphStyle("small", body, fontSize=8, leading=10.5, textColor=muted, spaceAfter=4),
        "note": ParagraphStyle("note", body, fontName=FONT_ITALIC, fontSize=8, leading=10.5, textColor=muted,
                               spaceBefore=2, spaceAfter=8),
        "h1": ParagraphStyle("h1", body, fontName=FONT_BOLD, fontSize=16, leading=20, textColor=accent,
                             spaceBefore=20, spaceAfter=10, keepWithNext=1),
        "h2": ParagraphStyle("h2", body, fontName=FONT_BOLD, fontSize=11.5, leading=15, textColor=accent,
                             spaceBefore=12, spaceAfter=5, keepWithNext=1),
        "h3": ParagraphStyle("h3", body, fontName=FONT_BOLD, fontSize=9.5, leading=13, spaceBefore=8,
                             spaceAfter=3, keepWithNext=1),
        "h3_flow": ParagraphStyle("h3_flow", body, fontName=FONT_BOLD, fontSize=9.5, leading=13, spaceBefore=10,
                                  spaceAfter=4),
        "cell": ParagraphStyle("cell", body, fontSize=8.5, leading=11, spaceAfter=0),
        "cell_small": ParagraphStyle("cell_small", body, fontSize=7.5, leading=9.5, textColor=muted, spaceAfter=0),
        "cell_head": ParagraphStyle("cell_head", body, fontName=FONT_BOLD, fontSize=8, leading=10, spaceAfter=0),
        "cell_big": ParagraphStyle("cell_big", body, fontName=FONT_BOLD, fontSize=18, leading=22, textColor=accent,
                                   spaceAfter=0),
        "appendix": ParagraphStyle("appendix", body, fontSize=7.5, leading=9.5, spaceAfter=0),
        "appendix_head": ParagraphStyle("appendix_head", body, fontName=FONT_BOLD, fontSize=7.5, leading=9.5,
                                        spaceAfter=0),
        "kicker": ParagraphStyle("kicker", body, fontName=FONT_BOLD, fontSize=10, leading=13, textColor=muted,
                                 spaceAfter=6),
        "title": ParagraphStyle("title", body, fontName=FONT_BOLD, fontSize=24, leading=30, textColor=accent,
                                spaceAfter=10),
        "subtitle": ParagraphStyle("subtitle", body, fontSize=15, leading=20, textColor=ink, spaceAfter=18),
        "centre": ParagraphStyle("centre", body, alignment=TA_CENTER),
    }
    for name in ("cell", "cell_head", "cell_small"):
        s[name + "_r"] = ParagraphStyle(name + "_r", s[name], alignment=TA_RIGHT)
    return s


def para(text: str, style: str = "body"):
    """A Paragraph of *markup* (already safe: our own words, or the output of `markup`)."""
    from reportlab.platypus import Paragraph

    return Paragraph(text, styles()[style])
