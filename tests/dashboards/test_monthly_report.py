"""The monthly report for the governor's office: asked for by officials of its county (or
the province), made as a PDF by the task queue, kept and downloaded.

Reading the PDF back (pypdf). WeasyPrint shapes the Persian and lays each line out right
to left; what can be read back reliably:
- in pypdf's plain extraction, the Persian words of a line come back in logical order, so
  a phrase such as the title reads as typed — except that the zero-width non-joiner is no
  glyph and is lost («ماهانه‌ی» → «ماهانهی»), and that a number of several digits may come
  back reversed or moved to the other end of the line (the bidi runs are not re-ordered);
- in its layout extraction, each line is in visual order, left to right: numbers read
  correctly («۱۴۰۵», «۱۴۰۵-۰۰۰۰۰۱») and Persian words come reversed.
So phrases are checked in the plain text (ZWNJ taken out), numbers in the visual lines,
each on the line of its label (the label found reversed there).
"""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from dashboards.models import MonthlyReport
from dashboards.monthly_report import FONTS, gather, local_files, static_file
from dashboards.services import monthly_report_request
from ngos.models import Licence
from offices.formatting import persian_digits
from offices.jalali import month_bounds, shift_month, start_of_day, to_jalali
from reports.models import IssueReport
from workspace.models import Activity, ActivityKind

ZWNJ = "\u200c"
LETTERHEAD = "استانداری آذربایجان غربی — دفتر امور اجتماعی"
MONTHS_FA = [
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
]


@pytest.fixture
def last_month(today):
    """The last ended Jalali month: (year, month, its first day)."""
    now = to_jalali(today)
    year, month = shift_month(now.year, now.month, -1)
    return year, month, month_bounds(year, month)[0]


def into_month(reports, first_day):
    """Move reports into the month (the service stamps them now)."""
    moment = start_of_day(first_day + datetime.timedelta(days=3))
    IssueReport.objects.filter(pk__in=[r.pk for r in reports]).update(submitted_at=moment)


def read_pdf(content: bytes) -> tuple[str, list[str]]:
    """(the plain text without ZWNJ, the visual lines)."""
    pages = PdfReader(io.BytesIO(content)).pages
    plain = "\n".join(page.extract_text() for page in pages).replace(ZWNJ, "")
    visual = "\n".join(page.extract_text(extraction_mode="layout") for page in pages)
    return plain, visual.replace(ZWNJ, "").splitlines()


def visual_line(lines: list[str], label: str) -> str:
    """The line that shows `label` (in visual order, so reversed)."""
    reversed_label = label.replace(ZWNJ, "")[::-1]
    return next(line for line in lines if reversed_label in line)


def request_month(client, year, month, county=None):
    data = {"year": year, "month": month, "county": county.pk if county else ""}
    return client.post(reverse("monthly_reports"), data)


def stored_report(county, status=MonthlyReport.Status.READY, year=1404, month=8):
    """A report as the worker leaves it, without drawing a PDF."""
    report = MonthlyReport.objects.create(
        jalali_year=year, jalali_month=month, county=county, status=status
    )
    if status == MonthlyReport.Status.READY:
        report.file.save("r.pdf", ContentFile(b"%PDF-1.7 stored"), save=True)
    return report


def downloaded(response) -> bytes:
    return b"".join(response.streaming_content)


# -- the document ----------------------------------------------------------------------


def test_urmias_report_reads_its_letterhead_title_month_and_figures(
    client,
    urmia,
    urmia_official,
    make_report,
    last_month,
    today,
    run_tasks,
    agency,
    ngo_a,
    authority,
    office,
    settings,
):
    settings.LETTERHEAD = LETTERHEAD
    year, month, first_day = last_month
    received = [make_report(title=title) for title in ("کودکان کار", "اعتیاد", "بیکاری")]
    into_month(received, first_day)
    late = received[0]
    due = first_day + datetime.timedelta(days=5)
    IssueReport.objects.filter(pk=late.pk).update(status="referred", agency=agency, due_on=due)
    Licence.objects.create(
        ngo=ngo_a,
        authority=authority,
        number="98/123",
        issued_on=first_day - datetime.timedelta(days=700),
        expires_on=first_day + datetime.timedelta(days=9),
    )
    Activity.objects.create(
        office=office,
        held_on=first_day + datetime.timedelta(days=2),
        kind=ActivityKind.objects.first(),
        topic="کارگاه مهارت‌های زندگی",
        neighbourhood=office.neighbourhoods.get(),
        women=4,
        men=3,
        children=5,
    )
    client.force_login(urmia_official)

    assert request_month(client, year, month, urmia).status_code == 302
    run_tasks()
    report = MonthlyReport.objects.get()
    assert report.status == MonthlyReport.Status.READY, report.error
    response = client.get(reverse("monthly_report_download", args=[report.pk]))
    plain, lines = read_pdf(downloaded(response))

    assert LETTERHEAD in plain
    # The title in logical order, and the month's Persian name with its year beside it.
    assert f"گزارش ماهانهی شهرستان ارومیه — {MONTHS_FA[month - 1]}" in plain
    assert persian_digits(year) in visual_line(lines, "گزارش ماهانه‌ی شهرستان ارومیه")
    # Each figure on the line of its label, in Persian digits.
    assert visual_line(lines, "گزارش‌های دریافتی در ماه").split()[0] == "۳"
    assert visual_line(lines, "ارجاع‌های عقب‌افتاده").split()[0] == "۱"
    # The late referral: its reference, its due date and the days late, in one row.
    row = next(line for line in lines if persian_digits(late.reference) in line)
    assert persian_digits(due.strftime("%Y")) not in row  # dates are Jalali …
    assert persian_digits(f"{year}/{month:02d}/06") in row  # … the 6th of the month
    assert persian_digits((today - due).days) in row.split()
    # The office's month, not yet accepted: one activity, 12 attending.
    # (Left to right on paper: residents referred, attendance, activities, the office.)
    row = visual_line(lines, office.name).split(office.name.replace(ZWNJ, "")[::-1])[0]
    assert row.split()[-3:] == ["۰", "۱۲", "۱"]
    assert "پروانههایی که در این ماه منقضی شد" in plain and "انجمن یاری محله" in plain
    assert not any(digit in plain for digit in "0123456789"), "Latin digits in the report"


def test_a_report_counts_its_county_only(
    client, official, urmia, khoy, make_report, ngo_b, manager_b, last_month, run_tasks
):
    year, month, first_day = last_month
    into_month(
        [make_report(), make_report(ngo=ngo_b, submitted_by=manager_b, neighbourhood=None)],
        first_day,
    )
    client.force_login(official)
    request_month(client, year, month, khoy)
    run_tasks()
    report = MonthlyReport.objects.get()
    plain, lines = read_pdf(
        downloaded(client.get(reverse("monthly_report_download", args=[report.pk])))
    )
    assert "گزارش ماهانهی شهرستان خوی" in plain
    assert visual_line(lines, "گزارش‌های دریافتی در ماه").split()[0] == "۱"
    assert "الواج" not in plain  # Urmia's neighbourhood


def test_province_report_for_a_provincial_official_downloads_under_a_readable_name(
    client, official, last_month, run_tasks
):
    year, month, _first = last_month
    client.force_login(official)
    assert request_month(client, year, month).status_code == 302
    run_tasks()
    report = MonthlyReport.objects.get()
    assert report.county is None and report.status == MonthlyReport.Status.READY
    response = client.get(reverse("monthly_report_download", args=[report.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert (
        f'attachment; filename="monthly-report-{year}-{month:02d}-province.pdf"'
        == (response["Content-Disposition"])
    )
    assert "گزارش ماهانهی کل استان" in read_pdf(downloaded(response))[0]


# -- through the queue -----------------------------------------------------------------


def test_the_request_is_queued_and_the_worker_makes_the_pdf(
    client, urmia, urmia_official, last_month, run_tasks
):
    year, month, _first = last_month
    client.force_login(urmia_official)
    response = request_month(client, year, month, urmia)
    assert response.status_code == 302
    page = client.get(response.url)
    assert "گزارش در صف ساخت است" in page.content.decode()
    report = MonthlyReport.objects.get()
    assert report.status == MonthlyReport.Status.QUEUED and not report.file
    assert report.requested_by == urmia_official
    assert (
        DBTaskResult.objects.filter(task_path="dashboards.tasks.make_monthly_report").count() == 1
    )
    # Not ready yet: nothing to download.
    assert client.get(reverse("monthly_report_download", args=[report.pk])).status_code == 404

    run_tasks()
    report.refresh_from_db()
    assert report.status == MonthlyReport.Status.READY and report.finished_at
    assert report.size == report.file.size > 1000
    assert (
        reverse("monthly_report_download", args=[report.pk])
        in client.get(reverse("monthly_reports")).content.decode()
    )


def test_a_failure_is_kept_on_the_report_and_the_page_still_answers(
    client, urmia, urmia_official, last_month, run_tasks, monkeypatch
):
    def broken(report):
        raise OSError("Pango is missing")

    monkeypatch.setattr("dashboards.tasks.render_pdf", broken)
    year, month, _first = last_month
    client.force_login(urmia_official)
    request_month(client, year, month, urmia)
    run_tasks()
    report = MonthlyReport.objects.get()
    assert report.status == MonthlyReport.Status.FAILED
    assert "Pango is missing" in report.error and not report.file
    page = client.get(reverse("monthly_reports"))
    assert page.status_code == 200 and "ساخته نشد" in page.content.decode()
    assert client.get(reverse("monthly_report_download", args=[report.pk])).status_code == 404


# -- what is refused -------------------------------------------------------------------


def test_a_month_not_yet_ended_is_refused(client, urmia, urmia_official, today):
    now = to_jalali(today)
    client.force_login(urmia_official)
    response = request_month(client, now.year, now.month, urmia)
    assert response.status_code == 400
    assert (
        f"گزارش ماه {MONTHS_FA[now.month - 1]} {persian_digits(now.year)} پس از پایان آن ماه ساخته می‌شود"
        in (response.content.decode())
    )
    assert not MonthlyReport.objects.exists() and not DBTaskResult.objects.exists()


def test_the_service_refuses_months_before_the_records_and_not_ended(official, today):
    with pytest.raises(ValidationError) as refused:
        monthly_report_request(user=official, year=1385, month=5)
    assert "۱۳۹۰" in str(refused.value)
    now = to_jalali(today)
    with pytest.raises(ValidationError):
        monthly_report_request(user=official, year=now.year + 1, month=1)
    assert not MonthlyReport.objects.exists()


def test_a_county_official_cannot_ask_for_another_county_or_the_province(
    client, khoy, urmia_official, last_month
):
    year, month, _first = last_month
    client.force_login(urmia_official)
    response = request_month(client, year, month, khoy)
    assert response.status_code == 400
    assert "تنها گزارش شهرستان خودتان را می‌توانید درخواست کنید" in response.content.decode()
    assert request_month(client, year, month, None).status_code == 400
    assert not MonthlyReport.objects.exists() and not DBTaskResult.objects.exists()


def test_the_service_refuses_a_county_official_another_county(khoy, urmia_official, last_month):
    year, month, _first = last_month
    with pytest.raises(ValidationError):
        monthly_report_request(user=urmia_official, year=year, month=month, county=khoy)
    with pytest.raises(ValidationError):
        monthly_report_request(user=urmia_official, year=year, month=month)


def test_a_county_official_sees_and_downloads_their_countys_reports_only(
    client, urmia, khoy, urmia_official
):
    mine, theirs, province = stored_report(urmia), stored_report(khoy), stored_report(None)
    client.force_login(urmia_official)
    page = client.get(reverse("monthly_reports")).content.decode()
    assert reverse("monthly_report_download", args=[mine.pk]) in page
    assert reverse("monthly_report_download", args=[theirs.pk]) not in page
    assert reverse("monthly_report_download", args=[province.pk]) not in page
    assert client.get(reverse("monthly_report_download", args=[mine.pk])).status_code == 200
    assert client.get(reverse("monthly_report_download", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("monthly_report_download", args=[province.pk])).status_code == 404


def test_ngo_managers_and_office_staff_are_refused(
    client, urmia, manager_a, ngo_a, facilitator, last_month
):
    report = stored_report(urmia)
    year, month, _first = last_month
    for user in (manager_a, facilitator):
        client.force_login(user)
        assert client.get(reverse("monthly_reports")).status_code == 403
        assert request_month(client, year, month, urmia).status_code == 403
        assert client.get(reverse("monthly_report_download", args=[report.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        monthly_report_request(user=manager_a, year=year, month=month, county=urmia)
    assert MonthlyReport.objects.count() == 1


def test_anonymous_visitors_are_sent_to_log_in(client, urmia):
    report = stored_report(urmia)
    for url in (reverse("monthly_reports"), reverse("monthly_report_download", args=[report.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response.url


def test_the_figures_read_a_fixed_number_of_queries(
    urmia, office, make_report, agency, ngo_a, authority, last_month, today
):
    """Whatever the month holds: more reports, late referrals and lapsed licences."""
    year, month, first_day = last_month
    report = MonthlyReport(jalali_year=year, jalali_month=month, county=urmia)

    def add(n):
        reports = [make_report() for _n in range(n)]
        into_month(reports, first_day)
        IssueReport.objects.filter(pk__in=[r.pk for r in reports]).update(
            status="referred", agency=agency, due_on=first_day
        )
        for k in range(n):
            Licence.objects.create(
                ngo=ngo_a,
                authority=authority,
                number=f"7/{Licence.objects.count()}",
                issued_on=first_day - datetime.timedelta(days=900),
                expires_on=first_day + datetime.timedelta(days=k),
            )

    def queries():
        with CaptureQueriesContext(connection) as captured:
            gather(report, today)
        return len(captured)

    add(1)
    before = queries()
    add(4)
    assert queries() == before


def test_hostile_values_are_refused_with_a_400_and_nothing_written(client, official):
    client.force_login(official)
    for data in (
        {"year": "1404\x00", "month": "1", "county": ""},
        {"year": "1404", "month": "13", "county": ""},
        {"year": "1404", "month": "1", "county": "'; DROP TABLE x;--"},
        {"year": "99999999999999999999", "month": "-1"},
        {},
    ):
        assert client.post(reverse("monthly_reports"), data).status_code == 400
    assert not MonthlyReport.objects.exists()


# -- the page --------------------------------------------------------------------------


def test_the_list_page_reads_a_fixed_number_of_queries(
    client, official, urmia, khoy, django_assert_num_queries
):
    client.force_login(official)
    stored_report(urmia)

    def count():
        # session, user, the user's NGOs and roles (access), the counties of the form,
        # the page's reports with their county and requester, their count (paginator)
        with django_assert_num_queries(7):
            assert client.get(reverse("monthly_reports")).status_code == 200

    count()
    for county in (urmia, khoy, None, khoy):
        stored_report(county, status=MonthlyReport.Status.FAILED)
    count()


def test_the_form_offers_a_county_official_their_county_only(client, urmia, urmia_official):
    client.force_login(urmia_official)
    form = client.get(reverse("monthly_reports")).context["form"]
    assert list(form.fields["county"].queryset) == [urmia]
    assert form.fields["county"].required


# -- what WeasyPrint may read ----------------------------------------------------------


def test_weasyprint_reads_the_report_fonts_and_nothing_else():
    font = static_file(FONTS["normal"])
    fetcher = local_files([font])
    response = fetcher.fetch(font.as_uri())
    assert response.read(4) == b"wOF2"
    response.close()
    for url in ("file:///etc/passwd", "http://example.com/font.woff2", font.as_uri() + "/../x"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
