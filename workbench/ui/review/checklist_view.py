"""The checklist pane: the record's checklist, rendered from its form definition.

Everything shown comes from ``checklist.evaluate`` on the record's saved answers,
re-run after every answer: which questions apply (others are hidden), what is
required, missing, invalid or non-compliant, and the record's progress. Answers
are saved the moment they are given, through the session (``UndoHistory`` ->
``ops.answering``). Groups are headed sections; a repeat shows each instance
("Crime 2 of 3") with Add and Remove.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication, QFrame, QHBoxLayout, QLabel, QMessageBox, QVBoxLayout, QWidget,
)

from workbench.core import checklist
from workbench.core.forms import Form
from workbench.ops.answering import AnswerRejected
from workbench.ops.repeats import answered_instances
from workbench.ui.common import style
from workbench.ui.common.errors import show_error
from workbench.ui.common.page_stack import PageStack
from workbench.ui.review.checklist_focus import FOCUS_MARGIN, ChecklistFocus
from workbench.ui.review.checklist_pages import (
    Page, Wiring, build_page, defer_outside, lay_out_hidden, paint_ahead, reveal, scroll_area, settle,
)
from workbench.ui.review.question_cards import ChoiceCard, QuestionCard
from workbench.ui.review.wrap_label import WrapLabel
from workbench.ui.common.session import Changes, Session
from workbench.ui.common.text import PROGRESS_WORDS, instance_noun, plural

Key = tuple[str, int | None]
KEPT_SHAPES = 24  # checklist layouts kept built (one per checklist and instance count)
PREPARED_INSTANCES = 3  # layouts built ahead: each checklist with one to three crimes (or other repeats)
PREPARE_PAUSE_MS = 40   # between two layouts built ahead


@dataclass(frozen=True)
class _Ready:
    """A page brought up to date ahead (``ChecklistView.prepare_record``) for the record ``key``."""

    key: str
    shape: tuple
    page: Page
    state: checklist.RecordState
    suggestions: dict


class ChecklistView(ChecklistFocus, QWidget):
    """Shows and answers one record's checklist. ``message`` carries status-bar text."""

    message = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("pane")
        self.session = session
        self.record_key: str | None = None
        self.form: Form | None = None
        self.state: checklist.RecordState | None = None
        self.cards: dict[Key, QuestionCard] = {}
        self._groups: list[tuple[QWidget, list[Key]]] = []
        self._ui_counts: dict[str, int] = {}
        self._order: list[QWidget] = []
        self._bodies: dict[tuple, Page] = {}   # shape -> the page built for it
        self._to_prepare: list[tuple[tuple, Form]] = []
        self._prepare_timer = QTimer(self, singleShot=True, interval=PREPARE_PAUSE_MS)
        self._prepare_timer.timeout.connect(self._prepare_next)
        self._shown: tuple | None = None
        self._fresh = True
        self._show_missing = False
        self._current: Key | None = None
        self._suggestions: dict = {}
        self._ready: _Ready | None = None   # a page brought up to date ahead for the record likely next

        self.summary = WrapLabel(objectName="summaryText")   # rich text, laid out again for each height asked
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.hidden_note = QLabel(objectName="secondary")
        self.hidden_note.setTextFormat(Qt.TextFormat.PlainText)
        self.flag_note = WrapLabel(objectName="secondary")
        self.flag_note.setTextFormat(Qt.TextFormat.RichText)  # the user's note is escaped
        self.banner = WrapLabel(objectName="bannerText")  # names questions: checklist text
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner_frame = QFrame(objectName="banner")
        banner_layout = QHBoxLayout(self.banner_frame)
        banner_layout.setContentsMargins(style.SPACING + 4, style.SPACING, style.SPACING + 4, style.SPACING)
        banner_layout.addWidget(self.banner)
        self.banner_frame.hide()
        head = QFrame(objectName="summary")
        head_layout = QVBoxLayout(head)
        head_layout.setContentsMargins(2 * style.SPACING, style.SPACING + 4, 2 * style.SPACING, style.SPACING)
        head_layout.setSpacing(4)
        head_layout.addWidget(QLabel("Checklist", objectName="paneTitle"))
        head_layout.addWidget(self.summary)
        head_layout.addWidget(self.hidden_note)
        head_layout.addWidget(self.flag_note)
        head_layout.addWidget(self.banner_frame)

        # One page per checklist layout built, each in a scroll area of its own: showing another
        # is a page switch, not a reparenting that lays the whole checklist out again.
        self.pages = PageStack()
        self._empty = scroll_area(QWidget(objectName="checklistBody"))
        self.pages.addWidget(self._empty)
        self.scroll = self._empty
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(head)
        layout.addWidget(self.pages, 1)
        session.changed.connect(self._changed)
        QApplication.instance().focusChanged.connect(self._focus_changed)
        self.show_record(None)

    # -- which record ----------------------------------------------------------------------
    def show_record(self, key: str | None) -> None:
        """Show ``key``'s checklist (saving anything typed for the previous record first)."""
        self.commit()
        self.record_key, self._ui_counts, self._show_missing, self._current = key, {}, False, None
        self.banner_frame.hide()
        self._fresh = True
        if key is None:
            self.form, self.state = None, None
            self._switch(None)
            self.summary.setText("No record chosen.")
            self.hidden_note.hide()
            self.flag_note.hide()
            return
        self.form = self.session.form(self.session.record(key))
        self.refresh()

    def refresh(self) -> None:
        """Evaluate the saved answers again and bring every card up to date."""
        if self.record_key is None or self.form is None:
            return
        ready, self._ready = self._ready, None
        if ready is not None and not (ready.key == self.record_key and not self._ui_counts and not self._show_missing
                                      and self._bodies.get(ready.shape) is ready.page):
            ready = None
        if ready is not None:   # its page was brought up to date while the window was idle
            shape, self.state, self._suggestions = ready.shape, ready.state, ready.suggestions
        else:
            shape, self.state, self._suggestions = self._evaluate(self.record_key, self.form, self._ui_counts)
        switching = self._shown is None or self._shown[0] != shape
        focused = self._current
        if switching:
            self._switch(shape, at_top=ready is None)   # a page prepared is where its first question to answer shows
            self._fresh = True
        # Another page: its cards are brought up to date before it shows. A card shown on a page
        # not shown yet is only marked so; on a page shown, each lays itself out there and then.
        if ready is None:
            reveal(self._bodies[shape])
            self._update_page(self.cards, self._groups, force=self._fresh)
        self._show_summary()
        self._show_banner()
        self._fresh = False
        if switching:
            if ready is None:
                settle(self._bodies[shape], self.pages.size())   # laid out once, before it shows
            self.pages.setCurrentWidget(self.scroll)
            if focused in self.cards:
                self.focus_question(*focused)

    def _evaluate(self, key: str, form: Form, ui_counts: dict[str, int]) -> tuple[tuple, checklist.RecordState, dict]:
        """The record's page shape (checklist and instance counts), its state, and its suggestions."""
        answers = self.session.answers(key)
        counts = {
            repeat: max(answered_instances(form, answers, repeat), ui_counts.get(repeat, 0), 1)
            for repeat in form.repeats()
        }
        state = checklist.evaluate(form, answers, counts)
        suggestions = self.session.insights(key).suggestions   # shown, never saved
        return (form.form_id, form.version, tuple(sorted(state.instances.items()))), state, suggestions

    @property
    def prepared_key(self) -> str | None:
        """The record a page not shown was brought up to date for (``prepare_record``), if any."""
        return self._ready.key if self._ready else None

    def prepare_record(self, key: str) -> None:
        """While the window is idle: bring up to date the page ``key``'s checklist shows, if it is not
        the page on screen, so that moving to ``key`` next only shows it. Any change to the audit,
        and any record shown meanwhile, sets this aside (``refresh`` uses it only for ``key``)."""
        if self._shown is None or key == self.record_key:
            return
        form = self.session.form(self.session.record(key))
        shape, state, suggestions = self._evaluate(key, form, {})
        if shape == self._shown[0]:
            return   # the page on screen: brought up to date when the record shows
        page = self._bodies.get(shape)
        if page is None:
            page = self._add_page(shape, form)
            lay_out_hidden(page, self.pages.size())
        reveal(page)
        self._update_page(page.cards, page.groups, force=True, state=state, suggestions=suggestions, show_missing=False)
        page.scroll.verticalScrollBar().setValue(0)
        settle(page, self.pages.size())
        if page.scroll.size() == self.pages.size():   # laid out as it will show: what it shows first is known
            first = self._first_to_focus(page.cards, state)
            if first is not None:   # scrolled as ``focus_first`` will scroll it
                page.scroll.ensureWidgetVisible(first, 0, FOCUS_MARGIN)
            top = page.scroll.verticalScrollBar().value()
            defer_outside(page, top, top + page.scroll.viewport().height())
            settle(page, self.pages.size())
        paint_ahead(page)
        self._ready = _Ready(key, shape, page, state, suggestions)

    def finish_showing(self, around: QWidget | None = None) -> None:
        """Show the rest of the page on screen, if it was shown from ``prepare_record`` with only
        what it shows first (``defer_outside``): while the window is idle, all of it; ``around``
        a question to go to, what a screen above and below it holds."""
        if self._shown is None:
            return
        page = self._bodies[self._shown[0]]
        if around is None or not page.scroll.widget().isAncestorOf(around):
            reveal(page)
            return
        y, height = around.mapTo(page.scroll.widget(), QPoint()).y(), page.scroll.viewport().height()
        reveal(page, y - height, y + around.height() + height)   # wherever the page scrolls to show it

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002 - Qt override
        self.finish_showing()   # Tab straight after moving on: to the questions below too
        return super().focusNextPrevChild(next)

    def _changed(self, changes: Changes) -> None:
        self._ready = None   # a page prepared ahead may show what has just changed
        if changes.identity:   # another person or role: the cards are built again for them
            self._switch(None)
            for page in self._bodies.values():
                self.pages.removeWidget(page.scroll)
                page.scroll.deleteLater()
            self._bodies.clear()
        if changes.settings:   # signed off or reopened: answerable or not, on every page kept
            for page in self._bodies.values():
                page.scroll.widget().setEnabled(self.session.can_answer)
        if changes.touches(self.record_key) or changes.identity:
            self.refresh()

    # -- building the cards -----------------------------------------------------------------
    def _switch(self, shape: tuple | None, at_top: bool = True) -> None:
        """Take the cards for ``shape`` (checklist and instance counts), built once and kept.

        Moving between records of the same checklist then only updates the cards,
        which keeps Ctrl+J quick; a few shapes are kept (as pages not shown), the oldest dropped.
        """
        if self._shown is not None and self._shown[0] == shape:
            return
        if shape is None:
            self._shown, self.cards, self._groups, self._order = None, {}, [], []
            self.scroll = self._empty
            self.pages.setCurrentWidget(self._empty)
            return
        if shape not in self._bodies:
            self._add_page(shape, self.form)
        else:
            self._bodies[shape] = self._bodies.pop(shape)  # most recently used last
        page = self._bodies[shape]
        self.scroll, self.cards, self._groups, self._order = page.scroll, page.cards, page.groups, page.order
        if at_top:
            self.scroll.verticalScrollBar().setValue(0)
        self._shown = (shape, self.scroll)   # shown by the caller (``refresh``) once its cards are up to date

    def _add_page(self, shape: tuple, form: Form) -> Page:
        wiring = Wiring(self._answer, self._move_from, self.add_instance, self.remove_instance)
        page = build_page(form, dict(shape[2]), wiring, self._tips())
        page.scroll.widget().setEnabled(self.session.can_answer)   # a read-only audit, or the FCR: shown, not answerable
        self.pages.addWidget(page.scroll)
        page.scroll.verticalScrollBar().valueChanged.connect(   # scrolled before the page was shown whole
            lambda value, p=page: reveal(p, value, value + p.scroll.viewport().height()))
        for first, second in zip(page.order, page.order[1:]):
            QWidget.setTabOrder(first, second)
        self._bodies[shape] = page
        while len(self._bodies) > KEPT_SHAPES:
            oldest = self._bodies.pop(next(iter(self._bodies))).scroll
            self.pages.removeWidget(oldest)
            oldest.deleteLater()
        return page

    def _tips(self) -> str:
        if self.session.read_only:
            return "Read-only: the answers are shown as the audit holds them and cannot be changed here."
        if self.session.is_fcr:
            return ("You are working as the FCR: these are the record's final answers. To decide it, use "
                    "Record › Adjudicate… (Ctrl+D): the team's, the peer's and the final answers side by side.")
        return ("Keys: 1–9 or Y / N / U answer the focused question · Tab next question · "
                "Ctrl+Enter complete and next · F1 every shortcut")

    def prepare(self, forms: Iterable[Form]) -> None:
        """Build, while the window is idle, the layouts records are likely to need: each of
        ``forms`` with one to ``PREPARED_INSTANCES`` instances of its repeats. Moving to a
        record then only shows a page (building one costs tens of milliseconds)."""
        self._to_prepare = [
            ((form.form_id, form.version, tuple(sorted((r, n) for r in form.repeats()))), form)
            for n in range(1, PREPARED_INSTANCES + 1) for form in forms if n == 1 or form.repeats()
        ]
        self._prepare_timer.start()

    def _prepare_next(self) -> None:
        while self._to_prepare and len(self._bodies) < KEPT_SHAPES:
            shape, form = self._to_prepare.pop(0)
            if shape not in self._bodies:
                page = self._add_page(shape, form)
                self._bodies = {shape: page, **self._bodies}   # the oldest: dropped first
                lay_out_hidden(page, self.pages.size())
                self._prepare_timer.start()   # one page per pause, so that a key pressed meanwhile waits little
                return

    # -- showing the state ---------------------------------------------------------------------
    def _update_page(self, cards: dict[Key, QuestionCard], groups: list[tuple[QWidget, list[Key]]], force: bool,
                     state: checklist.RecordState | None = None, suggestions: dict | None = None,
                     show_missing: bool | None = None) -> None:
        """Bring a page's cards up to date with ``state`` (by default the record shown's)."""
        state = self.state if state is None else state
        suggestions = self._suggestions if suggestions is None else suggestions
        show_missing = self._show_missing if show_missing is None else show_missing
        visible = set()
        for item in state.items:
            card = cards.get(item.key)
            if card is None:
                continue
            card.show_item(item, show_missing, suggestions.get(item.key[0]), force)
            _show(card, item.relevant)
            if item.relevant:
                visible.add(item.key)
        for widget, keys in groups:
            _show(widget, any(k in visible for k in keys))

    def _show_summary(self) -> None:
        state = self.state
        relevant = [i for i in state.items if i.relevant]
        answered = sum(1 for i in relevant if i.value is not None)
        words = PROGRESS_WORDS[state.progress]
        colour = style.STATE_COLOURS[state.progress]
        parts = [f"<b style='color:{colour}'>{words}</b>", f"{answered} of {len(relevant)} answered"]
        if state.missing:
            parts.append(f"{plural(len(state.missing), 'answer')} still needed")
        if state.compliant is True:
            parts.append(f"<b style='color:{style.COMPLIANT}'>✓ Compliant</b>")
        elif state.noncompliant:
            parts.append(f"<b style='color:{style.NONCOMPLIANT}'>✗ {plural(len(state.noncompliant), 'non-compliant answer')}</b>")
        elif state.complete:   # an answer is "Unable to determine": neither compliant nor not
            parts.append(f"<b style='color:{style.SECONDARY}'>– Left out of the compliance count</b>"
                         f" ({plural(len(state.undetermined), 'answer')} unable to determine)")
        self.summary.setText(" &nbsp;·&nbsp; ".join(parts))
        self.summary.setAccessibleName("Record progress: " + ", ".join(p for p in (words, f"{answered} of {len(relevant)} answered")))
        self.summary.setAccessibleDescription(re.sub(r"<[^>]+>|&nbsp;", "", " ".join(parts)))
        hidden = len(state.hidden_answers)
        self.hidden_note.setText(f"{plural(hidden, 'answer')} kept on hidden questions (they count again if the questions apply again)")
        self.hidden_note.setVisible(hidden > 0)
        flag = self.session.flag_of(self.record_key)
        self.flag_note.setText(f"<span style='color:{style.STATE_COLOURS['flagged']}'>⚑ Flagged for the FCR:</span> {html.escape(flag.note)}" if flag else "")
        self.flag_note.setVisible(flag is not None)

    # -- answering -----------------------------------------------------------------------------
    def _answer(self, card: QuestionCard, value: str | None) -> None:
        key = self.record_key
        failure: list[BaseException] = []
        self.session.answer(key, card.question.name, card.instance, value, on_error=failure.append)
        if failure:   # the views have re-read the file by now; say why on top of what it holds
            self._refused(failure[0], card)
            return
        if isinstance(card, ChoiceCard) and card.picked_by_key and key == self.record_key:
            card.picked_by_key = False
            self._focus_next_unanswered(card.key)

    def _refused(self, exc: BaseException, card: QuestionCard | None) -> None:
        """A save that failed: a wrong answer is said on its card; anything else (a locked,
        read-only or unreachable file, ...) in a dialog, and the card gives back what was typed."""
        alive = card is not None and self.cards.get(card.key) is card
        if isinstance(exc, AnswerRejected):
            card.show_problem(str(exc)) if alive else self.message.emit(str(exc))
            return
        show_error(self, exc)
        if alive:
            card.save_failed()

    def commit(self) -> None:
        """Save anything typed and not yet saved."""
        for card in list(self.cards.values()):
            card.commit()

    def add_instance(self, repeat: str) -> None:
        current = self.state.instances.get(repeat, 1) if self.state else 1
        self._ui_counts[repeat] = current + 1
        self.refresh()
        first = next((k for k, c in self.cards.items() if c.question.repeat == repeat and k[1] == current + 1 and c.isVisibleTo(self)), None)
        if first:
            self.focus_question(*first)

    def remove_instance(self, repeat: str, number: int) -> None:
        noun = instance_noun(repeat).lower()
        count = self.state.instances.get(repeat, 1)
        answered = any(k[1] == number and c.value is not None for k, c in self.cards.items() if c.question.repeat == repeat)
        if answered and not self.confirm_removal(f"Remove {noun} {number} of {count} and its answers?",
                                                 f"Its answers are cleared (each change is logged) and later {noun}s move up one. "
                                                 "Undo (Ctrl+Z) puts it back."):
            return
        counts = dict(self._ui_counts)
        self._ui_counts[repeat] = max(1, self._ui_counts.get(repeat, count) - 1)
        failure: list[BaseException] = []
        changed = self.session.remove_instance(self.record_key, repeat, number, on_error=failure.append)
        if failure:
            self._ui_counts = counts
            self.refresh()
            self._refused(failure[0], None)
            return
        if not changed:
            self.refresh()
        self.message.emit(f"{instance_noun(repeat)} {number} removed.")

    def confirm_removal(self, question: str, detail: str) -> bool:
        """Ask before removing answers (tests replace this)."""
        box = QMessageBox(QMessageBox.Icon.Question, "Remove", question, QMessageBox.StandardButton.Cancel, self)
        box.setInformativeText(detail)
        remove = box.addButton("Remove", QMessageBox.ButtonRole.DestructiveRole)
        box.exec()
        return box.clickedButton() is remove

    def check_complete(self) -> bool:
        """Before moving on with Ctrl+Enter: False, naming and focusing what is missing or wrong."""
        self.commit()
        if self.state is None:
            return True
        problems = self._problems()
        if not problems:
            self.banner_frame.hide()
            return True
        self._show_missing = True
        self.refresh()
        self.message.emit(self.banner.text())
        self.focus_question(*problems[0])
        return False

    def _problems(self) -> list[Key]:
        return [*self.state.invalid, *self.state.missing] if self.state else []

    def _show_banner(self) -> None:
        """After Ctrl+Enter found something missing: what is still needed, kept up to date as answers come."""
        problems = self._problems() if self._show_missing else []
        if problems:
            names = [self._describe(k) for k in problems[:3]]
            more = f" and {len(problems) - 3} more" if len(problems) > 3 else ""
            self.banner.setText(f"Not complete yet. Still needed: {'; '.join(names)}{more}.")
        self.banner_frame.setVisible(bool(problems))

    def _describe(self, key: Key) -> str:
        label = self.form.question(key[0]).spec.label or key[0]
        if key[1] is not None:
            label += f" ({instance_noun(self.form.question(key[0]).repeat)} {key[1]})"
        return f"“{label}”"


def _show(widget: QWidget, shown: bool) -> None:
    """Show or hide ``widget`` only if it changes: each call lays out the cards' flowing
    choice buttons again, and a checklist shown for the first time has a hundred of them."""
    if widget.isHidden() == shown:
        widget.setVisible(shown)
