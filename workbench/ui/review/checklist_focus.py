"""Where the focus is in the checklist: the question being answered, moving between questions.

A part of ``ChecklistView`` (its ``cards``, ``state`` and ``scroll`` are the view's): the
focused card is the current question, marked on screen and kept in view as the page scrolls.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QWidget

from workbench.core.checklist import RecordState
from workbench.ui.common import style
from workbench.ui.review.question_cards import QuestionCard

Key = tuple[str, int | None]
FOCUS_MARGIN = 2 * style.SPACING   # kept in view above and below the question focused


class ChecklistFocus:
    """The checklist view's focus: ``focus_question``, ``focus_first``, ``current_question``."""

    def focus_question(self, question: str, instance: int | None = None) -> bool:
        card = self._card_shown(question, instance)
        if card is None:   # it may be below the first screen of a page just shown
            self.finish_showing(self.cards.get((question, instance)))
            card = self._card_shown(question, instance)
        if card is None:
            return False
        card.focus_target().setFocus(Qt.FocusReason.OtherFocusReason)
        self._current = card.key
        self._mark_current(card)
        self.scroll.ensureWidgetVisible(card, 0, FOCUS_MARGIN)
        # again once a just-shown checklist has been laid out (its cards move then)
        QTimer.singleShot(0, lambda c=card: self._ensure_visible(c))
        return True

    def _card_shown(self, question: str, instance: int | None) -> QuestionCard | None:
        card = self.cards.get((question, instance))
        if card is None and instance is None:  # a repeat's question named without its instance
            card = next((c for k, c in self.cards.items() if k[0] == question and c.isVisibleTo(self)), None)
        return card if card is not None and card.isVisibleTo(self) else None

    def _ensure_visible(self, card: QuestionCard) -> None:
        if self.cards.get(card.key) is card and card.isVisible():
            self.scroll.ensureWidgetVisible(card, 0, FOCUS_MARGIN)

    def focus_first(self) -> None:
        """Focus the first unanswered question (or the first question): where ``prepare_record``
        scrolls a page ahead (``_first_to_focus``)."""
        card = self._first_to_focus(self.cards, self.state) if self.state is not None else None
        if card is None or not self.focus_question(*card.key):
            first = next((c for c in self.cards.values() if c.isVisibleTo(self)), None)
            if first:
                self.focus_question(*first.key)

    @staticmethod
    def _first_to_focus(cards: dict[Key, QuestionCard], state: RecordState) -> QuestionCard | None:
        """The card ``focus_first`` focuses on a page with ``cards`` showing ``state``: the first
        unanswered question that applies, else the first that applies."""
        relevant = {i.key for i in state.items if i.relevant}
        first = next((c for k, c in cards.items() if k in relevant), None)
        return next((cards[i.key] for i in state.items if i.key in relevant and i.key in cards and i.value is None), first)

    def current_question(self) -> Key | None:
        return self._current

    def _visible_keys(self) -> list[Key]:
        return [i.key for i in self.state.items if i.relevant and i.key in self.cards] if self.state else []

    def _focus_next_unanswered(self, after: Key | None) -> bool:
        keys = self._visible_keys()
        start = keys.index(after) + 1 if after in keys else 0
        by_key = {i.key: i for i in self.state.items}
        for key in keys[start:] + keys[:start]:
            if by_key[key].value is None and key != after:
                return self.focus_question(*key)
        return False

    def _move_from(self, key: Key, step: int) -> None:
        keys = self._visible_keys()
        if key in keys and 0 <= keys.index(key) + step < len(keys):
            self.focus_question(*keys[keys.index(key) + step])

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        widget = new
        while widget is not None and not isinstance(widget, QuestionCard):
            widget = widget.parentWidget()
        if widget is not None and self.cards.get(widget.key) is widget:
            self._current = widget.key
            self._mark_current(widget)

    def _mark_current(self, current: QuestionCard) -> None:
        for card in self.cards.values():
            on = card is current
            if card.is_current != on:
                card.is_current = on
                style.set_flag(card, "current", on)
