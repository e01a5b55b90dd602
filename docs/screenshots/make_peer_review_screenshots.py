"""Screenshots of peer review: the package dialog, opening a package, the peer's copy, merging, agreement.

Run from the repository root::

    .venv/bin/python docs/screenshots/make_peer_review_screenshots.py

Offscreen, on the synthetic demo audit: the lead packages every non-compliant
record and 20% of the rest for a peer force; the peer's copy is answered (the
audit team's answers with a few changed, as a real reviewer would differ), sent
back and merged; then the agreement table.
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
from workbench.ops import peer_review  # noqa: E402
from workbench.ops.answering import answer_many  # noqa: E402
from workbench.ops.audits import build_demo, open_audit  # noqa: E402
from workbench.ui.common import style  # noqa: E402
from workbench.ui.common.session import Session  # noqa: E402
from workbench.ui.common.ui_settings import UiSettings  # noqa: E402
from workbench.ui.peer_review.agreement_view import AgreementDialog  # noqa: E402
from workbench.ui.peer_review.merge_dialog import MergeDialog, UnpackDialog  # noqa: E402
from workbench.ui.peer_review.package_dialog import PackageDialog  # noqa: E402
from workbench.ui.shell.main_window import MainWindow  # noqa: E402

from capture import grab  # noqa: E402  (this folder: the script's own)
OUT = Path(__file__).resolve().parent
LEAD = Actor("Sam Patel", Role.AUDITOR, "Demo Constabulary")
PEER = Actor("Rhian Evans", Role.PEER, "Northshire Police")
PASSPHRASE = "copper kettle harbour violet"


def peer_answers(home, copy) -> None:
    """The audit team's answers, with the 'timely' answers of every other crime turned round."""
    keys = {r.key for r in copy.records()}
    by_record: dict[str, list] = {}
    for n, a in enumerate(a for a in home.answers() if a.record_key in keys):
        value = {"yes": "no", "no": "yes"}.get(a.value, a.value) if a.question == "timely" and n % 2 else a.value
        by_record.setdefault(a.record_key, []).append((a.question, a.instance, value, a.note))
    for key, answers in by_record.items():
        answer_many(copy, PEER, key, answers, review_round=2)


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    style.apply(app)
    work = Path(tempfile.gettempdir()) / "cdi-peer-screens"
    shutil.rmtree(work, ignore_errors=True)
    (work / "peer").mkdir(parents=True)
    settings = UiSettings(QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat))
    try:
        home = build_demo(work / "Q3 audit.cdiaudit").store
        dialog = PackageDialog(Session(home, LEAD))
        dialog.seed.setValue(20241)
        dialog.recipient.setText("Northshire Police (FCR's office)")
        dialog.passphrase.first.setText(PASSPHRASE)
        dialog.passphrase.second.setText(PASSPHRASE)
        grab(app, dialog, "peer-package-dialog")
        dialog.write()
        grab(app, dialog, "peer-package-written")
        sent = dialog.result.path
        dialog.close()

        unpack = UnpackDialog(sent, PEER)
        unpack.copy.edit.setText(str(work / "peer" / "Q3 audit for peer review copy.cdiaudit"))
        unpack.passphrase.first.setText(PASSPHRASE)
        grab(app, unpack, "peer-open-package")
        unpack.make_copy()
        copy = open_audit(unpack.result.path)
        unpack.close()
        peer_answers(home, copy)
        window = MainWindow(Session(copy, PEER), settings)
        window.show()
        window.showNormal()
        window.resize(1366, 768 - 32)
        window.splitter.setSizes([420, 473, 473])
        window.go_to(window.model.next_incomplete(None))
        grab(app, window, "peer-copy-window-1366x768", (1366, 768 - 32))
        window.watch.stop()
        window.close()
        returned = peer_review.make_return(copy, PEER, work / "peer" / "return.cdipkg", PASSPHRASE.encode())
        copy.close()

        merge = MergeDialog(Session(home, LEAD))
        merge.package.edit.setText(str(returned.path))
        merge.passphrase.first.setText(PASSPHRASE)
        merge.merge()
        grab(app, merge, "peer-merge-dialog")
        merge.close()
        agreement = AgreementDialog(home)
        grab(app, agreement, "peer-agreement", (1180, 720))
        agreement.close()
        home.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
