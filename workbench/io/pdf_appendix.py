"""The appendix of non-compliant answers: per checklist, record, question, answer, rationale.

The answers are grouped by checklist under a heading naming it (a checklist column
would repeat a long title on every row and squeeze the rationale). A long appendix
is built as a series of tables of about `CHUNK_ROWS` rows each, not one table:
reportlab's table layout grows worse than linearly with its row count (10,000 rows
in one LongTable took 15-37 s here). Each chunk ends at a record's last row, its
header row repeats on every page, and a record's rows stay together where they
fit. Text too long for one page (a rationale of thousands of characters) is
carried on over continuation rows, so no row is ever taller than a page.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

from workbench.core.report import NoncompliantAnswer, ReportData
from workbench.io.pdf_page import FRAME_WIDTH
from workbench.io.pdf_styles import HEAD_FILL, INK, RULE, clean, color, markup, para
from workbench.io.pdf_tables import PAD_X, keep

CHUNK_ROWS = 200
#: Keep at most this many rows of one record unsplit (a taller group may not fit a page).
KEEP_ROWS = 6
#: Text longer than this is carried on over continuation rows, so no row outgrows a page.
PIECE_CHARS = 1200
HEADER = ("Record", "Question", "Answer", "Rationale")
_WIDTHS = (82, 146, 58)
WIDTHS = (*_WIDTHS, FRAME_WIDTH - sum(_WIDTHS))


def appendix(data: ReportData) -> list:
    """The appendix flowables: an introduction, then per checklist a heading and its tables."""
    from reportlab.platypus import CondPageBreak

    items = data.noncompliant
    if not items:
        return [para("No answer in this audit was judged non-compliant.")]
    records = len({(a.form_id, a.record_key) for a in items})
    out = [para(f"{len(items):,} answers in {records:,} records were judged non-compliant. Each is listed with "
                "the rationale recorded for the record, for feedback to the officers and staff concerned. "
                "Records are grouped by checklist, in sample order.")]
    for form_id, answers in groupby(ordered(data), key=lambda a: a.form_id):
        answers = list(answers)
        form = data.forms.get(form_id)
        n = len({a.record_key for a in answers})
        heading = para(f"{markup(form.title if form else form_id)}: {len(answers):,} answer"
                       f"{'s' if len(answers) != 1 else ''} in {n:,} record{'s' if n != 1 else ''}", "h3_flow")
        tables = [_table(chunk) for chunk in chunks(answers)]
        if len(answers) <= 12:  # a short table moves with its heading rather than split
            out += [CondPageBreak(120), keep(heading, *tables)]
        else:
            out += [CondPageBreak(120), heading, *tables]
    return out


def ordered(data: ReportData) -> list[NoncompliantAnswer]:
    """The answers grouped by checklist (in the order checklists appear), sample order within."""
    order = {fid: i for i, fid in enumerate(dict.fromkeys(r.form_id for r in data.records))}
    return sorted(data.noncompliant, key=lambda a: order.get(a.form_id, len(order)))


def chunks(items: Sequence[NoncompliantAnswer], size: int | None = None) -> list[list[list[NoncompliantAnswer]]]:
    """Split into chunks of about ``size`` (default `CHUNK_ROWS`) rows, each a list of per-record groups."""
    size = size or CHUNK_ROWS
    out: list[list[list[NoncompliantAnswer]]] = []
    current: list[list[NoncompliantAnswer]] = []
    rows = 0
    for _key, group in groupby(items, key=lambda a: a.record_key):
        group = list(group)
        if current and rows + len(group) > size:
            out.append(current)
            current, rows = [], 0
        current.append(group)
        rows += len(group)
    if current:
        out.append(current)
    return out


def pieces(text: str, size: int = PIECE_CHARS) -> list[str]:
    """``text`` cut into pieces of at most ``size`` characters, at a space where there is one."""
    out = []
    while len(text) > size:
        cut = text.rfind(" ", size // 2, size)
        cut = size if cut < 0 else cut
        out.append(text[:cut])
        text = text[cut:].lstrip(" ")
    return [*out, text]


def _question(a: NoncompliantAnswer) -> str:
    text = markup(a.label or a.question)
    return text + (f" <font color='#5b6470'>(crime {a.instance})</font>" if a.instance is not None else "")


def _rows(group: list[NoncompliantAnswer]) -> list[list[str]]:
    """The markup rows of one record: one per answer, plus continuation rows for long text."""
    rows = []
    for i, a in enumerate(group):
        lead = i == 0
        cells = [clean(a.record_key) if lead else "", clean(a.label or a.question), clean(a.answer),
                 clean(a.rationale) if lead else ""]
        cut = [pieces(c) for c in cells]
        for k in range(max(len(c) for c in cut)):
            row = [markup(c[k]) if k < len(c) else "" for c in cut]
            if k == 0:
                row[1] = _question(a) if len(cut[1]) == 1 else row[1]
            rows.append(row)
    return rows


def _table(groups: list[list[NoncompliantAnswer]]):
    from reportlab.platypus import Table, TableStyle

    rows = [[para(h, "appendix_head") for h in HEADER]]
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD_X - 1),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X - 1),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("BACKGROUND", (0, 0), (-1, 0), color(HEAD_FILL)),
        ("LINEABOVE", (0, 0), (-1, 0), 0.8, color(INK)),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, color(INK)),
    ]
    for group in groups:
        first = len(rows)
        rows += [[para(c, "appendix") for c in row] for row in _rows(group)]
        last = len(rows) - 1
        commands.append(("LINEBELOW", (0, last), (-1, last), 0.25, color(RULE)))
        if 0 < last - first < KEEP_ROWS:
            commands.append(("NOSPLIT", (0, first), (-1, last)))
    table = Table(rows, colWidths=list(WIDTHS), repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    return table
