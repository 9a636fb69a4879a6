"""Every page a person reaches, in Persian, at 360 px and at 1366 px, in a real Chromium.

Each page is photographed at both widths (test-artifacts/screenshots/<page>-fa-phone.png
and <page>-fa-desktop.png). On a phone no page may scroll sideways; at either width no
visible text (page text, the values and placeholders of visible fields and buttons, their
accessible names, the labels drawn in charts) may carry a Latin digit or a Gregorian
date — except inside e-mail addresses and URLs. One test per role visits that role's
pages and reports every problem of every page at once.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from meetings.services.demands import demand_answer
from ngos.models import FieldOfActivity, Licence, Partnership, SupervisionVisit
from offices.models import Facilitator, PremisesChange
from reports.services import report_assign, report_comment, report_submit
from reports.workflow import Action, report_transition
from tests.conftest import _user
from tests.site.screens import PHONE, check_pages, leaks, session_for, sideways_scroll


def test_the_leak_check_finds_latin_digits_and_gregorian_dates():
    assert leaks("۳ گزارش به‌روز شد") == []
    assert leaks("گزارش ۱۴۰۵-۰۰۰۱۲۳ در ۱۴۰۵/۰۹/۰۷") == []
    assert leaks("نامه به info2@example.ir و https://example.ir/a/12 فرستاده شد") == []
    assert len(leaks("3 گزارش به‌روز شد")) == 1
    assert any("Gregorian date" in leak for leak in leaks("(۲۰۲۶/۱۱/۲۶)"))
    assert any("Gregorian date" in leak for leak in leaks("reports-2026-11-29.xlsx"))
    assert any("Gregorian month" in leak for leak in leaks("۲۹ نوامبر ۱۴۰۵"))
    assert any("Gregorian month" in leak for leak in leaks("Nov. 29, November"))


@pytest.mark.browser
def test_the_sideways_check_names_what_sticks_out_and_what_scrolls(open_page):
    page = open_page(**PHONE)
    page.set_content('<html dir="rtl"><body><p>متن کوتاه</p></body></html>')
    assert sideways_scroll(page) == []
    page.set_content(
        '<html dir="rtl"><body><div class="wide" style="width:600px">جدول پهن</div>'
        '<div style="overflow-x:auto"><table class="t"><tr><td style="min-width:500px">ستون'
        "</td></tr></table></div></body></html>"
    )
    problems = sideways_scroll(page)
    assert "scrolls sideways" in problems[0] and "div.wide" in problems[0]
    assert "a box scrolls sideways" in problems[1]


# -- a world with numbers and dates on every page -------------------------------------


@pytest.fixture
def screens(world, official, urmia_official, admin_user, manager_a, authority, today, days):
    """The permission world, lived in: a report taken through review, a question and its
    answer, a referral with its due date, the agency's acceptance; a resolved and a new
    report; licences (valid, expiring, expired), a supervision visit, an office with its
    premises history, facilitators and lead NGO."""
    for user, first, last in [
        (official, "مریم", "رضایی"),
        (urmia_official, "حسین", "قاسمی"),
        (manager_a, "علی", "محمدی"),
    ]:
        user.first_name, user.last_name = first, last
        user.save()
    ngo_a, ngo_b, office = world["ngo_a"], world["ngo_b"], world["office_a"]
    ngo_a.phone, ngo_a.email = "04433445566", "info@yari.example.ir"
    ngo_a.founded_on = today - days(3000)
    ngo_a.address = "ارومیه، خیابان امام، کوچه ۱۲"
    ngo_a.save()
    ngo_b.phone = "09141234567"
    ngo_b.save()
    fields = list(FieldOfActivity.objects.order_by("pk")[:2])
    ngo_a.fields.set(fields)
    ngo_b.fields.set(fields[:1])
    Licence.objects.create(
        ngo=ngo_a,
        authority=authority,
        number="۱۴۰۲/الف/۷۸۹",
        issued_on=today - days(400),
        expires_on=today + days(330),
    )
    Licence.objects.create(
        ngo=ngo_a,
        authority=authority,
        number="1398-456",
        issued_on=today - days(2200),
        expires_on=today - days(410),
    )
    Licence.objects.create(
        ngo=ngo_b,
        authority=authority,
        number="7781",
        issued_on=today - days(700),
        expires_on=today + days(25),
    )
    SupervisionVisit.objects.create(
        ngo=ngo_a,
        authority=authority,
        visited_on=today - days(45),
        outcome="satisfactory",
        notes="بازدید از دفتر و بررسی ۱۲ پرونده.",
    )
    office.premises, office.premises_since, office.opened_on = (
        "rented",
        today - days(200),
        today - days(900),
    )
    office.phone = "04433556677"
    office.save()
    world["agency"].phone, world["agency"].email = "04432223344", "dabir@agency.example.ir"
    world["agency"].save()
    PremisesChange.objects.create(
        office=office, premises="none", since=today - days(900), note="بدون مکان"
    )
    PremisesChange.objects.create(
        office=office, premises="rented", since=today - days(200), address="خیابان ۲۰ متری"
    )
    Facilitator.objects.create(office=office, name="زهرا احمدی", role="head", phone="09141112233")
    Facilitator.objects.create(office=office, name="رضا کریمی", phone="09143334455")
    Partnership.objects.create(ngo=ngo_a, office=office, started_on=today - days(800))

    report = world["report_a"]
    report_assign(report=report, actor=official, assignee=official)
    report.refresh_from_db()
    for action, actor, extra in [
        (Action.START_REVIEW, official, {}),
        (Action.REQUEST_INFO, official, {"note": "لطفاً نشانی دقیق و تعداد خانوارها را بفرستید."}),
        (Action.PROVIDE_INFO, manager_a, {"note": "کوچه ۱۴، حدود ۲۵ خانوار."}),
        (Action.REFER, official, {"agency": world["agency"], "due_on": today + days(14)}),
        (Action.AGENCY_ACCEPT, official, {"note": "نامه شماره ۴۵۶ دستگاه"}),
    ]:
        report_transition(report=report, action=action, actor=actor, **extra)
        report.refresh_from_db()
    report_comment(report=report, actor=official, text="پیگیری تلفنی شد.", internal=True)
    demand_answer(
        user=official,
        demand=world["demand_a"],
        status="committed",
        agency=world["agency"],
        commitment="بیمه‌ی گروهی حوادث برای ۲۰ عضو",
        due_on=today + days(30),
        note="در کارگروه ۱۲ آذر طرح شد.",
    )

    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    resolved = report_submit_for(world, "کمبود روشنایی کوچه‌ها", "medium", png)
    for action, extra in [
        (Action.START_REVIEW, {}),
        (Action.RESOLVE, {"note": "چراغ‌ها نصب شد."}),
    ]:
        report_transition(report=resolved, action=action, actor=urmia_official, **extra)
        resolved.refresh_from_db()
    report_submit_for(world, "کودکان بازمانده از تحصیل", "critical", png)

    two_ngos = _user("manager-two")
    ngo_a.managers.add(two_ngos)
    ngo_b.managers.add(two_ngos)
    return {
        **world,
        "report": report,
        "resolved": resolved,
        "official": official,
        "urmia_official": urmia_official,
        "admin": admin_user,
        "manager_a": manager_a,
        "two_ngos": two_ngos,
        "no_role": _user("no-role"),
    }


def report_submit_for(world, title, severity, png):
    return report_submit(
        ngo=world["ngo_a"],
        submitted_by=world["ngo_a"].managers.first(),
        category=world["report_a"].category,
        title=title,
        description="شرح کامل در پیوست آمده است.",
        severity=severity,
        people_affected=120,
        observed_on=timezone.localdate() - datetime.timedelta(days=10),
        neighbourhood=world["neighbourhood_a"],
        files=[SimpleUploadedFile("photo.png", png)],
    )


# -- the pages, by who reaches them ---------------------------------------------------


def pages_for(role, s):
    """(screenshot name, path, expected status) for each page `role` reaches."""
    report, ngo_a = s["report"], s["ngo_a"]
    return {
        "anonymous": [
            ("login", "/accounts/login/", 200),
            ("password-reset", "/accounts/password/reset/", 200),
        ],
        "manager": [
            ("home-manager", "/", 200),  # lands on their NGO's page
            ("report-new", f"/ngos/{ngo_a.pk}/reports/new/", 200),
            ("report-list-manager", "/reports/", 200),
            ("report-manager", f"/reports/{report.pk}/", 200),
            ("report-resolved-manager", f"/reports/{s['resolved'].pk}/", 200),
            ("ngo-profile", f"/ngos/{ngo_a.pk}/profile/", 200),
            ("licence-upload", f"/ngos/{ngo_a.pk}/licences/new/", 200),
            ("not-found", "/reports/99999999/", 404),
            ("meetings-manager", "/meetings/", 200),
            ("meeting-manager", f"/meetings/{s['meeting_a'].pk}/", 200),
            ("demands-manager", "/demands/", 200),
            ("demand-manager", f"/demands/{s['demand_a'].pk}/", 200),
            ("demand-new", f"/ngos/{ngo_a.pk}/demands/new/", 200),
        ],
        "manager-of-two": [("home-two-ngos", "/", 200)],
        "no-role": [("home-no-role", "/", 200)],
        "official": [
            ("dashboard-province", "/", 200),  # an official lands on the dashboard
            ("triage-queue", "/reports/", 200),
            ("report-official", f"/reports/{report.pk}/", 200),
            ("definitions", "/dashboard/definitions/", 200),
            ("county", f"/counties/{s['county_a'].pk}/", 200),
            ("neighbourhood", f"/neighbourhoods/{s['neighbourhood_a'].pk}/", 200),
            ("office", f"/offices/{s['office_a'].pk}/", 200),
            ("agency", f"/agencies/{s['agency'].pk}/", 200),
            ("office-list", "/offices/", 200),
            ("ngo-list", "/ngos/", 200),
            ("ngo-official", f"/ngos/{ngo_a.pk}/", 200),
            ("meetings", "/meetings/", 200),
            ("meeting-new", "/meetings/new/", 200),
            ("meeting-official", f"/meetings/{s['meeting_a'].pk}/", 200),
            ("demands", "/demands/", 200),
            ("demand-official", f"/demands/{s['demand_a'].pk}/", 200),
            ("demand-dashboard", "/dashboard/demands/", 200),
            ("monthly-reports", "/dashboard/monthly/", 200),
        ],
        "county-official": [
            ("dashboard-county", "/", 200),
            ("report-county-official", f"/reports/{s['resolved'].pk}/", 200),
        ],
        "admin": [
            ("admin-index", "/admin/", 200),
            ("admin-report-list", "/admin/reports/issuereport/", 200),
            ("admin-ngo-change", f"/admin/ngos/ngo/{ngo_a.pk}/change/", 200),
            ("imports", "/imports/", 200),
        ],
    }[role]


USERS = {
    "anonymous": None,
    "manager": "manager_a",
    "manager-of-two": "two_ngos",
    "no-role": "no_role",
    "official": "official",
    "county-official": "urmia_official",
    "admin": "admin",
}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", list(USERS))
def test_every_page_fits_a_phone_and_shows_only_persian_digits_and_jalali_dates(
    role, browser, site, screens
):
    user = screens[USERS[role]] if USERS[role] else None
    session_key = session_for(user) if user else None
    problems = check_pages(browser, site, session_key, pages_for(role, screens))
    assert not problems, f"{len(problems)} problems on the {role}'s pages:\n" + "\n".join(problems)
