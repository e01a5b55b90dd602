"""Package for peer review…: choose the records, the recipient and a passphrase, then write the package.

The options combine as a union (every non-compliant record, a random x% of the
rest with its seed, named records, the first N of each checklist); the dialog
shows how many records they choose as they change. Writing goes through
``ops.peer_review.make_package``: one sealed file, logged as a disclosure.

``ReturnDialog`` is the working copy's side: send its answers back.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QSpinBox,
    QVBoxLayout, QWidget,
)

from workbench.core.errors import WorkbenchError
from workbench.core.selection import MAX_FIRST, Selection
from workbench.ops import peer_review
from workbench.ops.peer_review import PACKAGE_SUFFIX as SUFFIX
from workbench.ui.common import style
from workbench.ui.common.session import Changes, Session
from workbench.ui.common.fields import PassphraseFields, PathField, save_problem

PACKAGE_FILTER = f"Workbench packages (*{SUFFIX})"


class PackageDialog(QDialog):
    """Write a peer-review (or team) package of chosen records; ``packaged(result)`` once written."""

    packaged = Signal(object)

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("packageDialog")
        self.setWindowTitle("Package for peer review")
        self.setMinimumWidth(600)
        self.session, self.store = session, session.store
        self.chosen: list[str] = []
        self.result = None
        intro = QLabel("The package holds only the records chosen, their checklists and the audit's identity, and "
                       "<b>none of the audit team's answers</b>: the reviewer answers blind. It is encrypted with the "
                       "passphrase and recorded in the audit's log as a disclosure to the recipient.", self)
        intro.setWordWrap(True)
        intro.setObjectName("secondary")
        layout = QVBoxLayout(self)
        layout.setSpacing(2 * style.SPACING)
        layout.addWidget(intro)
        layout.addWidget(self._choice_box())
        layout.addLayout(self._send_form())
        self.status = QLabel("", self, objectName="packageStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox(self)
        self.write_button = self.buttons.addButton("Write package", QDialogButtonBox.ButtonRole.AcceptRole)
        self.write_button.setObjectName("writeButton")
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close).clicked.connect(self.reject)
        self.write_button.clicked.connect(self.write)
        layout.addWidget(self.buttons)
        self._recount()

    # -- the form ---------------------------------------------------------------------------------
    def _choice_box(self) -> QGroupBox:
        box = QGroupBox("Records to send (any of these)", self)
        self.non_compliant = QCheckBox("Every record the team found non-compliant", box, objectName="nonCompliant")
        self.use_percent = QCheckBox("A random share of the rest:", box, objectName="usePercent")
        self.percent = QSpinBox(box, objectName="percent", minimum=1, maximum=100, value=20, suffix=" %")
        self.seed = QSpinBox(box, objectName="seed", minimum=0, maximum=999_999_999, value=peer_review.new_seed())
        self.seed.setToolTip("The same seed chooses the same records again; it is recorded with the package.")
        self.records = QLineEdit(box, objectName="records")
        self.records.setPlaceholderText("record keys, separated by commas")
        self.use_first = QCheckBox("The first records of each checklist:", box, objectName="useFirst")
        self.first = QSpinBox(box, objectName="first", minimum=1, maximum=MAX_FIRST, value=5)
        self.count = QLabel("", box, objectName="chosenCount")
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        percent_row = QHBoxLayout()
        percent_row.addWidget(self.use_percent)
        percent_row.addWidget(self.percent)
        percent_row.addWidget(QLabel("seed", box))
        percent_row.addWidget(self.seed)
        percent_row.addStretch(1)
        first_row = QHBoxLayout()
        first_row.addWidget(self.use_first)
        first_row.addWidget(self.first)
        first_row.addStretch(1)
        named = QFormLayout()
        named.addRow("Named records:", self.records)
        layout = QVBoxLayout(box)
        for part in (self.non_compliant, percent_row, first_row, named, self.count):
            layout.addLayout(part) if not isinstance(part, QWidget) else layout.addWidget(part)
        self.non_compliant.setChecked(True)
        self.use_percent.setChecked(True)
        for signal in (self.non_compliant.toggled, self.use_percent.toggled, self.percent.valueChanged,
                       self.seed.valueChanged, self.records.textChanged, self.use_first.toggled, self.first.valueChanged):
            signal.connect(self._recount)
        return box

    def _send_form(self) -> QFormLayout:
        self.recipient = QLineEdit(self, objectName="recipient")
        self.recipient.setPlaceholderText("e.g. Other Constabulary (recorded in the audit's log)")
        self.team = QCheckBox("A member of this audit team (their copy is answered as auditor, round 1)", self,
                              objectName="team")
        self.plain = QCheckBox("Do not encrypt (only within the team, on the force's own devices)", self,
                               objectName="plain")
        self.out = PathField(self.store.path.with_name(f"{self.store.path.stem} for peer review{SUFFIX}"),
                             "Save the package", PACKAGE_FILTER, save=True, name="packagePath", parent=self)
        self.passphrase = PassphraseFields(new=True, parent=self)
        form = QFormLayout()
        form.addRow("Recipient:", self.recipient)
        form.addRow("", self.team)
        form.addRow("", self.plain)
        form.addRow("Save as:", self.out)
        form.addRow("Passphrase:", self.passphrase)
        for signal in (self.recipient.textChanged, self.team.toggled, self.plain.toggled, self.out.changed,
                       self.passphrase.changed):
            signal.connect(self._update)
        return form

    def selection(self) -> Selection:
        keys = tuple(k.strip() for k in self.records.text().split(",") if k.strip())
        return Selection(
            self.non_compliant.isChecked(),
            str(self.percent.value()) if self.use_percent.isChecked() else None,
            self.seed.value() if self.use_percent.isChecked() else None,
            keys,
            self.first.value() if self.use_first.isChecked() else None,
        )

    def _recount(self) -> None:
        self.percent.setEnabled(self.use_percent.isChecked())
        self.seed.setEnabled(self.use_percent.isChecked())
        self.first.setEnabled(self.use_first.isChecked())
        try:
            self.chosen = peer_review.choose_records(self.store, self.selection())
            self.count.setText(f"{len(self.chosen)} of {self.store.record_count()} record(s) chosen.")
        except WorkbenchError as exc:
            self.chosen = []
            self.count.setText(str(exc))
        self._update()

    def problem(self) -> str | None:
        """What still stops the package being written, in words."""
        if not self.chosen:
            return "Choose at least one record."
        if not self.recipient.text().strip():
            return "Say who the package is for."
        if self.plain.isChecked() and not self.team.isChecked():
            return "Only a package for a team member may be left unencrypted."
        return save_problem(self.out.path(), SUFFIX) or (None if self.plain.isChecked() else self.passphrase.problem())

    def _update(self) -> None:
        self.plain.setEnabled(self.team.isChecked())
        if not self.team.isChecked():
            self.plain.setChecked(False)
        self.passphrase.setEnabled(not self.plain.isChecked())
        problem = self.problem()
        self.write_button.setEnabled(problem is None)
        if self.result is None:
            self.status.setText(problem or "")

    # -- writing ----------------------------------------------------------------------------------
    def write(self) -> None:
        """Write the package (``ops.peer_review.make_package``); say what was written or what went wrong."""
        if self.problem() is not None:
            return
        passphrase = None if self.plain.isChecked() else self.passphrase.passphrase()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)   # the key derivation takes a moment
        try:  # a disclosure: logged, but nothing a view shows changes
            self.result = self.session.run(Changes(), peer_review.make_package, self.store, self.session.actor,
                                           self.out.path(), self.selection(), self.recipient.text(), passphrase,
                                           self.team.isChecked(), parent=self)
        finally:
            QGuiApplication.restoreOverrideCursor()
        if self.result is None:
            return
        lock = "encrypted" if self.result.encrypted else "not encrypted"
        self.status.setText(f"Wrote {self.result.path.name}: {self.result.records} record(s), {lock}. Send the "
                            "passphrase to the recipient another way (by phone, not in the same email).")
        self.write_button.setEnabled(False)
        self.packaged.emit(self.result)


class ReturnDialog(QDialog):
    """A working copy: send its answers back to the audit it came from; ``returned(result)``."""

    returned = Signal(object)

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("returnDialog")
        self.setWindowTitle("Send back to the audit lead")
        self.setMinimumWidth(520)
        self.session = session
        store = self.store = session.store
        self.info = store.copy_info()
        self.result = None
        intro = QLabel(f"Your answers go back to <b>{html.escape(self.info.sender)}</b> in one file, "
                       "encrypted with the passphrase of the package you received.", self)
        intro.setWordWrap(True)
        intro.setObjectName("secondary")
        self.out = PathField(store.path.with_name(f"{store.path.stem} return{SUFFIX}"), "Save the return package",
                             PACKAGE_FILTER, save=True, name="returnPath", parent=self)
        self.passphrase = PassphraseFields(new=False, parent=self)
        self.passphrase.setVisible(self.info.encrypted)
        self.status = QLabel("", self, objectName="returnStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        form = QFormLayout()
        form.addRow("Save as:", self.out)
        if self.info.encrypted:
            form.addRow("Passphrase:", self.passphrase)
        buttons = QDialogButtonBox(self)
        self.send_button = buttons.addButton("Write return package", QDialogButtonBox.ButtonRole.AcceptRole)
        self.send_button.setObjectName("sendButton")
        buttons.addButton(QDialogButtonBox.StandardButton.Close).clicked.connect(self.reject)
        self.send_button.clicked.connect(self.write)
        layout = QVBoxLayout(self)
        layout.setSpacing(2 * style.SPACING)
        for part in (intro, form, self.status, buttons):
            layout.addLayout(part) if isinstance(part, QFormLayout) else layout.addWidget(part)
        self.out.changed.connect(self._update)
        self.passphrase.changed.connect(self._update)
        self._update()

    def problem(self) -> str | None:
        return save_problem(self.out.path(), SUFFIX) or (self.passphrase.problem() if self.info.encrypted else None)

    def _update(self) -> None:
        problem = self.problem()
        self.send_button.setEnabled(problem is None and self.result is None)
        if self.result is None:
            self.status.setText(problem or "")

    def write(self) -> None:
        if self.problem() is not None:
            return
        passphrase = self.passphrase.passphrase() if self.info.encrypted else None
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.result = self.session.run(Changes(), peer_review.make_return, self.store, self.session.actor,
                                           Path(self.out.path()), passphrase, parent=self)
        finally:
            QGuiApplication.restoreOverrideCursor()
        if self.result is None:
            return
        self.status.setText(f"Wrote {self.result.path.name}. Send it to {self.info.sender}.")
        self._update()
        self.returned.emit(self.result)
