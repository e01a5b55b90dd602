"""The hostile-file corpus: every file that once hurt the workbench, made on demand.

``make_corpus(folder)`` writes each case into ``folder`` and returns them with
the words their refusal must contain. Run as a script to write them somewhere
to look at: ``python tests/hostile/make_corpus.py OUT_DIR``.
"""

from __future__ import annotations

import os
import struct
import sys
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.hostile.xlsx_parts import inline_row, shared_strings_xml, sheet_xml, write_xlsx  # noqa: E402

GOOD_ROWS = inline_row(1, ["key", "form", "narrative"]) + inline_row(2, ["INC-1", "incident", "Synthetic log."])


@dataclass(frozen=True)
class Case:
    """One hostile file: where it is, which command reads it, what the refusal says."""

    name: str
    path: Path
    refusal: str  # words the message must contain ("" when the file is accepted, cleaned)
    command: str = "import"  # or "answers"


def make_corpus(folder: Path) -> list[Case]:
    folder.mkdir(parents=True, exist_ok=True)
    cases = [
        Case("dimension bomb", write_xlsx(folder / "dimension.xlsx", sheet_xml(GOOD_ROWS, "A1:XFD1048576")),
             "declares column 16,384"),
        Case("shared-strings bomb", write_xlsx(folder / "sst.xlsx", sheet_xml(GOOD_ROWS),
                                               shared_strings_xml(["a"], 2_000_000_000, 2_000_000_000)),
             "2,000,000,000 shared strings"),
        Case("far cell", write_xlsx(folder / "far.xlsx", sheet_xml(GOOD_ROWS + '<row r="10000"><c r="XFD10000"><v>1</v></c></row>')),
             "reaches column 16,384"),
        Case("far cell within the columns", write_xlsx(folder / "far-row.xlsx", sheet_xml(
            GOOD_ROWS + '<row r="1000000"><c r="ZZ1000000"><v>1</v></c></row>')), "cells; the limit is"),
        Case("far cell hidden mid-row", write_xlsx(folder / "far-mid.xlsx", sheet_xml(
            GOOD_ROWS + '<row r="3"><c r="A3"><v>1</v></c><c r="XFD3"><v>1</v></c><c r="B3"><v>1</v></c></row>')),
             "reaches column 16,384"),
        Case("cell position not first", write_xlsx(folder / "late-ref.xlsx", sheet_xml(
            GOOD_ROWS + '<row r="3"><c t="n" r="XFD10000"><v>1</v></c></row>')), "do not start with their position"),
        Case("billion laughs", write_xlsx(folder / "laughs.xlsx", sheet_xml(GOOD_ROWS), shared_strings_xml(
            ["&lol9;"], prolog=_LAUGHS)), "DOCTYPE"),
        Case("external entity (XXE)", write_xlsx(folder / "xxe.xlsx", sheet_xml(
            inline_row(1, ["key", "form"]) + '<row r="2"><c r="A2" t="inlineStr"><is><t>&xxe;</t></is></c></row>',
            prolog='<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')), "DOCTYPE"),
        Case("zip bomb", _zip_bomb(folder / "bomb.xlsx"), "(a zip bomb?)"),
        Case("too many parts", write_xlsx(folder / "parts.xlsx", sheet_xml(GOOD_ROWS),
                                          extra={f"xl/media/p{i}.bin": b"" for i in range(2_001)}), "the limit is 2,000"),
        Case("word document named .xlsx", _docx(folder / "letter.xlsx"), "this is a Word document, not a workbook"),
        Case("workbook named .csv", _renamed_workbook(folder / "sample-really-xlsx.csv"), "this is a zip file"),
        Case("symlink to /dev/zero", _link(folder / "zero.csv", "/dev/zero"), "a device"),
        Case("FIFO named x.csv", _fifo(folder / "x.csv"), "a pipe (FIFO)"),
        Case("empty CSV", _write(folder / "empty.csv", b""), "the file is empty"),
        Case("invalid UTF-8", _write(folder / "bad-utf8.csv", "key,form,narrative\nINC-1,incident,Café\nINC-2,incident,".encode()
                                     + b"Caf\xe9\n"), "not UTF-8 on line 3"),
        Case("a million columns", _write(folder / "wide.csv", b"key,form," + b"c," * 1_000_000 + b"x\n"), "702 columns"),
        Case("cell over the length limit", _write(folder / "long.csv", b"key,form,narrative\nINC-1,incident," + b"x" * 40_000 + b"\n"),
             "40,000 characters"),
        Case("ods repeat bomb", _ods_bomb(folder / "repeat.ods"), "repeats 1,048,576 times"),
        Case("ods far column", _ods(folder / "wide.ods", _ODS_WIDE_ROW * 2_000), "reaches column 16,001"),
        Case("ods far row", _ods(folder / "deep.ods", _ODS_DEEP), "cells; the limit is"),
        Case("instance 1e300", _write(folder / "answers.csv", b"record,question,instance,answer,note\nINC-1,recorded,1e300,yes,\n"),
             "over the limit of 100", command="answers"),
        Case("NUL and escape sequences", _write(folder / "controls.csv", b"key,form,narrative\nINC-CTRL,incident,"
                                                + b"a" * 5000 + b"\x00\x1b[2J\x1b]0;owned\x07 end\n"), ""),
    ]
    return cases


_LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol">'
           + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10))
           + "]>")


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _link(path: Path, target: str) -> Path:
    os.symlink(target, path)
    return path


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _docx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document xmlns:w='urn:w'><w:body/></w:document>")
    return path


def _renamed_workbook(path: Path) -> Path:
    return write_xlsx(path, sheet_xml(GOOD_ROWS))


_VALUE = '<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>'
#: Empty cells are free to repeat, but a value after 16,000 of them sits in column 16,001.
_ODS_WIDE_ROW = f'<table:table-row><table:table-cell table:number-columns-repeated="16000"/>{_VALUE}</table:table-row>'
_ODS_DEEP = ('<table:table-row table:number-rows-repeated="1000000"><table:table-cell/></table:table-row>'
             f'<table:table-row><table:table-cell table:number-columns-repeated="600"/>{_VALUE}</table:table-row>')


def _ods_bomb(path: Path) -> Path:
    return _ods(path, '<table:table-row table:number-rows-repeated="1048576"><table:table-cell office:value-type="string" '
                'table:number-columns-repeated="1024"><text:p>boom</text:p></table:table-cell></table:table-row>')


def _ods(path: Path, rows: str) -> Path:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="Sample">'
        f"{rows}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>')
    return path


def _zip_bomb(path: Path, unpacked: int = 1 << 30) -> Path:
    """An xlsx whose sheet is 1 MB packed and 1 GiB of whitespace unpacked (CRC and sizes true)."""
    block = b" " * (1 << 20)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)  # byte-aligned, no reference to earlier data
    stream = piece * (unpacked // len(block)) + zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    crc = 0
    for _ in range(unpacked // len(block)):
        crc = zlib.crc32(block, crc)
    write_xlsx(path, sheet_xml(GOOD_ROWS))
    _append_raw_member(path, "xl/worksheets/sheet1.xml", stream, crc, unpacked)
    return path


def _append_raw_member(path: Path, name: str, deflated: bytes, crc: int, size: int) -> None:
    """Put an already-deflated member into a zip in place of ``name`` (zipfile cannot write one)."""
    with zipfile.ZipFile(path) as z:
        members = [(i, z.read(i)) for i in z.infolist() if i.filename != name]
    encoded = name.encode()
    with path.open("wb") as out:
        central = b""
        for info, data in members:
            packed = zlib.compressobj(6, zlib.DEFLATED, -15)
            body = packed.compress(data) + packed.flush()
            central += _headers(out, info.filename.encode(), body, zlib.crc32(data), len(data))
        central += _headers(out, encoded, deflated, crc, size)
        start = out.tell()
        out.write(central)
        out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members) + 1, len(members) + 1, len(central), start, 0))


def _headers(out, name: bytes, body: bytes, crc: int, size: int) -> bytes:
    offset = out.tell()
    out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(body), size, len(name), 0) + name)
    out.write(body)
    return struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(body), size, len(name), 0, 0, 0, 0, 0,
                       offset) + name


if __name__ == "__main__":
    for case in make_corpus(Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")):
        print(f"{case.name:32} {case.path}")
