"""Reading a filled template: the file itself, its header row, and each cell as a value.

Whatever the file holds is read as a person typed it: digits in any script, Arabic ي/ك,
Jalali dates typed as text and Excel's own date cells (Gregorian). Formulas are refused
(their value is whatever Excel last computed, or nothing), as are merged header cells and
a header row that is not the template's. Messages name the column and the row.
"""

import datetime
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

import openpyxl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from offices.formatting import digits_for_reader, format_number
from offices.forms import JalaliDateField
from offices.text import normalize_code, normalize_digits, normalize_phone, normalize_text

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# Excel files are zip archives; anything else renamed .xlsx is refused before it is opened.
ZIP_MAGIC = b"PK\x03\x04"


class FileRefused(Exception):
    """The file as a whole cannot be imported; the message says why, in the reader's language."""


def max_bytes() -> int:
    return getattr(settings, "IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def check_upload(uploaded) -> None:
    """An .xlsx file of at most the size limit, that really is a zip archive."""
    name = (uploaded.name or "").lower()
    if not name.endswith(".xlsx"):
        raise FileRefused(
            _("Only Excel files (.xlsx) can be imported. Save the file as .xlsx and try again.")
        )
    if uploaded.size > max_bytes():
        raise FileRefused(
            _("The file is %(size)s MB; at most %(limit)s MB can be imported at once.")
            % {
                "size": format_number(round(uploaded.size / 1024 / 1024, 1)),
                "limit": format_number(max_bytes() // 1024 // 1024),
            }
        )
    uploaded.seek(0)
    head = uploaded.read(4)
    uploaded.seek(0)
    if head != ZIP_MAGIC:
        raise FileRefused(_("This file is not an Excel workbook (.xlsx), whatever its name."))


@dataclass
class Column:
    """One column of a template: the model field it fills and how its cells are read."""

    key: str
    header: str  # in Persian: the template is a Persian document
    kind: str = "line"  # line, text, code, phone, int, decimal, date, choice, bool
    required: bool = False
    choices: dict = field(default_factory=dict)  # for "choice": normalised label -> value
    width: int = 18


@dataclass
class Row:
    number: int  # the row's number in the sheet, as Excel shows it
    values: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)

    def add_error(self, column: Column, message) -> None:
        self.errors.append(cell_message(column, self.number, message))


def cell_message(column: Column, row: int, message) -> str:
    """«ستون شناسه ملی، ردیف ۷: …»"""
    return _("Column %(column)s, row %(row)s: %(message)s") % {
        "column": column.header,
        "row": digits_for_reader(row),
        "message": message,
    }


def header_of(values) -> list[str]:
    """A header row's cells as text, without the empty cells after the last header."""
    headers = [normalize_text(str(value or ""), single_line=True) for value in values]
    while headers and not headers[-1]:
        headers.pop()
    return headers


def no_rows_message() -> str:
    return _(
        "This file has no rows: below the header it is empty. Fill in at least one row "
        "of the template, then upload it again."
    )


def check_has_rows(file, columns: list[Column]) -> None:
    """FileRefused if the file is the template with no row filled in below its header.

    The workbook is read as a stream and the reading stops at the first filled row, so this
    is quick even for a file the task queue will check: it is done before anything is kept.
    A file that cannot be read, or whose header is not the template's, passes: the full
    check says what is wrong with it.
    """
    try:
        if _has_rows(file, columns):
            return
    finally:
        file.seek(0)
    raise FileRefused(no_rows_message())


def _has_rows(file, columns: list[Column]) -> bool:
    """False only for a readable workbook with the template's header and nothing below it."""
    try:
        workbook = openpyxl.load_workbook(file, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        return True
    try:
        sheet = workbook.worksheets[0]
        # The size a file states may be wrong (some programs give the header row's): read on.
        sheet.reset_dimensions()
        header = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
        if header_of(header) != [c.header for c in columns]:
            return True
        rows = sheet.iter_rows(min_row=2, max_col=len(columns), values_only=True)
        return any(not _is_empty_value(v) for values in rows for v in values)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, IndexError):
        return True
    finally:
        workbook.close()


def open_sheet(file, columns: list[Column]):
    """The first sheet of the workbook, once its header row is the template's."""
    try:
        workbook = openpyxl.load_workbook(file, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        raise FileRefused(
            _("This file could not be read as an Excel workbook. Save it again as .xlsx.")
        ) from None
    sheet = workbook.worksheets[0]
    for merged in sheet.merged_cells.ranges:
        if merged.min_row == 1:
            raise FileRefused(
                _(
                    "The header cells %(cells)s are merged. Unmerge them, or start from the template."
                )
                % {"cells": merged.coord}
            )
    headers = header_of(c.value for c in sheet[1])
    expected = [c.header for c in columns]
    if headers != expected:
        raise FileRefused(
            _(
                "This file is not the template for this import: its first row must be the "
                "columns %(expected)s. Download the template and copy your rows into it."
            )
            % {"expected": "، ".join(expected)}
        )
    for merged in sheet.merged_cells.ranges:
        raise FileRefused(
            _("The cells %(cells)s are merged. Unmerge them: each row must stand on its own.")
            % {"cells": merged.coord}
        )
    return sheet


def read_rows(file, columns: list[Column], on_progress=None) -> list[Row]:
    """Every non-blank row below the header, each cell read into its value or an error."""
    sheet = open_sheet(file, columns)
    rows = []
    total = max(sheet.max_row - 1, 1)
    for index, cells in enumerate(sheet.iter_rows(min_row=2, max_col=len(columns)), start=2):
        if on_progress and index % 500 == 0:
            on_progress(index / total)
        if all(_is_empty(c) for c in cells):
            continue
        row = Row(number=index)
        for column, cell in zip(columns, cells, strict=False):
            if cell.data_type == "f":
                row.add_error(
                    column, _("the cell holds a formula; type its value instead of the formula.")
                )
                continue
            try:
                value = read_cell(column, cell.value)
            except ValidationError as error:
                for message in error.messages:
                    row.add_error(column, message)
                continue
            if column.required and value in (None, ""):
                row.add_error(column, _("this cell must be filled in."))
            row.values[column.key] = value
        rows.append(row)
    if not rows:
        raise FileRefused(no_rows_message())
    return rows


def _is_empty(cell) -> bool:
    return _is_empty_value(cell.value)


def _is_empty_value(value) -> bool:
    return value is None or (isinstance(value, str) and not normalize_text(value))


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        raise ValidationError(_("a date is not expected here; type the value as text."))
    return str(value)


def read_cell(column: Column, value):
    """A cell's value as the model field takes it; ValidationError with a Persian reason."""
    if column.kind == "date":
        if isinstance(value, datetime.datetime | datetime.date) and 1300 <= value.year <= 1500:
            # A Jalali date that a spreadsheet took for a Gregorian one as it was typed.
            value = f"{value.year}/{value.month}/{value.day}"
        # Excel's own date cells are Gregorian dates, taken as they are; text is Jalali.
        return JalaliDateField(required=False).clean(value)
    if column.kind == "int":
        return _read_int(value)
    if column.kind == "decimal":
        return _read_decimal(value)
    if column.kind == "bool":
        return _read_bool(value)
    text = _as_text(value)
    if column.kind == "code":
        return normalize_code(text)
    if column.kind == "phone":
        return normalize_phone(text)
    if column.kind == "choice":
        text = normalize_text(text, single_line=True)
        if not text:
            return ""
        if text not in column.choices:
            raise ValidationError(
                _("«%(value)s» is not one of the allowed values (see the sheet «%(sheet)s»).")
                % {"value": text, "sheet": ALLOWED_VALUES_SHEET}
            )
        return column.choices[text]
    return normalize_text(text, single_line=column.kind == "line")


ALLOWED_VALUES_SHEET = "مقادیر مجاز"
YES = {"بله", "آری", "دارد", "yes", "true", "1"}
NO = {"خیر", "نه", "ندارد", "no", "false", "0"}


def _read_bool(value) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    text = normalize_digits(normalize_text(_as_text(value))).casefold()
    if text in YES:
        return True
    if not text or text in NO:
        return False
    raise ValidationError(_("type «بله» or «خیر»."))


# A minus sign as it is typed: the hyphen, the true minus, dashes, and full-width forms.
MINUS_SIGNS = "-\u2212\u2010\u2011\u2012\u2013\ufe63\uff0d"


def _read_int(value) -> int | None:
    """A count: a whole number, zero or more. Below zero it is refused as negative rather
    than as not a number, so that the message says what to correct."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise ValidationError(_("type a whole number."), code="invalid")
    if isinstance(value, int | float):
        return _not_negative(int(value))
    text = normalize_digits(normalize_text(_as_text(value), single_line=True))
    for separator in (",", "\u066c", "\u060c", " ", "\u200c"):
        text = text.replace(separator, "")
    if not text:
        return None
    # «-5», or «5-» as a minus typed in right-to-left text may end up.
    digits = text.strip(MINUS_SIGNS)
    if not (digits.isdecimal() and digits.isascii()) or len(text) - len(digits) > 1:
        raise ValidationError(_("type a whole number."), code="invalid")
    return _not_negative(int(digits) if digits == text else -int(digits))


def _not_negative(number: int) -> int:
    if number < 0:
        raise ValidationError(_("cannot be negative; type zero or more."), code="min_value")
    return number


# «37.55», «۳۷٫۵۵» (the Persian decimal separator) or «۳۷/۵۵» as Persian writers often type it.
_DECIMAL = re.compile(r"-?[0-9]+(?:[.\u066b/][0-9]+)?")


def _read_decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValidationError(_("type a number, such as 37.55."))
    if isinstance(value, int | float):
        return Decimal(str(value))
    text = normalize_digits(_as_text(value)).strip().replace("\u2212", "-")
    if not text:
        return None
    if not _DECIMAL.fullmatch(text):
        raise ValidationError(_("type a number, such as 37.55."))
    return Decimal(re.sub(r"[\u066b/]", ".", text))


def column_letter(index: int) -> str:
    return get_column_letter(index + 1)
