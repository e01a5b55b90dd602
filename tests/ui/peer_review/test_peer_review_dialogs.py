"""The peer-review dialogs driven as a user would: package, open a package, send back, merge, agreement."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from workbench.core.audit import Actor, Role
from workbench.core.selection import Selection
from workbench.ops import peer_review
from workbench.ops.audits import open_audit
from workbench.ui.common.session import Session
from workbench.ui.peer_review.agreement_view import AgreementDialog
from workbench.ui.peer_review.merge_dialog import MergeDialog, UnpackDialog
from workbench.ui.peer_review.package_dialog import PackageDialog, ReturnDialog
from workbench.ui.shell.main_window import MainWindow

from tests.peer import LEAD, NO_CRIME, PASS, PEER, answer_as, assert_verifies, cheap_scrypt, home_audit
from tests.ui.dialogs import close_error_boxes, error_boxes

pytestmark = pytest.mark.usefixtures("no_leaked_widgets")
__all__ = ["cheap_scrypt"]
PASSPHRASE = PASS.decode()


@pytest.fixture
def home(tmp_path):
    store = home_audit(tmp_path / "lead", n=10)
    yield store
    store.close()


def shown(qtbot, widget):
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def fill_package(qtbot, dialog, path):
    qtbot.keyClicks(dialog.recipient, "Other Constabulary")
    dialog.out.edit.setText(str(path))
    qtbot.keyClicks(dialog.passphrase.first, PASSPHRASE)
    qtbot.keyClicks(dialog.passphrase.second, PASSPHRASE)


def test_the_package_dialog_counts_the_records_chosen_and_writes_the_package(qtbot, home, tmp_path):
    dialog = shown(qtbot, PackageDialog(Session(home, LEAD)))
    dialog.seed.setValue(7)
    assert dialog.count.text() == f"{len(peer_review.choose_records(home, dialog.selection()))} of 10 record(s) chosen."
    dialog.use_percent.setChecked(False)
    assert dialog.count.text() == "2 of 10 record(s) chosen."        # INC-0001 and -0002, non-compliant
    qtbot.keyClicks(dialog.records, "INC-0005")
    assert dialog.count.text() == "3 of 10 record(s) chosen."
    fill_package(qtbot, dialog, tmp_path / "out.cdipkg")
    assert dialog.write_button.isEnabled()
    with qtbot.waitSignal(dialog.packaged) as blocker:
        qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].records == 3 and (tmp_path / "out.cdipkg").exists()
    assert "Wrote out.cdipkg: 3 record(s), encrypted" in dialog.status.text()
    assert home.sent_packages()[0]["recipient"] == "Other Constabulary"


def test_the_package_dialog_says_what_is_missing(qtbot, home, tmp_path):
    dialog = shown(qtbot, PackageDialog(Session(home, LEAD)))
    assert not dialog.write_button.isEnabled() and dialog.status.text() == "Say who the package is for."
    fill_package(qtbot, dialog, tmp_path / "out.cdipkg")
    qtbot.keyClicks(dialog.passphrase.second, "x")
    assert dialog.status.text() == "The two passphrases differ." and not dialog.write_button.isEnabled()
    dialog.non_compliant.setChecked(False)
    dialog.use_percent.setChecked(False)
    assert dialog.status.text() == "Choose at least one record."


def test_only_a_team_package_can_be_left_unencrypted(qtbot, home):
    dialog = shown(qtbot, PackageDialog(Session(home, LEAD)))
    assert not dialog.plain.isEnabled()
    dialog.team.setChecked(True)
    dialog.plain.setChecked(True)
    assert not dialog.passphrase.isEnabled()
    dialog.team.setChecked(False)
    assert not dialog.plain.isChecked() and dialog.passphrase.isEnabled()


def sent_package(home, tmp_path):
    return peer_review.make_package(home, LEAD, tmp_path / "p.cdipkg", Selection(non_compliant=True, records=("INC-0004",)),
                                    "Other Constabulary", PASS).path


def test_opening_a_package_with_a_wrong_passphrase_says_so_and_makes_no_copy(qtbot, home, tmp_path):
    dialog = shown(qtbot, UnpackDialog(sent_package(home, tmp_path), PEER))
    qtbot.keyClicks(dialog.passphrase.first, "not the passphrase")
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert error_boxes() and "passphrase is wrong" in error_boxes()[0].text()
    close_error_boxes()
    assert not dialog.copy.path().exists() and dialog.result is None


def test_opening_a_package_makes_the_working_copy(qtbot, home, tmp_path):
    dialog = shown(qtbot, UnpackDialog(sent_package(home, tmp_path), PEER))
    assert dialog.copy.path().name == "p copy.cdiaudit"
    qtbot.keyClicks(dialog.passphrase.first, PASSPHRASE)
    with qtbot.waitSignal(dialog.unpacked) as blocker:
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    with open_audit(blocker.args[0]) as copy:
        assert [r.key for r in copy.records()] == ["INC-0001", "INC-0002", "INC-0004"]
        assert_verifies(copy)


def copy_window(qtbot, home, tmp_path, ui_settings):
    made = peer_review.unpack(sent_package(home, tmp_path), tmp_path / "copy.cdiaudit", PEER, PASS)
    # Whoever opens it, a peer copy is answered as peer, round 2.
    session = Session(open_audit(made.path), Actor("P. Peer", Role.AUDITOR, "Other Constabulary"))
    window = MainWindow(session, ui_settings)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_the_window_knows_a_peer_copy(qtbot, home, tmp_path, ui_settings):
    window = copy_window(qtbot, home, tmp_path, ui_settings)
    try:
        assert "(peer review copy)" in window.windowTitle()
        assert window.copy_banner.isVisible() and "blind" in window.copy_banner.label.text()
        assert window.middle.count() == 1  # the record only: no findings of the home force
        assert not window.actions["export"].isEnabled() and not window.actions["findings"].isEnabled()
        assert window.actions["send_back"].isEnabled() and not window.actions["package"].isEnabled()
        window.session.answer(window.current_key, "auditable", None, "yes")
        (answer,) = window.session.store.answers("peer", 2, window.current_key)
        assert (answer.value, answer.answered_by) == ("yes", "P. Peer")
    finally:
        window.close()
        window.session.close()


def test_an_ordinary_audit_shows_no_banner(qtbot, home, ui_settings):
    window = MainWindow(Session(home, LEAD), ui_settings)
    qtbot.addWidget(window)
    window.show()
    assert not window.copy_banner.isVisible() and window.middle.count() == 2
    assert not window.actions["send_back"].isEnabled()
    window.close()


def test_the_copy_sends_its_answers_back_and_the_lead_merges_them(qtbot, home, tmp_path):
    made = peer_review.unpack(sent_package(home, tmp_path), tmp_path / "copy.cdiaudit", PEER, PASS)
    with open_audit(made.path) as copy:
        for record in copy.records():
            answer_as(copy, PEER, record.key, NO_CRIME, review_round=2)
        back = shown(qtbot, ReturnDialog(Session(copy, PEER)))
        back.out.edit.setText(str(tmp_path / "return.cdipkg"))
        qtbot.keyClicks(back.passphrase.first, PASSPHRASE)
        with qtbot.waitSignal(back.returned):
            qtbot.mouseClick(back.send_button, Qt.MouseButton.LeftButton)
    merge = shown(qtbot, MergeDialog(Session(home, LEAD)))
    assert merge.status.text() == "Choose the return package."
    merge.package.edit.setText(str(tmp_path / "return.cdipkg"))
    qtbot.keyClicks(merge.passphrase.first, PASSPHRASE)
    with qtbot.waitSignal(merge.merged):
        qtbot.mouseClick(merge.merge_button, Qt.MouseButton.LeftButton)
    assert merge.status.text().startswith("Merged P. Peer's answers: 6 answer(s) to 3 record(s)")
    assert_verifies(home)


def test_the_agreement_view_shows_each_question_then_the_totals(qtbot, qtmodeltester, home, tmp_path):
    made = peer_review.unpack(sent_package(home, tmp_path), tmp_path / "copy.cdiaudit", PEER, PASS)
    with open_audit(made.path) as copy:
        for record in copy.records():
            answer_as(copy, PEER, record.key, NO_CRIME, review_round=2)
        back = peer_review.make_return(copy, PEER, tmp_path / "return.cdipkg", PASS)
    peer_review.merge(home, LEAD, back.path, PASS)
    dialog = shown(qtbot, AgreementDialog(home))
    qtmodeltester.check(dialog.model)
    model = dialog.model
    labels = [model.index(r, 1).data() for r in range(model.rowCount())]
    assert labels[:2] == ["All questions", "Record verdict (compliant or not)"]
    assert labels[2:4] == ["auditable", "discloses_crime"]
    row = labels.index("discloses_crime")
    assert model.index(row, 2).data() == "3" and model.index(row, 3).data().startswith("33.3%")
    assert dialog.disagreements.count() >= 2


def test_an_empty_agreement_table_says_why(qtbot, home):
    dialog = shown(qtbot, AgreementDialog(home))
    hints = [w.text() for w in dialog.findChildren(QLabel, "hint") if w.isVisible()]
    assert dialog.model.rowCount() == 2 and any("merge a return package first" in h for h in hints)


def test_file_open_on_a_package_asks_for_the_passphrase_then_opens_the_copy(qtbot, home, tmp_path, ui_settings):
    from workbench.ui.shell.app import Workbench

    ui_settings.identity = PEER
    workbench = Workbench(ui_settings, PEER, data_dir=tmp_path / "data")
    try:
        assert workbench.open(sent_package(home, tmp_path))
        dialog = workbench.unpack_dialog
        qtbot.keyClicks(dialog.passphrase.first, PASSPHRASE)
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: workbench.window is not None)
        assert "(peer review copy)" in workbench.window.windowTitle()
        assert workbench.window.session.actor.role == Role.PEER
    finally:
        workbench.close()
