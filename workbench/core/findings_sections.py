"""The findings' layout, built once from the findings (see `workbench.core.findings_layout`).

Sections, in the order every output shows them: Part B in the 2014 inspection's
words, the recording rates with their 95% intervals (and a chart), the
unrecorded-crime estimate, timeliness and classification, no-crimes, N100, the
out-of-court disposals, the other checklists, what was left out, and the
narrative. Sums come last in their table ("total" rows); a leading "All crime"
row is "bold". Titles, labels and notes are worded here once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from workbench.core.breakdowns import Breakdown
from workbench.core.findings_contract import ALL, RECORDING_SOURCES
from workbench.core.findings_layout import (
    BOLD, COUNT, INTERVAL, RATE, RATIO, TEXT, TOTAL, Bar, Chart, Column, FindingsLayout, Headline, Paragraphs, Row,
    Section, Table, count, interval, interval_text, rate, ratio, ratio_text, text,
)
from workbench.core.method import MethodFacts, SampleDraw
from workbench.core.findings_tables import (
    HEADLINE_SOURCE, NO_RATE, STRATIFIED, CancelledRow, DisposalFindings, Findings, RateRow, RecordingFindings,
    RecordingRates,
)

INTERVAL_NOTE = ("The 95% confidence interval is shown as HMICFRS shows it, +/- the half-width in percentage points "
                 "(normal approximation, z = 1.96), when at least 10 crimes were recorded and 10 were not; otherwise "
                 "as the Wilson score interval's bounds (low to high). A weighted rate's interval comes from the "
                 "stratified variance.")
DISPOSAL_INTRO = ("For each question, n is the number of cases the question applied to: victims' views, for example, "
                  "are counted out of the cases where there was a victim to consult.")


def findings_layout(findings: Findings, narrative: Sequence[str], titles: Mapping[str, str] | None = None,
                    force: str = "", method: MethodFacts | None = None,
                    review: Sequence[Section | None] = (), trend: Section | None = None,
                    areas: Breakdown | None = None) -> FindingsLayout:
    """Lay out ``findings`` and their ``narrative``.

    Parameters
    ----------
    titles
        Form id -> checklist title (for what was left out); the id when missing.
    force
        The force's name for Part B's sentences ("the force" when empty).
    method
        How the sample came about, for the Method section (left out when None).
    review
        The sections on the audit of the audit (``core.review_sections``: the FCR's
        determinations, agreement with the peer reviewers), placed after the
        breakdowns; None leaves one out.
    trend
        The trend across audit periods (``core.trend_section``), after the
        unrecorded-crime estimate; None when no other audit is compared.
    areas
        Crimes by area (``core.findings.area_breakdown``), first of the breakdowns;
        None when the sample gives no area.
    """
    titles = dict(titles or {})
    f = findings
    sections = [
        _part_b(f, force.strip() or "the force"), _rates(f), _unrecorded(f), trend, _timeliness(f), _cancelled(f),
        _n100(f),
        _checklists("disposals", "Out-of-court disposals", DISPOSAL_INTRO, f.disposals),
        _checklists("other_checklists", "Other checklists",
                    "Checklists with no findings table of their own: each yes/no question, counted.", f.other_checklists),
        _breakdowns(f, areas),
        *review,
        _exclusions(f, titles),
        _method(f, method, titles) if method is not None else None,
        Section("narrative", "The findings in words", "", (Paragraphs(tuple(narrative)),)) if narrative else None,
    ]
    return FindingsLayout(tuple(s for s in sections if s is not None), tuple(_headlines(f)), tuple(narrative))


# -- Part B ---------------------------------------------------------------------------------


def _part_b(f: Findings, force: str) -> Section:
    incidents, referrals = RECORDING_SOURCES
    blocks = [
        _recording_figures(f.incidents, "Incidents reviewed",
                           f"The audit team reviewed the following number of {incidents.plural}.",
                           "From these incidents, the audit team identified the following number of crimes that should "
                           "have been recorded.", force),
        _recording_figures(f.referrals, "Referrals",
                           f"The audit team reviewed the following number of referrals reported directly to {force} "
                           "and held on other systems.",
                           f"From these referrals, the audit team identified the following number of crimes that "
                           f"{force} should have recorded.", force),
    ]
    c = f.cancelled
    if c.overall.reviewed:
        blocks.append(Table("part_b.no_crimes", "No-crimes", (
            Column("No-crimes reviewed", COUNT, f"The audit team reviewed the following number of recorded crimes "
                                                f"which {force} had subsequently recorded as no-crime."),
            Column("Decisions correct", COUNT, "From these, the audit team assessed the following number of "
                                               "no-crime decisions as being correct."),
            Column("Rate correct", RATIO, "No-crime decisions that were correct."),
        ), (Row((count(c.overall.reviewed), count(c.overall.correct.x), ratio(c.overall.correct))),), figures=True))
        blocks.append(Table("part_b.no_crimes_by_category", "No-crimes by category", (
            Column("Category", TEXT), Column("Reviewed", COUNT), Column("Correct decisions", RATIO),
        ), tuple(_category_rows(c.by_category, c.overall, lambda r: (count(r.reviewed), ratio(r.correct))))))
    intro = ("The counts below are of complete, auditable records, set out as HMIC's crime data integrity "
             "inspections set them out. Every percentage stands beside the counts it comes from.")
    return Section("part_b", "Part B: audit findings in numbers", intro, tuple(blocks))


def _recording_figures(t: RecordingFindings, first: str, reviewed: str, identified: str, force: str) -> Table:
    notes = ()
    if t.undetermined:
        are = "is" if t.undetermined == 1 else "are"
        notes = (f"{t.undetermined:,} record{'s' if t.undetermined != 1 else ''} where it could not be determined "
                 f"whether a crime was disclosed {are} counted as reviewed, with no crimes identified.",)
    columns = (
        Column(first, COUNT, reviewed), Column("Crimes identified", COUNT, identified),
        Column("Crimes recorded", COUNT, f"From these identified crimes, {force} recorded the following number "
                                         "of crimes."),
        Column("Recording rate", RATIO, "Crimes that should have been recorded that were recorded."),
    )
    row = Row((count(t.reviewed), count(t.crimes_identified), count(t.recorded.x), ratio(t.recorded)))
    return Table(f"part_b.{t.source}", t.title, columns, (row,), notes, figures=True)


def _category_rows(rows: Sequence[CancelledRow], overall: CancelledRow, cells) -> list[Row]:
    """The categories with decisions (the standard ones always), then the total."""
    shown = [Row((text(r.label), *cells(r))) for r in rows]
    return [*shown, Row((text("All categories"), *cells(overall)), TOTAL)]


# -- recording rates -----------------------------------------------------------------------


def _rate_table(key: str, title: str, rates: RecordingRates, notes: tuple[str, ...] = ()) -> Table:
    weighted = any(r.weighted for r in rates.rows)
    heads = ("Crimes in the sample", "Recorded in the sample", "Weighted rate") if weighted else \
        ("Should have been recorded", "Recorded", "Rate")
    columns = (Column("Category", TEXT), Column(heads[0], COUNT), Column(heads[1], COUNT), Column(heads[2], RATE),
               Column("95% interval", INTERVAL))
    rows = tuple(Row((text(r.label), count(r.recorded.n), count(r.recorded.x), rate(_fraction(r)),
                      interval(r.interval)), BOLD if r.category == ALL else "") for r in rates.rows)
    return Table(key, title, columns, rows, notes)


def _fraction(row: RateRow) -> float | None:
    if row.weighted:
        return row.interval.rate
    return row.recorded.x / row.recorded.n if row.recorded.n else None


def _rates(f: Findings) -> Section | None:
    o = f.overall
    if o.method == NO_RATE:
        return None
    blocks: list = []
    if o.method == STRATIFIED:
        blocks.append(_rate_table("rates.overall", o.rates.title, o.rates, (o.note,)))
        blocks.append(Table("rates.strata", "How the record sources were weighted", (
            Column("Record source", TEXT), Column("Population (records)", COUNT), Column("Records sampled", COUNT),
            Column("Crimes identified", COUNT), Column("Crimes recorded", COUNT),
        ), tuple(Row((text(s.title), count(s.population), count(s.records), count(s.crimes), count(s.recorded)))
                 for s in o.strata)))
    shown = [r for r in f.recording_rates if r.row(ALL).recorded.n]
    for r in shown:
        source = next(s for s in RECORDING_SOURCES if s.source == r.source)
        if o.method != STRATIFIED and source.form_id == o.source:
            title, notes = f"Overall recording rate: {source.plural}", (o.note,)
            blocks.insert(0, _rate_table(f"rates.{r.source}", title, r, notes))
        else:
            beside = " (beside the overall rate, not added in)" if o.method == HEADLINE_SOURCE else ""
            blocks.append(_rate_table(f"rates.{r.source}", f"{source.plural[:1].upper()}{source.plural[1:]}{beside}", r))
    blocks.append(_chart(f, shown))
    intro = ("Crimes that should have been recorded, and how many were, by offence category. " + INTERVAL_NOTE)
    return Section("rates", "Recording rate, with 95% confidence interval", intro, tuple(blocks))


def _chart(f: Findings, per_source: Sequence[RecordingRates]) -> Chart:
    overall = f.overall
    bars = [_bar(r.label, r, r.category == ALL) for r in overall.rates.rows]
    for i, rates in enumerate(t for t in per_source if overall.method == STRATIFIED or t.source != _source_of(overall)):
        source = next(s for s in RECORDING_SOURCES if s.source == rates.source)
        bars.append(_bar(f"All crime, {source.short or source.plural}", rates.row(ALL), True, group_start=i == 0))
    return Chart("rates.chart", "Recording rate by category", tuple(bars),
                 "Bars show each rate; the lines across them show its 95% interval.")


def _source_of(overall) -> str | None:
    return next((s.source for s in RECORDING_SOURCES if s.form_id == overall.source), None)


def _bar(label: str, row: RateRow, bold: bool, group_start: bool = False) -> Bar:
    shown = row.interval.to_dict() if row.interval is not None else None
    detail = f"sample {ratio_text(row.recorded)}" if row.weighted else ratio_text(row.recorded)
    return Bar(label, row.rate, shown and shown["low"], shown and shown["high"], detail if row.recorded.n else "",
               bold, group_start)


def _unrecorded(f: Findings) -> Section | None:
    u = f.unrecorded
    if u is None:
        return None
    e = u.estimate
    high = count(e.rounded_high) if e.rounded_high is not None else text("no upper limit")
    table = Table("unrecorded", "From the overall recording rate", (
        Column("Recorded crime in 12 months (excluding fraud)", COUNT), Column("Overall recording rate", RATE),
        Column("Additional crimes a year (nearest hundred)", COUNT), Column("Lowest", COUNT), Column("Highest", COUNT),
    ), (Row((count(e.recorded_crime), rate(_fraction(u.rate)), count(e.rounded), count(e.rounded_low), high)),),
        (f"U = R(1 - r) / r, from the overall recording rate, with the range from its 95% interval; rounded to the "
         f"nearest hundred as HMICFRS writes it (unrounded: {_whole(e.estimate)}, {_whole(e.low)} to "
         f"{_whole(e.high)}).",))
    intro = "How many more crimes the force would have recorded in a year at the audit's overall recording rate."
    return Section("unrecorded", "Estimate of unrecorded crime", intro, (table,))


def _whole(value: int | None) -> str:
    return "no limit" if value is None else f"{value:,}"


# -- timeliness, no-crimes, N100 -------------------------------------------------------------


def _timeliness(f: Findings) -> Section | None:
    if not any(t.recorded for t in f.timeliness):
        return None
    hours = f.time_limit_hours
    rows = [Row((text(t.title), count(t.recorded), ratio(t.timely), count(t.timely_unable), ratio(t.classified)),
                TOTAL if t.source == ALL else "") for t in f.timeliness if t.recorded or t.source == ALL]
    table = Table("timeliness", f"Of the crimes recorded: recorded within {hours} hours, and correctly classified", (
        Column("Of the crimes recorded", TEXT), Column("Crimes recorded", COUNT),
        Column(f"Within {hours} hours", RATIO), Column("Timeliness not determined", COUNT),
        Column("Correctly classified", RATIO),
    ), tuple(rows), (f"Within {hours} hours: x of the n crimes recorded whose timeliness could be determined; "
                     "crimes whose timeliness could not be determined are counted in their own column. Correctly "
                     "classified: x of every crime recorded.",))
    intro = (f"Of the crimes that were recorded, how many were recorded within the audit's limit of {hours} hours "
             "of the report, and how many were correctly classified.")
    return Section("timeliness", "Timeliness and classification", intro, (table,))


def _cancelled(f: Findings) -> Section | None:
    c = f.cancelled
    if not c.overall.reviewed:
        return None
    rows = _category_rows([r for r in c.by_category if r.reviewed], c.overall,
                          lambda r: (ratio(r.victims_informed), ratio(r.authorised), count(r.authorised_unable)))
    table = Table("no_crimes", "Victims told of the decision, and authorisation", (
        Column("Category", TEXT), Column("Victims told, of those who should have been", RATIO),
        Column("Authorised at the right level", RATIO), Column("Authorisation not determined", COUNT),
    ), tuple(rows))
    intro = ("Where a no-crime decision meant the victim should have been told, whether they were; and whether each "
             "decision was authorised at the right level.")
    return Section("no_crimes", "No-crimes (cancelled crimes): victims and authorisation", intro, (table,))


def _n100(f: Findings) -> Section | None:
    n = f.n100
    if not n.reviewed:
        return None
    hours = f.time_limit_hours
    rows = (
        Row((text("Classification as N100 correct"), ratio(n.correct), text(""))),
        Row((text("Rapes that should have been recorded, recorded"), ratio(n.rapes_recorded), text(""))),
        Row((text(f"Of those recorded, recorded within {hours} hours"), ratio(n.timely), count(n.timely_unable))),
    )
    table = Table("n100", "N100 records", (Column("", TEXT), Column("Cases", RATIO), Column("Not determined", COUNT)), rows,
                  (f"Within {hours} hours: x of the rapes recorded whose timeliness could be determined.",))
    intro = f"The audit team reviewed {n.reviewed:,} report{'s' if n.reviewed != 1 else ''} of rape classified N100."
    return Section("n100", "Rape reports classified N100", intro, (table,))


# -- checklists reported question by question, exclusions ----------------------------------


def _checklists(key: str, title: str, intro: str, items: Sequence[DisposalFindings]) -> Section | None:
    used = [d for d in items if d.sampled]
    if not used:
        return None
    tables = []
    for d in used:
        shown = [q for q in d.questions if q.count.n or q.unable]
        unable = any(q.unable for q in shown)  # the column only when some answer was "unable to determine"
        rows = tuple(Row((text(q.label), ratio(q.count), text(q.applies_to), *([count(q.unable)] if unable else [])))
                     for q in shown)
        columns = (Column("Question", TEXT), Column("Yes", RATIO), Column("Of the records", TEXT),
                   *([Column("Not determined", COUNT)] if unable else []))
        tables.append(Table(f"{key}.{d.form_id}", f"{d.title}: {d.sampled:,} dip-sampled", columns, rows))
    return Section(key, title, intro, tuple(tables))


def _exclusions(f: Findings, titles: Mapping[str, str]) -> Section:
    e = f.exclusions
    forms = list(dict.fromkeys([*titles, *e.incomplete, *e.not_auditable, *e.unable]))
    rows = []
    for form_id in forms:
        values = (e.incomplete.get(form_id, 0), e.not_auditable.get(form_id, 0), sum(e.unable.get(form_id, {}).values()))
        if any(values):
            rows.append(Row((text(titles.get(form_id, form_id)), *map(count, values))))
    intro = ("Records that are incomplete or could not be audited (missing, sealed) are left out of every count "
             "above, and so are answers of 'unable to determine'; they are counted here.")
    if not rows:
        return Section("exclusions", "Left out of the findings", intro, (Paragraphs(("Nothing was left out.",)),))
    totals = Row((text("All checklists"), count(e.total_incomplete), count(e.total_not_auditable),
                  count(e.total_unable)), TOTAL)
    table = Table("exclusions", "Records and answers left out, by checklist", (
        Column("Checklist", TEXT), Column("Records not complete", COUNT), Column("Records that could not be audited",
                                                                                COUNT),
        Column("'Unable to determine' answers", COUNT),
    ), (*rows, totals), ("'Unable to determine' answers count in neither the numerator nor the denominator of any "
                         "figure.",))
    return Section("exclusions", "Left out of the findings", intro, (table,))


def _breakdowns(f: Findings, areas: Breakdown | None = None) -> Section | None:
    tables = []
    for b in ([areas] if areas is not None else []) + list(f.breakdowns):
        columns = [Column(b.heading, TEXT), Column(b.unit, COUNT)] + ([Column(b.measure, RATIO)] if b.measure else [])
        rows = tuple(Row((text(r.label), count(r.number), *([ratio(r.count)] if b.measure else []))) for r in b.rows)
        tables.append(Table(b.key, b.title, tuple(columns), rows, (b.note,) if b.note else ()))
    if not tables:
        return None
    intro = ("What the checklists record beyond the tables above, from the same complete, auditable records, and "
             "by area when the imported sample has an area column.")
    return Section("breakdowns", "Breakdowns", intro, tuple(tables))


def _method(f: Findings, facts: MethodFacts, titles: Mapping[str, str]) -> Section:
    sizes = f.populations
    if sizes:
        population = ("The sample stands for these populations, the records it was drawn from (from the workbench's "
                      "draw, or as entered in the audit's settings): "
                      + "; ".join(f"{titles.get(k, k)}: {v:,} records" for k, v in sizes.items()) + ".")
    else:
        population = ("The size of the population the sample was drawn from is not recorded in this audit. Entered "
                      "in the audit's settings (the population of each record source), it is stated here and the "
                      "overall recording rate is weighted by it.")
    selection = " ".join(_drawn(d, titles) for d in facts.draws)
    drawn = {d.form_id for d in facts.draws}
    imported = [i for i in facts.imports]
    if imported and (not facts.draws or set(f.sampled) - drawn):
        files = "; ".join(f"{i.file_name} ({i.rows:,} rows, {i.added:,} records added, {i.imported_at[:10]} by "
                          f"{i.imported_by})" for i in imported)
        lead = "The other records were" if facts.draws else "The sample was"
        selection += (f" {lead} imported, not drawn by the workbench: {files}. How those records were chosen, and "
                      "any seed, are not recorded in this audit.")
    selection = selection.strip() or "No sample has been imported yet."
    rows = []
    for form_id, sampled in f.sampled.items():
        size = sizes.get(form_id)
        counted = sampled - f.exclusions.incomplete.get(form_id, 0) - f.exclusions.not_auditable.get(form_id, 0)
        rows.append(Row((text(titles.get(form_id, form_id)), count(size), count(sampled), count(counted),
                         rate(sampled / size if size else None))))
    table = Table("method.sample", "The sample, by checklist", (
        Column("Checklist (stratum)", TEXT), Column("Population (records)", COUNT), Column("Sampled", COUNT),
        Column("Complete and auditable", COUNT), Column("Share of the population sampled", RATE),
    ), tuple(rows), ("A stratum is, for now, a checklist: the records of one kind.",))
    return Section("method", "Method", "How the sample came about, and what it can and cannot support.",
                   (Paragraphs((population, selection)), table, Paragraphs((_caveat(f),))))


def _drawn(d: SampleDraw, titles: Mapping[str, str]) -> str:
    """'The workbench drew 1,000 of the 48,213 records of incidents.csv at random ...'"""
    strata = (f", stratified by '{d.strata_column}' with {d.allocation} allocation" if d.strata_column else "")
    return (f"The workbench drew {d.size:,} of the {d.population_rows:,} records of {d.population_file} at random "
            f"for the checklist \u201c{titles.get(d.form_id, d.form_id)}\u201d{strata}, by permanent random numbers "
            f"({d.algorithm}) with the seed {d.seed}: the same seed and population give the same sample.")


def _caveat(f: Findings) -> str:
    """What the sample can support, in the words of kind of HMIC's 2014 force reports."""
    row = f.overall.row(ALL)
    precision = ""
    if row is not None and row.interval is not None:
        precision = (f"The overall recording rate's 95% confidence interval is {interval_text(row.interval)}: the "
                     "force's true rate could lie anywhere in it, so a difference from another audit or another force "
                     "smaller than about the width of the interval may be chance. ")
    return (precision + "Figures for an offence category, a record source or a checklist with few records (those shown "
            "with Wilson bounds, or a handful of cases) are too small to be statistically robust on their own: like "
            "HMIC's force-level audits, they support qualitative judgements, read alongside the other evidence of how "
            "the force records crime, not conclusions drawn from the numbers alone.")


# -- headline figures ------------------------------------------------------------------------


def _headlines(f: Findings) -> list[Headline]:
    out = []
    o = f.overall
    row = o.row(ALL)
    if row is not None and row.recorded.n:
        if o.method == STRATIFIED:
            detail = (f"weighted by the population of each record source (sample: {ratio_text(row.recorded)}); "
                      f"95% interval {_interval_words(row)}")
        else:
            source = next(s for s in RECORDING_SOURCES if s.form_id == o.source)
            detail = (f"{ratio_text(row.recorded)} crimes that should have been recorded, in {source.plural}; "
                      f"95% interval {_interval_words(row)}")
        out.append(Headline("Crimes recorded", rate(_fraction(row)), detail))
    for t, label in ((f.incidents, "From incident records"), (f.referrals, "From referrals")):
        if t.recorded.n and (o.method == STRATIFIED or t.source != _source_of(o)):
            out.append(Headline(label, ratio(t.recorded), f"{ratio_text(t.recorded)} crimes identified were recorded"))
    total = next(t for t in f.timeliness if t.source == ALL)
    if total.timely.n:
        undetermined = f"; {total.timely_unable:,} undetermined" if total.timely_unable else ""
        out.append(Headline(f"Recorded within {f.time_limit_hours} hours", ratio(total.timely),
                            f"{ratio_text(total.timely)} crimes whose timeliness could be determined{undetermined}"))
    if total.classified.n:
        out.append(Headline("Correctly classified", ratio(total.classified),
                            f"{ratio_text(total.classified)} crimes recorded"))
    c = f.cancelled.overall.correct
    if c.n:
        out.append(Headline("No-crime decisions correct", ratio(c), f"{ratio_text(c)} decisions reviewed"))
    return out


def _interval_words(row: RateRow) -> str:
    return interval_text(row.interval)
