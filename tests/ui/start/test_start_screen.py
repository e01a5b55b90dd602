"""The start screen and the identity dialog, driven through their widgets."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QMessageBox

from workbench.core.audit import Actor, Role
from workbench.ops.audits import open_audit
from workbench.ui.start import start_screen
from workbench.ui.start.identity import IdentityDialog, describe_actor
from workbench.ui.start.start_screen import NewAuditDialog, StartDialog, file_name_for

from tests.factories import make_audit

pytestmark = pytest.mark.usefixtures("no_leaked_widgets")
SAM = Actor("Sam Patel", Role.AUDITOR, "Demo Constabulary")


@pytest.fixture
def known(ui_settings):
    ui_settings.identity = SAM
    return ui_settings


@pytest.fixture
def start(qtbot, known, tmp_path):
    dialog = StartDialog(known, demo_folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def audits(tmp_path: Path, *titles: str) -> list[Path]:
    paths = []
    for i, title in enumerate(titles):
        store = make_audit(tmp_path, f"a{i}", title=title)
        paths.append(store.path)
        store.close()
    return paths


def in_modal(action):
    """Run ``action(dialog)`` on the next modal dialog, and make sure it closes."""
    failures = []

    def run():
        dialog = QApplication.activeModalWidget()
        try:
            action(dialog)
        except BaseException as exc:  # reported after exec() returns, not lost in the event loop
            failures.append(exc)
        finally:
            if dialog is not None and dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, run)
    return failures


def fill_identity(name: str, role: Role = Role.AUDITOR, force: str = ""):
    def action(dialog):
        assert isinstance(dialog, IdentityDialog)
        dialog.name.setText(name)
        dialog.findChild(type(dialog.roles.button(0)), f"role_{role.value}").setChecked(True)
        dialog.force.setText(force)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    return action


# -- identity -------------------------------------------------------------------------

def test_the_identity_dialog_needs_a_name_and_returns_an_actor(qtbot):
    dialog = IdentityDialog()
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled() and dialog.actor() is None
    qtbot.keyClicks(dialog.name, "Jo Reviewer")
    dialog.findChild(type(dialog.roles.button(0)), "role_peer").setChecked(True)
    qtbot.keyClicks(dialog.force, "Demo Constabulary")
    assert ok.isEnabled() and dialog.actor() == Actor("Jo Reviewer", Role.PEER, "Demo Constabulary")


def test_each_role_is_explained(qtbot):
    dialog = IdentityDialog(SAM)
    qtbot.addWidget(dialog)
    descriptions = [b.accessibleDescription() for b in dialog.roles.buttons()]
    assert len(descriptions) == 3 and all(descriptions)
    assert dialog.name.text() == "Sam Patel" and dialog.role() == Role.AUDITOR


def test_on_first_run_the_user_is_asked_once_and_it_is_remembered(qtbot, ui_settings, tmp_path):
    dialog = StartDialog(ui_settings, demo_folder=tmp_path)
    qtbot.addWidget(dialog)
    assert "not said who you are" in dialog.identity_label.text()
    failures = in_modal(fill_identity("Jo Reviewer", Role.PEER, "Demo Constabulary"))
    dialog.demo_button.click()
    assert not failures
    assert ui_settings.identity == Actor("Jo Reviewer", Role.PEER, "Demo Constabulary")
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.demo


def test_without_saying_who_you_are_nothing_opens(qtbot, ui_settings, tmp_path):
    dialog = StartDialog(ui_settings, demo_folder=tmp_path)
    qtbot.addWidget(dialog)
    failures = in_modal(lambda d: d.reject())
    dialog.demo_button.click()
    assert not failures and dialog.path is None and ui_settings.identity is None
    assert list(tmp_path.glob("workbench-demo-*")) == []


def test_change_identity(qtbot, start, known):
    failures = in_modal(fill_identity("Sam Patel", Role.FCR, "Demo Constabulary"))
    start.findChild(type(start.open_recent_button), "changeIdentity").click()
    assert not failures and known.identity.role == Role.FCR
    assert start.identity_label.text() == "Working as Sam Patel (FCR, Demo Constabulary)."


def test_describe_actor():
    assert describe_actor(SAM) == "Working as Sam Patel (auditor, Demo Constabulary)."


# -- recent audits --------------------------------------------------------------------

def test_recent_audits_are_listed_most_recent_first_with_title_and_path(qtbot, known, tmp_path):
    first, second = audits(tmp_path, "Q1 audit", "Q2 audit")
    known.add_recent(first, "Q1 audit")
    known.add_recent(second, "Q2 audit")
    dialog = StartDialog(known)
    qtbot.addWidget(dialog)
    rows = [(dialog.recent.item(i).text(), dialog.recent.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(dialog.recent.count())]
    assert rows == [("Q2 audit", str(second)), ("Q1 audit", str(first))]
    assert dialog.recent.currentRow() == 0


def test_enter_on_a_recent_audit_opens_it(qtbot, known, tmp_path):
    first, second = audits(tmp_path, "Q1", "Q2")
    known.add_recent(first, "Q1")
    known.add_recent(second, "Q2")
    dialog = StartDialog(known)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.recent.setFocus()
    qtbot.keyClick(dialog.recent, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.recent, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted and (dialog.path, dialog.demo) == (first, False)


def test_double_click_on_a_recent_audit_opens_it(qtbot, known, tmp_path):
    (only,) = audits(tmp_path, "Q1")
    known.add_recent(only, "Q1")
    dialog = StartDialog(known)
    qtbot.addWidget(dialog)
    dialog.show()
    view = dialog.recent
    rect = view.visualItemRect(view.item(0))
    # A real double click is press, release, double-click, release; Qt activates on the last.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.path == only


def test_an_audit_gone_since_it_was_listed_gets_a_friendly_message(qtbot, known, tmp_path):
    gone, kept = audits(tmp_path, "Gone", "Kept")
    known.add_recent(gone, "Gone")
    known.add_recent(kept, "Kept")
    dialog = StartDialog(known)
    qtbot.addWidget(dialog)
    dialog.show()
    gone.unlink()
    dialog.recent.setCurrentRow(1)
    dialog.open_recent_button.click()
    box = dialog.findChild(QMessageBox, "errorBox")
    assert box.windowTitle() == "Audit not found" and "moved, renamed or deleted" in box.text() and "Traceback" not in box.text()
    assert dialog.path is None and dialog.recent.count() == 1 and known.recent_audits() == [kept]
    box.accept()


def test_with_no_recent_audits_the_list_says_so(start):
    assert start.recent.isHidden() and start.empty_recent.isVisible() and not start.open_recent_button.isEnabled()


# -- open, new, demo --------------------------------------------------------------------

def test_open_asks_for_a_file_and_finishes_with_it(qtbot, start, tmp_path, monkeypatch):
    (path,) = audits(tmp_path, "Q1")
    monkeypatch.setattr(start_screen, "ask_open_path", lambda parent, folder: path)
    start.open_button.click()
    assert (start.path, start.demo) == (path, False)


def test_open_cancelled_stays_on_the_start_screen(qtbot, start, monkeypatch):
    monkeypatch.setattr(start_screen, "ask_open_path", lambda parent, folder: None)
    start.open_button.click()
    assert start.path is None and start.isVisible()


def test_a_new_audit_is_created_with_the_settings_given(qtbot, start, known, tmp_path, monkeypatch):
    target = tmp_path / "audits" / "q3"
    target.parent.mkdir()
    suggested = []
    monkeypatch.setattr(start_screen, "ask_save_path", lambda parent, s: suggested.append(s) or target)

    def fill(dialog):
        assert isinstance(dialog, NewAuditDialog)
        assert dialog.form.force.text() == "Demo Constabulary" and not dialog.create_button.isEnabled()
        assert dialog.form.problems.isHidden()  # a blank form is not scolded before it is touched
        qtbot.keyClicks(dialog.form.title, "Q3 2024 crime recording audit")
        dialog.form.time_limit.setValue(36)
        dialog.create_button.click()

    failures = in_modal(fill)
    start.new_button.click()
    assert not failures
    assert suggested[0].name == "q3-2024-crime-recording-audit.cdiaudit"
    assert start.path == target.with_name("q3.cdiaudit") and not start.demo
    with open_audit(start.path) as store:
        settings = store.settings()
        assert (settings.title, settings.time_limit_hours, settings.force) == ("Q3 2024 crime recording audit", 36, "Demo Constabulary")
        assert list(store.events())[0].actor == "Sam Patel"
    assert known.recent_entries()[0].title == "Q3 2024 crime recording audit"


def test_a_new_audit_over_an_existing_file_is_refused_in_words(qtbot, start, tmp_path, monkeypatch):
    (existing,) = audits(tmp_path, "Old")
    monkeypatch.setattr(start_screen, "ask_save_path", lambda parent, s: existing)

    def fill(dialog):
        dialog.form.title.setText("New")
        dialog.create_button.click()

    failures = in_modal(fill)
    start.new_button.click()
    box = start.findChild(QMessageBox, "errorBox")
    assert not failures and "already exists" in box.text() and start.path is None
    box.accept()


def test_the_demo_is_a_fresh_copy_each_time(qtbot, known, tmp_path):
    paths = []
    for _ in range(2):
        dialog = StartDialog(known, demo_folder=tmp_path)
        qtbot.addWidget(dialog)
        dialog.demo_button.click()
        assert dialog.demo and dialog.path.is_file()
        paths.append(dialog.path)
    assert paths[0] != paths[1]
    with open_audit(paths[1]) as store:
        assert store.record_count() == 60


def test_file_names_from_titles():
    assert file_name_for("Q3 2024: crime / recording audit") == "q3-2024-crime-recording-audit.cdiaudit"
    assert file_name_for("***") == "audit.cdiaudit"


def test_the_start_screen_paints_its_recent_list(qtbot, known, tmp_path):
    (path,) = audits(tmp_path, "Q1 audit")
    known.add_recent(path, "Q1 audit")
    dialog = StartDialog(known)
    qtbot.addWidget(dialog)
    dialog.show()
    image = dialog.grab().toImage()  # paints every widget, the delegate included
    assert not image.isNull() and image.width() >= 900


def test_file_dialogs_start_in_documents_then_in_the_folder_last_used(qtbot, start, known, tmp_path, monkeypatch):
    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setattr(start_screen.QStandardPaths, "writableLocation", lambda _where: str(documents))
    asked = []
    audits_folder = tmp_path / "audits"
    audits_folder.mkdir()
    monkeypatch.setattr(start_screen, "ask_save_path", lambda parent, s: asked.append(s) or audits_folder / "first")

    def fill(dialog):
        dialog.form.title.setText("First")
        dialog.create_button.click()

    failures = in_modal(fill)
    start.new_button.click()
    assert not failures and asked[0].parent == documents
    opened = []
    monkeypatch.setattr(start_screen, "ask_open_path", lambda parent, folder: opened.append(folder))
    start.open_button.click()
    assert opened == [audits_folder]


def test_without_a_documents_folder_the_dialogs_start_at_home_not_in_the_programs_folder(monkeypatch, tmp_path):
    monkeypatch.setattr(start_screen.QStandardPaths, "writableLocation", lambda _where: str(tmp_path / "missing"))
    assert start_screen.documents_folder() == Path.home()
