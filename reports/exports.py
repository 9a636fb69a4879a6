"""Lists of reports as CSV and Excel files, streamed so memory stays flat at any size.

`export_rows(queryset)` reads the reports in chunks as plain tuples; `csv_response`
and `xlsx_response` turn any iterable of such tuples into a download. The
product's calendar is Jalali: each date is the Jalali date people read (text,
1405/09/07, ASCII digits, which sorts as text), followed by the same day as a real
date (Gregorian, so labelled) that a spreadsheet can compute with and filter.

Every text cell that a spreadsheet would take for a formula (it begins with
=, +, -, @, a tab or a carriage return) is written with a leading apostrophe:
titles and names are typed by outside users, and a cell like
`=HYPERLINK("http://…")` must stay text (CSV/formula injection).
"""

import csv
import datetime
import io
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from offices.jalali import format_jalali

from .models import REFERRAL_STATES, IssueReport, Severity, Status

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
DB_CHUNK_ROWS = 2000  # rows read from the database at a time


@dataclass(frozen=True)
class Column:
    header: Promise
    width: int = 14  # in the Excel sheet, in characters


EXPORT_COLUMNS = (
    Column(_("reference"), 14),
    Column(_("title"), 40),
    Column(_("NGO"), 30),
    Column(_("category"), 24),
    Column(_("county"), 14),
    Column(_("neighbourhood"), 18),
    Column(_("facilitation office"), 24),
    Column(_("severity"), 10),
    Column(_("status"), 22),
    Column(_("overdue"), 10),
    Column(_("executive agency"), 24),
    Column(_("due date (Jalali)"), 14),
    Column(_("due date (Gregorian)"), 12),
    Column(_("submitted on (Jalali)"), 14),
    Column(_("submitted on (Gregorian)"), 12),
    Column(_("people affected (estimate)"), 12),
    # Last, so the columns before it keep their places in the sheets people already use.
    Column(_("NGO's proposed solution"), 40),
)

# What `export_rows` reads, in one query: the report and the names of what it points to.
_FIELDS = (
    "reference",
    "title",
    "ngo__name",
    "category__name",
    "county__name",
    "neighbourhood__name",
    "office__name",
    "severity",
    "status",
    "agency__name",
    "due_on",
    "submitted_at",
    "people_affected",
    "proposed_solution",
)


def export_rows(queryset: QuerySet, today: datetime.date | None = None) -> Iterator[tuple]:
    """The reports of `queryset` as row tuples in the order of EXPORT_COLUMNS.

    One query whatever the size, read 2,000 rows at a time. Labels are taken in
    the language active when this is called (a streamed response reads the rows
    later, after the view has returned).
    """
    today = today or timezone.localdate()
    statuses = {value: str(label) for value, label in Status.choices}
    severities = {value: str(label) for value, label in Severity.choices}
    yes, no = gettext("yes"), gettext("no")
    referral_states = frozenset(REFERRAL_STATES)
    values = queryset.values_list(*_FIELDS)

    def rows():
        for (
            reference,
            title,
            ngo,
            category,
            county,
            neighbourhood,
            office,
            severity,
            status,
            agency,
            due_on,
            submitted_at,
            people_affected,
            proposed_solution,
        ) in values.iterator(chunk_size=DB_CHUNK_ROWS):
            submitted_on = timezone.localdate(submitted_at)
            overdue = status in referral_states and due_on is not None and due_on < today
            yield (
                reference,
                title,
                ngo,
                category,
                county,
                neighbourhood or "",
                office or "",
                severities.get(severity, severity),
                statuses.get(status, status),
                yes if overdue else no,
                agency or "",
                format_jalali(due_on) if due_on else "",
                due_on,
                format_jalali(submitted_on),
                submitted_on,
                people_affected,
                proposed_solution,
            )

    return rows()


def neutralise(value):
    """Text a spreadsheet would run as a formula gets a leading apostrophe; the rest is kept."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _headers(columns) -> list[str]:
    return [str(capfirst(column.header)) for column in columns]


def _attachment(response, filename: str):
    # Django writes filename*= (UTF-8) as well when the name is not plain ASCII.
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return neutralise(value)
    return str(value)  # a number: a leading minus sign is its sign, not a formula


def csv_response(
    rows: Iterable[tuple], filename: str, columns=EXPORT_COLUMNS
) -> StreamingHttpResponse:
    """A CSV download streamed line by line: UTF-8 with a BOM (so Excel reads Persian), a header."""
    headers = _headers(columns)  # translated now, in the request's language

    def lines():
        buffer = io.StringIO()
        writer = csv.writer(buffer)

        def line(values) -> bytes:
            writer.writerow([_csv_value(value) for value in values])
            text = buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            return text.encode()

        yield "\ufeff".encode() + line(headers)
        for row in rows:
            yield line(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    return _attachment(response, filename)


def _xlsx_value(ws, value):
    if isinstance(value, datetime.datetime):
        # Excel has no time zones: a moment is written as Tehran's wall-clock time.
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        cell = WriteOnlyCell(ws, value=local.replace(tzinfo=None))
        cell.number_format = "yyyy-mm-dd hh:mm"
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    if isinstance(value, str):
        # Control characters are not allowed in the file format: openpyxl would refuse them.
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def xlsx_response(
    rows: Iterable[tuple],
    filename: str,
    columns=EXPORT_COLUMNS,
    sheet_title: str | None = None,
) -> FileResponse:
    """An Excel download: a right-to-left sheet built row by row into a temporary file.

    openpyxl's write-only mode writes each row out as it comes (strings inline,
    no shared-strings table), so memory does not grow with the number of rows.
    The temporary file is deleted when the response closes it.
    """
    workbook = Workbook(write_only=True)
    title = sheet_title or capfirst(IssueReport._meta.verbose_name_plural)
    # A sheet's title: at most 31 characters, none of []:*?/\
    ws = workbook.create_sheet(title=str(title).translate(str.maketrans("", "", "[]:*?/\\"))[:31])
    ws.sheet_view.rightToLeft = True
    ws.freeze_panes = "A2"
    for index, column in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(index)].width = column.width

    bold = Font(bold=True)
    header_cells = []
    for header in _headers(columns):
        cell = WriteOnlyCell(ws, value=neutralise(header))
        cell.font = bold
        header_cells.append(cell)
    ws.append(header_cells)
    for row in rows:
        ws.append([_xlsx_value(ws, value) for value in row])

    file = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115 (the response closes it)
    try:
        workbook.save(file)
        file.seek(0)
    except BaseException:
        file.close()
        raise
    return FileResponse(file, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)
