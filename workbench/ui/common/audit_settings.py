"""The audit's settings: a form shared by "New audit" and the Audit settings dialog.

The form checks as the user types (``AuditSettings.validate``) and shows problems
in words under the fields; the dialog saves through the session's runner (the
store logs each change as an alteration in the audit's event log). The dialog also
asks for the population of each stratum (record source): how many records the
sample was drawn from, so the overall recording rate can be weighted (0 = not known).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
    QSpinBox, QVBoxLayout, QWidget,
)

from workbench.core.audit import (
    DEFAULT_MARKING, DEFAULT_TIME_LIMIT_HOURS, MARKINGS, MAX_POPULATION, AuditSettings, SettingsRejected,
)
from workbench.ops.findings import stratum_checklists
from workbench.ui.common import errors, style
from workbench.ui.common.session import Session

DATE_FORMAT = "d MMM yyyy"
MAX_TIME_LIMIT_HOURS = 24 * 365


class OptionalDateEdit(QWidget):
    """A date that may be left unset: a check box turns the date edit on."""

    changed = Signal()

    def __init__(self, label: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.check = QCheckBox(label)
        self.edit = QDateEdit()
        # English month names whatever the system's language, as every date the workbench
        # shows (ui.common.text): and the same ones both ways. In en_GB, Qt shows "Sept"
        # but reads only "Sept", so "Sep" (as typed from elsewhere) was shown and refused.
        self.edit.setLocale(QLocale.c())
        self.edit.setCalendarPopup(True)
        self.edit.calendarWidget().setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.edit.setDisplayFormat(DATE_FORMAT)
        self.edit.setDate(QDate.currentDate())
        self.edit.setEnabled(False)
        self.edit.setMinimumWidth(130)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.edit)
        layout.addStretch(1)
        self.check.toggled.connect(self.edit.setEnabled)
        self.check.toggled.connect(self.changed)
        self.edit.dateChanged.connect(self.changed)

    def iso(self) -> str:
        """The date as YYYY-MM-DD, or "" when unset."""
        return self.edit.date().toString("yyyy-MM-dd") if self.check.isChecked() else ""

    def set_iso(self, value: str) -> None:
        if value:
            day = dt.date.fromisoformat(value)
            self.edit.setDate(QDate(day.year, day.month, day.day))
        self.check.setChecked(bool(value))


class AuditSettingsForm(QWidget):
    """Title, force, period, time limit, marking and retention, checked as typed."""

    #: Emitted with the new validity whenever a field changes.
    validity_changed = Signal(bool)

    def __init__(self, settings: AuditSettings | None = None, parent: QWidget | None = None, quiet_until_edited: bool = False,
                 strata: list[tuple[str, str]] | None = None):
        super().__init__(parent)
        self._populations = settings.populations if settings is not None else None
        self.population_fields: dict[str, QSpinBox] = {}
        for stratum, title in strata or ():
            spin = QSpinBox()
            spin.setRange(0, MAX_POPULATION)
            spin.setGroupSeparatorShown(True)
            spin.setSpecialValueText("not known")
            spin.setSuffix(" records")
            spin.setAccessibleName(f"Population: {title}")
            spin.setToolTip("How many records of this kind the sample was drawn from (for example, every incident "
                            "record in the audit period). With every sampled source's population, the overall "
                            "recording rate is weighted by them.")
            self.population_fields[stratum] = spin
        # A blank new-audit form is not wrong yet: say so only once the user has begun.
        self._quiet = quiet_until_edited
        self.title = QLineEdit()
        self.title.setPlaceholderText("e.g. Q3 2024 crime recording audit")
        self.force = QLineEdit()
        self.force.setPlaceholderText("e.g. Demo Constabulary")
        self.period_start = OptionalDateEdit("from")
        self.period_end = OptionalDateEdit("to")
        self.time_limit = QSpinBox()
        self.time_limit.setRange(1, MAX_TIME_LIMIT_HOURS)
        self.time_limit.setSuffix(" hours")
        self.time_limit.setValue(DEFAULT_TIME_LIMIT_HOURS)
        self.time_limit.setToolTip("The Home Office Counting Rules allow 24 hours to record a crime once it is reported.")
        self.marking = QComboBox()
        self.marking.addItems(MARKINGS)
        self.marking.setCurrentText(DEFAULT_MARKING)
        self.retention = OptionalDateEdit("erase after")
        self.problems = QLabel()
        self.problems.setObjectName("settingsProblems")
        self.problems.setTextFormat(Qt.TextFormat.PlainText)  # quotes what was typed
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(f"color: {style.NONCOMPLIANT};")
        self.problems.hide()
        self._name_fields()
        self._lay_out()
        if settings is not None:
            self.set_settings(settings)
        for signal in (self.title.textChanged, self.force.textChanged, self.time_limit.valueChanged,
                       self.marking.currentTextChanged, self.period_start.changed, self.period_end.changed,
                       self.retention.changed, *(f.valueChanged for f in self.population_fields.values())):
            signal.connect(self._edited)
        self.check()

    def _edited(self) -> None:
        self._quiet = False
        self.check()

    def _name_fields(self) -> None:
        for widget, name in ((self.title, "Audit title"), (self.force, "Force"), (self.period_start.edit, "Period start"),
                             (self.period_end.edit, "Period end"), (self.time_limit, "Recording time limit in hours"),
                             (self.marking, "Protective marking"), (self.retention.edit, "Retention date")):
            widget.setAccessibleName(name)

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow("&Title:", self.title)
        form.addRow("&Force:", self.force)
        period = QHBoxLayout()
        period.addWidget(self.period_start)
        period.addWidget(self.period_end)
        period.addStretch(1)
        form.addRow("Audit period:", period)
        form.addRow("Recording time &limit:", self.time_limit)
        form.addRow("Protective &marking:", self.marking)
        form.addRow("Retention:", self.retention)
        for stratum, spin in self.population_fields.items():
            form.addRow(f"Population, {spin.accessibleName().split(': ', 1)[1]}:", spin)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.problems)

    def set_settings(self, settings: AuditSettings) -> None:
        self.title.setText(settings.title)
        self.force.setText(settings.force)
        self.period_start.set_iso(settings.period_start)
        self.period_end.set_iso(settings.period_end)
        self.time_limit.setValue(settings.time_limit_hours)
        if settings.marking in MARKINGS:
            self.marking.setCurrentText(settings.marking)
        self.retention.set_iso(settings.retention_date)
        self._populations = settings.populations
        for stratum, spin in self.population_fields.items():
            spin.setValue(settings.population_sizes.get(stratum, 0))

    def settings(self) -> AuditSettings:
        """The settings as entered (not yet validated)."""
        return AuditSettings(
            title=self.title.text().strip(), force=self.force.text().strip(),
            period_start=self.period_start.iso(), period_end=self.period_end.iso(),
            time_limit_hours=self.time_limit.value(), marking=self.marking.currentText(),
            retention_date=self.retention.iso(), populations=self._entered_populations(),
        )

    def _entered_populations(self) -> dict[str, int] | None:
        """The populations as entered; strata without a field keep theirs; None while none was ever set."""
        sizes = {k: v for k, v in (self._populations or {}).items() if k not in self.population_fields}
        sizes.update({k: f.value() for k, f in self.population_fields.items() if f.value()})
        if not sizes and self._populations is None:
            return None
        return sizes

    def check(self) -> bool:
        """Validate, show any problems under the fields, and say whether all is well."""
        try:
            self.settings().validate()
        except SettingsRejected as exc:
            self.show_problems([] if self._quiet else [errors.problem_text(p) for p in exc.problems])
            self.validity_changed.emit(False)
            return False
        self.show_problems([])
        self.validity_changed.emit(True)
        return True

    def show_problems(self, lines: list[str]) -> None:
        self.problems.setText("\n".join(f"• {line}" for line in lines))
        self.problems.setVisible(bool(lines))


class AuditSettingsDialog(QDialog):
    """Change the open audit's settings; each change is logged as an alteration."""

    #: ``{field: [old, new]}`` of what was saved.
    saved = Signal(dict)

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Audit settings")
        self.setObjectName("auditSettingsDialog")
        self.form = AuditSettingsForm(session.store.settings(), strata=stratum_checklists(session.store))
        note = QLabel("Changes are saved in the audit file and recorded in its log with your name.")
        note.setWordWrap(True)
        note.setStyleSheet(f"color: {style.SECONDARY};")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.form.validity_changed.connect(self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled)
        self.form.check()
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(note)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

    def save(self) -> None:
        """Save through the session's runner (one transaction, one logged event) and close."""
        if not self.form.check():
            return
        changes = self.session.update_settings(self.form.settings(), on_error=self._refused)
        if changes is None:
            return   # said why; the dialog stays open with what was typed
        if changes:
            self.saved.emit(changes)
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        if isinstance(exc, SettingsRejected):
            self.form.show_problems([errors.problem_text(p) for p in exc.problems])
        else:  # a locked or read-only file: say so, keep the dialog open
            errors.show_error(self, exc)
