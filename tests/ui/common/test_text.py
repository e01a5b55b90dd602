"""How dates, counts and names are shown."""

from __future__ import annotations

import pytest

from workbench.ui.common.text import as_date_text, count, field_label, form_label, instance_noun


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("2024-03-14 14:02", "Thu 14 Mar 2024, 14:02"),
        ("2024-03-14T14:02:59.123+00:00", "Thu 14 Mar 2024, 14:02"),
        ("2024-01-05", "Fri 5 Jan 2024"),
        ("2024-02-30", None),
        ("24/000001/24", None),
        ("PC 4146", None),
    ],
)
def test_iso_dates_are_shown_as_dates(value, shown):
    assert as_date_text(value) == shown


def test_names_and_counts():
    assert field_label("offender_age") == "Offender age"
    assert form_label("cancelled_crime") == "Cancelled crime"
    assert form_label("n100") == "N100"
    assert count(1200) == "1,200"
    assert instance_noun("crimes") == "Crime"
    assert instance_noun("parties") == "Party"

