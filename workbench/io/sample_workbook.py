"""The sample workbook: the drawn rows, and a sheet saying how they were drawn.

**Sample**: one row per record drawn, in draw order (ascending permanent random
number), with the draw order, the stratum and the rank in the stratum before the
population's own columns. **Draw**: the population file with its SHA-256, its rows,
the columns, allocation, size, seed, algorithm, when and by whom, and a table of the
strata (population, share, sample, sampling fraction). Every cell goes through
``xlsx_cells`` (formula-like text neutralised, control characters removed, long
text split), and what that changed is returned as notes.
"""

from __future__ import annotations

from pathlib import Path

from workbench.core.sampling import ALGORITHM, ALGORITHM_WORDS, PopulationDraw, stratum_label
from workbench.io.xlsx_cells import HEADER, MAX_WIDTH, Book, Sheet

#: A row is made tall enough for this many lines of wrapped text at most (the rest scrolls in the cell).
MAX_ROW_LINES = 12
SAMPLE_SHEET = "Sample"
DRAW_SHEET = "Draw"
ALLOCATION_WORDS = {
    "proportional": "proportional to each stratum's population",
    "equal": "the same number from each stratum",
    "neyman": "Neyman: proportional to population x the standard deviation of the expected rate",
}


def sample_columns(result: PopulationDraw) -> list[str]:
    """The Sample sheet's headings: the draw's own, then the population's."""
    own = ["Draw order", "Stratum", "Rank in stratum"] if result.stratified else ["Draw order"]
    taken = {h.casefold() for h in result.header}
    own = [name if name.casefold() not in taken else f"{name} (sample)" for name in own]
    return own + list(result.header)


def write_sample_workbook(result: PopulationDraw, rows: list[tuple[int, list[str]]], path: Path,
                          marking: str) -> list[str]:
    """Write the sample and its description to ``path`` (xlsxwriter).

    Parameters
    ----------
    result
        The draw.
    rows
        ``(population row, cells)`` of each drawn unit, in draw order.
    path
        Where to write (the caller gives a temporary file it then renames).
    marking
        The protective marking printed in every page's header and footer.

    Returns
    -------
    list of str
        What was changed to keep the workbook safe, naming sheet and cell.
    """
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {
        "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
        "nan_inf_to_errors": True,
    })
    book = Book(wb, marking, f"Sample drawn from {result.file_name}")
    wb.set_properties({"title": f"Sample drawn from {result.file_name}", "subject": "Crime data integrity audit sample",
                       "comments": f"Seed {result.draw.spec.seed}, algorithm {ALGORITHM}"})
    _sample_sheet(book.sheet(SAMPLE_SHEET), result, rows)
    _draw_sheet(book.sheet(DRAW_SHEET, header_rows=0, landscape=False), result, book.notes.lines())
    book.finish()
    wb.close()
    return book.notes.lines()


def _sample_sheet(sheet: Sheet, result: PopulationDraw, rows: list[tuple[int, list[str]]]) -> None:
    header = sample_columns(result)
    sheet.header(header)
    wrap, centred = sheet.book.fmt(text_wrap=True), sheet.book.fmt(align="center")
    own_formats = [centred, sheet.book.fmt(), centred] if result.stratified else [centred]
    for i, (unit, (_row, cells)) in enumerate(zip(result.draw.units, rows), start=1):
        own: list = [i, stratum_label(unit.stratum, True), unit.rank] if result.stratified else [i]
        sheet.row(i, own + cells, own_formats + [wrap] * len(cells))
        lines = _lines(cells)
        if lines > 1:
            sheet.ws.set_row(i, 13.5 * lines + 2)
    sheet.autofilter(len(rows), len(header) - 1)
    sheet.finish(freeze_cols=len(header) - len(result.header) + 1)


def _lines(cells: list[str]) -> int:
    """Lines the row's tallest cell needs when wrapped at the widest column (at most ``MAX_ROW_LINES``)."""
    lines = 1
    for text in cells:
        if len(text) > MAX_WIDTH or "\n" in text:
            lines = max(lines, sum(1 + len(part) // MAX_WIDTH for part in text.split("\n")))
    return min(lines, MAX_ROW_LINES)


def _draw_sheet(sheet: Sheet, result: PopulationDraw, notes: list[str]) -> None:
    book = sheet.book
    plain, bold, title = book.fmt(), book.fmt(bold=True), book.fmt(bold=True, font_size=14)
    number = book.fmt(num_format="#,##0", align="left")
    spec = result.draw.spec
    sheet.write(0, 0, f"Sample drawn from {result.file_name}", title)
    details = _details(result)
    for row, (label, value) in enumerate(details, start=2):
        sheet.write(row, 0, label, bold)
        sheet.write(row, 1, value, number if isinstance(value, int) else plain)
    top = len(details) + 3
    sheet.header(["Stratum", "Population", "Share of the population", "Sample", "Sampling fraction"], row=top,
                 fmt=book.fmt(**HEADER))
    share, count = book.fmt(num_format="0.0%"), book.fmt(num_format="#,##0")
    total = result.population_rows
    for row, s in enumerate(result.draw.strata.values(), start=top + 1):
        sheet.write(row, 0, stratum_label(s.name, result.stratified), plain)
        sheet.write(row, 1, s.population, count)
        sheet.write(row, 2, s.population / total, share)
        sheet.write(row, 3, s.sampled, count)
        sheet.write(row, 4, s.sampled / s.population, share)
    end = top + len(result.draw.strata) + 1
    sheet.write(end, 0, "Total", bold)
    sheet.write(end, 1, total, count)
    sheet.write(end, 3, spec.size, count)
    for offset, note in enumerate(notes, start=2):
        sheet.write(end + offset, 0, note, plain)
    sheet.set_widths({0: 28, 1: 16, 2: 24, 3: 12, 4: 18})
    sheet.finish(freeze_rows=0)


def _details(result: PopulationDraw) -> list[tuple[str, object]]:
    """The Draw sheet's label-value lines."""
    spec = result.draw.spec
    details: list[tuple[str, object]] = [
        ("Population file", result.file_name),
        ("Sheet", result.sheet or "(a CSV file)"),
        ("SHA-256 of the file", result.sha256),
        ("Rows in the population", result.population_rows),
        ("Record key column", result.key_column),
        ("Strata column", result.strata_column or "none: a simple random sample"),
        ("Allocation", ALLOCATION_WORDS.get(spec.allocation, spec.allocation) if result.stratified else "not stratified"),
        ("Sample size", spec.size),
        ("Seed", str(spec.seed)),
        ("Algorithm", f"{ALGORITHM}: {ALGORITHM_WORDS}"),
        ("Drawn", result.drawn_at),
        ("Drawn by", result.drawn_by or "not recorded"),
    ]
    if spec.allocation == "neyman" and result.stratified:
        rates = ", ".join(f"{k}: {float(v):.1%}" for k, v in sorted((spec.expected or {}).items())) or "none given"
        details.append(("Expected rates (Neyman)", f"{rates}; any other stratum 50%"))
    return details
