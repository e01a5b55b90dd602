"""A choice whose label holds "&" shows it: Qt would make "& x" a keyboard shortcut and hide the "&"."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox

from workbench.ui.review.choice_button import ChoiceButton
from workbench.ui.review.question_cards import MultiChoiceCard

from tests.factories import make_form, question


def test_a_choice_button_with_an_ampersand_makes_no_shortcut(qtbot):
    button = ChoiceButton("1", "Drugs & weapons")
    qtbot.addWidget(button)
    assert button.shortcut().isEmpty() and button.text() == "1  Drugs && weapons"


def test_a_multiple_choice_box_with_an_ampersand_makes_no_shortcut(qtbot):
    form = make_form("amp", question("what", "select_multiple things", "What?"),
                     choices=[{"list_name": "things", "name": "dw", "label": "Drugs & weapons"},
                              {"list_name": "things", "name": "other", "label": "Other"}])
    card = MultiChoiceCard(form, form.question("what"), None)
    qtbot.addWidget(card)
    box = card.findChildren(QCheckBox)[0]
    assert box.shortcut().isEmpty() and box.text().endswith("Drugs && weapons")
