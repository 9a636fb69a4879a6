"""Jalali dates in and out, Persian digits and numbers."""

import datetime

import pytest
from django.utils import timezone
from django.utils.translation import override

from offices.formatting import format_date, format_datetime, format_number
from offices.forms import JalaliDateField, JalaliDateInput
from offices.jalali import format_jalali, month_bounds, parse_jalali

NOWRUZ_1405 = datetime.date(2026, 3, 21)


@pytest.mark.parametrize(
    "typed",
    ["1405/01/01", "1405-1-1", "۱۴۰۵/۰۱/۰۱", "١٤٠٥/٠١/٠١", " ۱۴۰۵-۰۱-۰۱ ", "1405/۰۱/01"],
)
def test_jalali_dates_are_read_in_any_digits_and_separators(typed):
    assert parse_jalali(typed) == NOWRUZ_1405


def test_written_date_reads_back_the_same():
    for day in (NOWRUZ_1405, datetime.date(2025, 3, 20), datetime.date(2026, 11, 28)):
        assert parse_jalali(format_jalali(day)) == day
    assert format_jalali(datetime.date(2026, 11, 28)) == "1405/09/07"


def test_esfand_30_exists_only_in_leap_years():
    assert parse_jalali("1403/12/30") == datetime.date(2025, 3, 20)  # 1403 is leap
    field = JalaliDateField()
    with override("fa"), pytest.raises(Exception) as caught:
        field.clean("1404/12/30")
    message = caught.value.messages[0]
    assert caught.value.code == "esfand"
    assert "۱۴۰۴" in message and "۲۹" in message and "کبیسه" in message


@pytest.mark.parametrize(
    ("typed", "code", "words"),
    [
        ("1405/13/01", "month", "ماه"),
        ("1405/01/32", "day", "فروردین"),
        ("1405/07/31", "day", "۳۰"),
        ("1405/00/10", "month", "ماه"),
        ("05/01/01", "invalid", "۱۴۰۵/۰۹/۰۷"),
        ("2026-03-21", "year", "سال"),
        ("۱۴۰۵/۱/", "invalid", "سال/ماه/روز"),
        ("فردا", "invalid", "سال/ماه/روز"),
    ],
)
def test_impossible_or_unreadable_dates_get_a_persian_message(typed, code, words):
    field = JalaliDateField()
    with override("fa"), pytest.raises(Exception) as caught:
        field.clean(typed)
    assert caught.value.code == code
    assert words in caught.value.messages[0]


def test_empty_optional_date_is_none():
    assert JalaliDateField(required=False).clean("  ") is None


def test_widget_shows_a_stored_date_in_jalali_in_the_readers_digits():
    with override("fa"):
        html = JalaliDateInput().render("d", datetime.date(2026, 11, 28))
    assert 'value="۱۴۰۵/۰۹/۰۷"' in html and "data-jdp" in html
    with override("en"):
        html = JalaliDateInput().render("d", datetime.date(2026, 11, 28))
    assert 'value="1405/09/07"' in html


def test_widget_keeps_what_the_user_typed_when_it_is_wrong():
    html = JalaliDateInput().render("d", "۱۴۰۴/۱۲/۳۰")
    assert 'value="۱۴۰۴/۱۲/۳۰"' in html


def test_month_bounds_are_gregorian_days():
    assert month_bounds(1404, 12) == (datetime.date(2026, 2, 20), NOWRUZ_1405)


def test_dates_shown_in_jalali_in_both_languages_with_persian_digits_in_persian():
    day = datetime.date(2026, 11, 28)
    assert format_date(day, "fa") == "۱۴۰۵/۰۹/۰۷"
    with override("fa"):
        assert format_date(day, long=True) == "۷ آذر ۱۴۰۵"
    assert format_date(day, "en") == "1405/09/07"  # Jalali in English too, ASCII digits
    assert format_date(day, "en", long=True) == "7 Azar 1405"


def test_datetimes_shown_in_tehran_time():
    moment = datetime.datetime(
        2026, 11, 28, 20, 45, tzinfo=datetime.UTC
    )  # 00:15 next day in Tehran
    assert format_datetime(moment, "fa") == "۱۴۰۵/۰۹/۰۸ ۰۰:۱۵"
    assert format_datetime(moment, "en") == "1405/09/08 00:15"
    assert timezone.localtime(moment).hour == 0


@pytest.mark.parametrize(
    ("value", "fa", "en"),
    [(1234567, "۱٬۲۳۴٬۵۶۷", "1,234,567"), (0, "۰", "0"), (12.5, "۱۲٫۵", "12.5"), (None, "", "")],
)
def test_numbers_get_persian_digits_and_separators_in_persian(value, fa, en):
    assert format_number(value, "fa") == fa
    assert format_number(value, "en") == en
