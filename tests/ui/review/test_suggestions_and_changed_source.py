"""The timeliness suggestion on its card, and the banner of a record whose source changed since review."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from workbench.ops.answering import answer_many
from workbench.ops.importing import import_sample
from workbench.ui.common.session import Session
from workbench.ui.review.checklist_view import ChecklistView
from workbench.ui.review.record_view import RecordView
from workbench.ui.review.source_change_banner import excerpts

from tests.factories import AUDITOR, make_audit, write_csv

pytestmark = pytest.mark.usefixtures("no_leaked_widgets")
HEADER = ["key", "form", "reported", "recorded", "narrative"]
LATE = ["INC-1", "incident", "14/03/2024 14:02", "15/03/2024 21:02", "Caller reports a theft."]


@pytest.fixture
def store(tmp_path):
    store = make_audit(tmp_path)
    import_sample(store, AUDITOR, write_csv(tmp_path / "s.csv", [HEADER, LATE]))
    answer_many(store, AUDITOR, "INC-1", [("auditable", None, "yes", None), ("discloses_crime", None, "yes", None),
                                          ("offence_group", 1, "theft", None), ("recorded", 1, "yes", None)])
    yield store
    store.close()


@pytest.fixture
def session(store):
    s = Session(store, AUDITOR)
    yield s
    s.jobs.wait()


@pytest.fixture
def checklist(qtbot, session):
    view = ChecklistView(session)
    qtbot.addWidget(view)
    view.resize(600, 900)
    view.show()
    view.show_record("INC-1")
    return view


def test_the_timely_card_shows_the_suggestion_and_why(checklist):
    card = checklist.cards[("timely", 1)]
    assert card.suggestion.isVisibleTo(checklist)
    assert card.suggestion.text() == ("Suggestion: Recorded 31 hours after the report: over the 24-hour limit: "
                                      "suggests No. Press N to take it.")
    assert card.buttons["no"].property("suggested") == "true" and card.buttons["yes"].property("suggested") != "true"
    assert "Suggestion: Recorded 31 hours" in card.focus_target().accessibleDescription()


def test_the_suggestion_is_not_an_answer_until_the_auditor_picks_it(qtbot, checklist, store):
    card = checklist.cards[("timely", 1)]
    assert card.value is None and not any(a.question == "timely" for a in store.answers(record_key="INC-1"))
    checklist.focus_question("timely", 1)
    qtbot.keyClick(card, Qt.Key.Key_N)
    assert [a.value for a in store.answers(record_key="INC-1") if a.question == "timely"] == ["no"]


def test_once_answered_the_suggestion_stays_as_a_reminder_without_the_key(checklist, session):
    session.answer("INC-1", "timely", 1, "yes")
    card = checklist.cards[("timely", 1)]
    assert card.suggestion.property("answered") == "true" and "Press" not in card.suggestion.text()
    assert card.buttons["no"].property("suggested") != "true"


def test_other_questions_get_no_suggestion(checklist):
    assert not checklist.cards[("recorded", 1)].suggestion.isVisibleTo(checklist)


# -- the record view ------------------------------------------------------------------------------

@pytest.fixture
def record_view(qtbot):
    view = RecordView()
    qtbot.addWidget(view)
    view.resize(700, 700)
    view.show()
    return view


def test_the_record_view_shows_the_elapsed_time(record_view, session, store):
    record_view.show_record(store.record("INC-1"), "Incident record")
    record_view.show_insights(session.insights("INC-1"))
    assert record_view.timing.isVisibleTo(record_view)
    assert "31 hours after the report (limit 24 hours)" in record_view.timing.text()


def test_a_record_answered_before_its_source_changed_shows_a_banner_with_old_and_new(record_view, session, store, tmp_path):
    changed = [*LATE[:4], "Caller reports a theft <b>and an assault</b>."]
    import_sample(store, AUDITOR, write_csv(tmp_path / "march.csv", [HEADER, changed]), skip_bad_rows=True)
    record_view.show_record(store.record("INC-1"), "Incident record")
    record_view.show_insights(session.insights("INC-1"))
    banner = record_view.source_banner
    assert banner.isVisibleTo(record_view)
    text = banner.text.text()
    assert "Source changed since review." in text and "march.csv, row 2" in text
    assert "Caller reports a theft." in text and "&lt;b&gt;and an assault&lt;/b&gt;" in text   # the force's text, escaped
    assert banner.accessibleDescription() == "1 field(s) differ: Narrative"
    assert store.record("INC-1").fields["narrative"] == "Caller reports a theft."


def test_a_record_without_a_changed_source_has_no_banner(record_view, session, store):
    record_view.show_record(store.record("INC-1"), "Incident record")
    record_view.show_insights(session.insights("INC-1"))
    assert not record_view.source_banner.isVisibleTo(record_view)


def test_a_long_value_shows_the_part_that_changed():
    log = "Long log. " * 60
    old, new = excerpts(log, log + "16:05 Update: the suspect also pushed her.")
    assert new.startswith("…") and new.endswith("16:05 Update: the suspect also pushed her.")
    assert len(new) < 120 and old.startswith("…")


# -- in the window ---------------------------------------------------------------------------

def test_the_window_shows_the_banner_as_soon_as_an_import_changes_the_open_record(qtbot, store, ui_settings, tmp_path):
    from workbench.ops.importing import plan_import, write_import
    from workbench.ui.common.session import Changes
    from workbench.ui.shell.main_window import MainWindow

    session = Session(store, AUDITOR)
    window = MainWindow(session, ui_settings)
    qtbot.addWidget(window)
    window.show()
    window.go_to("INC-1")
    assert "31 hours after the report" in window.record_view.timing.text()
    assert not window.record_view.source_banner.isVisibleTo(window)
    plan = plan_import(store, write_csv(tmp_path / "march.csv", [HEADER, [*LATE[:4], "Changed."]]), accept_changes=True)
    session.run(Changes(queue=True), write_import, store, AUDITOR, plan)
    assert window.record_view.source_banner.isVisibleTo(window)
    session.jobs.wait()
