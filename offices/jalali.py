"""The Jalali (Solar Hijri) calendar: month names and month boundaries as Gregorian dates."""

import datetime

import jdatetime
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .text import INVISIBLE, normalize_digits

MONTH_NAMES = [
    _("Farvardin"),
    _("Ordibehesht"),
    _("Khordad"),
    _("Tir"),
    _("Mordad"),
    _("Shahrivar"),
    _("Mehr"),
    _("Aban"),
    _("Azar"),
    _("Dey"),
    _("Bahman"),
    _("Esfand"),
]


def to_jalali(day: datetime.date) -> jdatetime.date:
    return jdatetime.date.fromgregorian(date=day)


def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    """The first day of a Jalali month and the first day of the next, as Gregorian dates."""
    start = jdatetime.date(year, month, 1).togregorian()
    next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
    return start, jdatetime.date(next_year, next_month, 1).togregorian()


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return jdatetime.date(year, 1, 1).togregorian(), jdatetime.date(year + 1, 1, 1).togregorian()


def jalali_year_start(today: datetime.date) -> datetime.date:
    """1 Farvardin of today's Jalali year: where a default period begins."""
    return year_bounds(to_jalali(today).year)[0]


def start_of_day(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of a day, in the project's time zone (Tehran)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def current_year_month() -> tuple[int, int]:
    today = to_jalali(timezone.localdate())
    return today.year, today.month


# -- reading and writing dates --------------------------------------------------

PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_INVISIBLE = str.maketrans("", "", INVISIBLE)


class JalaliDateError(ValueError):
    """A typed Jalali date that cannot be read or does not exist; `code` says which."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def month_length(year: int, month: int) -> int:
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if jdatetime.date(year, 1, 1).isleap() else 29


def parse_jalali(text: str) -> datetime.date:
    """A Jalali date typed as year/month/day (any digits, `/` or `-`) as a Gregorian date."""
    # Direction marks come along when a date is copied from a page: they are not the date.
    value = normalize_digits(text).translate(_INVISIBLE).strip()
    value = value.replace("-", "/").replace(".", "/")
    parts = [p.strip() for p in value.split("/")]
    if (
        len(parts) != 3
        or not all(p.isdecimal() and p.isascii() for p in parts)
        or len(parts[0]) != 4
    ):
        raise JalaliDateError("format")
    year, month, day = (int(p) for p in parts)
    if not 1300 <= year <= 1500:
        raise JalaliDateError("year")
    if not 1 <= month <= 12:
        raise JalaliDateError("month")
    if not 1 <= day <= month_length(year, month):
        raise JalaliDateError("day", days=month_length(year, month), month=month, year=year)
    return jdatetime.date(year, month, day).togregorian()


def format_jalali(day: datetime.date) -> str:
    """A date as the Jalali year/month/day that a form shows and reads back (ASCII digits)."""
    j = to_jalali(day)
    return f"{j.year:04d}/{j.month:02d}/{j.day:02d}"


def jalali_long(day: datetime.date, persian_digits: bool = True) -> str:
    """«۷ آذر ۱۴۰۵»: the day, the month's name and the year."""
    j = to_jalali(day)
    text = f"{j.day} {MONTH_NAMES[j.month - 1]} {j.year}"
    return text.translate(PERSIAN_DIGITS) if persian_digits else text
