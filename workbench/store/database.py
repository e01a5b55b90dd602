"""Opening, creating and migrating an audit file; write transactions.

SQLite in WAL mode with ``synchronous=FULL``: a committed answer survives a power
cut. After every commit the WAL is checkpointed into the main file (``settle``), so
the ``.cdiaudit`` file alone holds every committed change: it can be copied,
emailed or put on a shared drive at any moment (``benchmarks/bench_store.py``
measured this against a rollback journal; see ``docs/audit-file.md``). On a
network share, which cannot share WAL's memory between machines, the file uses a
rollback journal instead; on a read-only location it is opened read-only
(``store.location``). Writers start with ``BEGIN IMMEDIATE`` and wait
(``busy_timeout``) for one another instead of failing. Opening checks the file is
an audit, that it is intact (``PRAGMA integrity_check``), and that it was not
written by a newer workbench; an older file is backed up before it is migrated.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import chain
from pathlib import Path

from sqlite_utils import Database

from workbench.core.errors import WorkbenchError
from workbench.store.location import is_network_path
from workbench.store.schema import MIGRATIONS, SCHEMA_VERSION

#: ``PRAGMA application_id`` of an audit file ("CDIA"), so other SQLite files are refused.
APPLICATION_ID = 0x43444941
BUSY_TIMEOUT_MS = 30_000
#: The page size of a new audit file, in bytes (see ``_connect``).
PAGE_SIZE = 16_384


class AuditFileError(WorkbenchError):
    """The file cannot be used as an audit; the message says why and what to do."""


def _connect(path: Path) -> Database:
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    # A new file gets 16 KiB pages (an existing file keeps its own; the pragma is then a
    # no-op). Records of a few KB each fill 4 KiB pages about two thirds: the larger page
    # holds a 100,000-record import in 310 MB instead of 420, and writes and settles it
    # in about half the time; saving one answer costs the same (benchmarks/bench_import.py).
    conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")
    mode = "DELETE" if is_network_path(path) else "WAL"
    if conn.execute(f"PRAGMA journal_mode = {mode}").fetchone()[0].upper() != mode:
        conn.close()
        raise AuditFileError(
            f"{path} is open in another program that uses it differently (it is on a network share); "
            "close it there, then try again."
        )
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    return Database(conn, execute_plugins=False)


def _connect_read_only(path: Path) -> Database:
    """A read-only connection; on a read-only location, without the WAL's shared memory.

    A WAL-mode file in a folder we cannot write has no ``-shm`` to share: it is
    opened ``immutable`` (read as it is). That is refused when a ``-wal`` lies
    beside it, since its changes would be missed.
    """
    uri = Path(path).resolve().as_uri()
    try:
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        if Path(f"{path}-wal").exists():
            raise AuditFileError(
                f"{path} has changes in '{Path(path).name}-wal' that were never saved into it, and its folder is "
                "read-only. Open it once where it can be written (copy both files), then try again."
            ) from None
        conn = sqlite3.connect(f"{uri}?immutable=1", uri=True, check_same_thread=False)
    conn.execute("PRAGMA query_only = ON")
    return Database(conn, execute_plugins=False)


def settle(db: Database) -> None:
    """Copy committed pages from the WAL into the main file, as far as readers allow.

    Called after every commit, so the main file alone holds every committed change
    (a reader in the middle of a long read holds back only the pages it may still
    need; the next commit or the last close moves them). A no-op in rollback mode.
    """
    try:
        db.execute("PRAGMA wal_checkpoint(PASSIVE)")
    except sqlite3.OperationalError:
        pass  # busy: the next commit (or the last close) settles it


#: How many values one ``IN (...)`` list holds (``rows_in``): a statement stays small whatever the caller asks for.
IN_CHUNK = 500


def rows_in(db: Database, sql: str, values: Iterable, *before: object) -> Iterator[tuple]:
    """The rows of ``sql`` for all of ``values``, asked ``IN_CHUNK`` at a time, in the order given.

    ``sql`` holds ``{marks}`` where one chunk's placeholders go (``... WHERE key IN
    ({marks})``); ``before`` are the parameters bound ahead of them.
    """
    values = list(values)
    for i in range(0, len(values), IN_CHUNK):
        chunk = values[i:i + IN_CHUNK]
        yield from db.execute(sql.format(marks=",".join("?" * len(chunk))), [*before, *chunk])


#: Host parameters one statement of ``insert_rows`` binds at most: SQLite's lowest limit (999 before 3.32).
MAX_PARAMETERS = 999


def insert_rows(db: Database, sql: str, rows: Sequence[Sequence[object]]) -> None:
    """What ``executemany(sql, rows)`` does, with up to ``MAX_PARAMETERS`` values a statement.

    ``sql`` is an INSERT ending in one row's ``VALUES (?, ...)``; the rows are written in
    order, as many to a statement as fit (``VALUES (...), (...), ...``), the rest one by
    one. ``executemany`` runs its statement once per row, and each run starts again
    (binding, the checks' and the foreign key's setup): a load of 750,000 answers and
    their events spent about 1 s more that way (``benchmarks/bench_answers.py``).
    """
    if not rows:
        return
    head, one_row = sql.rsplit(" VALUES ", 1)
    per_statement = max(1, MAX_PARAMETERS // len(rows[0]))
    whole = len(rows) - len(rows) % per_statement
    if whole:
        many = f"{head} VALUES {', '.join([one_row] * per_statement)}"
        for start in range(0, whole, per_statement):
            db.conn.execute(many, list(chain.from_iterable(rows[start:start + per_statement])))
    db.conn.executemany(sql, rows[whole:])


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """Run the block in one ``BEGIN IMMEDIATE`` transaction: all of it or none of it.

    ``BEGIN IMMEDIATE`` takes the write lock up front, so a second writer waits for
    ``busy_timeout`` rather than failing at its first write. A failed ``COMMIT``
    rolls back too, so the connection is never left inside a transaction. SQLite's
    operational errors (a locked, read-only or full disk) become ``AuditFileError``
    sentences; nothing of the transaction is kept.
    """
    try:
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
            db.execute("COMMIT")
        except BaseException:
            if db.conn.in_transaction:
                db.execute("ROLLBACK")
            raise
    except sqlite3.OperationalError as exc:
        raise AuditFileError(_operational_words(exc)) from exc


#: Rows one transaction writes from which it gets a larger page cache (``room_to_write``).
LARGE_WRITE_ROWS = 20_000
#: That cache, in KiB. It was 256 MB while every event went into a random place of the unique index
#: on ``events.hash`` (migration 0013 dropped it): the events and answers are now appended in order,
#: and a load of 750,000 answers takes the same time with 32 MB, its process 230 MB smaller
#: (``benchmarks/bench_answers.py``). Pages are taken only as they are needed.
LARGE_WRITE_CACHE_KIB = 32 * 1024


@contextmanager
def room_to_write(db: Database, rows: int) -> Iterator[None]:
    """A larger page cache while the block writes ``rows`` rows or more; the cache as it was afterwards
    (wrap the whole transaction: the pages are given back once it is committed)."""
    if rows < LARGE_WRITE_ROWS:
        yield
        return
    with page_cache(db, LARGE_WRITE_CACHE_KIB):
        yield


@contextmanager
def page_cache(db: Database, kib: int) -> Iterator[None]:
    """SQLite's page cache set to ``kib`` KiB while the block runs, then set back as it was."""
    before = db.execute("PRAGMA cache_size").fetchone()[0]
    db.execute(f"PRAGMA cache_size = {-int(kib)}")
    try:
        yield
    finally:
        db.execute(f"PRAGMA cache_size = {int(before)}")


def _operational_words(exc: sqlite3.OperationalError) -> str:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return ("The audit file is busy: another program has been writing to it for over 30 seconds. "
                "Nothing was saved; try again in a moment.")
    if "readonly" in text or "read-only" in text:
        return "The audit file is read-only here. Nothing was saved; copy it somewhere you can write to, or ask for write access."
    if "full" in text:
        return "The disk holding the audit file is full. Nothing was saved; free some space and try again."
    return f"The audit file could not be written ({exc}). Nothing was saved; check the disk and try again."


def create_database(path: Path, init: Callable[[Database], None]) -> Database:
    """Create an audit file with the current schema and ``init``'s first rows, in one transaction.

    If anything fails, the half-made file is removed: there is never an audit
    file without its settings.
    """
    if path.exists():
        raise AuditFileError(f"{path} already exists; choose a new file name or open it instead.")
    try:
        db = _connect(path)
    except sqlite3.Error as exc:
        raise AuditFileError(f"Cannot create {path}: {exc}.") from exc
    try:
        with write_transaction(db):
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            MIGRATIONS.apply(db)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            init(db)
    except BaseException:
        db.close()
        for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            leftover.unlink(missing_ok=True)
        raise
    return db


def open_database(path: Path, check: bool = True, read_only: bool = False) -> Database:
    """Open an existing audit file, checking it and migrating it if it is older.

    ``check`` False leaves out ``PRAGMA integrity_check`` (it reads the whole file:
    0.3 s for 100,000 records from the page cache, ~4 s from a cold disk) for a
    caller that runs ``check_file`` in the background instead. A file that needs
    migrating is always checked first. ``read_only`` opens it for reading only (see
    ``store.location.is_read_only_location``): a file that needs migrating is refused.

    Raises
    ------
    AuditFileError
        The file is missing, not an audit, damaged, or from a newer workbench.
    """
    _check_header(path)
    app_id, version = _identify(path)  # before anything that could change the file
    if app_id != APPLICATION_ID:
        raise AuditFileError(f"{path} is a SQLite database but not a workbench audit file.")
    if version > SCHEMA_VERSION:
        raise AuditFileError(
            f"{path} was written by a newer version of the workbench (audit file format {version}; "
            f"this version reads up to {SCHEMA_VERSION}). Update the workbench to open it; "
            "the file has not been changed."
        )
    try:
        db = _connect_read_only(path) if read_only else _connect(path)
    except sqlite3.DatabaseError as exc:
        raise AuditFileError(f"{path} cannot be read as an audit file ({exc}). Restore it from a backup.") from exc
    try:
        pending = MIGRATIONS.pending(db)
        if pending and read_only:
            raise AuditFileError(
                f"{path} was written by an older version of the workbench and must be upgraded, which needs write "
                "access. Copy it to a folder you can write to and open it from there."
            )
        if check or pending:
            _refuse_damaged(path, integrity_problems(db))
        if pending:
            _migrate(db, path, version)
    except BaseException:
        db.close()
        raise
    return db


def needs_upgrade(path: Path) -> bool:
    """Whether the audit at ``path`` was written by an older workbench and opening it will upgrade it.

    Read without changing the file. Anything that is not a readable audit gives False:
    opening it then says what is wrong.
    """
    try:
        _check_header(path)
        app_id, version = _identify(path)
    except AuditFileError:
        return False
    return app_id == APPLICATION_ID and version < SCHEMA_VERSION


def check_file(path: Path) -> None:
    """Run ``PRAGMA integrity_check`` on a separate read-only connection; ``AuditFileError`` if damaged."""
    _refuse_damaged(Path(path), file_problems(path))


def file_problems(path: Path) -> list[str]:
    """``integrity_problems`` of the file at ``path``, on a read-only connection of its own.

    SQLite does the whole check in C without holding Python's lock, so a caller may
    run this on a thread of its own while it reads the audit on its own connection
    (``store.verify``): on two cores the check then costs no time.
    """
    db = _connect_read_only(Path(path))
    try:
        return integrity_problems(db)
    finally:
        db.close()


def _refuse_damaged(path: Path, problems: list[str]) -> None:
    if problems:
        raise AuditFileError(
            f"{path} is damaged ({'; '.join(problems[:3])}). Restore it from a backup; nothing has been changed."
        )


def _identify(path: Path) -> tuple[int, int]:
    """``(application_id, user_version)`` read without changing the file (no WAL switch)."""
    try:
        db = _connect_read_only(path)
        try:
            return db.execute("PRAGMA application_id").fetchone()[0], db.execute("PRAGMA user_version").fetchone()[0]
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        if "not a database" in str(exc):
            raise AuditFileError(f"{path} is not a workbench audit file (it is not a SQLite database).") from None
        raise AuditFileError(f"{path} cannot be read as an audit file ({exc}). Restore it from a backup.") from exc


def integrity_problems(db: Database) -> list[str]:
    """SQLite's own consistency check: an empty list when the file is sound.

    The full ``integrity_check`` (not ``quick_check``): on a 100,000-record audit it
    takes about 0.25 s here, well inside the open-time budget.
    """
    try:
        rows = [r[0] for r in db.execute("PRAGMA integrity_check").fetchall()]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    return [] if rows == ["ok"] else rows


def backup(db: Database, path: Path, version: int) -> Path:
    """Copy the whole database next to ``path`` with SQLite's online backup."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.v{version}-{stamp}.bak")
    copy_to(db, target)
    return target


def copy_to(db: Database, target: Path) -> None:
    """Write a consistent copy of the open database to ``target`` (a new file), as one file.

    SQLite's online backup API copies a snapshot even while others write; the copy
    is left in rollback-journal mode, so it is complete on its own and opens
    read-only anywhere (a CD, a read-only share) without WAL's shared memory.
    """
    dest = sqlite3.connect(str(target), isolation_level=None)
    try:
        db.conn.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE")
    finally:
        dest.close()


def _migrate(db: Database, path: Path, version: int) -> None:
    backup(db, path, version)
    with write_transaction(db):
        MIGRATIONS.apply(db)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _check_header(path: Path) -> None:
    """Refuse a missing path or a folder; everything else is read through SQLite (``_identify``).

    Never ``open()`` the audit file here: closing any descriptor of the file drops
    every POSIX lock this process holds on it, so another program would think the
    window's connection gone and checkpoint and delete its WAL under it (SQLite's
    "How To Corrupt An SQLite Database File", section 2.2).
    """
    if not path.exists():
        named = path.with_name(path.name + ".cdiaudit")   # ``workbench new`` adds the ending a name lacks
        if path.suffix != ".cdiaudit" and named.is_file():
            raise AuditFileError(f"{path} does not exist, but {named.name} does: audit files end in .cdiaudit.")
        raise AuditFileError(f"{path} does not exist. Check the name, or create it with 'workbench new'.")
    if path.is_dir():
        raise AuditFileError(f"{path} is a folder, not an audit file.")
