"""Creating and opening audits, and building the synthetic demo audit."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from workbench import paths
from workbench.core.audit import Actor, AuditSettings, Role
from workbench.core.errors import WorkbenchError
from workbench.ops import changes_audit
from workbench.ops.progress import Progress
from workbench.ops.status import refresh_record_states
from workbench.store import database
from workbench.store.audit_store import AuditStore

if TYPE_CHECKING:   # the demo's result types only: importing and loading answers are imported by ``build_demo``,
    # so that a command that only opens an audit (``workbench status``) does not pay for the spreadsheet readers
    from workbench.ops.answering import LoadResult
    from workbench.ops.importing import ImportResult

T = TypeVar("T")

AUDIT_SUFFIX = ".cdiaudit"
DEMO_SAMPLE = "demo-sample.xlsx"
DEMO_ANSWERS = "demo-answers.csv"


def new_audit(path: Path, settings: AuditSettings, actor: Actor) -> AuditStore:
    """Create an audit file (the ``.cdiaudit`` suffix is added when missing)."""
    path = Path(path)
    if path.suffix != AUDIT_SUFFIX:
        path = path.with_name(path.name + AUDIT_SUFFIX)
    return AuditStore.create(path, settings, actor)


def open_audit(path: Path, check: bool = True) -> AuditStore:
    """Open an audit file, checking and (after a backup) migrating it.

    ``check`` False defers the full integrity check to ``check_audit_file`` (the
    window runs it in the background, so a large file on a cold disk opens at
    once). A file from before the progress cache existed gets it rebuilt here.
    """
    store = AuditStore.open(Path(path), check)
    try:
        if store.records_without_state():
            refresh_record_states(store)
    except BaseException:
        store.close()
        raise
    return store


def needs_upgrade(path: Path) -> bool:
    """Whether opening the audit at ``path`` will upgrade it from an older workbench's format."""
    return database.needs_upgrade(Path(path))


def upgrade_audit(path: Path, progress: Progress | None = None) -> None:
    """Upgrade an older audit file as opening it does (checked, backed up beside it, migrated), then close it.

    For a worker thread: on a 500 MB audit the check, the backup and the migration take
    half a minute, which the window spends showing a progress dialog rather than frozen.
    """
    open_audit(Path(path), check=False).close()


def check_audit_file(path: Path, progress: Progress | None = None) -> None:
    """SQLite's full integrity check of an audit file; ``AuditFileError`` saying what to do if damaged."""
    database.check_file(Path(path))


@contextmanager
def integrity_checked_alongside(path: Path) -> Iterator[Callable[[], None]]:
    """``check_audit_file`` of the audit at ``path`` on a thread of its own while the block runs.

    The block is given a function to call before it changes the audit: it waits for the
    check and raises ``AuditFileError`` if the file is damaged. SQLite checks in C
    without Python's lock, so a command that first reads and checks a large file of its
    own (a load of answers) pays nothing for it on two cores (3.9 s on a 1 GB audit).
    Whatever the block raises, a damaged file is said first, as opening it checked says it.
    """
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="integrity") as pool:
        check = pool.submit(check_audit_file, Path(path))
        try:
            yield check.result
        except Exception as exc:
            damaged = check.exception()
            if damaged is not None and damaged is not exc:
                raise damaged from exc
            raise
        check.result()


def with_audit(path: Path, operation: Callable[..., T], *args: Any, progress: Progress | None = None) -> T:
    """``operation(store, *args, progress=progress)`` on a connection of its own to the audit at ``path``.

    For work on a worker thread: it never shares (or joins a transaction on) the
    window's connection. The file was checked when the window opened it.
    """
    store = open_audit(Path(path), check=False)
    try:
        return operation(store, *args, progress=progress)
    finally:
        store.close()


def save_copy(store: AuditStore, dest: Path, progress: Progress | None = None) -> int:
    """Write a verified copy of the open audit to ``dest`` (replacing it); the copy's event count.

    The copy is written beside ``dest`` under a temporary name with SQLite's online
    backup (consistent even while others write), verified (``verify``: the file, the
    chain, the contents against the log), then renamed into place: a failed or
    damaged copy never replaces anything.

    Raises
    ------
    WorkbenchError
        ``dest`` is the audit itself, or the copy did not verify (named problems).
    """
    from workbench.store.verify import verify

    dest = Path(dest)
    if dest.suffix != AUDIT_SUFFIX:
        dest = dest.with_name(dest.name + AUDIT_SUFFIX)
    if dest.exists() and dest.resolve() == Path(store.path).resolve():
        raise WorkbenchError("Choose another file for the copy: that is the audit itself.")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        tmp.unlink()
        store.copy_to(tmp)
        with AuditStore.open(tmp, check=False, read_only=True) as copy:   # verify makes the integrity check
            report = verify(copy)
        if not report.ok:
            raise WorkbenchError("The copy did not verify, so it was not kept: " + "; ".join(report.problems[:3]))
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    return report.events


def verify_audit(store: AuditStore, progress: Progress | None = None):
    """``workbench verify``'s check (``store.verify.verify``): the file, the chain, the contents
    against the log. It only reads: the window runs it on a worker with ``with_audit``."""
    from workbench.store.verify import verify

    return verify(store)


@changes_audit
def update_settings(store: AuditStore, actor: Actor, settings: AuditSettings) -> dict[str, list]:
    """Change the audit's settings (validated); each changed field is logged old -> new."""
    return store.update_settings(actor, settings)


@dataclass(frozen=True)
class DemoAudit:
    store: AuditStore
    imported: ImportResult
    answered: LoadResult


def build_demo(path: Path) -> DemoAudit:
    """A fresh demo audit at ``path``: the synthetic sample imported and partly answered."""
    from workbench.ops.answering import load_answers
    from workbench.ops.importing import import_sample

    demo = paths.demo_dir()
    actor = Actor("Demo Auditor", Role.AUDITOR, "Demo Constabulary")
    settings = AuditSettings(
        title="Demo audit: crime recording, 2024 (synthetic data)",
        force="Demo Constabulary",
        period_start="2024-01-01",
        period_end="2024-12-31",
    )
    store = new_audit(path, settings, actor)
    try:
        imported = import_sample(store, actor, demo / DEMO_SAMPLE)
        answered = load_answers(store, actor, demo / DEMO_ANSWERS)
    except BaseException:
        store.close()
        raise
    return DemoAudit(store, imported, answered)
