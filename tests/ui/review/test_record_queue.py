"""The record queue: a thin model over the store's queue, filtered in SQL."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from workbench.ops.answering import answer
from workbench.ops.flags import flag_record
from workbench.ui.review.queue_model import CHECKLIST, COMPLIANCE, KEY, STATE, RecordQueueModel
from workbench.ui.review.record_queue import RecordQueueView

from tests.factories import AUDITOR

pytestmark = pytest.mark.usefixtures("no_leaked_widgets")


def texts(model, column):
    return [model.index(r, column).data() for r in range(model.rowCount())]


def first_not_started(store, form_id="incident"):
    return store.queue(form_id=form_id, progress="not_started")[0].key


def test_the_model_passes_the_model_tester(qtmodeltester, demo_store):
    model = RecordQueueModel(demo_store)
    qtmodeltester.check(model)
    assert model.rowCount() == 60 and model.columnCount() == 4


def test_it_still_passes_after_a_filter_a_sort_and_a_row_refresh(qtmodeltester, demo_store):
    model = RecordQueueModel(demo_store)
    model.set_filters(form_id="incident")
    qtmodeltester.check(model)
    model.sort(STATE, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)
    key = first_not_started(demo_store)
    answer(demo_store, AUDITOR, key, "auditable", "no")
    model.refresh_record(key)
    qtmodeltester.check(model)
    assert model.index(model.row_of(key), STATE).data() == "Complete"
    assert model.index(model.row_of(key), COMPLIANCE).data() == "✓ Yes"


def test_states_and_compliance_are_words_not_only_colours(demo_store):
    model = RecordQueueModel(demo_store)
    assert set(texts(model, STATE)) == {"Not started", "In progress", "Complete"}
    assert set(texts(model, COMPLIANCE)) == {"", "✓ Yes", "✗ No", "– Unable"}
    words = {model.index(r, COMPLIANCE).data(Qt.ItemDataRole.AccessibleTextRole) for r in range(model.rowCount())
             if model.index(r, COMPLIANCE).data()}
    assert words == {"Compliant", "Non-compliant", "Unable to determine: left out of the compliance count"}
    assert "Incident" in texts(model, CHECKLIST) and "PND" in texts(model, CHECKLIST)
    assert model.index(0, STATE).data(Qt.ItemDataRole.ForegroundRole) is not None


def test_filters_by_state_checklist_text_and_flag(demo_store):
    model = RecordQueueModel(demo_store)
    model.set_filters(state="complete")
    assert set(texts(model, STATE)) == {"Complete"}
    model.set_filters(form_id="n100")
    assert texts(model, CHECKLIST) == ["N100"] * 4
    key = demo_store.queue()[5].key
    model.set_filters(text=key)
    assert texts(model, KEY) == [key]
    flag_record(demo_store, AUDITOR, key, "Is this one crime or two?")
    model.refresh_record(key)  # what the window does when the session says the record changed
    model.set_filters(state="flagged")
    assert texts(model, KEY) == [key]
    assert texts(model, STATE)[0].startswith("⚑ ")
    assert model.index(0, STATE).data(Qt.ItemDataRole.AccessibleTextRole).startswith("Flagged for the FCR")


def test_sorting_reorders_the_cached_rows(demo_store):
    model = RecordQueueModel(demo_store)
    model.sort(KEY, Qt.SortOrder.AscendingOrder)
    keys = texts(model, KEY)
    assert keys == sorted(keys)
    model.sort(KEY, Qt.SortOrder.DescendingOrder)
    assert texts(model, KEY) == sorted(keys, reverse=True)
    model.sort(-1)
    assert texts(model, KEY) == [r.key for r in demo_store.queue()]


def test_the_view_starts_in_sample_order(qtbot, demo_store):
    view = RecordQueueView(RecordQueueModel(demo_store))
    qtbot.addWidget(view)
    assert [view.model.key_at(r) for r in range(3)] == [r.key for r in demo_store.queue()[:3]]


def test_progress_counts_follow_answers(demo_store):
    model = RecordQueueModel(demo_store)
    before = model.counts()
    key = first_not_started(demo_store)
    answer(demo_store, AUDITOR, key, "auditable", "no")
    model.refresh_record(key)
    after = model.counts()
    assert after[("incident", "complete")] == before[("incident", "complete")] + 1


def test_counts_cover_the_whole_audit_whatever_the_filter(demo_store):
    model = RecordQueueModel(demo_store)
    everything = model.counts()
    model.set_filters(form_id="pnd")
    assert model.counts() == everything
    key = first_not_started(demo_store, "incident")
    answer(demo_store, AUDITOR, key, "auditable", "no")
    model.refresh_record(key)  # not shown under this filter
    assert model.counts()[("incident", "complete")] == everything[("incident", "complete")] + 1
    assert sum(model.counts().values()) == 60


def test_next_and_next_incomplete(demo_store):
    model = RecordQueueModel(demo_store)
    first, second = model.key_at(0), model.key_at(1)
    assert model.neighbour(first, 1) == second
    assert model.neighbour(second, -1) == first
    assert model.neighbour(first, -1) is None
    nxt = model.next_incomplete(first)
    assert demo_store.queue_row(nxt).progress != "complete"


def test_the_view_filters_after_typing_and_shows_progress(qtbot, demo_store):
    view = RecordQueueView(RecordQueueModel(demo_store))
    qtbot.addWidget(view)
    key = demo_store.queue(form_id="referral")[0].key
    qtbot.keyClicks(view.search, key)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    assert view.model.key_at(0) == key
    assert view.shown.text() == "1 of 60"
    assert view.progress.overall_label.text().endswith("37 of 60 complete")
    view.search.clear()
    qtbot.waitUntil(lambda: view.model.rowCount() == 60)
    view.state_box.setCurrentIndex(view.state_box.findData("in_progress"))
    assert view.model.rowCount() == 4
    view.form_box.setCurrentIndex(view.form_box.findData("caution"))
    assert view.model.rowCount() == 2


def test_picking_a_row_announces_the_record(qtbot, demo_store):
    view = RecordQueueView(RecordQueueModel(demo_store))
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.record_chosen) as chosen:
        view.table.setCurrentIndex(view.model.index(3, 0))
    assert chosen.args == [view.model.key_at(3)]
    with qtbot.assertNotEmitted(view.record_chosen):
        view.select_key(view.model.key_at(5))
    assert view.current_key() == view.model.key_at(5)


def test_the_disagreements_filter_keeps_the_records_a_peer_answered_differently(demo_store):
    from workbench.core.audit import Actor, Role
    from workbench.ops.answering import answer_many

    peer = Actor("P. Peer", Role.PEER)
    agreed, differs = [a.record_key for a in demo_store.answers() if a.question == "auditable" and a.value == "yes"][:2]
    answer_many(demo_store, peer, agreed, [("auditable", None, "yes", None)], review_round=2)
    answer_many(demo_store, peer, differs, [("auditable", None, "no", None)], review_round=2)
    model = RecordQueueModel(demo_store)
    model.set_filters(state="disagreements")
    assert texts(model, KEY) == [differs]
