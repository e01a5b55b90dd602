"""Every limit on a file read from outside, in one place (docs/import.md explains them).

A file from outside is hostile until checked: its sizes, counts and positions are
claims, and python-calamine allocates whatever a workbook claims (a 2 KB file
can ask for 48 GB, and Rust then aborts the whole process). Each number below
is checked before any parser sees the file, and each refusal names the limit.
The limits sit far above any real sample or population extract.
"""

from __future__ import annotations

#: Largest file read at all (a 1,000,000-row CSV extract of 30 columns is about 2 GB).
MAX_FILE_BYTES = 4 * 1024**3

#: Rows of one sheet, counting title rows (Excel's own limit).
MAX_ROWS = 1_048_576

#: Columns of one sheet (A to ZZ). Real extracts have tens of columns; a file
#: with more is refused, never cut: an export past Excel's 16,384 columns would
#: silently drop answers.
MAX_COLUMNS = 702

#: Cells of the rectangle a workbook sheet spans (rows x columns, empty cells
#: included). python-calamine allocates 32 bytes for every one of them before it
#: reads a value, so this bounds that allocation to about 1 GB (1,000,000 rows x
#: 30 columns fits).
MAX_SHEET_CELLS = 32_000_000

#: Characters of one cell (Excel's own limit). Longer text is refused, never cut.
MAX_CELL_CHARS = 32_767

#: Parts (files) inside a workbook's zip; a real workbook has tens.
MAX_ZIP_PARTS = 2_000

#: Bytes all the parts of a workbook's zip declare once unpacked.
MAX_UNPACKED_BYTES = 4 * 1024**3

#: How many times larger than its packed size a part may unpack to. Text XML
#: packs 4-20 times; a zip bomb packs about 1,000 times.
MAX_PACKING_RATIO = 100

#: Parts smaller than this once unpacked are not held to the ratio (a few KB of
#: blank styles can pack very well and cannot hurt).
RATIO_EXEMPT_BYTES = 1024**2

#: Entries a workbook's shared-string table may declare (its ``count`` and
#: ``uniqueCount``): python-calamine reserves 24 bytes for each before reading.
MAX_SHARED_STRINGS = 20_000_000

#: How far into an XML part the root element must start (after the XML
#: declaration and comments); a DOCTYPE (the billion laughs, an external entity)
#: is refused wherever it is.
MAX_XML_PROLOG_BYTES = 64 * 1024

#: How often a repeated cell or row of an OpenDocument sheet may repeat when it
#: holds a value (empty runs, which LibreOffice writes to the sheet's edge, are free).
MAX_ODS_REPEAT = 16_384

#: Repeat-group instances an answers file may name (``instance`` 1 to this): a
#: checklist asks about the crimes one incident disclosed, never thousands.
MAX_REPEAT_INSTANCES = 100

#: Rows a preview reads: what the wizard shows to choose the header row.
PREVIEW_ROWS = 60


def describe() -> list[tuple[str, str]]:
    """Each limit as ``(what, value)`` for help text and docs."""
    return [
        ("file size", f"{MAX_FILE_BYTES / 1024**3:.0f} GiB"),
        ("rows of a sheet", f"{MAX_ROWS:,}"),
        ("columns of a sheet", f"{MAX_COLUMNS:,} (A to ZZ)"),
        ("cells a workbook sheet spans", f"{MAX_SHEET_CELLS:,}"),
        ("characters in a cell", f"{MAX_CELL_CHARS:,}"),
        ("parts in a workbook", f"{MAX_ZIP_PARTS:,}"),
        ("unpacked size of a workbook", f"{MAX_UNPACKED_BYTES / 1024**3:.0f} GiB"),
        ("packing ratio of a part", f"{MAX_PACKING_RATIO}:1"),
        ("shared strings a workbook declares", f"{MAX_SHARED_STRINGS:,}"),
        ("repeat instances in an answers file", f"{MAX_REPEAT_INSTANCES}"),
    ]
