"""The findings sections of the PDF report, laid out like the inspection's Part B.

Everything here reads the findings' ``to_dict()`` form (the same shape the Excel
export and ``findings --json`` read), so each figure printed is the figure the
engine computed: counts beside every percentage, "x of n" with the right
denominator, intervals as HMICFRS shows them. Labels come from checklists, which
are user-editable data, so they are escaped like any other user text.
"""

from __future__ import annotations

from workbench.io.pdf_page import FRAME_WIDTH
from workbench.io.pdf_styles import markup, para, pct, plural
from workbench.io.pdf_tables import count_text, data_table, figures_block, interval_text, keep, rate_text

W = FRAME_WIDTH


def _n(count: dict | None) -> int:
    return count.get("n", 0) if count else 0


# -- Part B ----------------------------------------------------------------------------


def part_b(f: dict, force: str) -> list:
    """Incident records, referrals and no-crimes, each as the inspection's figures block."""
    out = _recording_block(f.get("incidents"), "Crimes reported as part of an incident record", (
        ("Incidents reviewed", "The audit team reviewed the following number of incident records."),
        ("Crimes identified", "From these incidents, the audit team identified the following number of "
                              "crimes that should have been recorded."),
    ), force)
    out += _recording_block(f.get("referrals"), "Crime reports held on other systems", (
        ("Referrals", f"The audit team reviewed the following number of referrals reported directly to "
                      f"{force} and held on other systems."),
        ("Crimes identified", f"From these referrals, the audit team identified the following number of "
                              f"crimes that {force} should have recorded."),
    ), force)
    out += _no_crimes(f.get("cancelled"), force)
    return out


def _recording_block(r: dict | None, title: str, first_two, force: str) -> list:
    head = para(title, "h2")
    if not r or not r.get("reviewed"):
        return [head, para("No complete, auditable records of this kind.", "small")]
    recorded = r["recorded"]
    (h1, d1), (h2, d2) = first_two
    block = figures_block([
        (h1, d1, f"{r['reviewed']:,}"),
        (h2, d2, f"{r['crimes_identified']:,}"),
        ("Crimes recorded", f"From these identified crimes, {force} recorded the following number of crimes.",
         f"{recorded['x']:,}"),
        ("Recording rate", f"{count_text(recorded)} crimes that should have been recorded were recorded.",
         rate_text(recorded)),
    ], [W / 4] * 4)
    notes = []
    if r.get("undetermined"):
        notes.append(f"{plural(r['undetermined'], 'record')} where it could not be determined whether a crime "
                     "was disclosed " + ("is" if r["undetermined"] == 1 else "are") + " counted as reviewed, with "
                     "no crimes identified.")
    return [keep(head, block, *[para(n, "note") for n in notes])] + ([] if notes else [para("", "note")])


def _no_crimes(c: dict | None, force: str) -> list:
    head = para("No-crimes", "h2")
    overall = (c or {}).get("overall")
    if not overall or not overall.get("reviewed"):
        return [head, para("No complete, auditable no-crime (cancelled crime) decisions.", "small")]
    correct = overall["correct"]
    block = figures_block([
        ("No-crimes reviewed", f"The audit team reviewed the following number of recorded crimes which {force} "
                               "had subsequently recorded as no-crime.", f"{overall['reviewed']:,}"),
        ("Decisions correct", "From these, the audit team assessed the following number of no-crime decisions "
                              "as being correct.", f"{correct['x']:,}"),
        ("Rate correct", f"{count_text(correct)} no-crime decisions were correct.", rate_text(correct)),
    ], [W / 3] * 3)
    rows = [[markup(r["label"]), r["reviewed"], r["correct"]["x"], rate_text(r["correct"])]
            for r in c.get("by_category", ())]
    table = data_table(["Category", "Reviewed", "Correct", "% correct"], rows + [
        ["All no-crimes", overall["reviewed"], correct["x"], rate_text(correct)]],
        [W - 3 * 80, 80, 80, 80], numeric=(1, 2, 3), total_rows=(len(rows),))
    return [keep(head, block), para("", "note"), keep(para("No-crimes by category", "h3"), table)]


# -- out-of-court disposals ------------------------------------------------------------


def disposals(f: dict) -> list:
    """Each out-of-court disposal checklist: sampled, and each question's "x of n"."""
    items = [d for d in f.get("disposals", ()) if d.get("sampled")]
    if not items:
        return []
    out = [para("For each question, n is the number of cases the question applied to: victims' views, for "
                "example, are counted out of the cases where there was a victim to consult.", "small")]
    for d in items:
        rows, unable = [], 0
        for q in d.get("questions", ()):
            label = markup(q["label"])
            if q.get("applies_to"):
                label += f"<br/><font size=7.5 color='#5b6470'>Of {markup(q['applies_to'])}</font>"
            rows.append([label, count_text(q["count"]), rate_text(q["count"])])
            unable += q.get("unable", 0)
        table = data_table(["Question", "Cases", "%"], rows, [W - 2 * 80, 80, 80], numeric=(1, 2))
        notes = [para(f"{plural(unable, 'answer')} of 'unable to determine' left out of these counts.", "note")] \
            if unable else [para("", "note")]
        out.append(keep(para(f"{markup(d['title'])}: {d['sampled']:,} dip-sampled", "h3"), table, *notes))
    return [keep(para("Out-of-court disposals", "h2"), out[0], out[1]), *out[2:]]


# -- recording rate, timeliness, cancelled, N100 ------------------------------------------


def recording_rates(f: dict) -> list:
    """The recording rate by category with its 95% interval, one table per source."""
    tables = [t for t in f.get("recording_rates", ()) if any(r.get("should_have_been_recorded") for r in t["rows"])]
    if not tables:
        return []
    out = [para("Crimes that should have been recorded, and how many were, by offence category. The 95% "
                "confidence interval is given as HMICFRS gives it, +/- the half-width in percentage points; "
                "where fewer than 10 crimes were recorded or fewer than 10 were not, that approximation fails "
                "and the interval's Wilson score bounds are given instead (low to high).")]
    for t in tables:
        rows = [[markup(r["label"]), r["should_have_been_recorded"], r["recorded"], pct(r.get("rate")),
                 interval_text(r.get("interval"))] for r in t["rows"]]
        totals = [i for i, r in enumerate(t["rows"]) if str(r.get("category", "")).startswith("all")]
        table = data_table(["Category", "Should have been recorded", "Recorded", "Rate", "95% interval"], rows,
                           [W - 3 * 70 - 100, 70, 70, 70, 100], numeric=(1, 2, 3, 4), bold_rows=totals)
        out.append(keep(para(markup(t["title"]), "h3"), table))
    return out


def timeliness(f: dict, hours: int) -> list:
    """Of the crimes recorded: within the time limit, and correctly classified."""
    rows_in = [t for t in f.get("timeliness", ()) if t.get("recorded")]
    if not rows_in:
        return []
    rows = [[markup(t["title"]), t["recorded"], count_text(t["timely"]), rate_text(t["timely"]),
             count_text(t["classified"]), rate_text(t["classified"])] for t in rows_in]
    totals = [i for i, t in enumerate(rows_in) if t.get("source") == "all"]
    table = data_table(["Source", "Crimes recorded", f"Within {hours} hours", "%",
                        "Correctly classified", "%"], rows,
                       [W - 318, 58, 80, 50, 80, 50], numeric=(1, 2, 3, 4, 5), total_rows=totals)
    unable = sum(t.get("timely_unable", 0) for t in rows_in if t.get("source") != "all")
    out = [keep(para(f"Of the crimes that were recorded, how many were recorded within the audit's limit of "
                     f"{hours} hours of the report, and how many were correctly classified."), table)]
    if unable:
        out.append(para(f"{plural(unable, 'crime')} whose timeliness could not be determined left out of the "
                        "timeliness counts.", "note"))
    return out


def cancelled(f: dict) -> list:
    """No-crimes by category: victims who should have been told and were; authorisation."""
    c = f.get("cancelled") or {}
    overall = c.get("overall")
    if not overall or not overall.get("reviewed"):
        return []
    all_rows = list(c.get("by_category", ())) + [dict(overall, label="All no-crimes")]
    rows = [[markup(r["label"]), r["reviewed"], _n(r["victims_informed"]), count_text(r["victims_informed"]),
             rate_text(r["victims_informed"]), count_text(r["authorised"]), rate_text(r["authorised"])]
            for r in all_rows]
    table = data_table(["Category", "Reviewed", "Victims to be told", "Told", "%", "Authorised correctly", "%"],
                       rows, [W - 360, 56, 60, 74, 48, 74, 48], numeric=(1, 2, 3, 4, 5, 6),
                       total_rows=(len(rows) - 1,))
    unable = overall.get("authorised_unable", 0)
    out = [keep(para("Where a no-crime decision meant the victim should have been told, whether they were; and "
                     "whether each decision was authorised at the right level."), table)]
    if unable:
        out.append(para(f"{plural(unable, 'decision')} whose level of authorisation could not be determined "
                        "left out of the authorisation counts.", "note"))
    return out


def n100(f: dict) -> list:
    """Rape reports classified N100."""
    n = f.get("n100") or {}
    if not n.get("reviewed"):
        return []
    rows = [
        ["N100 classification correct", count_text(n["correct"]), rate_text(n["correct"])],
        ["Rapes that should have been recorded and were", count_text(n["rapes_recorded"]),
         rate_text(n["rapes_recorded"])],
        ["Of those recorded, recorded in time", count_text(n["timely"]), rate_text(n["timely"])],
    ]
    table = data_table(["", "Cases", "%"], rows, [W - 2 * 80, 80, 80], numeric=(1, 2))
    return [keep(para("Rape reports classified N100", "h2"),
                 para(f"The audit team reviewed {plural(n['reviewed'], 'report')} of rape classified N100."), table)]


def unrecorded(f: dict) -> list:
    """The optional estimate of crimes that went unrecorded."""
    u = f.get("unrecorded")
    if not u:
        return []
    rate = u["rate"]
    text = (f"The force recorded {u['recorded_crime']:,} crimes (excluding fraud) in the twelve months. At the "
            f"audit's all-crime recording rate of {pct(rate.get('rate'))} ({rate['recorded']:,} of "
            f"{rate['should_have_been_recorded']:,}), an estimated {_whole(u['estimate'])} further crimes went "
            f"unrecorded (between {_whole(u['low'])} and {_whole(u['high'])} at the 95% interval's bounds).")
    return [keep(para("Estimate of unrecorded crime", "h2"), para(text))]


def _whole(value) -> str:
    return "–" if value is None else f"{round(value):,}"
