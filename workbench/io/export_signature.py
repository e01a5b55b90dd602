"""What a signed export carries so that anyone with the FCR's public key can check it.

A workbook or PDF made from a signed-off audit carries, beside the signature block
it prints, the manifest the FCR signed, the signature, and the findings that were
signed, packed as one text (``cdi-workbench-signature:`` then zlib-compressed JSON
in base64): in the PDF's keywords, and on a hidden sheet of the workbook.
``workbench verify-export`` unpacks it. Reading is bounded: a hostile file cannot
make it decompress more than ``MAX_UNPACKED`` bytes.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import zlib
from pathlib import Path

PREFIX = "cdi-workbench-signature:"
SHEET = "Signature"
CELL_CHARS = 30_000                 # under Excel's 32,767 characters a cell
MAX_UNPACKED = 16 * 1024 * 1024     # the signed findings of a large audit are well under 1 MB
MAX_FILE_BYTES = 512 * 1024 * 1024


class NoSignature(ValueError):
    """The export carries no signature (a draft), or it cannot be read."""


def pack(embedded: dict) -> str:
    """``embedded`` as one text that survives in a PDF string or a spreadsheet cell."""
    raw = json.dumps(embedded, sort_keys=True, ensure_ascii=True, separators=(",", ":")).encode("ascii")
    return PREFIX + base64.b64encode(zlib.compress(raw, 9)).decode("ascii")


def unpack(text: str) -> dict:
    """The dict ``pack`` wrote; ``NoSignature`` if the text is not one."""
    if not text.startswith(PREFIX):
        raise NoSignature("the export carries no signature")
    try:
        packed = base64.b64decode(text[len(PREFIX):], validate=True)
        inflater = zlib.decompressobj()
        raw = inflater.decompress(packed, MAX_UNPACKED)
        if inflater.unconsumed_tail:
            raise NoSignature("the export's signature block is too large to be one")
        data = json.loads(raw.decode("ascii"))
    except (binascii.Error, zlib.error, UnicodeDecodeError, ValueError) as exc:
        raise NoSignature(f"the export's signature block is damaged ({type(exc).__name__})") from None
    if not isinstance(data, dict) or not {"manifest", "signature", "findings"} <= data.keys():
        raise NoSignature("the export's signature block is incomplete")
    return data


def read_from_pdf(path: Path) -> dict:
    """The signature block in a PDF's keywords."""
    data = _bytes(path)
    found = re.search(rb"cdi-workbench-signature:[A-Za-z0-9+/=]+", data)
    if found is None:
        raise NoSignature("the PDF carries no signature: it was made before sign-off, or is not a workbench report")
    return unpack(found.group().decode("ascii"))


def read_from_xlsx(path: Path) -> dict:
    """The signature block on a workbook's hidden Signature sheet."""
    from openpyxl import load_workbook

    _bytes(path, read=False)
    try:
        book = load_workbook(str(path), read_only=True, data_only=True)
    except Exception as exc:   # openpyxl raises many kinds for a damaged or foreign file
        raise NoSignature(f"the workbook cannot be read ({type(exc).__name__})") from None
    try:
        if SHEET not in book.sheetnames:
            raise NoSignature("the workbook carries no signature: it was made before sign-off, or is not a workbench export")
        text = "".join(str(row[0]) for row in book[SHEET].iter_rows(min_row=2, max_col=1, values_only=True) if row and row[0])
    finally:
        book.close()
    return unpack(text)


def _bytes(path: Path, read: bool = True) -> bytes:
    path = Path(path)
    if not path.is_file():
        raise NoSignature(f"{path} is not a file")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise NoSignature(f"{path} is too large to be a workbench export")
    return path.read_bytes() if read else b""
