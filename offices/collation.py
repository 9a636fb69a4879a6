"""Persian alphabetical order, in the database and in Python.

Ordered by code point, the four Persian letters پ چ ژ گ (U+067E, U+0686, U+0698,
U+06AF) and ک ی (U+06A9, U+06CC) come after every Arabic letter: «پیرانشهر» after
«نقده». Names are therefore ordered with a collation called ``persian``:

- on PostgreSQL it is an ICU collation (locale ``fa``) created by the migration
  ``offices/0004_search_text`` (``CREATE COLLATION IF NOT EXISTS persian ...``);
- on SQLite it is a Python comparison registered on every new connection
  (``register_sqlite_collation``, connected in ``OfficesConfig.ready``) that compares
  ``persian_sort_key``.

``persian_order("name")`` is the expression to order by (in ``Meta.ordering``,
``order_by`` and ``admin_order_field``); ``persian_sort_key`` orders lists in memory
the same way.

An index on ``name`` (collated by the database default) no longer serves this order;
for the short lists ordered by name (counties, offices, NGOs, agencies…) the sort is
cheap. Should one grow, an index on ``(name COLLATE persian)`` can be added by a
migration.
"""

import functools
import re

from django.db.models import F
from django.db.models.functions import Collate

COLLATION = "persian"

# آ before ا, as in Persian dictionaries and in ICU's Persian order.
ALPHABET = "آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
# Arabic forms and letters with hamza sort with the Persian letter they are read as.
_VARIANTS = {
    "ي": "ی",
    "ى": "ی",
    "ئ": "ی",
    "ك": "ک",
    "ة": "ه",
    "ۀ": "ه",
    "ؤ": "و",
    "أ": "ا",
    "إ": "ا",
    "ٱ": "ا",
}
# Each character's weight is a character: ``str.translate`` and native string
# comparison keep sorting fast (SQLite calls the comparison for every pair it orders).
# Persian letters weigh private-use characters in alphabet order, after spaces,
# punctuation and digits; Latin letters come after them, as ICU's Persian order has it.
_PERSIAN_BASE, _LATIN_BASE = 0xE000, 0xE100
_WEIGHTS: dict[int, str | None] = {
    ord(letter): chr(_PERSIAN_BASE + i) for i, letter in enumerate(ALPHABET)
}
_WEIGHTS.update({ord(v): _WEIGHTS[ord(letter)] for v, letter in _VARIANTS.items()})
for _i in range(26):
    _WEIGHTS[ord("a") + _i] = _WEIGHTS[ord("A") + _i] = chr(_LATIN_BASE + _i)
for _zero in (0x0660, 0x06F0, 0xFF10):  # Arabic-Indic, Persian and full-width digits
    _WEIGHTS.update({_zero + d: str(d) for d in range(10)})
# Shown as nothing, they do not move a name: ZWNJ and joiners, direction marks, tatweel,
# soft hyphen, and the Arabic diacritics (tashkeel, superscript alef, Quranic marks).
_IGNORED = (
    "\u200b\u200c\u200d\u200e\u200f\u2060\u061c\ufeff\u00ad\u0640"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u0670"
    + "".join(map(chr, range(0x064B, 0x0660)))
    + "".join(map(chr, range(0x06D6, 0x06EE)))
)
_WEIGHTS.update(dict.fromkeys(map(ord, _IGNORED)))
_WEIGHTS.update(dict.fromkeys(map(ord, "\t\n\r\u00a0\u2000\u2002\u2003\u2009\u202f\u3000"), " "))
_SPACES = re.compile(" {2,}")


@functools.lru_cache(maxsize=65536)
def persian_sort_key(text: str | None) -> tuple[str, str]:
    """A key that sorts text in Persian alphabetical order (آ ا ب پ ت … گ ل م ن و ه ی).

    ی/ي and ک/ك are the same letter; ZWNJ, tatweel, diacritics and direction marks are
    ignored; a space sorts before any letter, so «پشت ترمینال» comes before «پشتی»;
    Persian and Arabic-Indic digits are the digits they stand for, before letters.
    Texts equal at that level are told apart by their characters, so the order is total.
    """
    text = text or ""
    return _SPACES.sub(" ", text.translate(_WEIGHTS)).strip(" "), text


def compare(left: str | None, right: str | None) -> int:
    """-1, 0 or 1 as ``left`` sorts before, with or after ``right`` (SQLite's contract)."""
    a, b = persian_sort_key(left), persian_sort_key(right)
    return (a > b) - (a < b)


def persian_order(field: str) -> Collate:
    """An expression ordering by ``field`` in Persian alphabetical order.

    ``persian_order("name")`` in ``Meta.ordering`` or ``order_by``; ``.desc()`` for
    the reverse. The related field form works too: ``persian_order("county__name")``.
    """
    return Collate(F(field), COLLATION)


def register_sqlite_collation(sender, connection, **kwargs):
    """``connection_created`` receiver: teaches each new SQLite connection the
    ``persian`` collation that ``persian_order`` names."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION, compare)
