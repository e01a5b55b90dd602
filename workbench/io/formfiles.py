"""Checklist files: the TOML text form and XLSForm ``.xlsx`` workbooks.

``load_form`` and ``save_form`` choose the format by the file's suffix. Both
formats hold the same rows (see ``workbench.core.formtext`` for the TOML layout),
so a checklist can go TOML -> xlsx -> TOML unchanged. openpyxl is imported inside
the functions that need it, to keep the program's start-up fast.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import tomli_w

from workbench.core.errors import FormError, Location, Problem
from workbench.core.formtext import SHEET_COLUMNS, SourceRow, form_from_tables, form_from_toml
from workbench.core.forms import Form

#: Suffixes ``load_form`` and ``save_form`` understand.
FORM_SUFFIXES = (".toml", ".xlsx")
#: Older XLSForms spell this header with a space.
_HEADER_ALIASES = {"list name": "list_name"}
_SHEETS = ("survey", "choices", "settings")
_WIDTHS = {"type": 28, "name": 22, "label": 60, "hint": 60, "relevant": 36, "list_name": 22}


def load_form(path: str | Path) -> Form:
    """Read a checklist from a ``.toml`` or XLSForm ``.xlsx`` file.

    Parameters
    ----------
    path
        The file; its suffix decides the format.

    Returns
    -------
    Form
        The checklist as written, not yet validated (``formcheck.validate_form``).

    Raises
    ------
    FormError
        If the suffix is not one we read or the file's content is not a checklist.
    OSError
        If the file cannot be read at all.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".toml":
        return read_form_toml(path)
    if suffix == ".xlsx":
        return read_xlsform(path)
    raise FormError(path.name, [_unsupported(path)])


def save_form(form: Form, path: str | Path) -> None:
    """Write a checklist as ``.toml`` or XLSForm ``.xlsx``, chosen by suffix.

    Raises
    ------
    FormError
        If the suffix is not one we write.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".toml":
        write_form_toml(form, path)
    elif suffix == ".xlsx":
        write_xlsform(form, path)
    else:
        raise FormError(path.name, [_unsupported(path)])


# -- TOML ---------------------------------------------------------------------------


def form_to_toml(form: Form) -> str:
    """The checklist as TOML text: ``[settings]``, then ``[[survey]]``, ``[[choices]]``.

    Each row becomes its own table with only its non-empty columns, in the
    workbook's column order, so the text diffs row by row.
    """
    data = form.to_dict()
    # One dumps() per table: tomli_w would otherwise fold short rows into inline
    # arrays, which diff badly.
    parts = ["[settings]\n" + tomli_w.dumps(data["settings"])]
    parts += ["[[survey]]\n" + tomli_w.dumps(row) for row in data["survey"]]
    parts += ["[[choices]]\n" + tomli_w.dumps(row) for row in data["choices"]]
    return "\n".join(parts)


def read_form_toml(path: str | Path) -> Form:
    """Read a checklist from a TOML file (UTF-8).

    Raises
    ------
    FormError
        If the file is not UTF-8 TOML or not shaped like a checklist.
    """
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        problem = Problem(
            f"The file is not UTF-8 text (byte {exc.start + 1}).",
            hint="Save the file as UTF-8.",
        )
        raise FormError(path.name, [problem]) from None
    return form_from_toml(text, what=path.name)


def write_form_toml(form: Form, path: str | Path) -> None:
    """Write ``form_to_toml(form)`` to ``path`` as UTF-8 with Unix line ends."""
    Path(path).write_text(form_to_toml(form), encoding="utf-8", newline="\n")


# -- XLSForm workbook ---------------------------------------------------------------


def write_xlsform(form: Form, path: str | Path) -> None:
    """Write the checklist as an XLSForm workbook (sheets survey, choices, settings).

    Every column of our profile gets a header, ``compliant`` included (other
    XLSForm tools ignore a column they do not know).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    data = form.to_dict()
    book = Workbook()
    book.remove(book.active)
    for sheet_name in _SHEETS:
        rows = data[sheet_name] if sheet_name != "settings" else [data["settings"]]
        sheet = book.create_sheet(sheet_name)
        columns = SHEET_COLUMNS[sheet_name]
        sheet.append(list(columns))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for values in rows:
            sheet.append([values.get(c) or None for c in columns])
        _as_plain_text(sheet)
        sheet.freeze_panes = "A2"
        for index, column in enumerate(columns):
            letter = sheet.cell(row=1, column=index + 1).column_letter
            sheet.column_dimensions[letter].width = _WIDTHS.get(column, 16)
    book.save(path)


def read_xlsform(path: str | Path) -> Form:
    """Read a checklist from an XLSForm workbook.

    Sheet names are matched without regard to case; blank rows are skipped and
    rows keep their workbook numbers, so problems point at the right row.

    Raises
    ------
    FormError
        If the file is not a workbook, the survey sheet is missing, a header is
        unknown or a cell holds a formula or an error rather than a value.
    """
    from openpyxl import load_workbook

    path = Path(path)
    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises several unrelated types for "not a workbook"
        problem = Problem(
            f"The file could not be opened as an Excel workbook ({type(exc).__name__}).",
            hint="Save it from Excel or LibreOffice as .xlsx and try again.",
        )
        raise FormError(path.name, [problem]) from None
    try:
        problems: list[Problem] = []
        sheets = {ws.title.strip().lower(): ws for ws in book.worksheets}
        tables = {name: _read_sheet(sheets[name], name, problems) for name in _SHEETS if name in sheets}
    finally:
        book.close()
    settings_rows = tables.get("settings") or []
    settings = settings_rows[0][1] if settings_rows else None
    form, more = form_from_tables(settings, tables.get("survey"), tables.get("choices"))
    problems.extend(more)
    if problems:
        raise FormError(path.name, problems)
    return form


def _read_sheet(sheet, name: str, problems: list[Problem]) -> list[SourceRow]:
    """``(row number, {column: value})`` for each non-blank row below the header."""
    rows = sheet.iter_rows()
    header_cells = next(rows, ())
    headers = [_header(cell.value) for cell in header_cells]
    known = SHEET_COLUMNS[name]
    for column, header in enumerate(headers):
        if header and header not in known:
            problems.append(
                Problem(
                    f"'{header}' is not a column of the {name} sheet.",
                    Location(sheet=name, row=1, column=header),
                    f"Use only these columns: {', '.join(known)}.",
                )
            )
    out: list[SourceRow] = []
    for cells in rows:
        values: dict[str, object] = {}
        row_number = None
        for index, cell in enumerate(cells):
            row_number = getattr(cell, "row", row_number)
            value = _cell_value(cell, name, headers, index, problems)
            header = headers[index] if index < len(headers) else ""
            if value is None or header not in known:
                continue
            values[header] = value
        if values and row_number is not None:
            out.append((row_number, values))
    return out


def _cell_value(cell, sheet: str, headers: list[str], index: int, problems: list[Problem]) -> object:
    """The cell's value as text-like data, or None (with a problem when it is bad)."""
    value = cell.value
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    header = headers[index] if index < len(headers) else ""
    where = Location(sheet=sheet, row=getattr(cell, "row", None), column=header or _letter(index))
    if not header:
        problems.append(Problem("This cell has no column header.", where, "Add a header or clear the cell."))
        return None
    if cell.data_type == "f":
        problems.append(Problem("The cell holds a formula.", where, "Type the value itself."))
        return None
    if cell.data_type == "e":
        problems.append(Problem(f"The cell holds the error {value}.", where, "Type the value itself."))
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return value


def _as_plain_text(sheet) -> None:
    """Keep text that starts with '=' as text rather than letting it become a formula."""
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"


def _header(value: object) -> str:
    text = "" if value is None else str(value).strip()
    return _HEADER_ALIASES.get(text, text)


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _unsupported(path: Path) -> Problem:
    return Problem(
        f"'{path.suffix or path.name}' is not a checklist file type.",
        hint=f"Use one of: {', '.join(FORM_SUFFIXES)}.",
    )
