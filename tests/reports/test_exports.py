"""CSV and Excel exports of reports: what the files hold, formula injection, and flat memory."""

import csv
import datetime
import io
import os
import tracemalloc

import openpyxl
import pytest
from django.utils import translation

from offices.jalali import format_jalali
from reports.exports import EXPORT_COLUMNS, csv_response, export_rows, xlsx_response
from reports.models import IssueReport, Severity, Status
from reports.workflow import report_transition

DUE = datetime.date(2026, 3, 20)  # the last day of the Jalali year 1404
SUBMITTED = datetime.date(2026, 11, 28)
FORMULAS = ['=HYPERLINK("http://x.example","click")', "+1+2", "-3+4", "@SUM(A1)", "\tx", "\rx"]


def synthetic_rows(n, title="کمبود آب آشامیدنی در محله"):
    """n rows shaped like export_rows' output, made as they are read (nothing kept)."""
    due, submitted = format_jalali(DUE), format_jalali(SUBMITTED)
    for i in range(n):
        yield (
            f"1405-{i:06d}",
            f"{title} {i}",
            "انجمن یاری محله",
            "اعتیاد به مواد مخدر",
            "ارومیه",
            "الواج",
            "دفتر تسهیل‌گری الواج",
            "زیاد",
            "ارجاع‌شده",
            "بله",
            "اداره کل بهزیستی استان",
            due,
            DUE,
            submitted,
            SUBMITTED,
            i,
        )


def csv_rows(response):
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM: Excel then reads UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def close(response):
    # What the server does after sending; outside a database test, without its
    # request_finished signal (which checks the database connection).
    for closer in response._resource_closers:
        closer()


def xlsx_sheet(response):
    content = b"".join(response.streaming_content)
    close(response)
    return openpyxl.load_workbook(io.BytesIO(content)).active


def headers():
    return [str(column.header) for column in EXPORT_COLUMNS]


# -- CSV -------------------------------------------------------------------------------


def test_csv_starts_with_a_bom_and_the_header_row():
    response = csv_response(synthetic_rows(2), "reports.csv")
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="reports.csv"'
    rows = csv_rows(response)
    assert len(rows) == 3
    assert [h.casefold() for h in rows[0]] == [h.casefold() for h in headers()]


def test_csv_headers_are_in_the_active_language():
    with translation.override("fa"):
        response = csv_response([], "reports.csv")
    assert csv_rows(response)[0][0] == "شماره پیگیری"


def test_csv_keeps_persian_text_and_writes_dates_both_ways():
    [_header, row] = csv_rows(csv_response(synthetic_rows(1), "reports.csv"))
    assert row[1] == "کمبود آب آشامیدنی در محله 0"
    assert row[6] == "دفتر تسهیل‌گری الواج"  # the zero-width non-joiner survives
    assert row[11] == "1404/12/29" and row[12] == "2026-03-20"


def test_csv_cells_that_look_like_formulas_are_neutralised():
    rows = [(text, "عنوان", -5) for text in FORMULAS]
    [_header, *written] = csv_rows(csv_response(rows, "reports.csv"))
    assert [row[0] for row in written] == ["'" + text for text in FORMULAS]
    assert written[0][2] == "-5"  # a number stays a number


def test_a_persian_file_name_is_offered_too():
    response = csv_response([], "گزارش‌ها.csv")
    assert "filename*=utf-8''" in response["Content-Disposition"]


# -- Excel -----------------------------------------------------------------------------


def test_xlsx_sheet_is_right_to_left_with_a_header_row():
    response = xlsx_response(synthetic_rows(3), "reports.xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="reports.xlsx"'
    sheet = xlsx_sheet(response)
    assert sheet.sheet_view.rightToLeft is True
    values = list(sheet.iter_rows(values_only=True))
    assert [h.casefold() for h in values[0]] == [h.casefold() for h in headers()]
    assert len(values) == 4


def test_xlsx_has_the_jalali_date_as_text_and_the_real_date_as_a_date():
    sheet = xlsx_sheet(xlsx_response(synthetic_rows(1), "reports.xlsx"))
    jalali, real = sheet.cell(row=2, column=12), sheet.cell(row=2, column=13)
    assert jalali.data_type == "s" and jalali.value == format_jalali(DUE)
    assert real.is_date and real.value.date() == DUE
    assert real.number_format == "yyyy-mm-dd"
    assert sheet.cell(row=2, column=2).value == "کمبود آب آشامیدنی در محله 0"
    assert sheet.cell(row=2, column=16).value == 0


def test_xlsx_cells_that_look_like_formulas_are_neutralised():
    rows = [(text, -5) for text in FORMULAS]
    sheet = xlsx_sheet(xlsx_response(rows, "reports.xlsx"))
    cells = [sheet.cell(row=i, column=1) for i in range(2, 2 + len(FORMULAS))]
    assert [cell.data_type for cell in cells] == ["s"] * len(FORMULAS)
    # (an XML reader turns the carriage return into a line feed: still text)
    assert [cell.value for cell in cells] == ["'" + t.replace("\r", "\n") for t in FORMULAS]
    assert sheet.cell(row=2, column=2).value == -5


def test_xlsx_drops_characters_the_file_format_forbids():
    sheet = xlsx_sheet(xlsx_response([("عنوان\x00با\x07نویسه",)], "reports.xlsx"))
    assert sheet.cell(row=2, column=1).value == "عنوانبانویسه"


@pytest.mark.django_db
def test_xlsx_temporary_file_is_deleted_when_the_response_closes():
    response = xlsx_response(synthetic_rows(1), "reports.xlsx")
    path = response.file_to_stream.name
    assert os.path.exists(path)
    b"".join(response.streaming_content)
    response.close()
    assert not os.path.exists(path)


# -- rows from the database ------------------------------------------------------------


@pytest.fixture
def referred_report(make_report, official, agency, today, days):
    report = make_report(title='=HYPERLINK("http://x.example")', people_affected=7)
    report_transition(report=report, action="start_review", actor=official)
    report_transition(report=report, action="refer", actor=official, agency=agency, due_on=today)
    IssueReport.objects.filter(pk=report.pk).update(due_on=today - days(2))
    report.refresh_from_db()
    return report


@pytest.mark.django_db
def test_export_rows_gives_every_column_of_a_report(referred_report, office, today):
    IssueReport.objects.filter(pk=referred_report.pk).update(office=office)
    with translation.override("fa"):
        [row] = list(export_rows(IssueReport.objects.all()))
        expected_status, expected_severity = str(Status.REFERRED.label), str(Severity.HIGH.label)
    report = referred_report
    assert len(row) == len(EXPORT_COLUMNS)
    assert row[:7] == (
        report.reference,
        report.title,
        report.ngo.name,
        report.category.name,
        report.county.name,
        report.neighbourhood.name,
        office.name,
    )
    assert row[7:11] == (expected_severity, expected_status, "بله", report.agency.name)
    assert row[11:13] == (format_jalali(report.due_on), report.due_on)
    assert row[13:15] == (format_jalali(today), today)  # submitted today, Tehran time
    assert row[15] == 7


@pytest.mark.django_db
def test_export_rows_of_a_report_not_referred(make_report):
    make_report(neighbourhood=None, people_affected=None)
    with translation.override("en"):
        [row] = list(export_rows(IssueReport.objects.all()))
    assert row[5:7] == ("", "")  # no neighbourhood, no office
    assert row[8:13] == ("submitted", "no", "", "", None)
    assert row[15] is None


@pytest.mark.django_db
def test_export_rows_keep_the_users_scope(urmia_official, khoy_official, make_report):
    make_report()
    assert len(list(export_rows(IssueReport.objects.visible_to(urmia_official)))) == 1
    assert list(export_rows(IssueReport.objects.visible_to(khoy_official))) == []


@pytest.mark.django_db
@pytest.mark.parametrize("n", [3, 30])
def test_export_rows_runs_one_query_whatever_the_size(
    n, make_report, office, referred_report, django_assert_num_queries
):
    for i in range(n - 1):
        make_report(title=f"گزارش {i}", office=office if i % 2 else None)
    reports = IssueReport.objects.select_related("agency").order_by("-submitted_at")
    # One query: the reports joined with their NGO, category, county, neighbourhood,
    # office and agency names.
    with django_assert_num_queries(1):
        rows = list(export_rows(reports))
    assert len(rows) == n


@pytest.mark.django_db
def test_a_report_exported_to_both_formats_reads_back_the_same(referred_report):
    [csv_row] = csv_rows(csv_response(export_rows(IssueReport.objects.all()), "r.csv"))[1:]
    sheet = xlsx_sheet(xlsx_response(export_rows(IssueReport.objects.all()), "r.xlsx"))
    xlsx_row = [cell.value for cell in sheet[2]]
    assert csv_row[0] == xlsx_row[0] == referred_report.reference
    assert csv_row[1] == xlsx_row[1] == "'" + referred_report.title  # neutralised in both
    assert csv_row[12] == referred_report.due_on.isoformat()
    assert xlsx_row[12].date() == referred_report.due_on


# -- memory stays flat -----------------------------------------------------------------


def peak_memory(build, n):
    """The most memory Python held at once while exporting n synthetic rows."""
    build(10)  # warm up: imports, translations and caches are not the export's own cost
    tracemalloc.start()
    try:
        build(n)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def stream_csv(n):
    response = csv_response(synthetic_rows(n), "reports.csv")
    size = sum(len(chunk) for chunk in response.streaming_content)
    assert size > n * 100
    close(response)


def build_xlsx(n):
    close(xlsx_response(synthetic_rows(n), "reports.xlsx"))


def test_csv_memory_does_not_grow_with_the_number_of_rows():
    small, large = peak_memory(stream_csv, 10_000), peak_memory(stream_csv, 100_000)
    print(f"CSV peak: 10,000 rows {small:,} B; 100,000 rows {large:,} B")
    assert large < 1.5 * small


def test_xlsx_memory_does_not_grow_with_the_number_of_rows():
    # 4,000 and 20,000 rows (five times more, not 20,000 and 100,000): under tracemalloc
    # openpyxl's pure-Python XML writer needs about 65 s for 100,000 rows and 37 s for
    # 50,000 on two cores; 20,000 take about 13 s. The peak was flat at every size.
    small, large = peak_memory(build_xlsx, 4_000), peak_memory(build_xlsx, 20_000)
    print(f"XLSX peak: 4,000 rows {small:,} B; 20,000 rows {large:,} B")
    assert large < 1.5 * small
