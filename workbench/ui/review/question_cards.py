"""One question of a checklist as a card: label, hint, the answer control, messages.

The card shows what ``checklist.evaluate`` says about its question (``ItemState``)
and emits ``answered(value)`` when the user answers; it never saves anything
itself, and never shows an answer as given before the save went through (the view
re-renders it from the file, or calls ``save_failed``). Choice cards take the keyboard: number keys (and Y/N/U for yes, no and
unable) pick, Backspace clears, Enter/Down and Up move between questions.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox, QFrame, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QSizePolicy, QVBoxLayout, QWidget,
)

from workbench.core.checklist import ItemState
from workbench.core.expressions import is_true_literal
from workbench.core.forms import Form, Question
from workbench.core.suggestions import Suggestion
from workbench.ui.common import style
from workbench.ui.common.flow_layout import FlowLayout
from workbench.ui.common.text import as_date_text
from workbench.ui.review.choice_button import ChoiceButton
from workbench.ui.review.wrap_label import WrapLabel

#: Keys that pick choices, in order (N, U and Y are kept for no, unable and yes).
CHOICE_KEYS = "1234567890ABCDEFGHIJKLMOPQRSTVWXZ"
LETTER_CHOICES = {"Y": "yes", "N": "no", "U": "unable"}
_PLACEHOLDERS = {"integer": "A whole number", "decimal": "A number", "date": "YYYY-MM-DD", "text": ""}
NOT_SAVED = "Not saved: this shows the answer the audit file holds."


class QuestionCard(QFrame):
    """The parts every question shares. ``move(+1/-1)`` asks for the next/previous question."""

    answered = Signal(object)   # the new value (str) or None to clear
    move = Signal(int)

    def __init__(self, form: Form, question: Question, instance: int | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("questionCard")
        self.form, self.question, self.instance = form, question, instance
        self.value: str | None = None
        self.is_current = False
        spec = question.spec
        self.label = WrapLabel(spec.label or spec.name, objectName="questionLabel")
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # checklist text is data, never markup
        self.required = QLabel("Required", objectName="required")
        self.badge = QLabel("✗ Non-compliant", objectName="badgeBad")
        self.badge.hide()
        self.hint = WrapLabel(spec.hint, objectName="hint")
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setVisible(bool(spec.hint))
        self.message = WrapLabel(objectName="problem")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.hide()
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(2 * style.SPACING, 12, 2 * style.SPACING, 12)
        self.body.setSpacing(4)
        top = QHBoxLayout()
        top.setSpacing(style.SPACING)
        top.addWidget(self.label, 1)
        top.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.required, 0, Qt.AlignmentFlag.AlignTop)
        self.body.addLayout(top)
        self.body.addWidget(self.hint)
        self.body.addSpacing(4)
        # As tall as its text at its width (``heightForWidth``) and no taller: with a Minimum policy its height at its
        # narrowest (sixteen offences in a column) was the page's floor, and a long checklist ended in blank space.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        # The style flags start as "false": setting one that does not change re-polishes nothing.
        for widget, flag in ((self, "attention"), (self, "current"), (self.required, "now")):
            widget.setProperty(flag, "false")
        self._shown: tuple | None = None   # what ``show_item`` last showed (``None``: shown some other way since)

    @property
    def key(self) -> tuple[str, int | None]:
        return (self.question.name, self.instance)

    def focus_target(self) -> QWidget:
        return self

    def show_item(self, item: ItemState, show_missing: bool, suggestion: Suggestion | None, force: bool = False) -> None:
        """``show_state`` and ``show_suggestion``, skipped when they would change nothing: the card
        shows the same state and suggestion as last time, and its control still holds the saved answer.

        Moving between records of one checklist, most cards show what they showed for the record
        before; each card brought up to date costs a few dozen calls into Qt.
        """
        shown = (item.required, item.value, item.problem, item.compliant, show_missing, suggestion)
        if shown == self._shown and self.holds_saved_answer():
            return
        self.show_state(item, show_missing, force)
        self.show_suggestion(suggestion)
        self._shown = shown

    def holds_saved_answer(self) -> bool:
        """Whether the answer control shows the saved answer (not something typed or ticked since)."""
        return True

    def show_state(self, item: ItemState, show_missing: bool, force: bool = False) -> None:
        """Bring the card up to date with the engine's view of its question.

        ``force`` (another record is shown) replaces even text being typed.
        """
        self.value = item.value
        self.show_value(item.value, force)
        dynamic = not is_true_literal(self.question.spec.required)
        needed_now = item.required and item.value is None and dynamic
        _show(self.required, item.required)
        self.required.setText("Required now" if needed_now else "Required")
        style.set_flag(self.required, "now", needed_now)
        _show(self.badge, item.compliant is False)
        problem = item.problem if item.value is not None or show_missing or needed_now else None
        self.show_problem(problem)
        style.set_flag(self, "attention", needed_now)
        description = " ".join(p for p in (self.question.spec.hint, self.answer_words()) if p)
        self.setAccessibleName(self.label.text() + (" (required)" if item.required else ""))
        self.setAccessibleDescription(description)
        self.focus_target().setAccessibleName(self.accessibleName())
        self.focus_target().setAccessibleDescription(description)

    def show_problem(self, text: str | None) -> None:
        self._shown = None   # said outside ``show_item`` (a refused answer): the next ``show_item`` puts it right
        self.message.setText(text or "")
        _show(self.message, bool(text))

    def show_value(self, value: str | None, force: bool = False) -> None:
        raise NotImplementedError

    def show_suggestion(self, suggestion: Suggestion | None) -> None:
        """A suggested answer worked out from the record's source (choice cards show it)."""

    def answer_words(self) -> str:
        return f"Answer: {self.value}." if self.value else "Not answered."

    def commit(self) -> None:
        """Save what is typed but not yet saved (text cards)."""

    def save_failed(self) -> None:
        """The answer just given was not saved: show the saved one again, and say so."""
        self.show_value(self.value, force=True)
        self.show_problem(NOT_SAVED)


class ChoiceCard(QuestionCard):
    """``select_one``: a row of toggle buttons, "1 Yes", "2 No", "3 Unable to determine"."""

    def __init__(self, form: Form, question: Question, instance: int | None, parent: QWidget | None = None):
        super().__init__(form, question, instance, parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.choices = form.choice_list(question.spec.list_name)
        self.keys: dict[str, str] = {}
        self.buttons: dict[str, ChoiceButton] = {}
        row = QWidget()
        flow = FlowLayout(row, spacing=style.SPACING)
        for n, choice in enumerate(self.choices):
            key = CHOICE_KEYS[n] if n < len(CHOICE_KEYS) else ""
            button = ChoiceButton(key, choice.label)   # a long label wraps: the card stays as wide as the pane
            button.setProperty("suggested", "false")   # as the card's flags: no re-polish while it stays so
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setAccessibleName(choice.label)
            button.setAccessibleDescription(f"Press {key}" if key else "")
            button.setToolTip(f"Press {key}" if key else "")
            button.clicked.connect(lambda _checked=False, name=choice.name: self._pick(name, by_key=False))
            flow.addWidget(button)
            self.buttons[choice.name] = button
            if key:
                self.keys[key] = choice.name
        for letter, name in LETTER_CHOICES.items():
            if name in self.buttons:
                self.keys.setdefault(letter, name)
        self.body.addWidget(row)
        self.suggestion = WrapLabel(objectName="suggestion")   # never an answer until a choice is picked
        self.suggestion.setProperty("answered", "false")
        self.suggestion.setTextFormat(Qt.TextFormat.PlainText)
        self.suggestion.hide()
        self.body.addWidget(self.suggestion)
        self.body.addWidget(self.message)
        self.picked_by_key = False
        self.suggested: Suggestion | None = None

    def show_suggestion(self, suggestion: Suggestion | None) -> None:
        self.suggested = suggestion
        for name, button in self.buttons.items():
            style.set_flag(button, "suggested", suggestion is not None and suggestion.value == name and self.value is None)
        if suggestion is None:
            self.suggestion.hide()
            return
        key = next((k for k, name in self.keys.items() if name == suggestion.value and k in LETTER_CHOICES), None) or next(
            (k for k, name in self.keys.items() if name == suggestion.value), None)
        press = f" Press {key} to take it." if key and self.value is None else ""
        self.suggestion.setText(f"Suggestion: {suggestion.words}{press}")
        style.set_flag(self.suggestion, "answered", self.value is not None)
        self.suggestion.show()
        self.focus_target().setAccessibleDescription(" ".join(
            p for p in (self.question.spec.hint, self.answer_words(), self.suggestion.text()) if p))

    def show_value(self, value: str | None, force: bool = False) -> None:
        for name, button in self.buttons.items():
            button.setChecked(name == value)

    def holds_saved_answer(self) -> bool:
        return all(button.isChecked() == (name == self.value) for name, button in self.buttons.items())

    def answer_words(self) -> str:
        if not self.value:
            return "Not answered."
        return "Answer: " + self.form.choice_label(self.question.spec.list_name, self.value) + "."

    def _pick(self, name: str, by_key: bool) -> None:
        self.picked_by_key = by_key
        if not by_key:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
        self.answered.emit(name)
        # Only what was saved is ticked: the view re-rendered the card from the file
        # (a click on the ticked button un-ticks it, and a failed save must not tick).
        self.show_value(self.value)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        plain = not event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        text = event.text().upper()
        if plain and text in self.keys:
            self._pick(self.keys[text], by_key=True)
        elif plain and event.key() in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete) and self.value is not None:
            self.picked_by_key = False
            self.answered.emit(None)
        elif _moves(event):
            self.move.emit(_moves(event))
        else:
            super().keyPressEvent(event)


class MultiChoiceCard(QuestionCard):
    """``select_multiple``: checkboxes; number keys toggle, Enter moves on."""

    def __init__(self, form: Form, question: Question, instance: int | None, parent: QWidget | None = None):
        super().__init__(form, question, instance, parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.choices = form.choice_list(question.spec.list_name)
        self.boxes: dict[str, QCheckBox] = {}
        self.keys: dict[str, str] = {}
        row = QWidget()
        flow = FlowLayout(row, spacing=style.SPACING)
        for n, choice in enumerate(self.choices):
            key = CHOICE_KEYS[n] if n < len(CHOICE_KEYS) else ""
            shown = choice.label.replace("&", "&&")   # an "&" is shown, not made a shortcut
            box = QCheckBox(f"{key}  {shown}" if key else shown)
            box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            box.setAccessibleName(choice.label)
            box.clicked.connect(lambda _checked=False: self._changed())
            flow.addWidget(box)
            self.boxes[choice.name] = box
            if key:
                self.keys[key] = choice.name
        self.body.addWidget(row)
        self.body.addWidget(self.message)

    def show_value(self, value: str | None, force: bool = False) -> None:
        picked = set((value or "").split())
        for name, box in self.boxes.items():
            box.setChecked(name in picked)

    def holds_saved_answer(self) -> bool:
        picked = set((self.value or "").split())
        return all(box.isChecked() == (name in picked) for name, box in self.boxes.items())

    def _changed(self) -> None:
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        picked = [name for name, box in self.boxes.items() if box.isChecked()]
        self.answered.emit(" ".join(picked) or None)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        text = event.text().upper()
        if text in self.keys and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            box = self.boxes[self.keys[text]]
            box.setChecked(not box.isChecked())
            self._changed()
        elif _moves(event):
            self.move.emit(_moves(event))
        else:
            super().keyPressEvent(event)


class TextCard(QuestionCard):
    """Text, numbers and dates: saved when Enter is pressed or the field loses focus.

    A long text box takes Shift+Enter for a new line (``_multiline_enter``).
    """

    def __init__(self, form: Form, question: Question, instance: int | None, parent: QWidget | None = None):
        super().__init__(form, question, instance, parent)
        spec = question.spec
        self.multiline = spec.type == "text" and ("multiline" in spec.appearance or (question.repeat is None and not spec.appearance))
        if self.multiline:
            self.editor: QLineEdit | QPlainTextEdit = QPlainTextEdit()
            self.editor.setTabChangesFocus(True)
            self.editor.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 2 * style.SPACING)
        else:
            self.editor = QLineEdit(placeholderText=_PLACEHOLDERS.get(spec.type, ""))
            self.editor.returnPressed.connect(self._enter)
        self.editor.installEventFilter(self)
        self.setFocusProxy(self.editor)
        self.after = QLabel(objectName="secondary")  # a typed date, shown as a date
        self.after.hide()
        self.body.addWidget(self.editor)
        self.body.addWidget(self.after)
        self.body.addWidget(self.message)

    def focus_target(self) -> QWidget:
        return self.editor

    def typed(self) -> str:
        text = self.editor.toPlainText() if self.multiline else self.editor.text()
        return text.strip()

    def holds_saved_answer(self) -> bool:
        return self.typed() == (self.value or "")

    def show_value(self, value: str | None, force: bool = False) -> None:
        if (force or not self.editor.hasFocus()) and self.typed() != (value or ""):
            if self.multiline:
                self.editor.setPlainText(value or "")
            else:
                self.editor.setText(value or "")
        shown = as_date_text(value) if value and self.question.spec.type == "date" else None
        self.after.setText(shown or "")
        _show(self.after, bool(shown))

    def commit(self) -> None:
        if self.typed() != (self.value or ""):
            self.answered.emit(self.typed() or None)

    def save_failed(self) -> None:
        """Put back the saved text, as an edit the box can undo (Ctrl+Z gives back what was typed)."""
        saved = self.value or ""
        if self.typed() != saved:
            if self.multiline:
                cursor = self.editor.textCursor()
                cursor.select(QTextCursor.SelectionType.Document)
                cursor.insertText(saved)
            else:
                self.editor.selectAll()
                self.editor.insert(saved)
        self.show_value(self.value)
        self.show_problem("Not saved: this shows the answer the audit file holds. Ctrl+Z in the box brings back what you typed.")

    def _enter(self) -> None:
        self.commit()
        self.move.emit(1)

    def _multiline_enter(self, event: QKeyEvent) -> bool:
        """In a long text box, as in a one-line one, Enter saves and goes on; Shift+Enter starts
        a new line. Ctrl+Enter is left to the window (complete and next, which saves first)."""
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if modifiers == Qt.KeyboardModifier.NoModifier:
            self._enter()
            return True
        if modifiers == Qt.KeyboardModifier.ShiftModifier:
            self.editor.insertPlainText("\n")
            return True
        return False

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if watched is self.editor:
            if event.type() == QEvent.Type.FocusOut:
                self.commit()
            elif event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:
                self.show_value(self.value, force=True)  # put back what is saved
                return True
            elif self.multiline and event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                return self._multiline_enter(event)
        return super().eventFilter(watched, event)


def _show(widget: QWidget, shown: bool) -> None:
    """Show or hide ``widget`` only when that changes (each call lays the card out again)."""
    if widget.isHidden() == shown:
        widget.setVisible(shown)


def _moves(event: QKeyEvent) -> int:
    if event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
        return 0
    if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Down):
        return 1
    if event.key() == Qt.Key.Key_Up:
        return -1
    return 0


def card_for(form: Form, question: Question, instance: int | None, parent: QWidget | None = None) -> QuestionCard:
    kind = question.spec.type
    if kind == "select_one":
        return ChoiceCard(form, question, instance, parent)
    if kind == "select_multiple":
        return MultiChoiceCard(form, question, instance, parent)
    return TextCard(form, question, instance, parent)
