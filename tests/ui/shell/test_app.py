"""Starting the workbench: which audit opens, the start screen, and the command line's routing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from workbench import cli
from workbench.ops.audits import build_demo
from workbench.ui.shell.app import Workbench, fresh_demo, keep_fills_on_the_gui_thread

from tests.factories import AUDITOR, make_audit
from tests.ui.dialogs import error_boxes

pytestmark = pytest.mark.usefixtures("no_leaked_widgets")


@pytest.fixture
def app_settings(ui_settings):
    ui_settings.identity = AUDITOR
    return ui_settings


@pytest.fixture
def workbench(app_settings, tmp_path):
    wb = Workbench(app_settings, AUDITOR, data_dir=tmp_path / "data")
    yield wb
    wb.close()


def demo_file(tmp_path, name="demo.cdiaudit") -> Path:
    build_demo(tmp_path / name).store.close()
    return tmp_path / name


def test_an_audit_named_on_the_command_line_opens(workbench, app_settings, tmp_path):
    path = demo_file(tmp_path)
    workbench.start(path)
    assert workbench.window is not None and workbench.window.isVisible()
    assert workbench.window.session.path == path
    assert app_settings.last_audit == path.absolute()
    assert app_settings.recent_audits() == [path.absolute()]


def test_demo_always_opens_a_fresh_copy_in_the_data_folder(workbench, tmp_path):
    workbench.start(demo=True)
    first = workbench.window.session.path
    assert first.parent == tmp_path / "data" / "demo" and first.name.startswith("demo-audit-")
    assert workbench.window.model.rowCount() == 60
    workbench.open_demo()
    assert workbench.window.session.path != first


def test_the_first_run_opens_a_fresh_demo(workbench, tmp_path):
    workbench.start()
    assert workbench.window is not None
    assert workbench.window.session.path.parent == tmp_path / "data" / "demo"


def test_later_runs_open_the_last_audit(workbench, app_settings, tmp_path):
    path = demo_file(tmp_path)
    app_settings.add_recent(path, "Demo")
    workbench.start()
    assert workbench.window.session.path == path.absolute()


def test_with_nothing_to_open_the_start_screen_shows(workbench, app_settings, tmp_path):
    path = demo_file(tmp_path)
    app_settings.add_recent(path, "Demo")
    app_settings.last_audit = None
    workbench.start()
    assert workbench.window is None
    assert workbench.start_dialog is not None and workbench.start_dialog.isVisible()


def test_a_damaged_file_is_explained_then_the_start_screen(workbench, tmp_path):
    bad = tmp_path / "bad.cdiaudit"
    bad.write_bytes(b"this is not a database")
    workbench.start(bad)
    assert workbench.window is None
    assert workbench.start_dialog is not None and workbench.start_dialog.isVisible()
    boxes = error_boxes()
    assert boxes and "not a workbench audit file" in boxes[0].text()
    assert "Traceback" not in boxes[0].text()
    for box in boxes:
        box.close()


def test_a_file_from_a_newer_version_is_refused_in_words(workbench, tmp_path):
    store = make_audit(tmp_path, "newer")
    store.db.execute("PRAGMA user_version = 999")
    store.close()
    workbench.start(tmp_path / "newer.cdiaudit")
    boxes = error_boxes()
    assert boxes and "newer version of the workbench" in boxes[0].text()
    for box in boxes:
        box.close()


def older_audit(tmp_path) -> Path:
    """The demo audit as a workbench of format 10 wrote it: before step 0011 (mapping profiles)."""
    import sqlite3

    path = demo_file(tmp_path, "older.cdiaudit")
    with sqlite3.connect(path) as conn:
        for table in ("mapping_profiles", "source_changes", "source_originals"):
            conn.execute(f"DROP TABLE {table}")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0011_mapping_profiles_and_source_changes'")
        conn.execute("PRAGMA user_version = 10")
    conn.close()
    return path


def test_a_file_from_an_older_version_is_upgraded_off_the_ui_thread_with_a_dialog_then_opens(qtbot, workbench, tmp_path):
    path = older_audit(tmp_path)
    workbench.start(path)
    assert workbench.window is None   # not opened on the UI thread: the upgrade runs on a worker
    (job,) = workbench.checks.jobs
    assert job.dialog is not None and "Upgrading older.cdiaudit" in job.dialog.labelText()
    qtbot.waitUntil(lambda: workbench.window is not None, timeout=20000)
    assert workbench.window.session.path == path and workbench.window.session.store.pending_migrations() == []
    assert len(list(tmp_path.glob("older.cdiaudit.v10-*.bak"))) == 1


def test_an_older_file_that_cannot_be_upgraded_is_refused_in_words(qtbot, workbench, tmp_path, monkeypatch):
    from workbench.core.errors import WorkbenchError
    from workbench.ui.shell import app

    def refuse(path, progress=None):
        raise WorkbenchError(f"{path.name} must be upgraded, which needs write access.")

    monkeypatch.setattr(app, "upgrade_audit", refuse)
    workbench.start(older_audit(tmp_path))
    qtbot.waitUntil(lambda: bool(error_boxes()), timeout=20000)
    boxes = error_boxes()
    assert "needs write access" in boxes[0].text() and workbench.window is None
    for box in boxes:
        box.close()


def test_the_start_screen_choice_opens_in_the_window(workbench, app_settings, tmp_path):
    path = demo_file(tmp_path)
    app_settings.add_recent(path, "Demo")
    app_settings.last_audit = None
    workbench.start()
    workbench.start_dialog.open_path(path)
    assert workbench.start_dialog is None
    assert workbench.window is not None and workbench.window.session.path == path


def test_open_recent_switches_the_audit_and_keeps_the_window(workbench, tmp_path):
    first, second = demo_file(tmp_path, "one.cdiaudit"), demo_file(tmp_path, "two.cdiaudit")
    workbench.start(first)
    window = workbench.window
    window.open_requested.emit(second)
    assert workbench.window is window and window.session.path == second
    assert window.model.rowCount() == 60


def test_opening_a_bad_file_from_the_window_keeps_the_current_audit(workbench, tmp_path):
    path = demo_file(tmp_path)
    workbench.start(path)
    workbench.window.open_requested.emit(tmp_path / "missing.cdiaudit")
    assert workbench.window.session.path == path
    boxes = error_boxes()
    assert boxes and "does not exist" in boxes[0].text()
    for box in boxes:
        box.close()


def test_fresh_demo_names_do_not_collide(tmp_path):
    assert fresh_demo(tmp_path) != fresh_demo(tmp_path)


# -- the command line's routing -------------------------------------------------------------

@pytest.fixture
def launched(monkeypatch):
    calls = []
    monkeypatch.setattr(cli, "run_gui", lambda audit=None, demo=False: calls.append((audit, demo)) or 0)
    return calls


def test_no_arguments_open_the_window(launched):
    assert cli.main([]) == 0
    assert launched == [(None, False)]


def test_an_audit_file_as_the_only_argument_opens_it(launched, tmp_path):
    path = tmp_path / "a.cdiaudit"
    path.write_bytes(b"")
    assert cli.main([str(path)]) == 0
    assert launched == [(path, False)]


def test_demo_flag_opens_a_fresh_demo(launched):
    cli.main(["--demo"])
    assert launched == [(None, True)]


def test_commands_stay_on_the_command_line(launched, tmp_path, capsys):
    path = demo_file(tmp_path)
    assert cli.main(["status", str(path)]) == 0
    assert "not started" in capsys.readouterr().out
    assert launched == []


def test_a_missing_file_is_not_taken_for_the_window(launched, tmp_path, capsys):
    with pytest.raises(SystemExit):
        cli.main([str(tmp_path / "nope.cdiaudit")])
    assert launched == []


def test_file_start_screen_from_the_window_can_be_cancelled(workbench, tmp_path):
    path = demo_file(tmp_path)
    workbench.start(path)
    workbench.window.actions["start"].trigger()
    dialog = workbench.start_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.reject()
    assert workbench.start_dialog is None
    assert workbench.window.session.path == path


def test_file_new_audit_opens_the_new_file(workbench, tmp_path, monkeypatch):
    from workbench.ui.start.start_screen import StartDialog

    first = demo_file(tmp_path)
    created = make_audit(tmp_path, "fresh")
    created.close()

    def pretend_new_audit(dialog):  # the real one asks for settings and a file name in modal dialogs
        dialog.path, dialog.demo = created.path, False
        dialog.accept()

    monkeypatch.setattr(StartDialog, "new_audit", pretend_new_audit)
    workbench.start(first)
    workbench.window.actions["new"].trigger()
    assert workbench.window.session.path == created.path
    assert workbench.window.model.rowCount() == 0


def test_damage_found_by_the_background_check_closes_the_audit_in_words(workbench, tmp_path, qtbot, monkeypatch):
    from workbench.store import database

    monkeypatch.setattr(database, "integrity_problems", lambda db: ["*** in database main *** Page 7: btreeInitPage() returns error code 11"])
    path = demo_file(tmp_path)
    workbench.start(path)  # the window shows at once; the full check follows in the background
    qtbot.waitUntil(lambda: workbench.window is None, timeout=10_000)
    assert workbench.start_dialog is not None and workbench.start_dialog.isVisible()
    boxes = error_boxes()
    assert boxes and "is damaged" in boxes[0].text() and "Restore it from a backup" in boxes[0].text()
    for box in boxes:
        box.close()


def test_a_sound_file_stays_open_after_the_background_check(workbench, tmp_path, qtbot):
    path = demo_file(tmp_path)
    workbench.start(path)
    qtbot.waitUntil(lambda: not workbench.checks.busy, timeout=10_000)
    assert workbench.window is not None and workbench.window.session.path == path
    assert error_boxes() == []


def test_a_new_identity_chosen_on_the_start_screen_reaches_the_open_audit(workbench, app_settings, tmp_path):
    from workbench.core.audit import Actor, Role

    workbench.start(demo_file(tmp_path))
    window = workbench.window
    workbench.show_start()
    app_settings.identity = Actor("Second Reviewer", Role.FCR, "Other Constabulary")   # what Change... saves
    workbench.start_dialog.reject()                                                     # and back to the audit
    assert window.who.text() == "Second Reviewer (Force Crime Registrar), Other Constabulary"
    assert window.session.actor.name == "Second Reviewer"
    key = window.current_key
    window.session.flag(key, "Is this one crime or two?")
    last = list(window.session.store.events())[-1]
    assert (last.action, last.actor, last.role) == ("record.flag", "Second Reviewer", "fcr")


def test_qt_is_told_to_do_its_fills_on_the_gui_thread(monkeypatch):
    monkeypatch.delenv("QT_NO_GUI_THREADPOOL", raising=False)
    keep_fills_on_the_gui_thread()
    assert os.environ["QT_NO_GUI_THREADPOOL"] == "1"
