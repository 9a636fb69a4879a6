"""How numbers, dates and times are shown to a person: Jalali and Persian digits in
Persian, Gregorian and ASCII digits in English. Never used for URLs, HTML
attributes, form values or exports, which keep plain ASCII digits."""

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import get_language

from .jalali import MONTH_NAMES, PERSIAN_DIGITS, format_jalali, jalali_long, to_jalali

THOUSANDS_FA = "\u066c"  # ٬ Arabic thousands separator, used in Persian typography
DECIMAL_FA = "\u066b"  # ٫ Arabic decimal separator


def is_persian(language: str | None = None) -> bool:
    return (language or get_language() or "fa").startswith("fa")


def persian_digits(text: str) -> str:
    return str(text).translate(PERSIAN_DIGITS)


def digits_for_reader(text, language: str | None = None) -> str:
    """Digits as the reader reads them: Persian in Persian, unchanged in English."""
    return persian_digits(text) if is_persian(language) else str(text)


def format_number(value, language: str | None = None) -> str:
    """1234567 → «۱٬۲۳۴٬۵۶۷» in Persian, «1,234,567» in English."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        text = f"{value:,}"
    elif isinstance(value, float | Decimal):
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
    else:
        text = str(value)
    if not is_persian(language):
        return text
    return persian_digits(text.replace(",", THOUSANDS_FA).replace(".", DECIMAL_FA))


def format_date(value, language: str | None = None, long: bool = False) -> str:
    """A date (or the local day of a datetime) as a person reads it."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if is_persian(language):
        return jalali_long(value) if long else persian_digits(format_jalali(value))
    return value.strftime("%-d %b %Y") if long else value.isoformat()


def format_datetime(value, language: str | None = None) -> str:
    """A moment in Tehran time: «۱۴۰۵/۰۹/۰۷ ۱۴:۳۵» or «2026-11-28 14:35»."""
    if value in (None, ""):
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    clock = value.strftime("%H:%M")
    if is_persian(language):
        return persian_digits(f"{format_jalali(value.date())} {clock}")
    return f"{value.date().isoformat()} {clock}"


def jalali_month_label(value: datetime.date, language: str | None = None) -> str:
    j = to_jalali(value)
    text = f"{MONTH_NAMES[j.month - 1]} {j.year}"
    return persian_digits(text) if is_persian(language) else text
