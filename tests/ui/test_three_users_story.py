"""Issue 11's whole story, with real files and three users.

The audit team answers; the lead packages 20% and every non-compliant record (seeded) for a
peer from another force, who answers blind in a copy of their own and sends it back; the lead
merges; the FCR, in the window, settles every disagreement the queue's filter shows (one for
the peer, one for the team), signs off, and the findings count the determinations. ``verify``
passes on both files at every step, and ``verify --key`` at the end.
"""

from __future__ import annotations

import pytest

from workbench.cli import main
from workbench.core.audit import Actor, Role
from workbench.core.selection import Selection, rank
from workbench.ops import peer_review
from workbench.ops.audits import open_audit
from workbench.ops.findings import audit_findings
from workbench.ops.signoff import status
from workbench.ui.common.session import Session
from workbench.ui.review.queue_model import STATE_FILTERS
from workbench.ui.shell.main_window import MainWindow
from workbench.ui.signoff.signoff_dialog import SignOffDialog

from tests.peer import LEAD, NO_CRIME, NONCOMPLIANT, PASS, PEER, RECORDED, answer_as, assert_verifies, home_audit, send
from tests.peer import cheap_scrypt  # noqa: F401 - the fixture, used by every test here

pytestmark = pytest.mark.usefixtures("no_leaked_widgets")

FCR = Actor("F. Registrar", Role.FCR, "Test Constabulary")
SEED = 7
NOT_RECORDED_BY_PEER = [a for a in NONCOMPLIANT if a[0] != "rationale"] + [("rationale", None, "Peer: no crime record.", None)]


def auditor_answers(key: str):
    return NONCOMPLIANT if key in ("INC-0001", "INC-0002") else RECORDED if key == "INC-0003" else NO_CRIME


@pytest.fixture
def merged(tmp_path):
    """The home audit after the peer's return is merged, and the two records the peer disagreed on."""
    home = home_audit(tmp_path / "lead")
    sent = send(home, tmp_path / "lead" / "review.cdipkg", Selection(non_compliant=True, percent="20", seed=SEED))
    randoms = sorted((f"INC-{i:04d}" for i in range(3, 21)), key=lambda k: rank(SEED, k))[:4]  # ceil(20% of 18)
    (tmp_path / "peer").mkdir()
    copy = open_audit(peer_review.unpack(sent.path, tmp_path / "peer" / "copy.cdiaudit", PEER, PASS).path)
    # The peer agrees with the team except on INC-0002 (no crime at all) and the last random record (a crime not recorded).
    answer_as(copy, PEER, "INC-0001", NOT_RECORDED_BY_PEER, review_round=2)
    answer_as(copy, PEER, "INC-0002", NO_CRIME, review_round=2)
    for key in randoms[:-1]:
        answer_as(copy, PEER, key, auditor_answers(key), review_round=2)
    answer_as(copy, PEER, randoms[-1], NOT_RECORDED_BY_PEER, review_round=2)
    assert_verifies(copy)
    returned = peer_review.make_return(copy, PEER, tmp_path / "peer" / "return.cdipkg", PASS)
    copy.close()
    peer_review.merge(home, LEAD, returned.path, PASS)
    assert_verifies(home)
    yield home, {"INC-0002", randoms[-1]}
    home.close()


def test_three_users_auditor_peer_and_fcr_end_in_a_signed_audit_whose_findings_use_the_determinations(
        qtbot, merged, ui_settings, tmp_path, capsys):
    home, disagreements = merged
    session = Session(home, FCR)
    window = MainWindow(session, ui_settings)
    qtbot.addWidget(window)
    window.show()

    # The FCR filters the queue to the peer's disagreements, and settles each in the Adjudicate dialog.
    window.queue.state_box.setCurrentIndex([value for _label, value in STATE_FILTERS].index("disagreements"))
    window.queue._apply_filters()
    shown = {window.model.key_at(row) for row in range(window.model.rowCount())}
    assert shown == disagreements
    for key in sorted(shown):
        window.go_to(key)
        window.adjudicate()
        dialog = window.dialog
        if key == "INC-0002":   # the peer is right: the log discloses no crime
            dialog.take_peer.click()
            qtbot.keyClicks(dialog.reason, "The log discloses no crime: the peer is right.")
        else:                   # the team is right
            assert "confirms the audit team" in dialog.status.text()
        dialog.save_button.click()
        dialog.close()
        qtbot.waitUntil(lambda: window.dialog is None)
    assert set(home.determinations()) == disagreements
    assert {d.based_on for d in home.determinations().values()} == {"peer", "auditor"}
    assert_verifies(home)

    # Worked by hand: the team found 3 crimes (INC-0001 and -0002 not recorded, INC-0003 recorded);
    # the FCR took the peer's side that INC-0002 disclosed none, and kept the team's answers on the other.
    recorded = audit_findings(home).overall.row().recorded
    assert (recorded.x, recorded.n) == (1, 2)

    signing = SignOffDialog(session, tmp_path / "keys" / "fcr.key", window)
    qtbot.addWidget(signing)
    signing.show()
    qtbot.keyClicks(signing.new_passphrase.first, "four random words here")
    qtbot.keyClicks(signing.new_passphrase.second, "four random words here")
    signing.sign_button.click()
    assert status(home).words.startswith("Signed off by F. Registrar") and session.locked
    assert_verifies(home)

    capsys.readouterr()
    assert main(["verify", str(home.path), "--key", str(tmp_path / "keys" / "fcr.key.pub")]) == 0
    assert "the signature is valid with this key and everything signed is unchanged" in capsys.readouterr().out
