"""Dates and times in a source column: read strictly, never guessed."""

from __future__ import annotations

import datetime as dt

import pytest

from workbench.core.timestamps import parse_timestamp, within_period


@pytest.mark.parametrize("text, moment, has_time", [
    ("2024-03-14", dt.datetime(2024, 3, 14), False),
    ("2024-03-14 14:02", dt.datetime(2024, 3, 14, 14, 2), True),
    ("2024-03-14T14:02:30", dt.datetime(2024, 3, 14, 14, 2, 30), True),
    ("2024-03-14T14:02:00+01:00", dt.datetime(2024, 3, 14, 13, 2), True),
    ("14/03/2024", dt.datetime(2024, 3, 14), False),
    ("14/03/2024 14:02", dt.datetime(2024, 3, 14, 14, 2), True),
    ("4-3-2024 09:05:10", dt.datetime(2024, 3, 4, 9, 5, 10), True),
    ("14.03.2024", dt.datetime(2024, 3, 14), False),
    ("14 Mar 2024", dt.datetime(2024, 3, 14), False),
    ("14 September 2024 23:59", dt.datetime(2024, 9, 14, 23, 59), True),
    ("14-Sept-2024", dt.datetime(2024, 9, 14), False),
])
def test_the_forms_forces_write_are_read(text, moment, has_time):
    stamp = parse_timestamp(text)
    assert (stamp.moment, stamp.has_time) == (moment, has_time)


@pytest.mark.parametrize("text", [
    "not a date", "", "31/02/2024", "14/03/24", "2024-13-01", "14/03/2024 25:00", "03-14-2024", "14 Smarch 2024",
    "yesterday", "45000", "2024-03-14 14:02 and more",
])
def test_anything_else_is_not_a_date(text):
    assert parse_timestamp(text) is None


def test_a_day_first_date_is_never_read_month_first():
    assert parse_timestamp("03/04/2024").moment == dt.datetime(2024, 4, 3)


def test_a_date_alone_stands_for_the_whole_day():
    stamp = parse_timestamp("14/03/2024")
    assert (stamp.earliest(), stamp.latest()) == (dt.datetime(2024, 3, 14), dt.datetime(2024, 3, 15))


def test_dates_read_in_english_words():
    assert parse_timestamp("2024-03-04 07:05").words() == "4 Mar 2024 07:05"


@pytest.mark.parametrize("text, inside", [
    ("2024-01-01 00:00", True), ("2024-12-31 23:59", True), ("2023-12-31 23:59", False), ("2025-01-01", False),
])
def test_the_period_includes_both_of_its_days(text, inside):
    assert within_period(parse_timestamp(text), "2024-01-01", "2024-12-31") is inside


def test_a_period_without_an_end_is_open():
    assert within_period(parse_timestamp("2030-01-01"), "2024-01-01", "")


@pytest.mark.parametrize("text", [
    "2024-03-14", "2024-03-14 14:02", "2024-03-14T14:02:30", "2024-02-30", "2024-03-14T23:30:00+00:00",
    "2024-03-14T00:30:00+01:00", "14/03/2024 14:02", "not a date", "2024-03-14 25:00", "2024-03-14x14:02",
])
def test_the_quick_day_agrees_with_the_full_reading(text):
    from workbench.core.timestamps import day_of

    stamp = parse_timestamp(text)
    assert day_of(text) == (stamp.day.isoformat() if stamp else None)
