"""A long choice wraps inside its card: the card is never wider than the checklist pane.

At 1366 x 768 the checklist pane is about 466 pixels wide, and the user can narrow it to
360: a choice such as "C2 - additional verifiable information shows no crime" is longer
than a line there. Its button grows taller instead of wider, the key hint stays at the
start, and it is still one button with the choice as its accessible name.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QScrollArea

from workbench.ops.answering import current_answers
from workbench.ops.forms import add_form, builtin_forms
from workbench.ops.importing import import_sample
from workbench.ui.review.question_cards import ChoiceCard
from workbench.ui.shell.main_window import MainWindow

from tests.factories import AUDITOR, make_form, question, save_form_file, write_csv

pytestmark = pytest.mark.usefixtures("no_leaked_widgets")

# The built-in checklists' long choices (the longest first), e.g. "C2 - additional verifiable information
# shows no crime" and "Victims miscounted (one crime per victim not applied)".
LONG = sorted({c.label for form in builtin_forms().values() for c in form.choices if len(c.label) >= 40}, key=len, reverse=True)
CHOICES = [("short", "Not recorded at all"), *((f"long{n}", label) for n, label in enumerate(LONG)), ("other", "Other reason")]
CHOICE_PADDING = 1 + 12   # QToolButton#choice's border and padding on each side (ui/common/style.py)
CHECKLIST_WIDTHS = {"default": None, "narrowest": 360}   # None: as the window first lays out its panes

# The long labels as choices of questions, and of one inside a repeat (as the incident checklist's
# "Why was it not recorded?" is): a repeat's instances are indented the most.
LONG_FORM = make_form(
    "long_choices",
    question("first", "select_one reasons", "Why was it not recorded?"),
    question("second", "select_one reasons", "And why else?"),   # long enough for a scroll bar, as a real checklist
    {"type": "begin_repeat", "name": "crime", "label": "Crimes"},
    question("reason", "select_one reasons", "Why was it not recorded?"),
    {"type": "end_repeat"},
    title="Long choices",
    choices=[{"list_name": "reasons", "name": name, "label": label} for name, label in CHOICES],
)


@pytest.fixture
def window(app_look, open_review_window, demo_store, tmp_path):
    """The review window at 1366 x 768 on the demo audit, with a record of ``LONG_FORM`` (LONG-1)."""
    add_form(demo_store, AUDITOR, save_form_file(LONG_FORM, tmp_path / "long.toml"))
    import_sample(demo_store, AUDITOR, write_csv(tmp_path / "long.csv", [["key", "form"], ["LONG-1", "long_choices"]]))
    return open_review_window(demo_store)


def at_width(qtbot, window: MainWindow, width: int | None) -> None:
    if width is not None:
        sizes = window.splitter.sizes()
        window.splitter.setSizes([sizes[0], sum(sizes[1:]) - width, width])
        qtbot.waitUntil(lambda: window.checklist.width() == width)


def showing(qtbot, window: MainWindow, key: str) -> QScrollArea:
    """Show ``key``'s checklist and wait until the pane has laid it out (its scroll bar shown or not)."""
    window.go_to(key)
    scroll = window.checklist.scroll
    seen: list = [None]

    def settled() -> bool:   # the same sizes at two looks, with the window's events handled between them
        now = (scroll.isVisible(), scroll.widget().size(), scroll.viewport().size(), scroll.verticalScrollBar().isVisible())
        same, seen[0] = now == seen[0], now
        return same and now[0]

    qtbot.waitUntil(settled)
    return scroll


def assert_every_card_fits(scroll: QScrollArea, cards) -> None:
    """No card reaches past the pane's viewport: nothing clipped, no sideways scrolling."""
    viewport = scroll.viewport()
    assert scroll.widget().width() <= viewport.width()
    assert scroll.horizontalScrollBar().maximum() == 0
    for card in cards:
        if card.isVisibleTo(scroll):
            left, right = card.mapTo(viewport, QPoint(0, 0)).x(), card.mapTo(viewport, QPoint(card.width(), 0)).x()
            assert 0 <= left and right <= viewport.width(), card.key


def assert_shown_whole(card: ChoiceCard, name: str) -> None:
    """The button shows every word: on one line with room for its text and the style's padding,
    or taller than one line as its words need at its width; and it lies inside the card."""
    button = card.buttons[name]
    room = button.width() - 2 * CHOICE_PADDING
    assert room >= button.fontMetrics().horizontalAdvance(button.text()) or wrapped(card, name), name
    assert button.height() == button.heightForWidth(button.width()), name
    assert button.mapTo(card, QPoint(button.width(), 0)).x() <= card.contentsRect().right(), name


def wrapped(card: ChoiceCard, name: str) -> bool:
    button = card.buttons[name]
    return button.height() > button.sizeHint().height()


@pytest.mark.parametrize("pane", CHECKLIST_WIDTHS)
def test_the_longest_built_in_choices_wrap_and_every_card_fits_the_pane(qtbot, window, pane):
    at_width(qtbot, window, CHECKLIST_WIDTHS[pane])
    scroll = showing(qtbot, window, "LONG-1")
    assert scroll.verticalScrollBar().isVisible()
    assert_every_card_fits(scroll, window.checklist.cards.values())
    first, in_a_crime = window.checklist.cards[("first", None)], window.checklist.cards[("reason", 1)]
    assert LONG and in_a_crime.buttons["long0"].text() == f"2  {LONG[0]}"
    for card in (first, in_a_crime):
        for name, _label in CHOICES:
            assert_shown_whole(card, name)
    shrunk = [b for b in in_a_crime.buttons.values() if b.width() < b.sizeHint().width()]
    assert shrunk                                          # some are longer than their line in either pane
    if pane == "narrowest":
        assert all(wrapped(card, f"long{n}") for card in (first, in_a_crime) for n in range(len(LONG)))


def test_a_wrapped_choice_keeps_its_key_hint_its_name_and_answers_as_one_button(qtbot, window, demo_store):
    at_width(qtbot, window, CHECKLIST_WIDTHS["narrowest"])
    showing(qtbot, window, "LONG-1")
    card = window.checklist.cards[("first", None)]
    button = card.buttons["long0"]
    assert wrapped(card, "long0")
    assert button.text() == f"2  {LONG[0]}" and button.accessibleName() == LONG[0]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(button.width() // 2, button.height() - 4))
    assert current_answers(demo_store, "LONG-1") == {("first", None): "long0"}
    window.checklist.focus_question("first")
    qtbot.keyClick(card, str(len(CHOICES)))
    assert current_answers(demo_store, "LONG-1") == {("first", None): "other"}


def test_a_short_choice_keeps_its_one_line_size(qtbot, window):
    at_width(qtbot, window, CHECKLIST_WIDTHS["narrowest"])
    showing(qtbot, window, "LONG-1")
    short = window.checklist.cards[("first", None)].buttons["short"]
    assert short.size() == short.sizeHint()


# The cases first seen, in the demo audit: the answers that bring the question up, and its long choice.
DEMO_CASES = {
    "cancelled crime, C2": ("cancelled_crime", {("auditable", None): "yes"}, ("cancellation_code", None), "C2"),
    "incident, crime 1": ("incident", {("auditable", None): "yes", ("discloses_crime", None): "yes", ("recorded", 1): "no"},
                          ("not_recorded_reason", 1), "wrong_victim_count"),
}


@pytest.mark.parametrize("pane", CHECKLIST_WIDTHS)
@pytest.mark.parametrize("case", DEMO_CASES)
def test_the_demo_checklists_fit_the_pane_with_their_long_choices(qtbot, window, demo_store, case, pane):
    form_id, answers, question_key, choice = DEMO_CASES[case]
    at_width(qtbot, window, CHECKLIST_WIDTHS[pane])
    key = demo_store.queue(form_id=form_id, progress="not_started")[0].key
    for (name, instance), value in answers.items():
        window.session.answer(key, name, instance, value)
    scroll = showing(qtbot, window, key)
    card = window.checklist.cards[question_key]
    assert card.isVisibleTo(scroll)
    assert_every_card_fits(scroll, window.checklist.cards.values())
    assert_shown_whole(card, choice)
