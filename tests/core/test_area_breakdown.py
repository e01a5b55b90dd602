"""Crimes by area (issue 12, "Breakdowns ... by area"): the area is an imported column, read from a record
field named like "area" while imports do not yet map fields."""

from __future__ import annotations

import pytest

from workbench.core.findings import AuditedRecord, Count, area_breakdown, area_field

from tests.core.test_breakdowns import crime, incident


@pytest.mark.parametrize("names, found", [(["key", "reported", "Area", "officer"], "Area"),
                                          (["key", "Policing area", "narrative"], "Policing area"),
                                          (["key", "area_name", "area"], "area"),   # the exact name first
                                          (["key", "arena", "areas_covered"], None), (["key"], None)])
def test_the_area_column_is_one_named_like_area(names, found):
    assert area_field(names) == found


def in_area(record: AuditedRecord, area: str, weight: int = 1) -> AuditedRecord:
    return AuditedRecord(record.key, record.form_id, record.answers, record.progress, weight, area)


def test_crimes_by_area_with_their_recording_rate_weights_counted():
    records = [in_area(incident(crime(), crime(recorded="no")), "North"),
               in_area(incident(crime()), "South", weight=3),
               in_area(incident(crime(recorded="no"), form="referral", referring_agency="health"), "North"),
               in_area(incident(crime()), "")]
    rows = {r.label: (r.number, r.count) for r in area_breakdown(records, "area").rows}
    assert rows == {"North": (3, Count(1, 3)), "South": (3, Count(3, 3)), "Not given": (1, Count(1, 1))}


def test_no_area_given_no_breakdown():
    assert area_breakdown([incident(crime())], "area") is None
