"""The PDF report's pages: A4, margins, the protective marking, "Page X of Y".

The marking is centred at the top and bottom of every page, the cover included.
"Page X of Y" needs the page count before it can be drawn, so the canvas keeps
each page's drawing state and stamps the numbers when the document is saved
(one layout pass, instead of building the whole document twice).
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.io.pdf_styles import DRAFT, FONT, FONT_BOLD, INK, MUTED, RULE, color, fit, plain

MM = 72 / 25.4
PAGE_WIDTH, PAGE_HEIGHT = 595.2756, 841.8898  # A4 in points
MARGIN_X = 22 * MM
MARGIN_TOP = 26 * MM
MARGIN_BOTTOM = 24 * MM
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
_MARKING_TOP_Y = PAGE_HEIGHT - 12 * MM
_RULE_TOP_Y = PAGE_HEIGHT - 18 * MM
_RULE_BOTTOM_Y = 16 * MM
_FOOTER_Y = 10 * MM
_NOTE_Y = 10 * MM - 13   # the last page's log head, below a two-line footer


@dataclass(frozen=True)
class PageInfo:
    """What every page shows besides its content."""

    marking: str
    running_title: str
    status: str


def numbered_canvas_class(last_page_note: str = ""):
    """A reportlab Canvas that writes "Page X of Y" on every page when saved, and
    ``last_page_note`` (the event log's head) in the footer of the last page."""
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._saved_pages: list[dict] = []

        def showPage(self):  # noqa: N802 - reportlab's name
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._saved_pages)
            for state in self._saved_pages:
                self.__dict__.update(state)
                self._draw_page_number(total)
                super().showPage()
            super().save()

        def _draw_page_number(self, total: int) -> None:
            self.saveState()
            self.setFont(FONT, 8)
            self.setFillColor(color(MUTED))
            self.drawRightString(PAGE_WIDTH - MARGIN_X, _FOOTER_Y, f"Page {self._pageNumber} of {total}")
            if last_page_note and self._pageNumber == total:
                self.setFont(FONT, 6)
                self.drawString(MARGIN_X, _NOTE_Y, last_page_note)
            self.restoreState()

    return NumberedCanvas


def draw_page_furniture(canvas, info: PageInfo, *, cover: bool = False) -> None:
    """The marking top and bottom, the running title and status, thin rules."""
    canvas.saveState()
    marking = plain(info.marking) or "OFFICIAL-SENSITIVE"
    canvas.setFont(FONT_BOLD, 10)
    canvas.setFillColor(color(INK))
    canvas.drawCentredString(PAGE_WIDTH / 2, _MARKING_TOP_Y, marking)
    canvas.drawCentredString(PAGE_WIDTH / 2, _FOOTER_Y, marking)
    canvas.setStrokeColor(color(RULE))
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN_X, _RULE_BOTTOM_Y, PAGE_WIDTH - MARGIN_X, _RULE_BOTTOM_Y)
    if not cover:
        canvas.line(MARGIN_X, _RULE_TOP_Y, PAGE_WIDTH - MARGIN_X, _RULE_TOP_Y)
        canvas.setFont(FONT, 8)
        canvas.setFillColor(color(MUTED))
        title_room = FRAME_WIDTH * 0.7
        canvas.drawString(MARGIN_X, _RULE_TOP_Y + 4, fit(info.running_title, title_room, FONT, 8))
        if info.status != "Signed off":
            canvas.setFont(FONT_BOLD, 8)
            canvas.setFillColor(color(DRAFT))
        canvas.drawRightString(PAGE_WIDTH - MARGIN_X, _RULE_TOP_Y + 4, info.status.upper())
    # the bottom-left corner: what this is, so a loose page can be placed
    canvas.setFillColor(color(MUTED))
    room = FRAME_WIDTH / 2 - canvas.stringWidth(marking, FONT_BOLD, 10) / 2 - 12
    lines, size = footer_lines(info.running_title, room)
    canvas.setFont(FONT, size)
    top = _FOOTER_Y + (len(lines) - 1) * (size + 1) / 2
    for n, line in enumerate(lines):
        canvas.drawString(MARGIN_X, top - n * (size + 1), line)
    canvas.restoreState()


def footer_lines(title: str, room: float) -> tuple[list[str], float]:
    """The running title for the footer's corner, ``room`` points wide: on one line at 8 pt
    when it fits, else wrapped onto two at 7 pt; shortened with an ellipsis only when
    even two lines cannot hold it."""
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfbase.pdfmetrics import stringWidth

    text = plain(title)
    if stringWidth(text, FONT, 8) <= room:
        return [text], 8
    parts = text.split(" · ")   # the title, then the force: each on its line when it can be
    if len(parts) == 2 and all(stringWidth(part, FONT, 7) <= room for part in parts):
        return parts, 7
    lines = simpleSplit(text, FONT, 7, room)
    if len(lines) <= 2 and all(stringWidth(line, FONT, 7) <= room for line in lines):
        return lines, 7
    first = lines[0] if stringWidth(lines[0], FONT, 7) <= room else fit(lines[0], room, FONT, 7)
    rest = text[len(first):].strip() if text.startswith(first) else " ".join(lines[1:])
    return [first, fit(rest, room, FONT, 7)], 7


def doc_template(path, info: PageInfo, metadata: dict):
    """The document template: a cover page template and a content one, A4."""
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    frame = Frame(MARGIN_X, MARGIN_BOTTOM, FRAME_WIDTH, PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="content")
    cover = PageTemplate("cover", [frame], onPage=lambda c, d: draw_page_furniture(c, info, cover=True))
    content = PageTemplate("content", [frame], onPage=lambda c, d: draw_page_furniture(c, info))
    return BaseDocTemplate(
        str(path), pagesize=(PAGE_WIDTH, PAGE_HEIGHT), pageTemplates=[cover, content],
        leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM,
        displayDocTitle=1, lang="en-GB", **metadata,
    )
