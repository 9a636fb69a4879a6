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


# --- Search -----------------------------------------------------------------
# Stored text and queries go through the same `search_text`, so whatever a user
# pastes or types (Arabic letters, Persian digits, a space for a ZWNJ, a reference
# carrying direction marks) meets the text as it was stored.

# Letters written in more than one way: Arabic forms and letters with hamza as the
# Persian letter they are read as («مسائل» / «مسایل», «مسأله» / «مساله», «خانۀ» / «خانه»).
_SEARCH_LETTERS = str.maketrans(
    {
        "\u064a": "\u06cc",  # ي → ی
        "\u0649": "\u06cc",  # ى → ی
        "\u0626": "\u06cc",  # ئ → ی
        "\u0643": "\u06a9",  # ك → ک
        "\u0629": "\u0647",  # ة → ه
        "\u06c0": "\u0647",  # ۀ → ه
        "\u0623": "\u0627",  # أ → ا
        "\u0625": "\u0627",  # إ → ا
        "\u0671": "\u0627",  # ٱ → ا
        "\u0624": "\u0648",  # ؤ → و
        # Dashes of every kind are the hyphen of a reference such as 1405-000012.
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\ufe63": "-",
        "\uff0d": "-",
    }
)
# Arabic diacritics (tashkeel, superscript alef, Quranic marks) and tatweel «ـ»,
# then everything that shows nothing: direction marks, zero-width space, BOM, soft hyphen.
_SEARCH_DROPPED = re.compile(
    "[\u064b-\u065f\u0670\u06d6-\u06ed\u0640"
    "\u200b\u200e\u200f\u2060\u061c\ufeff\u00ad\u202a-\u202e\u2066-\u2069]"
)
# ZWNJ and ZWJ separate the parts of a word as a space does; with every kind of
# space, line break and tab they fold to one space.
_SEARCH_SPACES = re.compile(r"[\s\u200c\u200d]+")
# A report reference (Jalali year 1300–1499, sequence) typed with or without the dash.
_REFERENCE = re.compile(r"(1[34]\d\d)-?(\d{1,6})")


def search_text(*parts: str | None) -> str:
    """The text a record is found by, or a query as it is compared with it.

    NFKC (Arabic presentation forms, full-width letters), Persian ی/ک and the other
    letter variants, ASCII digits, no diacritics, tatweel or invisible marks, ZWNJ
    and whitespace folded to one space, lower case. Empty parts are skipped.
    """
    text = " ".join(part for part in parts if part)
    text = unicodedata.normalize("NFKC", text).translate(_SEARCH_LETTERS)
    text = normalize_digits(_SEARCH_DROPPED.sub("", text))
    return _SEARCH_SPACES.sub(" ", text).strip().casefold()


def reference_search_text(reference: str) -> str:
    """A reference as it is found: «1405-000012 1405000012» (with and without the dash)."""
    reference = search_text(reference)
    return f"{reference} {reference.replace('-', '')}" if reference else ""


def search_terms(query: str | None) -> list[tuple[str, ...]]:
    """A query as the words that must all appear in a record's search text.

    Each word comes with the forms it may appear in: a reference typed short or
    without its dash («1405-12», «14050012») is also looked for as it is written,
    «1405-000012».
    """
    terms = []
    for word in dict.fromkeys(search_text(query).split(" ")):
        if not word:
            continue
        forms = [word]
        match = _REFERENCE.fullmatch(word)
        if match:
            year, sequence = match.groups()
            forms.append(f"{year}-{int(sequence):06d}")
        terms.append(tuple(dict.fromkeys(forms)))
    return terms
