"""Persian text normalisation, applied before saving and before searching.

Keyboards in the region often type Arabic ي (U+064A) and ك (U+0643) instead of
Persian ی (U+06CC) and ک (U+06A9); digits arrive in Persian, Arabic-Indic, ASCII
or any other script's form. The zero-width non-joiner (U+200C, as in «تسهیل‌گری»)
is part of correct spelling and is kept inside words; text made only of such
invisible characters is empty. Bidi embedding and override controls, which can
reverse the rest of a line where the text is shown, are removed from one-line
text (names, titles) and from what emails show.
"""

import re
import unicodedata

_LETTERS = str.maketrans({"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9"})
_SPACES = re.compile(r"[ \t\u00a0]+")
# Python's \d is every Unicode decimal digit (str.isdecimal), in any script.
_ANY_DIGIT = re.compile(r"\d")
# Embeddings, overrides (U+202A–U+202E) and isolates (U+2066–U+2069).
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Characters that show nothing: joiners, zero-width space, marks, BOM, bidi controls.
INVISIBLE = (
    "\u200b\u200c\u200d\u200e\u200f\u2060\u061c\ufeff\u00ad"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def normalize_digits(value: str) -> str:
    """Every decimal digit, in whatever script (Persian, Arabic-Indic, Devanagari…),
    becomes its ASCII digit. Superscripts and other non-decimal digits stay as they
    are, so a number or date that contains one is refused by its field."""
    return _ANY_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group())), value)


def is_blank(value: str) -> bool:
    """Nothing a reader would see: whitespace and invisible characters only."""
    return not value.strip(INVISIBLE + " \t\r\n\u00a0\u2028\u2029\u3000")


def normalize_text(value: str, *, single_line: bool = False) -> str:
    """Arabic ي/ك become Persian ی/ک; runs of spaces fold to one; ends trimmed (invisible
    characters too); text with nothing visible is empty. One-line text also loses its
    bidi controls."""
    if single_line:
        value = BIDI_CONTROLS.sub("", value)
    if is_blank(value):
        return ""
    lines = [_SPACES.sub(" ", line).strip() for line in value.translate(_LETTERS).splitlines()]
    return "\n".join(lines).strip().strip(INVISIBLE).strip()


def without_bidi_controls(value: str) -> str:
    """For plain-text emails: a user's text can no longer reverse the rest of a line."""
    return BIDI_CONTROLS.sub("", value)


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
