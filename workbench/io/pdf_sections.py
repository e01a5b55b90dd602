"""The cover, summary, exclusions and sign-off sections of the PDF report."""

from __future__ import annotations

from collections import Counter

from workbench.core.report import ReportData
from workbench.io.pdf_page import FRAME_WIDTH
from workbench.io.pdf_styles import (ACCENT, DRAFT, HEAD_FILL, INK, RULE, color, long_date, long_datetime, markup,
                                     para, plural)
from workbench.io.pdf_tables import PAD_X, PAD_Y, count_text, data_table, interval_text, keep

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


def summary(data: ReportData, f: dict | None) -> list:
    complete = sum(1 for r in data.records if r.progress == "complete")
    out = [para(f"The audit sampled {plural(len(data.records), 'record')} on "
                f"{plural(len(checklists_used(data)), 'checklist')}, of which {complete:,} "
                f"{'is' if complete == 1 else 'are'} complete. The findings count complete, auditable records only; "
                "what they leave out is counted under Exclusions.")]
    tiles = headline_figures(f) if f is not None else []
    if tiles:
        out += [_tiles(tiles)]
    elif f is None:
        out += [para("The findings are not available in this build of the workbench.", "note")]
    if data.narrative:
        out += [para("Findings in brief", "h2")] + [para(markup(p)) for p in data.narrative]
    return out


def headline_figures(f: dict) -> list[tuple[str, str, str]]:
    """(label, figure, detail) of the headline rates that have a denominator."""
    out = []
    all_rates = next((t for t in f.get("recording_rates", ()) if t.get("source") == "all"), None)
    if all_rates and all_rates["rows"] and all_rates["rows"][0].get("should_have_been_recorded"):
        r = all_rates["rows"][0]
        out.append(("Crimes recorded", _pct(r.get("rate")),
                    f"{r['recorded']:,} of {r['should_have_been_recorded']:,} that should have been recorded "
                    f"(95% interval {interval_text(r.get('interval'))})"))
    for key, label in (("incidents", "From incident records"), ("referrals", "From referrals")):
        c = (f.get(key) or {}).get("recorded")
        if c and c.get("n"):
            out.append((label, _pct(c["percent"]), f"{count_text(c)} crimes identified were recorded"))
    overall = next((t for t in f.get("timeliness", ()) if t.get("source") == "all"), None)
    if overall and overall.get("recorded"):
        hours = f.get("time_limit_hours", "")
        if overall["timely"].get("n"):
            out.append((f"Recorded within {hours} hours", _pct(overall["timely"]["percent"]),
                        f"{count_text(overall['timely'])} crimes recorded"))
        if overall["classified"].get("n"):
            out.append(("Correctly classified", _pct(overall["classified"]["percent"]),
                        f"{count_text(overall['classified'])} crimes recorded"))
    c = ((f.get("cancelled") or {}).get("overall") or {}).get("correct")
    if c and c.get("n"):
        out.append(("No-crime decisions correct", _pct(c["percent"]), f"{count_text(c)} decisions reviewed"))
    return out


def _pct(value) -> str:
    return "–" if value is None else f"{value:.1f}%"


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


# -- exclusions and sign-off -------------------------------------------------------------


def exclusions(data: ReportData, f: dict) -> list:
    ex = f.get("exclusions") or {}
    parts = ("incomplete", "not_auditable", "not_covered")
    unable = {k: sum(v.values()) for k, v in (ex.get("unable") or {}).items()}
    in_sample = list(dict.fromkeys(r.form_id for r in data.records))
    form_ids = list(dict.fromkeys([*in_sample, *[k for p in parts for k in ex.get(p, {})], *unable]))
    rows = []
    for fid in form_ids:
        values = [ex.get("incomplete", {}).get(fid, 0), ex.get("not_auditable", {}).get(fid, 0),
                  unable.get(fid, 0), ex.get("not_covered", {}).get(fid, 0)]
        if any(values):
            form = data.forms.get(fid)
            rows.append([markup(form.title if form else fid), *values])
    intro = para("Records that are incomplete or could not be audited (missing, sealed) are left out of every "
                 "count above, and so are answers of 'unable to determine'; they are counted here.")
    if not rows:
        return [intro, para("Nothing was left out.", "small")]
    totals = ["All checklists", *[sum(r[i] for r in rows) for i in range(1, 5)]]
    table = data_table(["Checklist", "Incomplete records", "Not auditable", "Answers 'unable to determine'",
                        "Not in any table"], rows + [totals], [W - 4 * 74, 74, 74, 74, 74],
                       numeric=(1, 2, 3, 4), total_rows=(len(rows),))
    return [intro, table]


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
