"""The Jalali (Solar Hijri) calendar: month names and month boundaries as Gregorian dates."""

import datetime

import jdatetime
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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


def shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def current_year_month() -> tuple[int, int]:
    today = to_jalali(timezone.localdate())
    return today.year, today.month
