"""Persian text normalisation, applied before saving and before searching.

Keyboards in the region often type Arabic ي (U+064A) and ك (U+0643) instead of
Persian ی (U+06CC) and ک (U+06A9); digits arrive in Persian, Arabic-Indic or
ASCII form. The zero-width non-joiner (U+200C, as in «تسهیل‌گری») is part of
correct spelling and is kept.
"""

import re

_LETTERS = str.maketrans({"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9"})
_DIGITS = str.maketrans(
    {**{chr(0x06F0 + i): str(i) for i in range(10)}, **{chr(0x0660 + i): str(i) for i in range(10)}}
)
_SPACES = re.compile(r"[ \t\u00a0]+")


def normalize_digits(value: str) -> str:
    """Persian and Arabic-Indic digits become ASCII digits."""
    return value.translate(_DIGITS)


def normalize_text(value: str) -> str:
    """Arabic ي/ك become Persian ی/ک; runs of spaces fold to one; ends trimmed."""
    lines = [_SPACES.sub(" ", line).strip() for line in value.translate(_LETTERS).splitlines()]
    return "\n".join(lines).strip()


def normalize_code(value: str) -> str:
    """For codes and identifiers where digits are data: ASCII digits, no spaces."""
    return normalize_digits(normalize_text(value)).replace(" ", "")


def normalize_phone(value: str) -> str:
    """A phone number as stored: ASCII digits only, +98/0098 written as a leading 0."""
    digits = re.sub(r"[\s\-().]", "", normalize_digits(value))
    if digits.startswith("+98"):
        digits = "0" + digits[3:]
    elif digits.startswith("0098"):
        digits = "0" + digits[4:]
    return digits


def isolate(text: str) -> str:
    """Text set apart from its surroundings' direction (Unicode FSI … PDI).

    A reference like 1405-000123 inside a Persian sentence would otherwise be
    shown as 000123-1405.
    """
    return f"\u2068{text}\u2069"
