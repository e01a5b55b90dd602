"""Column mappings and the layout a profile is recognised by."""

from __future__ import annotations

from workbench.core.mapping import ColumnMapping, check_profile_name, layout_of


def test_the_same_headings_in_any_order_and_case_have_one_layout():
    assert layout_of(["Incident ref", "Reported  at", "Area"]) == layout_of(["area", "incident REF", "Reported at"])


def test_other_headings_have_another_layout():
    assert layout_of(["Incident ref", "Area"]) != layout_of(["Incident ref", "Area", "Officer"])


def test_a_mapping_round_trips_through_its_stored_form():
    mapping = ColumnMapping("Incident ref", None, "incident", {"recorded": "Recorded at", "reported": "Reported at"})
    assert ColumnMapping.from_dict(mapping.to_dict()) == mapping
    assert list(mapping.to_dict()["roles"]) == ["reported", "recorded"]


def test_a_profile_name_must_be_short_plain_text():
    assert check_profile_name("STORM monthly") is None
    assert check_profile_name("  ") and check_profile_name("x" * 81) and check_profile_name("bad\x1b[2Jname")
