"""The window and another program on one audit file: nothing the window saves is lost."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from workbench.ops.audits import with_audit

from tests.ui.shell.test_main_window import fresh_incident
from tests.ui.windows import open_window

pytestmark = pytest.mark.usefixtures("no_leaked_widgets")

READ_ANSWERS = textwrap.dedent("""
    import sys
    from workbench.store.audit_store import AuditStore
    with AuditStore.open(sys.argv[1], check=False) as store:
        for a in store.answers(record_key=sys.argv[2]):
            print(a.question, a.value)
""")


def test_answers_given_after_an_export_and_a_command_line_run_reach_the_file(qtbot, demo_store, ui_settings):
    window = open_window(qtbot, demo_store, ui_settings)
    key = fresh_incident(demo_store)
    window.go_to(key)
    qtbot.keyClick(QApplication.focusWidget(), "1")                       # auditable: yes
    with_audit(demo_store.path, lambda store, progress=None: None)      # what an export does: a connection of its own
    subprocess.run([sys.executable, "-m", "workbench", "log", str(demo_store.path)], check=True, capture_output=True)
    assert Path(f"{demo_store.path}-wal").exists(), "the command line deleted the window's WAL"
    qtbot.keyClick(QApplication.focusWidget(), "y")                       # discloses a crime: yes
    seen = subprocess.run([sys.executable, "-c", READ_ANSWERS, str(demo_store.path), key],
                          check=True, capture_output=True, text=True).stdout.split("\n")
    assert {"auditable yes", "discloses_crime yes"} <= set(seen)
