"""The guard in front of every parser: what a file is, and whether it may be opened.

Nothing from outside reaches python-calamine or the CSV reader before it passes
here. Only regular files are read (a device, a pipe or a socket would never end
or never start); a link is followed and the message says where it leads. A
workbook is a zip of XML parts, and python-calamine allocates what those parts
declare (the sheet's extent, the shared-string count) before it reads a value,
so the zip is inspected with the standard library first: its parts, their
declared and real sizes and packing ratios, every DOCTYPE (the billion laughs,
an external entity), the shared-string counts and the sheet's real extent. Every
limit is in ``workbench.io.limits``; every refusal names it and says what to do.
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from workbench.core.errors import InputRejected, Location, Problem
from workbench.io import limits

CSV_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})
WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".ods"})
#: Every suffix the import reads.
READABLE_SUFFIXES = CSV_SUFFIXES | WORKBOOK_SUFFIXES
SAVE_AGAIN = "open it in Excel or LibreOffice, save it again as .xlsx or .csv and retry"
_CHUNK = 1 << 22
_T = TypeVar("_T")


@dataclass(frozen=True)
class Source:
    """A file that may be read: its name, where it really is, and its kind."""

    path: Path
    real: Path
    kind: str  # "csv", "xlsx" or "ods"
    size: int

    @property
    def name(self) -> str:
        return self.path.name


@dataclass
class WorkbookFacts:
    """What the zip says about a workbook: sheet names -> parts, and its date system."""

    sheets: dict[str, str] = field(default_factory=dict)
    date1904: bool = False


@dataclass(frozen=True)
class SheetFacts:
    """What a scan of one sheet's XML found: its real extent and formula cells."""

    rows: int
    columns: int
    formulas: int


def reject(source: Source | Path | str, message: str, hint: str = "", where: Location = Location()) -> InputRejected:
    name = source.name if isinstance(source, (Source, Path)) else str(source)
    return InputRejected(name, [Problem(message, where, hint)])


# -- the file itself ------------------------------------------------------------------------

def check_source(path: Path) -> Source:
    """The file at ``path`` if it is a regular file of a kind we read, else ``InputRejected``.

    A link is followed (and named in any refusal); devices, pipes, sockets and
    folders are refused without being opened for reading.
    """
    path = Path(path)
    leads = _link_note(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise reject(path, "the file does not exist" + leads, "check the name and folder") from None
    except OSError as exc:
        raise reject(path, f"the file cannot be read ({exc.strerror}){leads}") from None
    what = _not_a_file(info.st_mode)
    if what:
        raise reject(path, f"this is {what}, not a spreadsheet file{leads}", "choose the .xlsx or .csv file itself")
    if info.st_size == 0:
        raise reject(path, "the file is empty" + leads, "export the sample again")
    if info.st_size > limits.MAX_FILE_BYTES:
        raise reject(path, f"the file is {info.st_size / 1024**3:.1f} GiB; the limit is {limits.MAX_FILE_BYTES / 1024**3:.0f} GiB",
                     "split the extract")
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        kind = "csv"
    elif suffix in (".xlsx", ".xlsm"):
        kind = "xlsx"
    elif suffix == ".ods":
        kind = "ods"
    else:
        # An .xls (BIFF) file is not a zip of XML: nothing could check what it declares
        # before python-calamine allocates it, so it is refused rather than trusted.
        hint = "save it from Excel as .xlsx or .csv" if suffix in (".xls", ".xlsb", ".numbers") else "use an .xlsx, .ods or .csv file"
        raise reject(path, f"'{suffix or 'no extension'}' files cannot be read", hint)
    return Source(path, Path(os.path.realpath(path)), kind, info.st_size)


def _link_note(path: Path) -> str:
    try:
        if path.is_symlink():
            return f" (it is a link to {os.path.realpath(path)})"
    except OSError:
        pass
    return ""


def _not_a_file(mode: int) -> str:
    if stat.S_ISREG(mode):
        return ""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def open_regular(source: Source):
    """Open ``source`` for reading, refusing it if it stopped being a regular file."""
    fd = os.open(source.real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise reject(source, "this is not a regular file")
    return os.fdopen(fd, "rb")


# -- calamine --------------------------------------------------------------------------------------

def guarded(call: Callable[[], _T], source: Source, what: str, where: Location = Location()) -> _T:
    """Run a python-calamine call; any failure (a Rust panic too) becomes ``InputRejected``.

    A panic arrives as ``pyo3_runtime.PanicException``, a ``BaseException``, which
    ``except Exception`` would let through as a traceback.
    """
    try:
        return call()
    except (KeyboardInterrupt, SystemExit, GeneratorExit, MemoryError):
        raise
    except InputRejected:
        raise
    except BaseException as exc:  # noqa: BLE001 - PanicException is a BaseException
        raise reject(source, f"{what} ({short(exc)})", SAVE_AGAIN, where) from exc


def short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]


# -- the zip of a workbook -------------------------------------------------------------------------

def inspect_workbook(source: Source) -> WorkbookFacts:
    """Check a workbook's zip before any parser opens it; its sheets and date system.

    Refuses: not a zip, another kind of document (Word, PowerPoint, Writer), too
    many parts, declared sizes or packing ratios past the limits, a DOCTYPE in any
    XML part, shared-string counts past the limit.
    """
    from workbench.io import workbook_parts

    try:
        with open_regular(source) as fh, zipfile.ZipFile(fh) as archive:
            infos = archive.infolist()
            _check_parts(source, infos)
            names = {i.filename for i in infos}
            _check_document_kind(source, names, archive)
            for info in infos:
                if info.filename.lower().endswith((".xml", ".rels")):
                    _check_prolog(source, archive, info)
            if source.kind == "ods":
                return workbook_parts.ods_facts(source, archive)
            return workbook_parts.xlsx_facts(source, archive, names)
    except zipfile.BadZipFile as exc:
        raise reject(source, f"the workbook is damaged or is not a workbook ({short(exc)})", SAVE_AGAIN) from None
    except (zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError, ValueError) as exc:
        raise reject(source, f"the workbook cannot be unpacked ({short(exc)})", SAVE_AGAIN) from None


def _check_parts(source: Source, infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > limits.MAX_ZIP_PARTS:
        raise reject(source, f"the workbook holds {len(infos):,} parts; the limit is {limits.MAX_ZIP_PARTS:,}", SAVE_AGAIN)
    total = sum(i.file_size for i in infos)
    if total > limits.MAX_UNPACKED_BYTES:
        raise reject(source, f"the workbook unpacks to {total / 1024**3:.1f} GiB; the limit is "
                     f"{limits.MAX_UNPACKED_BYTES / 1024**3:.0f} GiB", "split the extract")
    for info in infos:
        if info.flag_bits & 0x1:
            raise reject(source, "the workbook is encrypted (password-protected)", "save it without its password and retry")
        if info.file_size > limits.RATIO_EXEMPT_BYTES and info.file_size > limits.MAX_PACKING_RATIO * max(info.compress_size, 1):
            ratio = info.file_size / max(info.compress_size, 1)
            raise reject(source, f"the part '{info.filename}' unpacks {ratio:,.0f} times larger than it is packed (a zip bomb?); "
                         f"the limit is {limits.MAX_PACKING_RATIO}:1", SAVE_AGAIN)


_OTHER_DOCUMENTS = (
    ("word/document.xml", "a Word document"),
    ("ppt/presentation.xml", "a PowerPoint presentation"),
    ("xl/workbook.bin", "an Excel binary workbook (.xlsb)"),
)
_ODF_KINDS = {
    "application/vnd.oasis.opendocument.text": "an OpenDocument text document (Writer)",
    "application/vnd.oasis.opendocument.presentation": "an OpenDocument presentation (Impress)",
}


def _check_document_kind(source: Source, names: set[str], archive: zipfile.ZipFile) -> None:
    for part, what in _OTHER_DOCUMENTS:
        if part in names:
            raise reject(source, f"this is {what}, not a workbook", "open the workbook itself, or save the table as .xlsx or .csv")
    if "mimetype" in names:
        kind = archive.read("mimetype")[:200].decode("ascii", "replace").strip()
        if kind in _ODF_KINDS:
            raise reject(source, f"this is {_ODF_KINDS[kind]}, not a workbook", "save the table as .ods, .xlsx or .csv")
        if source.kind != "ods" and kind.startswith("application/vnd.oasis.opendocument.spreadsheet"):
            raise reject(source, "this is an OpenDocument spreadsheet with the wrong extension", "rename it to .ods")
    needed = "content.xml" if source.kind == "ods" else "xl/workbook.xml"
    if needed not in names:
        raise reject(source, "this zip is not a workbook (it has no " + needed + ")", SAVE_AGAIN)


_ROOT = re.compile(rb"<[A-Za-z_]")


def _check_prolog(source: Source, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Refuse a DOCTYPE (entity declarations) before the root element of an XML part."""
    with archive.open(info) as part:
        head = part.read(limits.MAX_XML_PROLOG_BYTES)
    root = _ROOT.search(head)
    prolog = head if root is None else head[: root.start()]
    if b"<!DOCTYPE" in prolog.upper() or b"<!ENTITY" in prolog.upper():
        raise reject(source, f"the part '{info.filename}' declares a DOCTYPE (entities: an external file or a billion "
                     "laughs); workbooks never do", SAVE_AGAIN)
    if root is None and len(head) >= limits.MAX_XML_PROLOG_BYTES:
        raise reject(source, f"the part '{info.filename}' has no XML element in its first "
                     f"{limits.MAX_XML_PROLOG_BYTES // 1024} KB", SAVE_AGAIN)


def read_part_chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo):
    """The unpacked bytes of a part in chunks, never more than it declares."""
    left = info.file_size
    with archive.open(info) as part:
        while left > 0:
            chunk = part.read(min(_CHUNK, left))
            if not chunk:
                return
            left -= len(chunk)
            yield chunk
