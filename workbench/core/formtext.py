"""Reading checklists from their text form (TOML) and from sheet-shaped tables.

The TOML file mirrors an XLSForm workbook row for row, so that a change to a
checklist reads well in review::

    [settings]
    form_id = "caution"
    form_title = "Out-of-court disposal: simple caution"
    version = "2024.1"

    [[survey]]
    type = "select_one yes_no"
    name = "auditable"
    label = "Can this record be audited?"
    required = "yes"

    [[choices]]
    list_name = "yes_no"
    name = "yes"
    label = "Yes"

The n-th ``[[survey]]`` table is row n + 1 of the equivalent ``survey`` sheet (the
header is row 1), and so for ``[[choices]]``; ``[settings]`` is row 2 of
``settings``. Every problem found while reading is located that way, so a message
reads the same whichever format the author works in.

``form_from_tables`` is the shared back end: the XLSForm workbook reader in
``workbench.io.formfiles`` hands it the cells it read. Reading checks the *shape*
(tables, columns, cell types); whether the checklist makes sense is
``workbench.core.formcheck``'s job.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping

from workbench.core.errors import FormError, Location, Problem
from workbench.core.forms import (
    CHOICE_COLUMNS,
    SETTINGS_COLUMNS,
    SURVEY_COLUMNS,
    Choice,
    Form,
    cell_text,
    findings_settings,
    row_from_cells,
)

#: The columns each sheet may have, by sheet name.
SHEET_COLUMNS = {
    "settings": SETTINGS_COLUMNS,
    "survey": SURVEY_COLUMNS,
    "choices": CHOICE_COLUMNS,
}

#: One source row: its 1-based row number (header = 1) and ``{column: cell}``.
SourceRow = tuple[int, Mapping[str, object]]

_CELL_TYPES = (str, int, float, bool)
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_END = re.compile(r"\s*\(at end of document\)\s*$")


def form_from_toml(text: str, what: str = "checklist") -> Form:
    """Read a checklist from its TOML text.

    Parameters
    ----------
    text
        The whole TOML document.
    what
        How to name the input in the error (a file name, say).

    Returns
    -------
    Form
        The checklist, not yet validated (see ``formcheck.validate_form``).

    Raises
    ------
    FormError
        If the text is not TOML, a sheet is missing or misshapen, a column is
        unknown or a cell is not plain text; every problem is listed.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FormError(what, [_toml_syntax_problem(str(exc))]) from None
    problems: list[Problem] = []
    for key in data:
        if key not in SHEET_COLUMNS:
            problems.append(
                Problem(
                    f"'{key}' is not part of a checklist.",
                    Location(sheet=key),
                    "A checklist has only [settings], [[survey]] and [[choices]] tables; "
                    "remove or rename it.",
                )
            )
    settings = _toml_settings(data.get("settings"), problems)
    survey = _toml_rows(data, "survey", problems)
    choices = _toml_rows(data, "choices", problems)
    form, more = form_from_tables(settings, survey, choices)
    problems.extend(more)
    if problems:
        raise FormError(what, problems)
    return form


def form_from_tables(
    settings: Mapping[str, object] | None,
    survey: Iterable[SourceRow] | None,
    choices: Iterable[SourceRow] | None,
) -> tuple[Form, list[Problem]]:
    """Build a form from sheet-shaped cells, reporting what is wrong with them.

    Parameters
    ----------
    settings
        ``{column: cell}`` of the settings row (row 2), or None if there is none.
    survey, choices
        ``(row number, {column: cell})`` per non-blank row, or None when the
        sheet is missing altogether (an empty ``choices`` is fine).

    Returns
    -------
    tuple[Form, list[Problem]]
        The form built from every usable cell, and the problems found: a missing
        survey, unknown columns and cells that are not text, numbers or booleans.
        Unusable cells read as empty.
    """
    problems: list[Problem] = []
    if survey is None:
        problems.append(
            Problem(
                "The checklist has no survey sheet.",
                Location(sheet="survey"),
                "Add a 'survey' sheet (in TOML, [[survey]] tables), one row per question.",
            )
        )
    clean_settings = _clean_row("settings", 2, settings or {}, problems)
    survey_rows = tuple(
        row_from_cells(_clean_row("survey", n, cells, problems), row=n) for n, cells in survey or ()
    )
    choice_rows = []
    for n, cells in choices or ():
        text = _clean_row("choices", n, cells, problems)
        choice_rows.append(Choice(text["list_name"], text["name"], text["label"], row=n))
    form = Form(
        form_id=clean_settings["form_id"],
        title=clean_settings["form_title"],
        version=clean_settings["version"],
        survey=survey_rows,
        choices=tuple(choice_rows),
        findings=findings_settings(clean_settings),
    )
    return form, problems


# -- helpers ----------------------------------------------------------------------


def _clean_row(
    sheet: str, row: int, cells: Mapping[str, object], problems: list[Problem]
) -> dict[str, str]:
    """``{column: text}`` for every known column; problems for the rest."""
    columns = SHEET_COLUMNS[sheet]
    out = dict.fromkeys(columns, "")
    for column, value in cells.items():
        where = Location(sheet=sheet, row=row, column=column)
        if column not in columns:
            problems.append(
                Problem(
                    f"'{column}' is not a column of the {sheet} sheet.",
                    where,
                    f"Use only these columns: {', '.join(columns)}.",
                )
            )
        elif value is not None and not isinstance(value, _CELL_TYPES):
            problems.append(
                Problem(
                    f"The cell holds a {type(value).__name__}, not text.",
                    where,
                    "Write the value as plain text (in TOML, in quotes).",
                )
            )
        else:
            out[column] = cell_text(value)
    return out


def _toml_settings(value: object, problems: list[Problem]) -> Mapping[str, object] | None:
    if value is None or isinstance(value, dict):
        return value
    problems.append(
        Problem(
            "'settings' must be a table.",
            Location(sheet="settings"),
            "Write a [settings] table with form_id, form_title and version.",
        )
    )
    return None


def _toml_rows(data: Mapping, sheet: str, problems: list[Problem]) -> list[SourceRow] | None:
    """The entries of ``[[sheet]]`` numbered as workbook rows (first entry = row 2)."""
    value = data.get(sheet)
    if value is None:
        return None if sheet == "survey" else []
    if not isinstance(value, list):
        problems.append(
            Problem(
                f"'{sheet}' must be a list of tables.",
                Location(sheet=sheet),
                f"Write one [[{sheet}]] table per row (double brackets).",
            )
        )
        return []
    rows: list[SourceRow] = []
    for index, entry in enumerate(value):
        if isinstance(entry, dict):
            rows.append((index + 2, entry))
        else:
            problems.append(
                Problem(
                    f"Entry {index + 1} of '{sheet}' is not a table.",
                    Location(sheet=sheet, row=index + 2),
                    f"Write each row as a [[{sheet}]] table of column = \"text\" lines.",
                )
            )
    return rows


def _toml_syntax_problem(message: str) -> Problem:
    """Turn tomllib's message into a located problem (row = line of the file)."""
    match = _TOML_POSITION.search(message)
    line = column = None
    if match:
        line, column = int(match.group(1)), int(match.group(2))
        message = message[: match.start()]
    message = _TOML_END.sub("", message)
    where = f" (line {line}, character {column})" if line else " (at the end of the file)"
    return Problem(
        f"The file is not valid TOML: {message}{where}.",
        Location(row=line),
        "Correct the TOML syntax there; text values go in double quotes.",
    )
