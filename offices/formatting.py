"""How numbers, dates and times are shown to a person. The calendar is Jalali in both
languages: Persian digits and Persian month names in Persian, ASCII digits and the
transliterated month names (Farvardin … Esfand) in English. Never used for URLs,
HTML attributes, form values or exports, which keep plain ASCII digits."""

import datetime
import re
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import get_language, gettext, ngettext, override

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
    if long:
        with override(language or get_language()):  # the month's name in that language
            return jalali_long(value, persian_digits=is_persian(language))
    return digits_for_reader(format_jalali(value), language)


def format_datetime(value, language: str | None = None) -> str:
    """A moment in Tehran time: «۱۴۰۵/۰۹/۰۷ ۱۴:۳۵» or «1405/09/07 14:35»."""
    if value in (None, ""):
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return digits_for_reader(f"{format_jalali(value.date())} {value:%H:%M}", language)


def jalali_month_label(value: datetime.date, language: str | None = None) -> str:
    j = to_jalali(value)
    text = f"{MONTH_NAMES[j.month - 1]} {j.year}"
    return persian_digits(text) if is_persian(language) else text


# A token that keeps its ASCII digits inside running text: an e-mail or a web address, or
# a file's name (a Latin extension after a dot: «s1.py», «report-2.pdf»).
_KEEP_AS_TYPED = re.compile(
    r"\S*@\S+|\S*://\S+|www\.\S+|(?<!\S)\S*[^\s.]\.[A-Za-z][A-Za-z0-9]{0,9}(?![A-Za-z0-9])\S*"
)
_ASCII_DIGIT = re.compile(r"[0-9]")


def text_for_reader(text, language: str | None = None) -> str:
    """Running text (a message, an error) with the reader's digits; addresses and file names
    stay as typed."""
    text = str(text)
    if not is_persian(language) or not _ASCII_DIGIT.search(text):
        return text
    pieces, at = [], 0
    for kept in _KEEP_AS_TYPED.finditer(text):
        pieces += [persian_digits(text[at : kept.start()]), kept.group()]
        at = kept.end()
    return "".join(pieces) + persian_digits(text[at:])


def join_for_reader(items, language: str | None = None) -> str:
    """A list in running text: «PDF، PNG» in Persian (its own comma), «PDF, PNG» in English."""
    return ("، " if is_persian(language) else ", ").join(str(item) for item in items)


def format_filesize(size: int, language: str | None = None) -> str:
    """A file's size as a person reads it: «۱۰ مگابایت», «۱٫۵ کیلوبایت», «10 MB», «100 bytes»."""
    with override(language or get_language()):
        if size < 1024:
            text = ngettext("%(size)s byte", "%(size)s bytes", size)
            return text % {"size": format_number(size, language)}
        units = [gettext("%(size)s KB"), gettext("%(size)s MB"), gettext("%(size)s GB")]
        value, unit = size / 1024, 0
        while value >= 1024 and unit < len(units) - 1:
            value, unit = value / 1024, unit + 1
        return units[unit] % {"size": format_number(round(value, 1), language)}


# Runs of right-to-left letters inside a code; digits (U+0660–0669, U+06F0–06F9) are not
# part of a run: they stay left to right.
_RTL_LETTERS = "\u0590-\u065f\u066a-\u06ef\u06fa-\u08ff\ufb1d-\ufdff\ufe70-\ufefe"
RTL_RUN = re.compile(f"[{_RTL_LETTERS}]+(?:[ \u200c][{_RTL_LETTERS}]+)*")


def format_code(value, language: str | None = None) -> str:
    """A code (licence number, ID, phone) in plain text: the reader's digits, laid out
    left to right as typed, «۱۴۰۵/الف/۷۸۹» never mirrored (Unicode isolates: LRI, and
    FSI around each run of Persian letters). Templates use the `code` filter instead."""
    if value in (None, ""):
        return ""
    text = digits_for_reader(str(value), language)
    return "\u2066" + RTL_RUN.sub(lambda run: f"\u2068{run.group()}\u2069", text) + "\u2069"
