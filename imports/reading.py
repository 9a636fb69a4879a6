"""Reading a filled template: the file itself, its header row, and each cell as a value.

Whatever the file holds is read as a person typed it: digits in any script, Arabic ي/ك,
Jalali dates typed as text and Excel's own date cells (Gregorian). Formulas are refused
(their value is whatever Excel last computed, or nothing), as are merged header cells and
a header row that is not the template's. Messages name the column and the row.
"""

import datetime
import zipfile
from dataclasses import dataclass, field

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
    kind: str = "line"  # line, text, code, phone, int, date, choice, bool
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
    headers = [normalize_text(str(c.value or ""), single_line=True) for c in sheet[1]]
    while headers and not headers[-1]:
        headers.pop()
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
    return rows


def _is_empty(cell) -> bool:
    value = cell.value
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


def _read_int(value) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValidationError(_("type a whole number."))
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValidationError(_("type a whole number."))
    text = normalize_digits(_as_text(value)).strip()
    for separator in (",", "\u066c", "\u060c", " ", "\u200c"):
        text = text.replace(separator, "")
    if not text:
        return None
    if not (text.isdecimal() and text.isascii()):
        raise ValidationError(_("type a whole number."))
    return int(text)


def column_letter(index: int) -> str:
    return get_column_letter(index + 1)
