"""Crashes and concurrent writers: the file stays intact and every answer has its event."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import textwrap

import pytest

from workbench.core.records import AnswerChange, Record
from workbench.store.audit_store import AuditStore
from workbench.store.verify import verify

from tests.factories import AUDITOR, make_audit
from tests.store.test_verify import FORM

WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from workbench.core.audit import Actor
    from workbench.core.records import AnswerChange
    from workbench.store.audit_store import AuditStore

    path, name, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    actor = Actor(name)
    with AuditStore.open(path) as store:
        for i in range(count):
            key = f"R{i % 20}"
            store.set_answers(actor, [AnswerChange(key, "ok", None, "yes" if i % 2 else "no"),
                                      AnswerChange(key, "why", None, f"{name} {i}", free_text=True)])
            print(i, flush=True)
""")


@pytest.fixture
def path(tmp_path):
    store = make_audit(tmp_path)
    records = [Record(f"R{i}", "mini", {"n": str(i)}, "1") for i in range(20)]
    store.add_records(AUDITOR, {"file_name": "s.csv", "sha256": "0" * 64, "row_count": 20}, records, [FORM])
    store.close()
    return tmp_path / "audit.cdiaudit"


def start_writer(path, name, count):
    return subprocess.Popen([sys.executable, "-c", WRITER, str(path), name, str(count)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.slow
def test_killing_a_writer_mid_write_never_damages_the_file(path):
    rng = random.Random(20241122)
    for _ in range(24):
        child = start_writer(path, "Killed Writer", 10_000)
        for _ in range(rng.randint(1, 40)):  # let it get some way into its writes
            if not child.stdout.readline():
                break
        child.send_signal(signal.SIGKILL)
        child.communicate()
        with AuditStore.open(path) as store:
            report = verify(store)
            assert report.ok, report.problems
    with AuditStore.open(path) as store:
        saved = store.db.execute("SELECT count(*) FROM answers").fetchone()[0]
        assert saved > 0


@pytest.mark.slow
def test_two_writers_at_once_wait_for_each_other_rather_than_fail(path):
    writers = [start_writer(path, f"Writer {n}", 150) for n in (1, 2)]
    results = [w.communicate(timeout=120) for w in writers]
    for writer, (out, err) in zip(writers, results):
        assert writer.returncode == 0, err
        assert out.split()[-1] == "149"
    with AuditStore.open(path) as store:
        assert verify(store).ok
        actors = {e.actor for e in store.events()}
        assert {"Writer 1", "Writer 2"} <= actors


SHARED_FILE = textwrap.dedent("""
    import os, subprocess, sys
    from pathlib import Path
    from workbench.core.audit import Actor
    from workbench.core.records import AnswerChange
    from workbench.store.audit_store import AuditStore
    from workbench.store.database import open_database

    path = Path(sys.argv[1])
    actor = Actor("Window Auditor")
    store = AuditStore.open(path)                       # the window's connection
    store.set_answers(actor, [AnswerChange("R1", "ok", None, "yes")])
    open_database(path, check=False).close()            # a second connection in the same process
    subprocess.run([sys.executable, "-m", "workbench", "log", str(path)], check=True, capture_output=True)
    if not Path(f"{path}-wal").exists():                  # the other program thought it was alone
        print("the window's WAL was deleted under it", flush=True)
    store.set_answers(actor, [AnswerChange("R2", "ok", None, "no")])
    print("saved", flush=True)
    os._exit(0)                                         # a crash: nothing closed, nothing flushed by Python
""")


def test_an_answer_saved_after_another_program_used_the_file_survives_a_crash(path):
    child = subprocess.run([sys.executable, "-c", SHARED_FILE, str(path)], capture_output=True, text=True, timeout=120)
    assert child.stdout.strip() == "saved", child.stderr
    with AuditStore.open(path) as store:
        answered = {a.record_key: a.value for a in store.answers()}
        assert answered == {"R1": "yes", "R2": "no"}
        assert verify(store).ok


def test_opening_an_audit_never_opens_the_file_outside_sqlite(path, monkeypatch):
    """Closing any descriptor of the file would drop this process's SQLite locks on it."""
    import io
    import os

    opened = []
    real_io_open, real_os_open = io.open, os.open
    monkeypatch.setattr(io, "open", lambda f, *a, **k: (opened.append(str(f)), real_io_open(f, *a, **k))[1])
    monkeypatch.setattr(os, "open", lambda f, *a, **k: (opened.append(str(f)), real_os_open(f, *a, **k))[1])
    with AuditStore.open(path) as store:
        AuditStore.open(path, check=False).close()
        assert verify(store).ok
    assert not [f for f in opened if f.startswith(str(path))]


def test_the_audit_file_alone_holds_every_committed_answer_while_it_is_open(path, tmp_path):
    import shutil

    with AuditStore.open(path) as store:
        store.set_answers(AUDITOR, [AnswerChange(f"R{i}", "ok", None, "yes") for i in range(20)])
        copy = tmp_path / "emailed.cdiaudit"
        shutil.copyfile(path, copy)            # only the .cdiaudit: what an auditor copies or emails
    with AuditStore.open(copy) as copied:
        assert len(list(copied.answers())) == 20
        assert verify(copied).ok


def test_a_saved_copy_is_one_verified_file_taken_while_the_audit_is_open(path, tmp_path):
    from workbench.ops.audits import save_copy

    with AuditStore.open(path) as store:
        store.set_answers(AUDITOR, [AnswerChange("R1", "ok", None, "no")])
        events = save_copy(store, tmp_path / "copy.cdiaudit")
        assert events == len(list(store.events()))
    assert not (tmp_path / "copy.cdiaudit-wal").exists()
    with AuditStore.open(tmp_path / "copy.cdiaudit", read_only=True) as copy:
        assert [a.value for a in copy.answers(record_key="R1")] == ["no"]


def test_saving_a_copy_over_the_audit_itself_is_refused(path):
    from workbench.core.errors import WorkbenchError
    from workbench.ops.audits import save_copy

    with AuditStore.open(path) as store, pytest.raises(WorkbenchError, match="the audit itself"):
        save_copy(store, path)


WINDOW_LIKE = textwrap.dedent("""
    import random, subprocess, sys
    from pathlib import Path
    from workbench.core.audit import Actor
    from workbench.ops import answering
    from workbench.ops.audits import open_audit

    path, rng = Path(sys.argv[1]), random.Random(int(sys.argv[2]))
    actor = Actor("Window Auditor")
    store = open_audit(path)                                  # the window's connection, kept open
    keys = [r.key for r in store.records()]
    for n in range(1, 10_000):
        key = rng.choice(keys)
        answering.answer(store, actor, key, "why", f"save {n}")
        sys.stdout.write(f"{key} {n}\\n"); sys.stdout.flush()  # reported saved (one write: a kill cannot cut it)
        if n % 3 == 0:
            open_audit(path, check=False).close()             # a second connection in the same process (an export)
        if n % 5 == 0:                                        # another program between saves
            subprocess.run([sys.executable, "-m", "workbench", "log", "--limit", "1", str(path)], capture_output=True)
""")


@pytest.mark.slow
def test_fifty_crashes_beside_other_connections_lose_no_answer_reported_saved(path):
    rng = random.Random(20261127)
    for round_ in range(50):
        child = subprocess.Popen([sys.executable, "-c", WINDOW_LIKE, str(path), str(round_)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        reported = []
        for _ in range(rng.randint(1, 12)):
            line = child.stdout.readline()
            if not line.endswith("\n"):   # the child ended (a line it had not finished is no report)
                break
            reported.append(line.split())
        child.send_signal(signal.SIGKILL)
        rest, err = child.communicate()
        reported += [line.split() for line in rest.splitlines(keepends=True) if line.endswith("\n")]
        assert reported, err
        last_reported = {key: int(n) for key, n in reported}
        with AuditStore.open(path) as store:
            held = {a.record_key: int(a.value.split()[1]) for a in store.answers() if a.question == "why"
                    and a.answered_by == "Window Auditor"}
            lost = {k: n for k, n in last_reported.items() if held.get(k, 0) < n}
            assert not lost, f"round {round_}: answers reported saved are missing: {lost}"
            assert verify(store).ok
        with AuditStore.open(path) as store:   # the next round starts numbering afresh
            store.set_answers(AUDITOR, [AnswerChange(f"R{i}", "why", None, None, free_text=True) for i in range(20)])
