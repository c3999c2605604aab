"""Tests for pipeline.datenorm: parsing and resolving date mentions (SPEC §5)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.datenorm import Point, choose_year, normalise, parse_date_text, resolve_weekday

PUB = dt.date(2021, 10, 22)  # the seed's published date (a Friday)

FORMS = [
    ("October 20", "2021-10-20", None, "day", None),
    ("20 October", "2021-10-20", None, "day", None),
    ("the 20th of October", "2021-10-20", None, "day", None),
    ("15 November 2014", "2014-11-15", None, "day", None),
    ("October 20, 2021", "2021-10-20", None, "day", None),
    ("Wednesday, October 20", "2021-10-20", None, "day", None),
    ("Sept. 11", "2021-09-11", None, "day", None),
    ("Feb. 15", "2021-02-15", None, "day", None),
    ("2021.10.20", "2021-10-20", None, "day", None),
    ("October 6-7", "2021-10-06", "2021-10-07", "day", None),
    ("October 6\u20137", "2021-10-06", "2021-10-07", "day", None),
    ("October 6 to 7", "2021-10-06", "2021-10-07", "day", None),
    ("July 3 to 6", "2021-07-03", "2021-07-06", "day", None),
    ("October 23 till 25", "2021-10-23", "2021-10-25", "day", None),
    ("between 3 and 5 March", "2021-03-03", "2021-03-05", "day", None),
    ("6-7 October 2020", "2020-10-06", "2020-10-07", "day", None),
    ("October 30 to November 2", "2021-10-30", "2021-11-02", "day", None),
    ("October 30-November 2", "2021-10-30", "2021-11-02", "day", None),
    ("Monday, June 27, to Wednesday, June 29, 2022", "2022-06-27", "2022-06-29", "day", None),
    ("December 2020", "2020-12", None, "month", None),
    ("August", "2021-08", None, "month", None),
    ("March to May", "2021-03", "2021-05", "month", None),
    ("2016", "2016", None, "year", None),
    ("2014-2017", "2014", "2017", "year", None),
    ("2014-17", "2014", "2017", "year", None),
    ("2024-25", "2024", "2025", "year", None),  # a financial year
    ("2024-05", "2024-05", None, "month", None),  # not a range of years: May 2024
    ("this year", "2021", None, "year", None),
    ("This year", "2021", None, "year", None),
    ("last year", "2020", None, "year", None),
    ("next year", "2022", None, "year", None),
    ("this month", "2021-10", None, "month", None),
    ("next month", "2021-11", None, "month", None),
    ("last month", "2021-09", None, "month", None),
    ("November last year", "2020-11", None, "month", None),
    ("the end of the year", "2021", None, "year", "end"),
    ("the end of this month", "2021-10", None, "month", "end"),
    ("the end of 2022", "2022", None, "year", "end"),
    ("the beginning of next year", "2022", None, "year", "start"),
    ("year-end", "2021", None, "year", "end"),
    ("early next year", "2022", None, "year", "start"),
    ("mid-2022", "2022", None, "year", "mid"),
    ("mid-October", "2021-10", None, "month", "mid"),
    ("late October", "2021-10", None, "month", "end"),
    ("the first half of next year", "2022", None, "year", "start"),
    ("the second half of the year", "2021", None, "year", "end"),
    ("Wednesday", "2021-10-20", None, "day", None),
]


@pytest.mark.parametrize(("text", "value", "value_end", "granularity", "modifier"), FORMS)
def test_datenorm_forms(text, value, value_end, granularity, modifier):
    res = normalise(text, PUB)
    assert res is not None
    assert (res.value, res.value_end, res.granularity, res.modifier) == (
        value, value_end, granularity, modifier)


@pytest.mark.parametrize("text", ["two years", "three days", "four meetings", "annual", "weekly",
                                  "14:30 KST", "today", "tonight", "recently", "currently",
                                  "post-COVID-19 era", "30th", "Session 1", "the past two years"])
def test_datenorm_not_dates(text):
    assert parse_date_text(text) is None


@pytest.mark.parametrize(("published", "text", "value"), [
    (dt.date(2022, 1, 5), "December 28", "2021-12-28"),
    (dt.date(2021, 12, 20), "January 10", "2022-01-10"),
    (dt.date(2021, 10, 22), "January 20", "2022-01-20"),
    (dt.date(2021, 10, 22), "February", "2021-02"),
    (dt.date(2021, 3, 2), "December 3-4", "2020-12-03"),
])
def test_datenorm_window_rule(published, text, value):
    assert normalise(text, published).value == value


def test_datenorm_range_across_new_year():
    res = normalise("December 28 to January 3", dt.date(2022, 1, 5))
    assert (res.value, res.value_end) == ("2021-12-28", "2022-01-03")


@pytest.mark.parametrize(("published", "text", "tense", "value"), [
    (dt.date(2016, 4, 29), "October", "future", "2016-10"),
    (dt.date(2016, 4, 29), "October", None, "2015-10"),
    (dt.date(2021, 10, 22), "December 5", "past", "2021-12-05"),  # past keeps the window
    (dt.date(2021, 10, 22), "October 20", "past", "2021-10-20"),
    (dt.date(2021, 10, 22), "October 10", "future", "2022-10-10"),
    (dt.date(2021, 10, 22), "October 21", "future", "2021-10-21"),  # slack
    (dt.date(2021, 10, 22), "October", "future", "2021-10"),
])
def test_datenorm_tense(published, text, tense, value):
    assert normalise(text, published, tense).value == value


def test_datenorm_anchor_year_governs():
    assert normalise("June", PUB, None, anchor_year=2018).value == "2018-06"
    # an anchor that contradicts the tense gives way
    assert normalise("June", PUB, "future", anchor_year=2018).value == "2022-06"


@pytest.mark.parametrize(("tense", "expected"), [
    ("past", dt.date(2021, 10, 20)),
    ("future", dt.date(2021, 10, 27)),
    (None, dt.date(2021, 10, 20)),
])
def test_datenorm_weekday(tense, expected):
    assert resolve_weekday(2, PUB, tense) == expected  # Wednesday


def test_datenorm_weekday_on_published_day():
    assert resolve_weekday(4, PUB, "future") == PUB


def test_datenorm_without_reference():
    assert normalise("October 20", None).value == "XXXX-10-20"
    assert normalise("October 20, 2021", None).value == "2021-10-20"
    assert normalise("this year", None) is None


def test_datenorm_choose_year_month():
    assert choose_year(Point(month=1), dt.date(2021, 10, 22)) == 2022


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)),
       st.sampled_from(["{m} {d}, {y}", "{d} {m} {y}", "{m} {d} {y}", "{y}.{mm}.{dd}"]))
def test_datenorm_full_dates_round_trip(day, form):
    text = form.format(m=day.strftime("%B"), d=day.day, y=day.year, mm=day.month, dd=day.day)
    res = normalise(text, PUB)
    assert (res.value, res.value_end, res.granularity) == (day.isoformat(), None, "day")


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31)),
       st.integers(min_value=-270, max_value=90))
def test_datenorm_window_always_inside(published, offset):
    from pipeline.datenorm import _add_months

    day = published + dt.timedelta(days=offset)
    if day.month == 2 and day.day == 29:
        return
    # The window is in calendar months (nine before, three after): 90 days can reach past it
    # (January 31 + 90 days is May 1), and on its very edges the nearer year wins.
    if not _add_months(published, -9) < day < _add_months(published, 3):
        return
    res = normalise(f"{day.strftime('%B')} {day.day}", published)
    assert res.value == day.isoformat()
