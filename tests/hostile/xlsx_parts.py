"""A hand-made xlsx: the few parts a reader needs, with XML the test controls.

Hostile files lie in their XML (a dimension, a count, a far cell), which no
spreadsheet library will write; this writes exactly what it is given.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from workbench.io.sheet_checks import column_letter

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sample" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def sheet_xml(rows: str, dimension: str | None = "A1:B2", prolog: str = "") -> str:
    """A worksheet part around ``rows`` (``<row>`` elements), with an optional dimension."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}<worksheet xmlns="{MAIN_NS}">{dim}<sheetData>{rows}</sheetData></worksheet>'


def shared_strings_xml(strings: list[str], count: int | None = None, unique: int | None = None, prolog: str = "") -> str:
    items = "".join(f"<si><t>{s}</t></si>" for s in strings)
    count = len(strings) if count is None else count
    unique = len(strings) if unique is None else unique
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
            f'<sst xmlns="{MAIN_NS}" count="{count}" uniqueCount="{unique}">{items}</sst>')


def inline_row(number: int, values: list[str]) -> str:
    """A ``<row>`` of inline-string cells from column A."""
    cells = "".join(f'<c r="{column_letter(i)}{number}" t="inlineStr"><is><t>{v}</t></is></c>' for i, v in enumerate(values))
    return f'<row r="{number}">{cells}</row>'


def write_xlsx(path: Path, sheet: str, shared: str | None = None, extra: dict[str, bytes | str] | None = None,
               compression: int = zipfile.ZIP_DEFLATED) -> Path:
    """Write the parts (shared strings optional) as a zip named ``path``."""
    parts: dict[str, bytes | str] = {
        "[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": ROOT_RELS, "xl/workbook.xml": WORKBOOK,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS, "xl/worksheets/sheet1.xml": sheet,
        "xl/sharedStrings.xml": shared if shared is not None else shared_strings_xml([]),
    }
    parts.update(extra or {})
    with zipfile.ZipFile(path, "w", compression) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path
