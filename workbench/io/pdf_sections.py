"""The cover, summary, exclusions and sign-off sections of the PDF report."""

from __future__ import annotations

from collections import Counter

from workbench.core.report import ReportData
from workbench.io.pdf_page import FRAME_WIDTH
from workbench.io.pdf_styles import (ACCENT, DRAFT, HEAD_FILL, INK, RULE, color, long_date, long_datetime, markup,
                                     para, plural)
from workbench.io.pdf_tables import PAD_X, PAD_Y, keep

W = FRAME_WIDTH
DEFAULT_STATEMENT = ("I have reviewed these findings and the records on which they rest, and I am satisfied that "
                     "they are a fair and accurate account of this audit.")


def force_name(data: ReportData) -> str:
    """The force as markup, or "the force" when the audit does not name one."""
    return markup(data.settings.force) if data.settings.force.strip() else "the force"


def period_text(data: ReportData) -> str:
    s = data.settings
    if s.period_start and s.period_end:
        return f"{long_date(s.period_start)} to {long_date(s.period_end)}"
    if s.period_start or s.period_end:
        return f"from {long_date(s.period_start)}" if s.period_start else f"to {long_date(s.period_end)}"
    return "Not stated"


def checklists_used(data: ReportData) -> list[tuple[str, str, int]]:
    """(title, version, records) of each checklist that has records, in the order they appear."""
    counts = Counter(r.form_id for r in data.records)
    out = []
    for form_id in dict.fromkeys(r.form_id for r in data.records):
        form = data.forms.get(form_id)
        out.append((form.title if form else form_id, form.version if form else "", counts[form_id]))
    return out


# -- cover -----------------------------------------------------------------------------


def cover(data: ReportData) -> list:
    from reportlab.platypus import Spacer

    s = data.settings
    out = [Spacer(1, 40), para("CRIME DATA INTEGRITY AUDIT", "kicker"), para(markup(s.title), "title")]
    if s.force.strip():
        out.append(para(markup(s.force), "subtitle"))
    out += [_status_panel(data), Spacer(1, 22), _details(data)]
    if s.marking != "OFFICIAL":
        out += [Spacer(1, 26), para(
            f"This document is marked {markup(s.marking)}. It may identify victims of crime, including victims of "
            "sexual and domestic offences. Share it only with those who need it for their work, and store, send "
            "and destroy it under the force's information management policy.", "small")]
    return out


def _status_panel(data: ReportData):
    from reportlab.platypus import Table, TableStyle

    if data.signoff and data.signoff.void:
        so = data.signoff
        text = (f"<b>SIGNATURE VOID</b>: {markup(so.void)}. It was signed off by {markup(so.name)} on "
                f"{long_date(so.at)}; these findings are not the ones approved.")
        edge = DRAFT
    elif data.signoff:
        so = data.signoff
        text = (f"<b>SIGNED OFF</b> by {markup(so.name)}" + (f", {markup(so.role)}" if so.role else "")
                + f", on {long_date(so.at)}: “{markup(so.statement)}”")
        edge = ACCENT
    else:
        text = ("<b>DRAFT</b>: not signed off. The findings may change until the Force Crime Registrar "
                "signs them off.")
        edge = DRAFT
    table = Table([[para(text, "cell")]], colWidths=[W], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("LINEBEFORE", (0, 0), (0, 0), 3, color(edge)),
        ("BACKGROUND", (0, 0), (-1, -1), color(HEAD_FILL)),
        ("LEFTPADDING", (0, 0), (-1, -1), 10),
        ("TOPPADDING", (0, 0), (-1, -1), 7),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
    ]))
    return table


def _details(data: ReportData):
    from reportlab.platypus import Table, TableStyle

    s = data.settings
    used = checklists_used(data)
    forms = _checklists_table(used) if used else para("None yet", "cell")
    rows = [
        ("Force", markup(s.force) or "Not stated"),
        ("Audit period", period_text(data)),
        ("Recording time limit", f"{s.time_limit_hours} hours"),
        ("Checklists used", forms),
        ("Records sampled", f"{len(data.records):,}"),
        ("Audited by", ", ".join(markup(a) for a in data.auditors) or "No answers yet"),
        ("Generated", f"{long_datetime(data.generated_at)} by {markup(data.generated_by)}"),
        ("Protective marking", markup(s.marking)),
        ("Status", data.status),
    ]
    table = Table([[para(k, "cell_head"), v if not isinstance(v, str) else para(v, "cell")] for k, v in rows],
                  colWidths=[120, W - 120], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
        ("TOPPADDING", (0, 0), (-1, -1), PAD_Y + 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_Y + 2),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, color(RULE)),
        ("LINEABOVE", (0, 0), (-1, 0), 0.8, color(INK)),
    ]))
    return table


def _checklists_table(used: list[tuple[str, str, int]]):
    """Checklist, version, records: a small borderless table inside the cover's details."""
    from reportlab.platypus import Table, TableStyle

    rows = [[para(markup(t), "cell"), para(f"version {markup(v)}" if v else "", "cell_small"),
             para(f"{n:,} record{'s' if n != 1 else ''}", "cell_r")] for t, v, n in used]
    table = Table(rows, colWidths=[W - 120 - 150, 75, 75], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    return table


# -- summary ---------------------------------------------------------------------------


def summary(data: ReportData) -> list:
    """What was sampled, and the headline figures of the findings layout."""
    complete = sum(1 for r in data.records if r.progress == "complete")
    out = [para(f"The audit sampled {plural(len(data.records), 'record')} on "
                f"{plural(len(checklists_used(data)), 'checklist')}, of which {complete:,} "
                f"{'is' if complete == 1 else 'are'} complete. The findings count complete, auditable records only; "
                "what they leave out is counted under \u201cLeft out of the findings\u201d. The narrative of the "
                "findings closes the findings sections.")]
    if data.layout is None:
        return out + [para("The findings are not available in this build of the workbench.", "note")]
    tiles = [(markup(h.label), markup(h.figure), markup(h.detail)) for h in data.layout.headlines]
    return out + ([_tiles(tiles)] if tiles else [])


def _tiles(tiles: list[tuple[str, str, str]]):
    """Headline figures three to a row, each under a short accent rule, with gutters between."""
    from reportlab.platypus import Table, TableStyle

    cols, gap = 3, 14
    cells = [[para(label, "cell_head"), para(figure, "cell_big"), para(detail, "cell_small")]
             for label, figure, detail in tiles]
    cells += [""] * (-len(cells) % cols)
    rows = []
    for i in range(0, len(cells), cols):
        row = []
        for cell in cells[i:i + cols]:
            row += [cell, ""]
        rows.append(row[:-1])  # tile, gutter, tile, gutter, tile
    width = (W - gap * (cols - 1)) / cols
    table = Table(rows, colWidths=[width, gap] * (cols - 1) + [width], hAlign="LEFT")
    commands = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 12)]
    for i, _tile in enumerate(tiles):
        r, c = divmod(i, cols)
        commands.append(("LINEABOVE", (2 * c, r), (2 * c, r), 2, color(ACCENT)))
    table.setStyle(TableStyle(commands))
    return table


# -- sign-off ---------------------------------------------------------------------------


def signoff(data: ReportData) -> list:
    from reportlab.platypus import Table, TableStyle

    so = data.signoff
    if so:
        rows = [("Name", markup(so.name)), ("Role", markup(so.role)),
                ("Date and time", f"{long_date(so.at)}, {so.at[11:16]} UTC"), ("Meaning", markup(so.statement)),
                ("Status", markup(so.void) if so.void else "Signed off: the audit is locked"),
                ("Manifest SHA-256", f"<font size=7>{so.manifest_sha256}</font>"),
                ("Key fingerprint", f"<font size=7>{markup(so.key_fingerprint)}</font>"),
                ("Signature", f"<font size=6>{so.signature}</font>")]
        intro = [para("Signed electronically with the FCR's key (Ed25519). Anyone with the FCR's public key can check "
                      "this report with <i>workbench verify-export</i>, and the audit file with <i>workbench verify "
                      "--key</i>.", "small")]
    else:
        rows = [("Name", ""), ("Role", ""), ("Signature", ""), ("Date", "")]
        intro = [para("To be completed by the Force Crime Registrar when the findings are final; until then "
                      "this report is a draft.", "small"), para(DEFAULT_STATEMENT)]
    table = Table([[para(k, "cell_head"), para(v, "cell")] for k, v in rows], colWidths=[90, W * 0.6],
                  rowHeights=None if so else [30] * len(rows), hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LINEBELOW", (1, 0), (1, -1), 0.6, color(INK if not so else RULE)),
    ]))
    return [keep(*intro, table)]
