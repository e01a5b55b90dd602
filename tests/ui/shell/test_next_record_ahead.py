"""The next record is laid out while the window is idle, and shows as the file holds it.

Once a record has shown, the window lays out the next one in the queue: its text in the
record pane's hidden text view, its checklist's page (when not the page on screen) brought
up to date, its row in the queue scrolled into view. Moving to it is then a switch of views. Whatever changes meanwhile, in the
window or from another program, the record shows as the audit holds it when it shows.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt

from workbench.core.records import Record
from workbench.ops.answering import answer
from workbench.ops.signoff import sign_off
from workbench.store.audit_store import AuditStore
from workbench.ui.review.question_cards import ChoiceCard
from workbench.ui.review.record_view import RecordView

from tests.factories import AUDITOR
from tests.ops.test_signoff import FCR, PASSPHRASE, make_key
from tests.ui.windows import open_window

pytestmark = pytest.mark.usefixtures("no_leaked_widgets")


@pytest.fixture
def window(qtbot, demo_store, ui_settings):
    return open_window(qtbot, demo_store, ui_settings)


def next_of_another_checklist(window, store) -> tuple[str, str]:
    """A record and the one after it in the queue, whose checklists differ."""
    forms = {row.key: row.form_id for row in store.queue()}
    keys = [window.model.key_at(row) for row in range(window.model.rowCount())]
    return next((a, b) for a, b in zip(keys, keys[1:]) if forms[a] != forms[b])


def on_record_then_idle(qtbot, window, key: str, following: str) -> None:
    window.go_to(key)
    qtbot.waitUntil(lambda: window.record_view.prepared_key == following)


def test_the_next_record_is_laid_out_once_the_window_is_idle(qtbot, window, demo_store):
    key, following = next_of_another_checklist(window, demo_store)
    on_record_then_idle(qtbot, window, key, following)
    assert window.checklist.prepared_key == following


def test_moving_on_shows_the_prepared_records_text_as_a_record_opened_afresh(qtbot, window, demo_store):
    key, following = next_of_another_checklist(window, demo_store)
    on_record_then_idle(qtbot, window, key, following)
    window.next_record()
    afresh = RecordView()
    qtbot.addWidget(afresh)
    afresh.show_record(demo_store.record(following))
    assert window.current_key == following and window.record_view.key_label.text() == following
    assert window.record_view.text.toPlainText() == afresh.text.toPlainText()


def test_moving_on_shows_the_prepared_records_checklist_as_the_file_holds_it(qtbot, window, demo_store):
    key, following = next_of_another_checklist(window, demo_store)
    window.session.answer(following, "auditable", None, "yes")
    on_record_then_idle(qtbot, window, key, following)
    window.next_record()
    card = window.checklist.cards[("auditable", None)]
    assert card.value == "yes" and card.buttons["yes"].isChecked()
    assert window.checklist.state.items[0].value == "yes"


def test_an_answer_given_after_the_next_record_was_prepared_shows_when_moving_to_it(qtbot, window, demo_store):
    key, following = next_of_another_checklist(window, demo_store)
    on_record_then_idle(qtbot, window, key, following)
    window.session.answer(following, "auditable", None, "no")
    assert window.checklist.prepared_key is None   # set aside: the page shows what was answered before
    window.next_record()
    card = window.checklist.cards[("auditable", None)]
    assert card.value == "no" and card.buttons["no"].isChecked() and not card.buttons["yes"].isChecked()


def test_an_answer_saved_by_another_program_after_preparing_shows_when_moving_on(qtbot, window, demo_store):
    key, following = next_of_another_checklist(window, demo_store)
    on_record_then_idle(qtbot, window, key, following)
    window.check_outside_changes()   # the window notes the file's version
    with AuditStore.open(demo_store.path) as other:
        answer(other, AUDITOR, following, "auditable", "no")
    window.check_outside_changes()
    window.next_record()
    assert window.checklist.cards[("auditable", None)].value == "no"


def test_preparing_the_next_record_does_not_log_it_as_consulted(qtbot, window, demo_store):
    key, following = next_of_another_checklist(window, demo_store)
    on_record_then_idle(qtbot, window, key, following)
    window.session.log_consultations()
    assert not [e for e in demo_store.events() if e.action == "record.view" and e.detail["record"] == following]


def test_a_sign_off_makes_every_kept_checklist_page_unanswerable(qtbot, window, demo_store, tmp_path):
    key, following = next_of_another_checklist(window, demo_store)
    on_record_then_idle(qtbot, window, key, following)   # pages for both checklists built
    window.check_outside_changes()
    with AuditStore.open(demo_store.path) as other:   # by the FCR, in another program
        sign_off(other, FCR, make_key(tmp_path), PASSPHRASE)
    window.check_outside_changes()
    window.next_record()
    assert not window.checklist.scroll.widget().isEnabled()
    assert not any(page.scroll.widget().isEnabled() for page in window.checklist._bodies.values())


def test_a_record_whose_source_changed_since_it_was_prepared_shows_its_new_text(qtbot, demo_store):
    view = RecordView()
    qtbot.addWidget(view)
    view.resize(600, 700)
    view.show()
    before = demo_store.record(demo_store.queue()[1].key)
    view.show_record(demo_store.record(demo_store.queue()[0].key))
    view.prepare(before)
    after = Record(before.key, before.form_id, {**before.fields, "summary": "A summary corrected in a later extract"},
                   before.form_version, source_row=before.source_row)
    view.show_record(after)
    assert "A summary corrected in a later extract" in view.text.toPlainText()


def test_a_next_record_that_cannot_be_read_is_left_for_the_move_to_report(qtbot, window, demo_store, monkeypatch):
    key, following = next_of_another_checklist(window, demo_store)
    read = window.session.record

    def unreadable(wanted):
        if wanted == following:
            raise KeyError(wanted)   # gone since the queue was read (another program removed it)
        return read(wanted)

    window.go_to(key)
    window.ahead_timer.stop()
    monkeypatch.setattr(window.session, "record", unreadable)
    window._prepare_next()   # as its timer would, once the window is idle
    assert window.record_view.prepared_key is None and window.checklist.prepared_key is None
    assert window.current_key == key


def last_row_wholly_in_view(table) -> int:
    view = table.viewport().rect()
    return max(r for r in range(table.model().rowCount()) if view.contains(table.visualRect(table.model().index(r, 0))))


def test_the_next_records_row_is_scrolled_into_view_once_the_window_is_idle(qtbot, window):
    table = window.queue.table
    row = last_row_wholly_in_view(table)
    key, following = window.model.key_at(row), window.model.key_at(row + 1)
    on_record_then_idle(qtbot, window, key, following)
    assert table.viewport().rect().contains(table.visualRect(window.model.index(row + 1, 0)))
    assert table.viewport().rect().contains(table.visualRect(window.model.index(row, 0)))


def test_the_list_stays_where_the_user_scrolled_it(qtbot, window):
    table = window.queue.table
    key, following = window.model.key_at(0), window.model.key_at(1)
    window.go_to(key)
    table.verticalScrollBar().setValue(table.verticalScrollBar().maximum())   # looking further down the list
    scrolled = table.verticalScrollBar().value()
    qtbot.waitUntil(lambda: window.record_view.prepared_key == following)
    assert scrolled > 0 and table.verticalScrollBar().value() == scrolled


# -- a long checklist: its first screen shows at once, the rest once the window is idle ------------
def onto_a_long_checklist(qtbot, window, store) -> str:
    """Move (from a record of another checklist, once it was prepared) onto a record whose
    checklist is longer than the pane; its questions below the first screen are not shown yet."""
    forms = {row.key: row.form_id for row in store.queue()}
    keys = [window.model.key_at(row) for row in range(window.model.rowCount())]
    for key, following in zip(keys, keys[1:]):
        if forms[key] != forms[following]:
            on_record_then_idle(qtbot, window, key, following)
            if window.checklist._ready is not None and window.checklist._ready.page.deferred:
                window.ahead_timer.stop()
                window.next_record()
                window.ahead_timer.stop()   # the window not idle yet
                return following
    raise AssertionError("no record of the demo has a checklist longer than the pane")


def cards_shown_as_their_questions_apply(window) -> bool:
    checklist = window.checklist
    return all(checklist.cards[item.key].isVisibleTo(checklist) == item.relevant
               for item in checklist.state.items if item.key in checklist.cards)


def test_a_long_checklist_shows_the_rest_of_its_questions_once_the_window_is_idle(qtbot, window, demo_store):
    key = onto_a_long_checklist(qtbot, window, demo_store)
    assert not cards_shown_as_their_questions_apply(window)   # those below the first screen wait
    window.ahead_timer.start()
    qtbot.waitUntil(lambda: cards_shown_as_their_questions_apply(window))
    assert window.current_key == key


def test_the_questions_waiting_keep_their_places_in_the_page(qtbot, window, demo_store):
    onto_a_long_checklist(qtbot, window, demo_store)
    body = window.checklist.scroll.widget()
    before = {key: card.mapTo(body, card.rect().topLeft()) for key, card in window.checklist.cards.items()}
    height = body.height()
    window.checklist.finish_showing()
    body.layout().activate()
    assert body.height() == height
    assert all(card.mapTo(body, card.rect().topLeft()) == before[key] for key, card in window.checklist.cards.items()
               if card.isVisibleTo(window.checklist))


def test_tab_straight_after_moving_on_reaches_the_questions_below(qtbot, window, demo_store):
    onto_a_long_checklist(qtbot, window, demo_store)
    focused = window.checklist.cards[window.checklist.current_question()].focus_target()
    qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert cards_shown_as_their_questions_apply(window)


def test_scrolling_straight_after_moving_on_shows_the_questions_scrolled_to(qtbot, window, demo_store):
    onto_a_long_checklist(qtbot, window, demo_store)
    checklist = window.checklist
    bar = checklist.scroll.verticalScrollBar()
    bar.setValue(bar.maximum())
    view = checklist.scroll.viewport()
    relevant = {item.key for item in checklist.state.items if item.relevant}
    in_view = [card for key, card in checklist.cards.items()
               if key in relevant and QRect(card.mapTo(view, QPoint()), card.size()).intersects(view.rect())]
    assert in_view and all(card.isVisibleTo(checklist) for card in in_view)


def test_an_answer_straight_after_moving_on_shows_each_question_as_it_applies(qtbot, window, demo_store):
    key = onto_a_long_checklist(qtbot, window, demo_store)
    card = next(c for c in window.checklist.cards.values() if isinstance(c, ChoiceCard) and c.isVisibleTo(window.checklist))
    window.session.answer(key, card.question.name, card.instance, next(iter(card.buttons)))
    assert cards_shown_as_their_questions_apply(window)
    # none keeps a place while hidden: a question that stops applying would leave a gap
    assert not [c for c in window.checklist.cards.values() if c.sizePolicy().retainSizeWhenHidden()]
