"""The template an administrator fills: right to left, Persian headers, a sheet of allowed values.

Every column whose cells must be one of a list (county, authority, status…) gets Excel's
data validation from that list, so Excel offers the values and refuses a typo; code and phone
columns are formatted as text, so that Excel keeps their leading zeros.
"""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from .reading import ALLOWED_VALUES_SHEET

# Validation covers this many rows below the header.
ROWS = 10000
HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")


def build_template(columns, allowed_values, title: str) -> bytes:
    """The .xlsx template for the given columns; `allowed_values` is [(header, [values])]."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.sheet_view.rightToLeft = True
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        if column.kind in ("code", "phone", "date"):
            # Typed as text: leading zeros stay, and a Jalali date is not taken for a number.
            for row in range(2, 202):
                sheet.cell(row=row, column=index).number_format = "@"

    values_sheet = workbook.create_sheet(ALLOWED_VALUES_SHEET)
    values_sheet.sheet_view.rightToLeft = True
    lists = {}
    for index, (header, values) in enumerate(allowed_values, start=1):
        letter = get_column_letter(index)
        values_sheet.cell(row=1, column=index, value=header).font = Font(bold=True)
        values_sheet.column_dimensions[letter].width = 30
        for row, value in enumerate(values, start=2):
            values_sheet.cell(row=row, column=index, value=value)
        last = max(len(values) + 1, 2)
        lists[header] = f"{quote_sheetname(ALLOWED_VALUES_SHEET)}!${letter}$2:${letter}${last}"

    for index, column in enumerate(columns, start=1):
        if column.header not in lists:
            continue
        letter = get_column_letter(index)
        validation = DataValidation(
            type="list", formula1=f"={lists[column.header]}", allow_blank=True
        )
        validation.error = _("Choose a value from the list on the sheet «%(sheet)s».") % {
            "sheet": ALLOWED_VALUES_SHEET
        }
        validation.errorTitle = _("Value not allowed")
        validation.showErrorMessage = True
        validation.add(f"{letter}2:{letter}{ROWS + 1}")
        sheet.add_data_validation(validation)

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
