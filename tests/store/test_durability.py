"""Crashes and concurrent writers: the file stays intact and every answer has its event."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import textwrap

import pytest

from workbench.core.records import Record
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
