"""The FCR's desk in the window: sides side by side, disagreements marked, a complete determination saved."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QComboBox, QLineEdit

from workbench.core.audit import Actor, Role
from workbench.core.records import AnswerChange
from workbench.ui.adjudication.adjudication_dialog import FINAL, PEER, QUESTION, TEAM, AdjudicationDialog
from workbench.ui.common.session import Session

pytestmark = pytest.mark.usefixtures("no_leaked_widgets")

FCR = Actor("F. Registrar", Role.FCR, "Test Constabulary")
PEER_REVIEWER = Actor("P. Reviewer", Role.PEER, "Other Constabulary")


@pytest.fixture
def disputed(demo_store):
    """A complete, compliant incident record that the peer judged differently: the crime was not recorded."""
    for row in demo_store.queue(form_id="incident", progress="complete"):
        team = {(a.question, a.instance): a.value for a in demo_store.answers(record_key=row.key)}
        if row.compliant and team.get(("recorded", 1)) == "yes" and ("crime_ref", 1) in team:
            key = row.key
            break
    peer = [AnswerChange(key, q, i, v) for (q, i), v in team.items()
            if not (i == 1 and q in ("recorded", "crime_ref", "timely", "classified_ok"))]
    peer += [AnswerChange(key, "recorded", 1, "no"), AnswerChange(key, "not_recorded_reason", 1, "not_recorded"),
             AnswerChange(key, "rationale", None, "No crime record was made.", free_text=True)]
    demo_store.set_answers(PEER_REVIEWER, peer, review_round=2)
    return key


@pytest.fixture
def dialog(qtbot, demo_store, disputed):
    session = Session(demo_store, FCR)
    widget = AdjudicationDialog(session, disputed)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def row_of(dialog, label_start: str) -> int:
    return next(r for r in range(dialog.table.rowCount())
                if dialog.table.item(r, QUESTION).text().lstrip("≠ ").startswith(label_start))


def test_the_sides_stand_side_by_side_with_the_disagreement_marked(dialog):
    row = row_of(dialog, "Crime 1: Was this crime recorded")
    assert dialog.table.item(row, QUESTION).text().startswith("≠ ")
    assert (dialog.table.item(row, TEAM).text(), dialog.table.item(row, PEER).text()) == ("Yes", "No")
    assert isinstance(dialog.table.cellWidget(row, FINAL), QComboBox)
    assert "confirms the audit team" in dialog.status.text() and dialog.save_button.isEnabled()


def test_taking_the_peers_side_needs_a_reason_then_saves_a_final_determination(qtbot, dialog, demo_store, disputed):
    dialog.take_peer.click()
    assert "overrules the audit team" in dialog.status.text() and not dialog.save_button.isEnabled()
    qtbot.keyClicks(dialog.reason, "The log shows no crime record was made.")
    assert dialog.save_button.isEnabled()
    dialog.save_button.click()
    determination = demo_store.determinations()[disputed]
    assert (determination.based_on, determination.decided_by) == ("peer", "F. Registrar")
    assert "Saved" in dialog.status.text()


def test_an_answer_that_makes_more_questions_apply_blocks_saving_until_they_are_answered(qtbot, dialog):
    row = row_of(dialog, "Crime 1: Was this crime recorded")
    box = dialog.table.cellWidget(row, FINAL)
    box.setCurrentIndex(box.findData("no"))
    box.activated.emit(box.currentIndex())
    qtbot.waitUntil(lambda: "Still needed" in dialog.status.text())
    assert "Why was it not recorded" in dialog.status.text() or "not recorded" in dialog.status.text().lower()
    assert not dialog.save_button.isEnabled()


def test_clicking_the_peers_answer_takes_it(dialog):
    row = row_of(dialog, "Crime 1: Was this crime recorded")
    dialog.table.cellClicked.emit(row, PEER)
    row = row_of(dialog, "Crime 1: Was this crime recorded")
    assert dialog.table.cellWidget(row, FINAL).currentData() == "no"


def test_the_fcr_can_remove_a_crime(dialog):
    before = dialog._state().instances.get("crimes", 0)
    dialog._remove_instance("crimes", 1)
    assert dialog._state().instances.get("crimes", 0) == before - 1


def test_free_text_answers_are_edited_in_a_line(dialog):
    row = row_of(dialog, "Crime 1: Crime reference")
    assert isinstance(dialog.table.cellWidget(row, FINAL), QLineEdit)
