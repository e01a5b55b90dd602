"""The FCR's desk: one record's answers side by side, and the determination that settles it.

The audit team's, the peer's and the final answers stand in three columns; rows
where the team and the peer disagree are marked. The FCR takes a whole side, or
one answer at a time (click it), or gives their own; adds or removes crimes; and
saves the determination with a reason when it overrules the team. Only a complete
record can be saved: what is still needed is listed and marked. The save is an
operation of the session (``ops.adjudication.determine``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMenu,
    QPlainTextEdit, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from workbench.core import checklist
from workbench.core.forms import Form
from workbench.ops.adjudication import AnswerSet, RecordSides, amend, checklist_effective, determine, sides
from workbench.ops.repeats import repeat_questions
from workbench.ui.common import style
from workbench.ui.common.errors import show_error
from workbench.ui.common.session import Session, record_changed
from workbench.ui.common.text import instance_noun

QUESTION, TEAM, PEER, FINAL = range(4)
NOT_ASKED = "—"


class AdjudicationDialog(QDialog):
    """Determine records, one at a time; ``decided(key)`` after each saved determination."""

    decided = Signal(str)

    def __init__(self, session: Session, record_key: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setObjectName("adjudicationDialog")
        self.setWindowTitle("Adjudicate")
        self.sides: RecordSides | None = None
        self.final: AnswerSet = {}
        self.based_on = "auditor"
        self.counts: dict[str, int] = {}
        self._build()
        self.show_record(record_key)

    # -- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
        self.records = QComboBox(objectName="adjudicationRecords")
        self.records.setMinimumWidth(320)
        self.records.setAccessibleName("Record to decide")
        self.records.activated.connect(lambda _i: self.show_record(self.records.currentData()))
        self.heading = QLabel(objectName="recordKey")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.context = QLabel(objectName="secondary", wordWrap=True)
        self.context.setTextFormat(Qt.TextFormat.PlainText)
        self.table = style.calm_table(QTableWidget(0, 4, objectName="adjudicationTable"))
        self.table.setHorizontalHeaderLabels(["Question", "Audit team", "Peer reviewer", "Final (the FCR's)"])
        self.table.setAccessibleName("Answers side by side: click the team's or the peer's answer to take it")
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setWordWrap(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QUESTION, QHeaderView.ResizeMode.Stretch)
        for column in (TEAM, PEER, FINAL):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, 190)
        self.table.cellClicked.connect(self._take_cell)
        self.take_team = QPushButton("Take the &team's answers")
        self.take_peer = QPushButton("Take the &peer's answers")
        self.take_team.clicked.connect(lambda: self._take_side("auditor"))
        self.take_peer.clicked.connect(lambda: self._take_side("peer"))
        self.repeat_row = QHBoxLayout()
        self.status = QLabel(objectName="adjudicationStatus", wordWrap=True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.reason = QPlainTextEdit(objectName="adjudicationReason")
        self.reason.setAccessibleName("Reason for the determination")
        self.reason.setPlaceholderText("Why the final answers differ from the audit team's (needed when they do)")
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(64)
        self.reason.textChanged.connect(self._update_buttons)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = self.buttons.addButton("&Save determination", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("saveDetermination")
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        sides_row = QHBoxLayout()
        sides_row.addWidget(self.take_team)
        sides_row.addWidget(self.take_peer)
        sides_row.addLayout(self.repeat_row)
        sides_row.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(QLabel("Record:"))
        top.addWidget(self.records)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setSpacing(style.SPACING)
        layout.addLayout(top)
        layout.addWidget(self.heading)
        layout.addWidget(self.context)
        layout.addWidget(self.table, 1)
        layout.addLayout(sides_row)
        layout.addWidget(self.status)
        layout.addWidget(QLabel("Reason", objectName="questionLabel"))
        layout.addWidget(self.reason)
        layout.addWidget(self.buttons)
        self.resize(980, 680)

    # -- which record ---------------------------------------------------------------------
    def show_record(self, key: str) -> None:
        """Show ``key``'s sides, starting from its current final answers."""
        self.sides = sides(self.session.store, key)
        determination = self.sides.determination
        self.final = dict(self.sides.final)
        self.based_on = determination.based_on if determination else "auditor"
        self.counts = {}
        self.reason.setPlainText(determination.reason if determination else "")
        self._fill_records(key)
        self.heading.setText(f"{key}")
        bits = [self.sides.form.title]
        if self.sides.flag:
            bits.append(f"Flagged by {self.sides.flag.flagged_by}: {self.sides.flag.note}")
        if determination:
            bits.append(f"Determined by {determination.decided_by} on {determination.decided_at[:10]}")
        if not self.sides.peer:
            bits.append("No peer review of this record")
        self.context.setText(" · ".join(bits))
        self.take_peer.setEnabled(bool(self.sides.peer))
        self._fill_repeat_controls()
        self._fill()

    def _fill_records(self, current: str) -> None:
        """The records that need the FCR: flagged, disagreeing, or determined (and the current one)."""
        store = self.session.store
        peer_reviewed = {a.record_key for a in store.answers("peer", 2)}
        wanted = list(store.flags()) + sorted(peer_reviewed) + list(store.determinations())
        keys = list(dict.fromkeys([current, *wanted]))
        order = {r.key: n for n, r in enumerate(store.queue())}
        keys.sort(key=lambda k: order.get(k, 0))
        flagged, determined = set(store.flags()), set(store.determinations())
        self.records.blockSignals(True)
        self.records.clear()
        for key in keys:
            marks = ("⚑ " if key in flagged else "") + ("✓ decided" if key in determined else "")
            self.records.addItem(f"{key}   {marks}".rstrip(), key)
        self.records.setCurrentIndex(keys.index(current))
        self.records.blockSignals(False)

    # -- the table ------------------------------------------------------------------------
    def _state(self) -> checklist.RecordState:
        values = {k: v for k, (v, _n) in self.final.items()}
        counts = {r: max(self.counts.get(r, 0), _instances(self.sides.form, values, r)) for r in self.sides.form.repeats()}
        return checklist.evaluate(self.sides.form, values, counts)

    def _fill(self) -> None:
        form, state = self.sides.form, self._state()
        keys = [i.key for i in state.items if i.relevant]
        extra = [k for k in {**self.sides.auditor, **self.sides.peer} if k not in keys]
        differ = set(self.sides.disagreements())
        missing = set(state.missing) | set(state.invalid)
        self.table.setRowCount(0)
        self.table.setRowCount(len(keys) + len(extra))
        for row, key in enumerate(keys + extra):
            applies = key in keys
            label = _label(form, key) + ("" if applies else "  (does not apply to the final answers)")
            self.table.setItem(row, QUESTION, _item(("≠ " if key in differ else "") + label))
            self.table.setItem(row, TEAM, _item(_words(form, key, self.sides.auditor.get(key))))
            self.table.setItem(row, PEER, _item(_words(form, key, self.sides.peer.get(key)) if self.sides.peer else ""))
            if applies:
                self.table.setCellWidget(row, FINAL, self._editor(key))
            else:
                self.table.setItem(row, FINAL, _item(NOT_ASKED))
            tint = style.ERROR_SOFT if key in missing else style.WARNING_SOFT if key in differ else None
            for column in (QUESTION, TEAM, PEER):
                if tint and self.table.item(row, column):
                    self.table.item(row, column).setBackground(QBrush(QColor(tint)))
        self._show_status(state)

    def _editor(self, key: checklist.AnswerKey) -> QWidget:
        form, question = self.sides.form, key[0]
        spec = form.question(question).spec
        value = self.final.get(key, ("", ""))[0]
        team = self.sides.auditor.get(key, ("", ""))[0]
        if spec.type == "select_one":
            box = QComboBox()
            box.addItem("(no answer)", "")
            for choice in form.choice_list(spec.list_name):
                box.addItem(choice.label, choice.name)
            box.setCurrentIndex(max(box.findData(value), 0))
            box.setAccessibleName(f"Final answer: {spec.label or question}")
            box.activated.connect(lambda _i, b=box: self._set(key, b.currentData()))
            widget = box
        elif spec.type == "select_multiple":
            widget = self._multiple(key, value)
        else:
            edit = QLineEdit(value)
            edit.setAccessibleName(f"Final answer: {spec.label or question}")
            edit.editingFinished.connect(lambda e=edit: self._set(key, e.text().strip()))
            widget = edit
        if value != team:   # the FCR's own answer: shown in bold
            font = QFont(widget.font())
            font.setBold(True)
            widget.setFont(font)
        return widget

    def _multiple(self, key: checklist.AnswerKey, value: str) -> QWidget:
        """Several choices: a button showing them, with a menu of check boxes."""
        form, spec = self.sides.form, self.sides.form.question(key[0]).spec
        chosen = value.split()
        button = QPushButton(", ".join(form.choice_label(spec.list_name, v) for v in chosen) or "(none)")
        button.setAccessibleName(f"Final answer: {spec.label or key[0]}")
        menu = QMenu(button)
        for choice in form.choice_list(spec.list_name):
            action = menu.addAction(choice.label)
            action.setCheckable(True)
            action.setChecked(choice.name in chosen)
            action.toggled.connect(lambda on, name=choice.name: self._set(
                key, " ".join(n for n in [c.name for c in form.choice_list(spec.list_name)]
                              if (n in chosen and n != name) or (n == name and on))))
        button.setMenu(menu)
        return button

    def _show_status(self, state: checklist.RecordState) -> None:
        form = self.sides.form
        if state.missing or state.invalid:
            names = [_label(form, k) for k in (*state.missing, *state.invalid)]
            self.status.setText("Not complete yet. Still needed: " + "; ".join(names))
            self.status.setStyleSheet(f"color: {style.NONCOMPLIANT};")
        else:
            turned = self._overturned()
            words = (f"Complete. It overrules the audit team on {len(turned)} answer(s): give the reason below."
                     if turned else "Complete. It confirms the audit team's answers.")
            self.status.setText(words)
            self.status.setStyleSheet(f"color: {style.COMPLIANT};" if not turned else "")
        self._update_buttons()

    def _overturned(self) -> list:
        final = {k: v for k, (v, _n) in checklist_effective(self.sides.form, self.final).items()}
        team = {k: v for k, (v, _n) in checklist_effective(self.sides.form, self.sides.auditor).items()}
        return [k for k in final.keys() | team.keys() if final.get(k) != team.get(k)]

    def _update_buttons(self) -> None:
        if self.sides is None:
            return
        state = self._state()
        complete = not (state.missing or state.invalid)
        self.save_button.setEnabled(complete and (not self._overturned() or bool(self.reason.toPlainText().strip())))

    # -- changing the final answers -----------------------------------------------------------
    def _set(self, key: checklist.AnswerKey, value: str) -> None:
        note = self.final.get(key, ("", ""))[1]
        if value:
            self.final[key] = (value, note)
        else:
            self.final.pop(key, None)
        self.based_on = "fcr"
        QTimer.singleShot(0, self._fill)   # not while the editor that changed is still emitting

    def _take_cell(self, row: int, column: int) -> None:
        if column not in (TEAM, PEER) or self.table.cellWidget(row, FINAL) is None:
            return
        key = [i.key for i in self._state().items if i.relevant][row]
        side = self.sides.auditor if column == TEAM else self.sides.peer
        if key in side:
            self.final[key] = side[key]
            self.based_on = "fcr"
            self._fill()

    def _take_side(self, name: str) -> None:
        self.final = dict(self.sides.side(name))
        self.based_on = name
        self.counts = {}
        self._fill()

    def _fill_repeat_controls(self) -> None:
        while self.repeat_row.count():
            widget = self.repeat_row.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        for repeat in self.sides.form.repeats():
            noun = instance_noun(repeat).lower()
            add = QPushButton(f"Add a {noun}")
            add.clicked.connect(lambda _c=False, r=repeat: self._add_instance(r))
            remove = QPushButton(f"Remove a {noun}…")
            remove.clicked.connect(lambda _c=False, r=repeat: self._remove_instance(r))
            self.repeat_row.addWidget(add)
            self.repeat_row.addWidget(remove)

    def _add_instance(self, repeat: str) -> None:
        values = {k: v for k, (v, _n) in self.final.items()}
        self.counts[repeat] = max(self.counts.get(repeat, 0), _instances(self.sides.form, values, repeat)) + 1
        self.based_on = "fcr"
        self._fill()

    def _remove_instance(self, repeat: str, number: int | None = None) -> None:
        """Remove instance ``number`` (asked for when not given) of ``repeat``; later ones move up."""
        state = self._state()
        count = state.instances.get(repeat, 0)
        if count == 0:
            return
        if number is None:
            from PySide6.QtWidgets import QInputDialog

            noun = instance_noun(repeat).lower()
            number, ok = QInputDialog.getInt(self, f"Remove a {noun}", f"Which {noun} (1 to {count})?", count, 1, count)
            if not ok:
                return
        self.final = amend(self.sides.form, self.final, removals=[(repeat, number)])
        self.counts[repeat] = max(count - 1, 0)
        self.based_on = "fcr"
        self._fill()

    # -- saving ---------------------------------------------------------------------------------
    def save(self) -> None:
        key = self.sides.record_key
        failure: list[BaseException] = []
        self.session.run(record_changed(key, flags=True), determine, self.session.store, self.session.actor, key,
                         self.final, self.based_on, self.reason.toPlainText(), on_error=failure.append)
        if failure:
            show_error(self, failure[0])
            return
        self.decided.emit(key)
        self.show_record(key)
        self.status.setText("Saved: this determination is final for the findings." +
                            (" The flag was closed with it." if self.sides.flag is None else ""))


def _instances(form: Form, values: dict, repeat: str) -> int:
    names = set(repeat_questions(form, repeat))
    return max((i for (q, i), v in values.items() if q in names and i and v), default=0)


def _label(form: Form, key: checklist.AnswerKey) -> str:
    question, instance = key
    label = form.question(question).spec.label or question
    repeat = form.question(question).repeat
    return f"{instance_noun(repeat)} {instance}: {label}" if instance and repeat else label


def _words(form: Form, key: checklist.AnswerKey, answer: tuple[str, str] | None) -> str:
    if answer is None:
        return ""
    spec = form.question(key[0]).spec
    value = answer[0]
    if spec.type == "select_one":
        return form.choice_label(spec.list_name, value)
    if spec.type == "select_multiple":
        return ", ".join(form.choice_label(spec.list_name, v) for v in value.split())
    return value


def _item(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled)
    item.setToolTip(style.plain_tooltip(text))
    return item
