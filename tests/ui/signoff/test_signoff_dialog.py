"""Signing off in the window: the passphrase again, a first key made, the audit locked; reopening voids it."""

from __future__ import annotations

import pytest


from workbench.core.audit import Actor, Role
from workbench.ops.signoff import status
from workbench.ui.common.session import Session
from workbench.ui.shell.main_window import MainWindow
from workbench.ui.signoff.signoff_dialog import SignOffDialog

from tests.ui.dialogs import close_error_boxes

pytestmark = pytest.mark.usefixtures("no_leaked_widgets")
FCR = Actor("F. Registrar", Role.FCR, "Demo Constabulary")


@pytest.fixture
def session(demo_store):
    s = Session(demo_store, FCR)
    yield s
    s.jobs.wait()


def sign(qtbot, session, key_path, passphrase="four random words here", again=True):
    dialog = SignOffDialog(session, key_path)
    qtbot.addWidget(dialog)
    dialog.show()
    fields = dialog.new_passphrase if dialog.new_passphrase.isVisible() else dialog.passphrase
    qtbot.keyClicks(fields.first, passphrase)
    if fields.second is not None and again:
        qtbot.keyClicks(fields.second, passphrase)
    return dialog


def test_a_first_sign_off_makes_the_key_then_signs_and_locks(qtbot, session, tmp_path):
    key = tmp_path / "keys" / "fcr.key"
    dialog = sign(qtbot, session, key)
    assert dialog.new_passphrase.isVisible() and "no signing key here yet" in dialog.key_note.text()
    assert dialog.sign_button.isEnabled()
    dialog.sign_button.click()
    assert key.is_file() and key.with_name("fcr.key.pub").is_file()
    assert status(session.store).words.startswith("Signed off by F. Registrar")
    assert session.locked and not session.can_answer


def test_the_passphrase_must_be_typed_twice_alike_for_a_new_key(qtbot, session, tmp_path):
    dialog = sign(qtbot, session, tmp_path / "fcr.key", again=False)
    assert not dialog.sign_button.isEnabled()


def test_a_wrong_passphrase_signs_nothing_and_says_so(qtbot, session, tmp_path):
    key = tmp_path / "fcr.key"
    first = sign(qtbot, session, key)
    first.sign_button.click()
    from workbench.ops.signoff import reopen

    reopen(session.store, FCR, "to sign again")
    dialog = sign(qtbot, session, key, passphrase="not the passphrase")
    assert dialog.passphrase.isVisible()
    dialog.sign_button.click()
    assert close_error_boxes() and dialog.isVisible()
    assert status(session.store).signoff.void


def test_the_window_shows_the_lock_and_offers_reopening_only(qtbot, session, ui_settings, tmp_path):
    signing = sign(qtbot, session, tmp_path / "fcr.key")
    signing.sign_button.click()
    window = MainWindow(session, ui_settings)
    qtbot.addWidget(window)
    window.show()
    assert "signed off by F. Registrar" in window.banner.text() and window.banner.isVisible()
    assert not window.actions["sign_off"].isEnabled() and window.actions["reopen"].isEnabled()
    assert not window.actions["adjudicate"].isEnabled() and not window.checklist.scroll.widget().isEnabled()
    window.reopen()
    dialog = window.dialog
    assert not dialog.reopen_button.isEnabled()
    qtbot.keyClicks(dialog.reason, "A determination was wrong")
    dialog.reopen_button.click()
    qtbot.waitUntil(lambda: window.dialog is None)
    assert status(session.store).words.startswith("Signature void")
    assert "signed off" not in window.banner.text() and window.actions["sign_off"].isEnabled()


def test_an_auditor_cannot_sign_off_or_reopen(qtbot, demo_store, ui_settings):
    window = MainWindow(Session(demo_store, Actor("A. Auditor")), ui_settings)
    qtbot.addWidget(window)
    assert not window.actions["sign_off"].isEnabled() and not window.actions["reopen"].isEnabled()
    assert [a.text() for a in window.menuBar().actions()].count("&Audit") == 1

