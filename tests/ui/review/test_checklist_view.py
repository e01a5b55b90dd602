"""The checklist pane: rendered from the form, re-evaluated after every answer, keyboard first."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from workbench.ops.answering import current_answers
from workbench.ops.forms import add_form
from workbench.ops.importing import import_sample
from workbench.store.audit_store import AuditStore
from workbench.store.database import AuditFileError
from workbench.ui.review.question_cards import ChoiceCard, MultiChoiceCard, TextCard

from tests.factories import AUDITOR, make_form, question, save_form_file, write_csv
from tests.ui.dialogs import close_error_boxes, locked

pytestmark = pytest.mark.usefixtures("no_leaked_widgets")


def fresh_incident(store: AuditStore) -> str:
    return store.queue(form_id="incident", progress="not_started")[0].key


def shown(view, question, instance=None) -> bool:
    card = view.cards.get((question, instance))
    return card is not None and card.isVisibleTo(view)


def press(qtbot, key) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key)


def focused_key(view):
    return view.current_question()


def test_a_choice_question_shows_numbered_buttons_and_accessible_names(view, session):
    view.show_record(fresh_incident(session.store))
    card = view.cards[("auditable", None)]
    assert isinstance(card, ChoiceCard)
    assert [b.text() for b in card.buttons.values()] == ["1  Yes", "2  No"]
    assert card.accessibleName() == "Can this record be audited? (required)"
    assert "missing, sealed" in card.accessibleDescription()
    crimes = view.cards[("discloses_crime", None)]
    assert [b.text() for b in crimes.buttons.values()][-1] == "3  Unable to determine"


def test_number_keys_answer_save_at_once_and_move_to_the_next_unanswered(qtbot, view, session):
    key = fresh_incident(session.store)
    view.show_record(key)
    view.focus_first()
    assert focused_key(view) == ("auditable", None)
    press(qtbot, "1")
    assert current_answers(session.store, key) == {("auditable", None): "yes"}
    assert focused_key(view) == ("discloses_crime", None)
    press(qtbot, "y")
    assert current_answers(session.store, key)[("discloses_crime", None)] == "yes"
    assert focused_key(view) == ("offence_group", 1)
    assert view.cards[("offence_group", 1)].is_current


def test_a_record_partly_answered_opens_on_its_first_unanswered_question(view, session):
    key = fresh_incident(session.store)
    session.answer(key, "auditable", None, "yes")
    view.show_record(key)
    view.focus_first()
    assert focused_key(view) == ("discloses_crime", None)


def test_hidden_questions_appear_and_disappear_as_answers_change(qtbot, view, session):
    key = fresh_incident(session.store)
    view.show_record(key)
    assert not shown(view, "discloses_crime")
    session.answer(key, "auditable", None, "yes")
    assert shown(view, "discloses_crime") and not shown(view, "offence_group", 1)
    session.answer(key, "discloses_crime", None, "yes")
    assert shown(view, "offence_group", 1) and shown(view, "recorded", 1)
    assert not shown(view, "crime_ref", 1)
    session.answer(key, "recorded", 1, "yes")
    assert shown(view, "crime_ref", 1) and not shown(view, "not_recorded_reason", 1)
    session.answer(key, "auditable", None, "no")
    assert not shown(view, "discloses_crime") and not shown(view, "offence_group", 1)
    assert view.hidden_note.isVisibleTo(view)
    assert view.hidden_note.text().startswith("2 answers kept on hidden questions")
    session.answer(key, "auditable", None, "yes")
    assert shown(view, "crime_ref", 1) and not view.hidden_note.isVisibleTo(view)


def test_the_rationale_becomes_required_when_an_answer_is_non_compliant(view, session):
    key = fresh_incident(session.store)
    view.show_record(key)
    for question, instance, value in [("auditable", None, "yes"), ("discloses_crime", None, "yes"), ("offence_group", 1, "theft")]:
        session.answer(key, question, instance, value)
    rationale = view.cards[("rationale", None)]
    assert not rationale.required.isVisibleTo(view)
    session.answer(key, "recorded", 1, "no")
    assert rationale.required.isVisibleTo(view) and rationale.required.text() == "Required now"
    assert rationale.message.text() == "Explain the non-compliant answers before moving on."
    assert view.cards[("recorded", 1)].badge.isVisibleTo(view)
    assert "non-compliant" in view.summary.text()


def test_text_is_saved_on_enter_and_when_focus_leaves(qtbot, view, session):
    key = fresh_incident(session.store)
    view.show_record(key)
    for question, instance, value in [("auditable", None, "yes"), ("discloses_crime", None, "yes"), ("recorded", 1, "yes")]:
        session.answer(key, question, instance, value)
    assert view.focus_question("crime_ref", 1)
    card = view.cards[("crime_ref", 1)]
    assert isinstance(card, TextCard) and not card.multiline
    qtbot.keyClicks(card.editor, "24/000777/24")
    qtbot.keyClick(card.editor, Qt.Key.Key_Return)
    assert current_answers(session.store, key)[("crime_ref", 1)] == "24/000777/24"
    rationale = view.cards[("rationale", None)]
    assert rationale.multiline
    view.focus_question("rationale")
    qtbot.keyClicks(rationale.editor, "Checked the log.")
    view.focus_question("auditable")
    assert current_answers(session.store, key)[("rationale", None)] == "Checked the log."


def test_backspace_clears_the_focused_answer(qtbot, view, session):
    key = fresh_incident(session.store)
    view.show_record(key)
    session.answer(key, "auditable", None, "no")
    view.focus_question("auditable")
    press(qtbot, Qt.Key.Key_Backspace)
    assert current_answers(session.store, key) == {}


def test_a_select_multiple_question_is_checkboxes_toggled_by_number(qtbot, view, session):
    key = fresh_incident(session.store)
    view.show_record(key)
    session.answer(key, "auditable", None, "yes")
    session.answer(key, "discloses_crime", None, "yes")
    card = view.cards[("flags", 1)]
    assert isinstance(card, MultiChoiceCard)
    view.focus_question("flags", 1)
    press(qtbot, "1")
    press(qtbot, "4")
    assert current_answers(session.store, key)[("flags", 1)] == "domestic_abuse hate_crime"
    press(qtbot, "1")
    assert current_answers(session.store, key)[("flags", 1)] == "hate_crime"


def test_repeat_instances_add_and_remove_renumbering_the_later_ones(qtbot, view, session, monkeypatch):
    key = fresh_incident(session.store)
    view.show_record(key)
    session.answer(key, "auditable", None, "yes")
    session.answer(key, "discloses_crime", None, "yes")
    for number, offence in enumerate(["theft", "burglary", "robbery"], start=1):
        if number > 1:
            view.add_instance("crimes")
            assert focused_key(view) == ("offence_group", number)
        session.answer(key, "offence_group", number, offence)
    assert view.state.instances["crimes"] == 3
    shown_body = view.scroll.widget()
    titles = [w.text() for w in shown_body.findChildren(type(view.summary)) if w.objectName() == "instanceTitle"]
    assert titles == ["Crime 1 of 3", "Crime 2 of 3", "Crime 3 of 3"]
    asked = []
    monkeypatch.setattr(view, "confirm_removal", lambda question, detail: asked.append(question) or True)
    view.remove_instance("crimes", 2)
    assert asked == ["Remove crime 2 of 3 and its answers?"]
    with session.store.__class__.open(session.store.path) as reopened:
        answers = {(a.question, a.instance): a.value for a in reopened.answers(record_key=key)}
    assert answers[("offence_group", 1)] == "theft"
    assert answers[("offence_group", 2)] == "robbery"
    assert ("offence_group", 3) not in answers
    assert view.state.instances["crimes"] == 2


def test_removing_is_cancelled_when_the_user_says_no(view, session, monkeypatch):
    key = fresh_incident(session.store)
    view.show_record(key)
    for question, instance, value in [("auditable", None, "yes"), ("discloses_crime", None, "yes"), ("offence_group", 1, "theft")]:
        session.answer(key, question, instance, value)
    monkeypatch.setattr(view, "confirm_removal", lambda question, detail: False)
    view.remove_instance("crimes", 1)
    assert current_answers(session.store, key)[("offence_group", 1)] == "theft"


def test_check_complete_names_what_is_missing_and_focuses_it(view, session):
    key = fresh_incident(session.store)
    view.show_record(key)
    for question, instance, value in [("auditable", None, "yes"), ("discloses_crime", None, "yes"), ("offence_group", 1, "theft")]:
        session.answer(key, question, instance, value)
    assert not view.check_complete()
    assert view.banner_frame.isVisibleTo(view)
    assert "“Was this crime recorded? (Crime 1)”" in view.banner.text()
    assert focused_key(view) == ("recorded", 1)
    assert view.cards[("recorded", 1)].message.text() == "This question needs an answer."


def test_moving_to_another_record_of_the_same_checklist_reuses_the_cards(qtbot, view, session):
    first, second = [r.key for r in session.store.queue(form_id="incident", progress="not_started")[:2]]
    session.answer(first, "auditable", None, "yes")
    session.answer(first, "discloses_crime", None, "yes")
    session.answer(first, "recorded", 1, "yes")
    view.show_record(first)
    view.focus_question("crime_ref", 1)
    qtbot.keyClicks(view.cards[("crime_ref", 1)].editor, "typed for the first")
    card = view.cards[("auditable", None)]
    view.show_record(second)
    assert view.cards[("auditable", None)] is card
    assert not card.buttons["yes"].isChecked()
    assert view.cards[("crime_ref", 1)].typed() == ""
    assert current_answers(session.store, first)[("crime_ref", 1)] == "typed for the first"
    assert current_answers(session.store, second) == {}


def test_a_complete_record_passes_the_check(view, session):
    key = fresh_incident(session.store)
    view.show_record(key)
    session.answer(key, "auditable", None, "no")
    assert view.check_complete()
    assert "Complete" in view.summary.text() and "✓ Compliant" in view.summary.text()


CUSTOM_FORM = make_form(
    "custom",
    {"type": "begin_group", "name": "about", "label": "About the victim"},
    question("victims", "integer", "How many victims?", required="yes", constraint=". >= 1",
             constraint_message="At least one victim."),
    question("reported_on", "date", "Date reported"),
    {"type": "end_group"},
    {"type": "note", "name": "done_note", "label": "Check the log before answering."},
    title="Custom checklist", choices=[],
)


def test_groups_numbers_and_dates_from_any_form(qtbot, view, session, tmp_path):
    add_form(session.store, AUDITOR, save_form_file(CUSTOM_FORM, tmp_path / "custom.toml"))
    import_sample(session.store, AUDITOR, write_csv(tmp_path / "c.csv", [["key", "form"], ["CUS-1", "custom"]]))
    view.show_record("CUS-1")
    assert any(w.text() == "About the victim" for w in view.scroll.widget().findChildren(type(view.summary)))
    victims = view.cards[("victims", None)]
    view.focus_question("victims")
    qtbot.keyClicks(victims.editor, "two")
    qtbot.keyClick(victims.editor, Qt.Key.Key_Return)
    assert "whole number" in victims.message.text()
    assert current_answers(session.store, "CUS-1") == {}
    victims.editor.setText("0")
    qtbot.keyClick(victims.editor, Qt.Key.Key_Return)
    assert victims.message.text() == "At least one victim."
    date = view.cards[("reported_on", None)]
    view.focus_question("reported_on")
    qtbot.keyClicks(date.editor, "2024-03-14")
    qtbot.keyClick(date.editor, Qt.Key.Key_Return)
    assert date.after.text() == "Thu 14 Mar 2024"


# -- a save that fails is never shown as saved ---------------------------------------------------

def _locked_store_error(*_args, **_kwargs):
    try:
        locked()
    except sqlite3.OperationalError as exc:
        raise AuditFileError("The audit file is busy. Nothing was saved; try again in a moment.") from exc


@pytest.mark.parametrize("failure", [locked, _locked_store_error], ids=["sqlite3", "AuditFileError"])
def test_a_number_key_whose_save_fails_ticks_nothing_and_says_why(qtbot, view, session, monkeypatch, failure):
    key = fresh_incident(session.store)
    view.show_record(key)
    view.focus_first()
    monkeypatch.setattr(session.store, "set_answers", failure)
    press(qtbot, "1")
    card = view.cards[("auditable", None)]
    assert not any(button.isChecked() for button in card.buttons.values())
    assert current_answers(session.store, key) == {}
    assert card.value is None and "Not saved" in card.message.text()
    assert focused_key(view) == ("auditable", None)  # did not move on as if answered
    assert close_error_boxes() == ["Audit file busy"]


def test_a_click_whose_save_fails_leaves_the_saved_answer_ticked(qtbot, view, session, monkeypatch):
    key = fresh_incident(session.store)
    view.show_record(key)
    session.answer(key, "auditable", None, "yes")
    card = view.cards[("auditable", None)]
    monkeypatch.setattr(session.store, "set_answers", lambda *a, **k: (_ for _ in ()).throw(OSError(5, "Input/output error")))
    card.buttons["no"].click()
    assert card.buttons["yes"].isChecked() and not card.buttons["no"].isChecked()
    assert current_answers(session.store, key) == {("auditable", None): "yes"}
    assert close_error_boxes() == ["Could not use the file"]


def test_clicking_the_ticked_choice_keeps_it_ticked(view, session):
    key = fresh_incident(session.store)
    view.show_record(key)
    session.answer(key, "auditable", None, "yes")
    card = view.cards[("auditable", None)]
    card.buttons["yes"].click()  # a checkable button un-ticks itself; the answer is still yes
    assert card.buttons["yes"].isChecked()


def test_text_whose_save_fails_shows_what_is_saved_and_ctrl_z_brings_it_back(qtbot, view, session, monkeypatch):
    key = fresh_incident(session.store)
    view.show_record(key)
    for question, instance, value in [("auditable", None, "yes"), ("discloses_crime", None, "yes"), ("recorded", 1, "yes")]:
        session.answer(key, question, instance, value)
    view.focus_question("crime_ref", 1)
    card = view.cards[("crime_ref", 1)]
    qtbot.keyClicks(card.editor, "24/000777/24")
    monkeypatch.setattr(session.store, "set_answers", locked)
    qtbot.keyClick(card.editor, Qt.Key.Key_Return)
    assert ("crime_ref", 1) not in current_answers(session.store, key)
    assert card.typed() == "" and "Not saved" in card.message.text()
    assert close_error_boxes() == ["Audit file busy"]  # one box: losing focus to it saved nothing again
    card.editor.undo()
    assert card.typed() == "24/000777/24"


def test_a_failed_repeat_removal_keeps_the_instance(qtbot, view, session, monkeypatch):
    key = fresh_incident(session.store)
    view.show_record(key)
    for question, instance, value in [("auditable", None, "yes"), ("discloses_crime", None, "yes"), ("recorded", 1, "yes")]:
        session.answer(key, question, instance, value)
    view.confirm_removal = lambda *_: True
    monkeypatch.setattr(session.store, "set_answers", locked)
    view.remove_instance("crimes", 1)
    assert view.cards[("recorded", 1)].buttons["yes"].isChecked()
    assert close_error_boxes() == ["Audit file busy"]


# -- checklist text is shown as written ---------------------------------------------------------

MARKUP_FORM = make_form(
    "markup",
    {"type": "begin_group", "name": "about", "label": "<b>Group</b>", "hint": "<u>group hint</u>"},
    question("q", label="<b>x</b>", hint="<i>hint</i>"),
    {"type": "end_group"},
    {"type": "note", "name": "n", "label": "<s>note</s>"},
    title="<i>Markup</i> checklist",
)


def test_checklist_labels_and_hints_that_look_like_html_show_literally(view, session, tmp_path):
    from PySide6.QtWidgets import QLabel

    add_form(session.store, AUDITOR, save_form_file(MARKUP_FORM, tmp_path / "markup.toml"))
    import_sample(session.store, AUDITOR, write_csv(tmp_path / "m.csv", [["key", "form"], ["MK-1", "markup"]]))
    view.show_record("MK-1")
    card = view.cards[("q", None)]
    assert (card.label.text(), card.label.textFormat()) == ("<b>x</b>", Qt.TextFormat.PlainText)
    assert (card.hint.text(), card.hint.textFormat()) == ("<i>hint</i>", Qt.TextFormat.PlainText)
    labels = {w.text(): w.textFormat() for w in view.scroll.widget().findChildren(QLabel)}
    for text in ("<b>Group</b>", "<u>group hint</u>", "<s>note</s>"):
        assert labels[text] == Qt.TextFormat.PlainText, text


def test_a_flag_note_that_looks_like_html_shows_literally(view, session):
    key = fresh_incident(session.store)
    session.flag(key, "<b>one crime</b> & two?")
    view.show_record(key)
    assert "&lt;b&gt;one crime&lt;/b&gt; &amp; two?" in view.flag_note.text()
    assert view.flag_note.textFormat() == Qt.TextFormat.RichText
