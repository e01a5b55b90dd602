"""Drawing a sample from a population extract, and saving it as a workbook.

``draw_sample`` reads the population once, row by row (``io.population``), and
keeps only what the draw needs (``core.sampling.Selector``: per stratum the units
with the smallest permanent random numbers, with their cells); ``save_sample``
writes the drawn rows and a sheet describing the draw. Drawing into an audit is
``ops.sample_audit``. Every problem with the file is named by row and column; a
file with any problem gives no sample.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from workbench.core.audit import DEFAULT_MARKING
from workbench.core.errors import InputRejected, Location, Problem
from workbench.core.sampling import (
    ALLOCATIONS, MAX_SAMPLE, DrawSpec, PopulationDraw, SamplingError, Selector, TooManyStrata, check_seed, draw,
)
from workbench.io.population import NotUtf8, PopulationFile, open_population
from workbench.ops.importing import DEFAULT_KEY_COLUMNS
from workbench.ops.progress import READING, WRITING, Progress

#: Rows read between two progress reports (and cancellation checks).
REPORT_EVERY_ROWS = 5_000
#: Drawn keys named in a refusal before the rest are counted.
_KEYS_NAMED = 5


@dataclass(frozen=True)
class SampleRequest:
    """What to draw, from which file, by which columns."""

    population: Path
    size: int
    seed: int
    strata_column: str | None = None
    allocation: str = "proportional"
    expected: Mapping[str, Fraction] | None = None
    key_column: str | None = None
    sheet: str | None = None
    header_row: int = 1

    def spec(self) -> DrawSpec:
        return DrawSpec(self.size, self.seed, self.allocation, dict(self.expected or {}))

    def check(self) -> None:
        """Refuse, before the file is read, what no population could satisfy."""
        check_seed(self.seed)
        if self.allocation not in ALLOCATIONS:
            raise SamplingError(f"unknown allocation '{self.allocation}'; use one of: {', '.join(ALLOCATIONS)}")
        if isinstance(self.size, bool) or not isinstance(self.size, int) or not 1 <= self.size <= MAX_SAMPLE:
            raise SamplingError(f"the sample size must be a whole number from 1 to {MAX_SAMPLE:,}, not {self.size!r}")
        if self.expected and self.allocation != "neyman":
            raise SamplingError("expected rates per stratum are used only by the Neyman allocation")
        if self.expected and not self.strata_column:
            raise SamplingError("expected rates per stratum need a strata column")
        for name, p in (self.expected or {}).items():
            if not 0 < p < 1:
                raise SamplingError(f"the expected rate of stratum {name!r} must be between 0% and 100%, not {float(p):.0%}")


#: Called with the population once its rows are read (its hash known); may refuse it.
PopulationCheck = Callable[[PopulationFile], None]


def draw_sample(request: SampleRequest, progress: Progress | None = None, floors: Mapping[str, int] | None = None,
                accept: PopulationCheck | None = None, drawn_by: str = "") -> PopulationDraw:
    """Read ``request.population`` once and draw from it.

    Parameters
    ----------
    request
        The file, its columns, the size, seed and allocation.
    progress
        Hears ``reading`` every few thousand rows and may cancel between them.
    floors
        Units each stratum already holds (an extension): never fewer are drawn.
    accept
        Called with the population (its SHA-256 known) once it is read, before the draw.
    drawn_by
        Who draws (recorded in a saved sample's description).

    Raises
    ------
    InputRejected
        The file, a column or a row is unusable (every problem named by row and column).
    SamplingError
        The draw cannot be made as asked (a sample larger than the population, say).
    """
    request.check()
    try:
        return _draw(request, progress, floors, accept, drawn_by, None)
    except NotUtf8:  # found only once reading reached the byte: read it again, from the start
        return _draw(request, progress, floors, accept, drawn_by, "cp1252")


def _draw(request: SampleRequest, progress: Progress | None, floors: Mapping[str, int] | None,
          accept: PopulationCheck | None, drawn_by: str, encoding: str | None) -> PopulationDraw:
    population = open_population(Path(request.population), request.sheet, request.header_row, encoding)
    key_index = _key_column(population, request.key_column)
    strata_index = _strata_column(population, request.strata_column)
    selector = Selector(request.seed, request.size)
    try:
        _scan(population, key_index, strata_index, selector, progress)
    except TooManyStrata as exc:
        raise SamplingError(f"the column '{population.header[strata_index]}' has more than {exc.limit:,} different "
                            "values: it does not group the records; choose a column such as an area or a division, "
                            "or draw without strata") from None
    finally:
        population.close()  # a cancelled or refused draw lets go of the file at once
    if selector.repeated:
        _repeated_keys(request, key_index, {key for _row, key in selector.repeated}, population)
    if population.problem_count:
        problems = list(population.problems)
        if population.problem_count > len(problems):
            problems.append(Problem(f"... and {population.problem_count - len(problems):,} more problem(s) like these"))
        raise InputRejected(population.file_name, problems)
    if accept is not None:
        accept(population)
    result = draw(selector, request.spec(), floors)
    return PopulationDraw(
        population.file_name, population.sheet, population.sha256, tuple(population.header), population.header_row,
        population.header[key_index], population.header[strata_index] if strata_index is not None else "", result,
        dt.datetime.now().astimezone().isoformat(timespec="seconds"), drawn_by,
    )


@dataclass(frozen=True)
class PopulationColumns:
    """What a population file offers to draw by: its sheets, its headings, a likely key column."""

    file_name: str
    sheets: list[str]
    sheet: str
    header: list[str]
    key_column: str


def population_columns(path: Path, sheet: str | None = None, header_row: int = 1,
                       progress: Progress | None = None) -> PopulationColumns:
    """The headings of a population file (reads only up to its header row)."""
    population = open_population(Path(path), sheet, header_row)
    population.close()
    return PopulationColumns(population.file_name, population.sheets, population.sheet, population.header,
                             likely_key_column(population.header))


def likely_key_column(header: list[str]) -> str:
    """The heading most likely to hold the record key: 'key', 'reference'..., else one naming a ref or id."""
    folded = [h.casefold() for h in header]
    for name in DEFAULT_KEY_COLUMNS:
        if name in folded:
            return header[folded.index(name)]
    for i, h in enumerate(folded):
        words = h.replace("-", "_").replace(" ", "_").split("_")
        if {"ref", "reference", "key", "id", "urn"} & set(words):
            return header[i]
    return header[0]


def _scan(population: PopulationFile, key_index: int, strata_index: int | None, selector: Selector,
          progress: Progress | None) -> None:
    """Feed every row to the selector: the hot loop of a million-row draw, kept short."""
    add = selector.add
    where, key_name = population.sheet or None, population.header[key_index]
    count = 0
    for number, cells in population.rows:
        key = cells[key_index].strip()
        if not key:
            population.problem(Problem("the record key is blank", Location(where, number, key_name),
                                       "every row of the population needs its own key"))
            continue
        add(key, cells[strata_index].strip() if strata_index is not None else "", number, cells)
        count += 1
        if progress is not None and not count % REPORT_EVERY_ROWS:
            progress.check_cancelled()
            progress.report(READING, count, 0)
    if progress is not None:
        progress.check_cancelled()
        progress.report(READING, count, 0)


def _repeated_keys(request: SampleRequest, key_index: int, suspects: set[str], population: PopulationFile) -> None:
    """Name every row whose key was used before (a second read, only when a key looked repeated)."""
    again = open_population(Path(request.population), request.sheet, request.header_row, population.encoding or None)
    first: dict[str, int] = {}
    where, key_name = again.sheet or None, again.header[key_index]
    for number, cells in again.rows:
        key = cells[key_index].strip()
        if key in suspects:
            if key in first:
                population.problem(Problem(f"the key '{key}' is used again (first on row {first[key]})",
                                           Location(where, number, key_name), "every row of the population needs its own key"))
            else:
                first[key] = number


def _key_column(population: PopulationFile, given: str | None) -> int:
    if given is not None:
        return _column(population, given, "--key-column")
    for name in DEFAULT_KEY_COLUMNS:
        index = population.column(name)
        if index is not None:
            return index
    raise InputRejected(population.file_name, [Problem(
        "no column says which record each row is", Location(population.sheet or None, population.header_row),
        "name the key column (--key-column); columns are: " + ", ".join(population.header))])


def _strata_column(population: PopulationFile, given: str | None) -> int | None:
    return None if not given else _column(population, given, "--strata")


def _column(population: PopulationFile, name: str, option: str) -> int:
    index = population.column(name)
    if index is None:
        raise InputRejected(population.file_name, [Problem(
            f"there is no column '{name}' ({option})", Location(population.sheet or None, population.header_row),
            "columns are: " + ", ".join(population.header))])
    return index


def sample_rows(result: PopulationDraw) -> list[tuple[int, list[str]]]:
    """``(population row, cells)`` of the drawn units in draw order, cells as the import reads them."""
    return [(u.row, [c.strip() for c in u.payload]) for u in result.draw.units]


def refuse_keys(what: str, keys: list[str]) -> None:
    """Raise ``SamplingError`` naming the first few of ``keys`` (records the draw cannot add)."""
    named = ", ".join(f"'{k}'" for k in keys[:_KEYS_NAMED])
    more = f" and {len(keys) - _KEYS_NAMED:,} more" if len(keys) > _KEYS_NAMED else ""
    raise SamplingError(f"{len(keys):,} drawn record(s) {what}: {named}{more}")


# -- a sample workbook ------------------------------------------------------------------------
@dataclass(frozen=True)
class SavedSample:
    path: Path
    draw: PopulationDraw
    notes: list[str]


def save_sample(request: SampleRequest, out: Path, drawn_by: str = "", marking: str = DEFAULT_MARKING,
                progress: Progress | None = None) -> SavedSample:
    """Draw and write the sample workbook to ``out``: all of it, or (on error or cancel) nothing.

    The workbook is written to a temporary file beside ``out`` and renamed into
    place, so a failed or cancelled draw leaves any earlier file as it was.
    """
    from workbench.io.sample_workbook import write_sample_workbook

    out = Path(out)
    if not out.parent.is_dir():
        raise SamplingError(f"the folder {out.parent} does not exist")
    result = draw_sample(request, progress, drawn_by=drawn_by)
    if progress is not None:
        progress.point_of_no_return(WRITING)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        notes = write_sample_workbook(result, sample_rows(result), tmp, marking)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return SavedSample(out, result, notes)
