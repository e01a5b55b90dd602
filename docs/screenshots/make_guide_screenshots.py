"""Screenshots for the role guides (docs/guide-*.md) that the other scripts do not take: who is working,
the FCR's flagged records and determination, the signed-off audit, and the peer's send-back dialog.

Run from the repository root::

    .venv/bin/python docs/screenshots/make_guide_screenshots.py

Offscreen, on the synthetic demo audit, with settings in a temporary folder: windows at
1366x768 (less a title bar), dialogs at their own size, each with the app's own style.
The FCR's key is a throw-away one made for the run.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from workbench.core.audit import Actor, Role  # noqa: E402
from workbench.core.selection import Selection  # noqa: E402
from workbench.ops import peer_review  # noqa: E402
from workbench.ops.answering import answer_many  # noqa: E402
from workbench.ops.audits import build_demo, open_audit  # noqa: E402
from workbench.ops.flags import flag_record  # noqa: E402
from workbench.ops.keys import new_key  # noqa: E402
from workbench.ops.signoff import sign_off  # noqa: E402
from workbench.ui.common import style  # noqa: E402
from workbench.ui.common.session import Session  # noqa: E402
from workbench.ui.common.ui_settings import UiSettings  # noqa: E402
from workbench.ui.peer_review.package_dialog import ReturnDialog  # noqa: E402
from workbench.ui.shell.main_window import MainWindow  # noqa: E402
from workbench.ui.start.identity import IdentityDialog  # noqa: E402

from capture import grab, settle  # noqa: E402  (this folder: the script's own)
OUT = Path(__file__).resolve().parent
WINDOW = (1366, 768 - 32)   # a 1366x768 screen less the window's title bar
AUDITOR = Actor("Sam Patel", Role.AUDITOR, "Demo Constabulary")
FCR = Actor("Alex Morgan", Role.FCR, "Demo Constabulary")
PEER = Actor("Rhian Evans", Role.PEER, "Northshire Police")
PASSPHRASE = "copper kettle harbour violet"
#: The audit team's queries to the FCR, on a record it could not judge and on a non-compliant one.
QUERIES = {
    None: "I could not tell from the log whether a crime should have been recorded: please decide.",
    False: "Non-compliant: please confirm before it goes in the report.",
}


def fcr_window(app: QApplication, store, settings: UiSettings, flagged: str, name: str) -> None:
    """The FCR's window on the flagged records, ``flagged`` open."""
    window = MainWindow(Session(store, FCR), settings)
    window.show()
    window.showNormal()
    window.resize(*WINDOW)
    settle(app)
    window.splitter.setSizes([420, 473, 473])
    state = window.queue.state_box
    state.setCurrentIndex(state.findData("flagged"))
    window.go_to(flagged)
    grab(app, window, name, WINDOW)
    window.watch.stop()
    window.close()


def identity(app: QApplication) -> None:
    dialog = IdentityDialog(AUDITOR)
    grab(app, dialog, "guide-identity")
    dialog.close()


def peer_send_back(app: QApplication, home, work: Path) -> None:
    """A peer's copy of two records, answered, and the dialog that sends it back."""
    keys = [r.key for r in home.records()][:2]
    sent = peer_review.make_package(home, AUDITOR, work / "for-northshire.cdipkg", Selection(records=tuple(keys)),
                                    PEER.force, PASSPHRASE.encode())
    copy_path = peer_review.unpack(sent.path, work / "Q3 audit, peer copy.cdiaudit", PEER, PASSPHRASE.encode()).path
    copy = open_audit(copy_path)
    for key in keys:
        given = [(a.question, a.instance, a.value, a.note) for a in home.answers("auditor", 1, key)]
        if given:
            answer_many(copy, PEER, key, given, review_round=2)
    dialog = ReturnDialog(Session(copy, PEER))
    dialog.passphrase.first.setText(PASSPHRASE)
    grab(app, dialog, "guide-peer-send-back")
    dialog.close()
    copy.close()


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    style.apply(app)
    work = Path(tempfile.gettempdir()) / "cdi-guide-screens"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    settings = UiSettings(QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat))
    try:
        identity(app)
        home = build_demo(work / "Q3 audit.cdiaudit").store
        peer_send_back(app, home, work)
        states = home.record_states()
        complete = [r.key for r in home.records() if r.key in states and states[r.key].progress == "complete"]
        flagged = [next(k for k in complete if states[k].compliant is c) for c in QUERIES]
        for key, query in zip(flagged, QUERIES.values()):
            flag_record(home, AUDITOR, key, query)
        fcr_window(app, home, settings, flagged[1], "guide-fcr-flagged-1366x768")
        key = new_key(work / "alex-morgan.key", FCR.name, PASSPHRASE.encode())
        sign_off(home, FCR, key.private_path, PASSPHRASE.encode())
        fcr_window(app, home, settings, flagged[1], "guide-fcr-signed-off-1366x768")
        home.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
