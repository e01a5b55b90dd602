"""The mapping page's parts for roles and profiles: which columns play which role, and saved mappings.

``RoleColumns`` offers a column (or none) for each role of ``core.mapping.ROLES``;
``ProfileChoice`` offers the audit's mapping profiles, picks the one whose
headings are the file's, and the "Save as profile" choice. The rules (which
headings fit, which heading is guessed) are below the UI, in ``ops``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QWidget

from workbench.core.mapping import ROLE_LABELS, ROLES, ColumnMapping, Profile, check_profile_name
from workbench.ops.profiles import fitting_profile, list_profiles
from workbench.store.audit_store import AuditStore

NONE = "(none)"


class RoleColumns(QWidget):
    """A combo box per role: the column that plays it, or (none). Emits ``changed``."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.combos: dict[str, QComboBox] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        for n, role in enumerate(ROLES):
            combo = QComboBox()
            combo.setAccessibleName(f"{ROLE_LABELS[role]} column")
            combo.setMinimumContentsLength(14)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
            label = QLabel(ROLE_LABELS[role].replace(" (date and time)", "") + ":")
            label.setBuddy(combo)
            grid.addWidget(label, n // 2, 3 * (n % 2))
            grid.addWidget(combo, n // 2, 3 * (n % 2) + 1)
            self.combos[role] = combo
        grid.setColumnMinimumWidth(2, 16)
        grid.setColumnStretch(5, 1)

    def set_names(self, names: list[str], chosen: dict[str, str]) -> None:
        """Offer ``names`` in every box and choose ``chosen`` (role -> heading; others none)."""
        for role, combo in self.combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(NONE, None)
            for name in names:
                combo.addItem(name, name)
            combo.setCurrentIndex(max(combo.findData(chosen.get(role)), 0) if chosen.get(role) else 0)
            combo.blockSignals(False)
        self.changed.emit()

    def roles(self) -> dict[str, str | None]:
        """Every role, with its heading or None."""
        return {role: combo.currentData() for role, combo in self.combos.items()}


class ProfileChoice(QWidget):
    """The profile to start from (the one fitting the file is chosen), and "save as profile"."""

    chosen = Signal(object)   # the Profile chosen, or None

    def __init__(self, store: AuditStore, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.profiles: dict[str, Profile] = {}
        self.fits: Profile | None = None
        self.combo = QComboBox()
        self.combo.setAccessibleName("Mapping profile")
        self.combo.setMinimumContentsLength(28)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.activated.connect(lambda _i: self.chosen.emit(self.profile()))
        self.status = QLabel(objectName="hint")
        self.status.setObjectName("profileStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)   # names the user's profiles
        line = QHBoxLayout(self)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.combo)
        line.addWidget(self.status, 1)
        self.save = QCheckBox("Save these columns as a &profile named")
        self.save.setObjectName("saveProfile")
        self.name = QLineEdit()
        self.name.setAccessibleName("Profile name")
        self.name.setPlaceholderText("e.g. STORM monthly extract")
        self.name.setMinimumWidth(self.fontMetrics().horizontalAdvance("x" * 36))
        self.name.setEnabled(False)
        self.save.toggled.connect(self.name.setEnabled)
        self.save_line = QHBoxLayout()
        self.save_line.addWidget(self.save)
        self.save_line.addWidget(self.name)
        self.save_line.addStretch(1)

    def offer(self, headings: list[str]) -> Profile | None:
        """Fill the list for a file with ``headings``; choose and return the profile that fits, if any."""
        self.profiles = {p.name: p for p in list_profiles(self.store)}
        self.fits = fitting_profile(self.store, headings) if headings else None
        self.combo.clear()
        self.combo.addItem("No profile" if self.profiles else "No profiles saved yet", None)
        for name in self.profiles:
            self.combo.addItem(name + ("  (fits this file)" if self.fits and name == self.fits.name else ""), name)
        self.combo.setCurrentIndex(max(self.combo.findData(self.fits.name), 0) if self.fits else 0)
        self.combo.setEnabled(bool(self.profiles))
        if self.fits and not self.save.isChecked():
            self.name.setText(self.fits.name)
        return self.fits

    def profile(self) -> Profile | None:
        name = self.combo.currentData()
        return self.profiles.get(name) if name else None

    def note_mapping(self, mapping: ColumnMapping | None) -> None:
        """Say which profile the columns chosen now come from, or that they differ from it."""
        profile = self.profile()
        if profile is None:
            text = ("" if not self.profiles else
                    "No saved profile has this file's headings." if self.fits is None else
                    f"'{self.fits.name}' fits this file: choose it to use its columns.")
        elif self.in_use(mapping):
            text = ("✓ This file has the profile's headings: its columns are chosen below."
                    if self.fits is not None and profile.name == self.fits.name else "Its columns are chosen below.")
        else:
            text = "The columns below differ from the profile's; they are the ones used."
        self.status.setText(text)

    def in_use(self, mapping: ColumnMapping | None) -> str | None:
        """The chosen profile's name when the columns chosen are exactly its own, else None."""
        profile = self.profile()
        return profile.name if profile is not None and mapping is not None and mapping.to_dict() == profile.mapping.to_dict() else None

    def save_name(self) -> str | None:
        """The name to save the mapping under, or None when not saving."""
        return self.name.text().strip() if self.save.isChecked() else None

    def problem(self) -> str:
        name = self.save_name()
        if name is None:
            return ""
        problem = check_profile_name(name)
        return f"The profile name will not do: {problem}." if problem else ""
