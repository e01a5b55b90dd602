"""Who is working: name, role and force, asked once, remembered, stamped on every answer."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QRadioButton, QVBoxLayout, QWidget,
)

from workbench.core.audit import Actor, Role
from workbench.ui.common import style
from workbench.ui.common.text import ROLE_WORDS
from workbench.ui.common.ui_settings import UiSettings

MUTED = f"color: {style.SECONDARY};"


class IdentityDialog(QDialog):
    """Name, role and force: asked once, remembered, stamped on every answer."""

    def __init__(self, actor: Actor | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Who is working")
        self.setObjectName("identityDialog")
        intro = QLabel("Your name and role are recorded with every answer you give, so the audit shows who decided what.")
        intro.setWordWrap(True)
        self.name = QLineEdit()
        self.name.setAccessibleName("Your name")
        self.name.setPlaceholderText("e.g. Sam Patel")
        self.force = QLineEdit()
        self.force.setAccessibleName("Your force")
        self.force.setPlaceholderText("e.g. Demo Constabulary")
        self.roles = QButtonGroup(self)
        roles_box = QVBoxLayout()
        roles_box.setSpacing(2)
        for index, (role, (label, explanation)) in enumerate(ROLE_WORDS.items()):
            button = QRadioButton(label)
            button.setObjectName(f"role_{role}")
            button.setAccessibleDescription(explanation)
            self.roles.addButton(button, index)
            note = QLabel(explanation)
            note.setStyleSheet(MUTED + " margin-left: 22px; margin-bottom: 6px;")
            note.setWordWrap(True)
            roles_box.addWidget(button)
            roles_box.addWidget(note)
        form = QFormLayout()
        form.addRow("&Name:", self.name)
        form.addRow("Role:", roles_box)
        form.addRow("&Force:", self.force)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)
        self._fill(actor)
        self.name.textChanged.connect(self._check)
        self._check()

    def _fill(self, actor: Actor | None) -> None:
        roles = list(ROLE_WORDS)
        self.roles.button(roles.index(actor.role) if actor else 0).setChecked(True)
        if actor is not None:
            self.name.setText(actor.name)
            self.force.setText(actor.force)

    def _check(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.name.text().strip()))

    def role(self) -> Role:
        return Role(list(ROLE_WORDS)[max(self.roles.checkedId(), 0)])

    def actor(self) -> Actor | None:
        """Who the user said they are (None while the name is blank)."""
        name = self.name.text().strip()
        return Actor(name, self.role(), self.force.text().strip()) if name else None

    def accept(self) -> None:
        if self.actor() is not None:
            super().accept()


def ask_identity(ui_settings: UiSettings, parent: QWidget | None = None, always: bool = False) -> Actor | None:
    """The remembered identity, asking (and remembering) when there is none or ``always``."""
    current = ui_settings.identity
    if current is not None and not always:
        return current
    dialog = IdentityDialog(current, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        actor = dialog.actor()
    finally:
        dialog.deleteLater()
    ui_settings.identity = actor
    ui_settings.sync()
    return actor


def describe_actor(actor: Actor | None) -> str:
    if actor is None:
        return "You have not said who you are yet."
    role = ROLE_WORDS[actor.role][0].lower() if actor.role != Role.FCR else "FCR"
    force = f", {actor.force}" if actor.force else ""
    return f"Working as {actor.name} ({role}{force})."
