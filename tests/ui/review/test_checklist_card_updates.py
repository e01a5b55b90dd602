"""Cards brought up to date only where something changed: what they show is still the record's."""

from __future__ import annotations

import pytest



pytestmark = pytest.mark.usefixtures("no_leaked_widgets")


def two_fresh_incidents(session) -> tuple[str, str]:
    first, second = [r.key for r in session.store.queue(form_id="incident", progress="not_started")[:2]]
    return first, second


def test_a_message_said_on_a_card_goes_when_the_next_record_shows_the_same_state(view, session):
    first, second = two_fresh_incidents(session)
    view.show_record(first)
    card = view.cards[("auditable", None)]
    card.show_problem("Not saved: the audit file is locked.")   # as the view says a refused answer
    view.show_record(second)
    assert view.cards[("auditable", None)] is card
    assert card.message.isHidden() and card.message.text() == ""


def test_a_choice_ticked_without_a_save_is_unticked_when_the_next_record_shows(view, session):
    first, second = two_fresh_incidents(session)
    view.show_record(first)
    card = view.cards[("auditable", None)]
    card.buttons["yes"].setChecked(True)   # ticked, and never saved
    view.show_record(second)
    assert not card.buttons["yes"].isChecked()


def test_an_answer_saved_on_one_record_is_not_shown_on_the_next(view, session):
    first, second = two_fresh_incidents(session)
    session.answer(first, "auditable", None, "yes")
    view.show_record(first)
    card = view.cards[("auditable", None)]
    assert card.buttons["yes"].isChecked()
    view.show_record(second)
    assert not card.buttons["yes"].isChecked() and card.value is None
    view.show_record(first)
    assert card.buttons["yes"].isChecked() and card.value == "yes"
