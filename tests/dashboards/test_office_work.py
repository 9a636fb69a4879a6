"""Officials see the offices' work: an office's last 12 Jalali months on its page, and on
the dashboard per county the returns of the month due, the overdue ones and the offices
still waiting for dedicated premises.

The figure functions take `today`, so the due date (the 5th of the next Jalali month)
is checked on either side without freezing time; the pages are checked through HTTP.
"""

import datetime

import jdatetime
import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from dashboards.figures import BY_NAME
from dashboards.figures.offices_work import office_months, offices_work, waiting_for_premises
from offices.formatting import format_date, jalali_month_label, persian_digits
from offices.jalali import shift_month, to_jalali
from offices.models import FacilitationOffice
from tests.conftest import SCREENSHOTS, browser_login, screenshot
from workspace.models import Activity, ActivityKind, MonthlyReturn, PremisesRequest, Referral

pytestmark = pytest.mark.django_db


def jalali(year, month, day) -> datetime.date:
    return jdatetime.date(year, month, day).togregorian()


# Mehr 1404 is the month due in Aban 1404; its returns are due by 5 Aban.
ON_THE_DUE_DATE = jalali(1404, 8, 5)
AFTER_THE_DUE_DATE = jalali(1404, 8, 6)


def make_return(office, year, month, status, version=1, **figures):
    return MonthlyReturn.objects.create(
        office=office,
        jalali_year=year,
        jalali_month=month,
        version=version,
        status=status,
        **figures,
    )


def make_office(county, code, **fields):
    return FacilitationOffice.objects.create(
        code=code, name=f"دفتر {code}", county=county, **{"status": "active", **fields}
    )


@pytest.fixture
def workshop(db):
    return ActivityKind.objects.get_or_create(name="کارگاه آموزشی")[0]


@pytest.fixture
def visit(db):
    return ActivityKind.objects.get_or_create(name="بازدید خانگی")[0]


def make_activity(office, neighbourhood, kind, held_on, women=0, men=0, children=0):
    return Activity.objects.create(
        office=office,
        neighbourhood=neighbourhood,
        kind=kind,
        held_on=held_on,
        topic="آموزش مهارت‌های زندگی",
        women=women,
        men=men,
        children=children,
    )


def make_referral(office, agency, referred_on, people):
    return Referral.objects.create(
        office=office, agency=agency, referred_on=referred_on, service="مستمری", people=people
    )


# -- the dashboard: returns of the month due ---------------------------------------------


@pytest.fixture
def returns_world(office, urmia, khoy_office):
    """Urmia's active offices and where their return for Mehr 1404 stands."""
    accepted = office
    make_return(accepted, 1404, 7, "accepted", activities=4, attendance=40)
    awaiting = make_office(urmia, "URM-B")
    make_return(awaiting, 1404, 7, "submitted")
    sent_back = make_office(urmia, "URM-C")
    make_return(sent_back, 1404, 7, "returned")
    # Accepted, then a correction submitted: accepted once, not overdue, not awaiting.
    correcting = make_office(urmia, "URM-D")
    make_return(correcting, 1404, 7, "accepted")
    make_return(correcting, 1404, 7, "submitted", version=2)
    # Accepted, corrected, the correction accepted: still one accepted return.
    corrected = make_office(urmia, "URM-E")
    make_return(corrected, 1404, 7, "superseded")
    make_return(corrected, 1404, 7, "accepted", version=2)
    # No return for Mehr; an accepted one for Shahrivar does not count for Mehr.
    silent = make_office(urmia, "URM-F")
    make_return(silent, 1404, 6, "accepted")
    # Opened in Aban: owes no return for Mehr.
    make_office(urmia, "URM-G", opened_on=jalali(1404, 8, 1))
    # Not active: not counted at all, whatever its return.
    closed = make_office(urmia, "URM-H", status="closed")
    make_return(closed, 1404, 7, "accepted")
    # Khoy's office has sent nothing.
    return {"silent": silent, "sent_back": sent_back}


def test_returns_of_the_month_due_are_counted_once_each_by_where_they_stand(
    returns_world, urmia, khoy
):
    work = offices_work(FacilitationOffice.objects.all(), AFTER_THE_DUE_DATE)
    assert (work["year"], work["month"]) == (1404, 7)
    assert work["due"] == ON_THE_DUE_DATE and work["overdue_now"]
    rows = {row["county_id"]: row for row in work["rows"]}
    urmia_row = rows[urmia.pk]
    assert urmia_row["active"] == 7
    assert urmia_row["accepted"] == 3  # URM-01, the one being corrected, the corrected one
    assert urmia_row["awaiting"] == 1  # URM-B
    assert urmia_row["overdue"] == 2  # sent back and not resubmitted, and none at all
    assert rows[khoy.pk]["overdue"] == 1
    assert work["totals"]["overdue"] == 3


def test_no_return_is_overdue_until_the_day_after_the_5th(returns_world, urmia):
    work = offices_work(FacilitationOffice.objects.all(), ON_THE_DUE_DATE)
    assert not work["overdue_now"]
    (urmia_row,) = [row for row in work["rows"] if row["county_id"] == urmia.pk]
    assert urmia_row["overdue"] == 0 and urmia_row["not_yet_due"] == 2
    # Early in the month the month due is still the one before it.
    early = offices_work(FacilitationOffice.objects.all(), jalali(1404, 8, 1))
    assert (early["year"], early["month"]) == (1404, 7)


def test_returns_by_county_take_two_queries_whatever_the_offices(
    returns_world, urmia, django_assert_num_queries
):
    for i in range(15):
        make_return(make_office(urmia, f"X-{i}"), 1404, 7, "submitted")
    # the counts per county; the offices without dedicated premises
    with django_assert_num_queries(2):
        offices_work(FacilitationOffice.objects.all(), AFTER_THE_DUE_DATE)


# -- the dashboard: offices waiting for premises ------------------------------------------


def test_the_wait_for_premises_runs_from_losing_them_and_asking_does_not_shorten_it(
    office, urmia, agency
):
    today = jalali(1405, 8, 10)
    # Without premises since 1401, asked in 1405: still waiting since 1401.
    office.premises = "none"
    office.premises_since = jalali(1401, 5, 1)
    office.opened_on = jalali(1400, 1, 15)
    office.save()
    PremisesRequest.objects.create(office=office, requested_on=jalali(1405, 1, 20), need="دو اتاق")
    # Shared since it opened, never asked (no premises date: from the opening).
    never_asked = make_office(urmia, "URM-O", premises="shared", opened_on=jalali(1403, 8, 10))
    # A withdrawn request is not open: no request is shown.
    withdrawn = make_office(
        urmia, "URM-W", premises="temporary", premises_since=jalali(1405, 6, 10)
    )
    PremisesRequest.objects.create(
        office=withdrawn, requested_on=jalali(1405, 7, 1), need="یک اتاق", step="withdrawn"
    )
    unknown = make_office(urmia, "URM-U", premises="none")
    PremisesRequest.objects.create(office=unknown, requested_on=jalali(1405, 8, 1), need="اتاق")
    make_office(urmia, "URM-D", premises="dedicated", opened_on=jalali(1399, 1, 1))
    make_office(urmia, "URM-P", status="planned", premises="none")

    waiting = waiting_for_premises(FacilitationOffice.objects.all(), today)

    def days_since(day):
        return (today - day).days

    assert [(o.pk, o.waited_days) for o in waiting] == [
        (office.pk, days_since(jalali(1401, 5, 1))),
        (never_asked.pk, days_since(jalali(1403, 8, 10))),
        (withdrawn.pk, days_since(jalali(1405, 6, 10))),
        (unknown.pk, None),
    ]
    assert days_since(jalali(1401, 5, 1)) > 1500  # not the 204 days since it asked
    # The open request is a separate fact beside the wait.
    assert [(o.requested_on, o.request_step) for o in waiting] == [
        (jalali(1405, 1, 20), "requested"),
        (None, None),
        (None, None),
        (jalali(1405, 8, 1), "requested"),
    ]
    (row,) = offices_work(FacilitationOffice.objects.all(), today)["rows"]
    assert row["without_premises"] == 4
    assert row["longest_wait"].pk == office.pk


# -- the dashboard page --------------------------------------------------------------


def test_dashboard_shows_each_county_in_the_users_scope(
    client, official, urmia_official, office, khoy_office, urmia, khoy
):
    client.force_login(official)
    rows = client.get(reverse("dashboard")).context["work"]["rows"]
    assert {row["county_id"] for row in rows} == {urmia.pk, khoy.pk}
    filtered = client.get(reverse("dashboard"), {"county": khoy.pk}).context["work"]
    assert [row["county_id"] for row in filtered["rows"]] == [khoy.pk]
    assert [o.pk for o in filtered["waiting"]] == [khoy_office.pk]

    client.force_login(urmia_official)
    page = client.get(reverse("dashboard"))
    work = page.context["work"]
    assert [row["county_id"] for row in work["rows"]] == [urmia.pk]
    assert [o.pk for o in work["waiting"]] == [office.pk]
    assert khoy_office.name not in page.content.decode()
    assert office.name in page.content.decode()


def test_dashboard_names_the_month_due_and_the_waits_in_persian(
    client, official, office, khoy_office, today
):
    office.opened_on = today - datetime.timedelta(days=45)
    office.save()
    khoy_office.premises_since = today - datetime.timedelta(days=300)
    khoy_office.save()
    asked = today - datetime.timedelta(days=20)
    PremisesRequest.objects.create(office=khoy_office, requested_on=asked, need="دو اتاق")
    client.force_login(official)
    html = client.get(reverse("dashboard")).content.decode()
    assert "۴۵ روز" in html and "۳۰۰ روز" in html  # not 20: asking does not shorten the wait
    assert "بدون درخواست" in html  # no open premises request, said in words
    assert f"درخواست: {format_date(asked, 'fa')}" in html  # the request, beside the wait
    year, month = shift_month(to_jalali(today).year, to_jalali(today).month, -1)
    month_name = jalali_month_label(jalali(year, month, 1))
    assert f"گزارش‌های ماهانه‌ی دفترها برای {month_name}" in html
    assert "۱۴" in month_name  # Persian digits


def test_the_returns_and_residents_referred_are_named_as_in_the_workspace(
    client, official, office, today
):
    """One word for overdue (the project's), the returns' statuses as the office reads them,
    and the residents an office refers never called by the reports' «referrals» word."""
    with translation.override("fa"):
        overdue = gettext("overdue")
        assert overdue in str(BY_NAME["returns_overdue"].label)
    now = to_jalali(today)
    for back, status in ((2, "submitted"), (3, "returned")):
        make_return(office, *shift_month(now.year, now.month, -back), status)
    client.force_login(official)
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert f'href="{reverse("return_queue")}"' in dashboard
    page = client.get(reverse("office_detail", args=[office.pk])).content.decode()
    definitions = client.get(reverse("definitions")).content.decode()
    for html in (dashboard, page, definitions):
        assert "دیرکرد" not in html
    assert overdue in definitions and overdue in page  # a month before last: overdue
    # Each month's return, named as the office's own pages name it.
    for back, status in ((2, "در انتظار بررسی"), (3, "برگشت داده شد")):
        url = reverse("return_month", args=[office.pk, *shift_month(now.year, now.month, -back)])
        assert f'<a href="{url}">{status}</a>' in page
    assert "ساکنان معرفی‌شده به دستگاه‌ها" in page
    assert "ساکنان معرفی‌شده به دستگاه‌ها" in definitions


@pytest.mark.parametrize("offices", [2, 20])
def test_dashboard_queries_do_not_grow_with_offices_and_returns(
    client, official, urmia, khoy, today, make_report, django_assert_num_queries, offices
):
    make_report()  # with no report at all the ranking would skip a query
    year, month = shift_month(to_jalali(today).year, to_jalali(today).month, -1)
    statuses = ["accepted", "submitted", "returned", "correcting"]
    for i in range(offices):
        place = make_office(
            urmia if i % 2 else khoy,
            f"Q-{i}",
            premises="none" if i % 3 else "dedicated",
            opened_on=today - datetime.timedelta(days=300 + i),
        )
        make_return(place, year, month, statuses[i % 4])
        if i % 5 == 0:
            PremisesRequest.objects.create(
                office=place, requested_on=today - datetime.timedelta(days=i), need="اتاق"
            )
    client.force_login(official)
    client.get(reverse("dashboard"))
    # The 24 of test_dashboards (22, then the returns per county and the offices waiting
    # for premises), and the offices chart's counties, read once there are offices
    with django_assert_num_queries(25):
        client.get(reverse("dashboard"))


# -- the office page -------------------------------------------------------------------


@pytest.fixture
def months_world(office, neighbourhood, agency, workshop, visit):
    """URM-01's work from Farvardin to Aban 1404, as seen on 3 Aban 1404."""
    # Aban (in progress): one visit recorded so far.
    make_activity(office, neighbourhood, visit, jalali(1404, 8, 2), women=2, children=1)
    # Mehr: accepted; its figures are the return's, not the activities recorded.
    make_return(
        office,
        1404,
        7,
        "accepted",
        activities=3,
        attendance=30,
        women=10,
        men=15,
        children=5,
        referrals=4,
        by_kind={"کارگاه آموزشی": 3},
        by_agency={"بهزیستی": 4},
    )
    make_activity(office, neighbourhood, workshop, jalali(1404, 7, 10), women=99)
    # Shahrivar: submitted, awaiting review: the activities recorded, not yet accepted.
    make_return(office, 1404, 6, "submitted", activities=1, attendance=7)
    make_activity(office, neighbourhood, workshop, jalali(1404, 6, 10), women=4, men=3)
    make_referral(office, agency, jalali(1404, 6, 11), people=2)
    # Mordad: accepted, corrected once, a second correction opened: the figures are the
    # accepted version's, neither the replaced one's nor the activities recorded.
    make_return(office, 1404, 5, "superseded", activities=9, attendance=90)
    make_return(
        office,
        1404,
        5,
        "accepted",
        version=2,
        activities=2,
        attendance=20,
        women=20,
        by_kind={"بازدید خانگی": 2},
    )
    make_return(office, 1404, 5, "correcting", version=3)
    make_activity(office, neighbourhood, visit, jalali(1404, 5, 3), men=1)
    # Tir: sent back; Khordad: nothing at all. Farvardin 1403 is out of the window.
    make_return(office, 1404, 4, "returned")
    make_return(office, 1403, 1, "accepted", activities=50, attendance=500)
    return office


def test_an_offices_months_show_accepted_returns_else_the_work_recorded(months_world, agency):
    work = office_months(months_world, jalali(1404, 8, 3))
    rows = {(r["year"], r["month"]): r for r in work["rows"]}
    assert len(work["rows"]) == 12
    assert (work["rows"][0]["year"], work["rows"][0]["month"]) == (1403, 9)
    assert (work["rows"][-1]["year"], work["rows"][-1]["month"]) == (1404, 8)

    def figures(key):
        r = rows[key]
        return (r["accepted"], r["activities"], r["attendance"], r["referrals"], r["state"])

    assert figures((1404, 8)) == (False, 1, 3, 0, "in_progress")
    assert figures((1404, 7)) == (True, 3, 30, 4, "accepted")
    assert figures((1404, 6)) == (False, 1, 7, 2, "submitted")
    assert figures((1404, 5)) == (True, 2, 20, 0, "correcting")
    assert figures((1404, 4)) == (False, 0, 0, 0, "returned")
    assert figures((1404, 3)) == (False, 0, 0, 0, "overdue")
    # Over the 12 months, counted the same way (Mehr's live workshop is not counted).
    assert work["by_kind"] == [("کارگاه آموزشی", 4), ("بازدید خانگی", 3)]  # most held first
    assert dict(work["by_agency"]) == {"بهزیستی": 4, agency.name: 2}
    chart = work["charts"]["chart-office-attendance"]
    accepted, pending = chart["series"]
    assert accepted["values"][-4:] == [20, 0, 30, 0]
    assert pending["values"][-4:] == [0, 7, 0, 3]


def test_a_month_not_yet_due_is_not_overdue(office):
    on_due = office_months(office, ON_THE_DUE_DATE)["rows"]
    assert on_due[-2]["state"] == "not_yet_due"
    after = office_months(office, AFTER_THE_DUE_DATE)["rows"]
    assert after[-2]["state"] == "overdue"
    # Opened in Mehr: Shahrivar's return was never owed.
    office.opened_on = jalali(1404, 7, 15)
    opened = office_months(office, AFTER_THE_DUE_DATE)["rows"]
    assert [row["state"] for row in opened[-3:]] == ["not_open", "overdue", "in_progress"]


def test_office_page_shows_its_months_to_officials_of_its_county(
    client, urmia_official, khoy_official, office, neighbourhood, workshop, today
):
    make_activity(office, neighbourhood, workshop, today, women=5, men=2)
    client.force_login(urmia_official)
    page = client.get(reverse("office_detail", args=[office.pk]))
    assert page.status_code == 200
    work = page.context["work"]
    assert work["rows"][-1]["attendance"] == 7
    html = page.content.decode()
    assert "هنوز پذیرفته نشده" in html  # not yet accepted
    assert "chart-office-attendance" in html
    assert dict(work["by_kind"]) == {"کارگاه آموزشی": 1}

    client.force_login(khoy_official)
    assert client.get(reverse("office_detail", args=[office.pk])).status_code == 404


@pytest.mark.parametrize("scale", [1, 6])
def test_office_page_queries_do_not_grow_with_the_months_work(
    client,
    official,
    office,
    neighbourhood,
    agency,
    workshop,
    visit,
    today,
    scale,
    django_assert_num_queries,
):
    now = to_jalali(today)
    for back in range(1, scale + 1):
        year, month = shift_month(now.year, now.month, -back)
        day = jdatetime.date(year, month, 2).togregorian()
        make_activity(office, neighbourhood, workshop if back % 2 else visit, day, women=back)
        make_referral(office, agency, day, people=back)
        make_return(office, year, month, "accepted" if back % 2 else "submitted")
    client.force_login(official)
    url = reverse("office_detail", args=[office.pk])
    client.get(url)
    # session, user, NGOs, role; office; neighbourhoods; open by neighbourhood; partners;
    # premises history; facilitators; by status; the months: returns, activities, referrals
    with django_assert_num_queries(4 + 10):
        client.get(url)


# -- the definitions page ----------------------------------------------------------------

NEW_FIGURES = [
    "office_month",
    "office_attendance",
    "office_activities_by_kind",
    "office_referrals_by_agency",
    "returns_month_due",
    "returns_accepted",
    "returns_awaiting_review",
    "returns_overdue",
    "premises_wait",
]


def test_every_new_figure_is_defined_in_persian_on_the_definitions_page(client, official):
    client.force_login(official)
    html = client.get(reverse("definitions")).content.decode()
    for name in NEW_FIGURES:
        definition = BY_NAME[name]
        assert f'id="{name}"' in html
        label, how = str(definition.label), str(definition.how)
        assert label in html and how.replace("'", "&#x27;") in html
        assert any("\u0600" <= ch <= "\u06ff" for ch in label + how), name


# -- in the browser: the charts are drawn, and a phone needs no sideways scrolling ---------

# Every chart's column labels: how many, in which order from right to left, and those that
# run past the canvas's edge. Each label's width is the one Chart.js measured to lay it out
# (the font it drew with), its slant and alignment those it was drawn with.
CHART_LABELS = """() => Object.values(window.Chart.instances).map((chart) => {
  const scale = chart.scales.x, widths = scale._getLabelSizes().widths;
  const items = scale.getLabelItems().map((item, i) => {
    const [x] = item.options.translation, r = item.options.rotation, w = widths[i];
    const align = item.options.textAlign;
    const start = align === "right" ? -w : align === "center" ? -w / 2 : 0;
    const ends = [x + start * Math.cos(r), x + (start + w) * Math.cos(r)];
    return {label: [].concat(item.label).join(" "), x, left: Math.min(...ends),
            right: Math.max(...ends)};
  });
  return {id: chart.canvas.id, width: chart.width, items};
})"""

# The cells of the tables in `selector` whose content runs past the cell (scrolls inside
# it), and the words broken across two lines (a word whose pieces stand on different lines).
CELL_PROBLEMS = """(selector) => {
  const problems = [];
  for (const cell of document.querySelectorAll(selector + " tbody td")) {
    if (!cell.checkVisibility()) continue;
    const text = cell.innerText.trim().replace(/\\s+/g, " ");
    if (cell.scrollWidth > cell.clientWidth + 1) problems.push("overflows: " + text);
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const word of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const rects = [...range.getClientRects()].filter((r) => r.width > 0)
          .sort((a, b) => a.top - b.top);
        if (rects.some((r, i) => i > 0 && r.top >= rects[i - 1].bottom - 1)) {
          problems.push("word broken: " + word[0] + " in " + text);
        }
      }
    }
  }
  return problems;
}"""

# The month cells of the office's 12-month table: how tall each is, in lines of its text.
MONTH_CELL_LINES = """() => [...document.querySelectorAll(
    "section[aria-labelledby=work-title] table tbody td:first-child")].map((cell) => {
  const lineHeight = parseFloat(getComputedStyle(cell).lineHeight);
  const month = cell.querySelector(".text-nowrap");
  // A name and a year are two runs (right to left, then the digits): one box each.
  const tops = new Set([...month.getClientRects()].map((r) => Math.round(r.top / 4)));
  return {month: month.innerText, lines: cell.getBoundingClientRect().height / lineHeight,
          monthLines: tops.size};
})"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_office_page_and_dashboard_draw_the_work_and_fit_a_phone(
    site, open_page, official, office, neighbourhood, agency, today
):
    kind = ActivityKind.objects.get_or_create(name="کارگاه آموزشی")[0]
    now = to_jalali(today)
    for back in range(1, 4):
        year, month = shift_month(now.year, now.month, -back)
        day = jdatetime.date(year, month, 2).togregorian()
        make_activity(office, neighbourhood, kind, day, women=5 * back, men=back, children=2)
        make_referral(office, agency, day, people=back)
        make_return(office, year, month, "accepted" if back > 1 else "submitted", attendance=9)
    office.opened_on = today - datetime.timedelta(days=200)
    office.save()
    persian_months = [persian_digits(row["label"]) for row in office_months(office, today)["rows"]]
    drawn = "() => Object.values(window.Chart.instances).map((chart) => chart.canvas.id).sort()"
    for width, height in ((360, 740), (1366, 900)):
        page = open_page(width=width, height=height)
        browser_login(page, site, "official")
        page.goto(f"{site}{reverse('office_detail', args=[office.pk])}")
        assert page.evaluate(drawn) == ["chart-office-activities", "chart-office-attendance"]
        # Every month under each chart, whole, oldest on the right, none past the edge.
        for chart in page.evaluate(CHART_LABELS):
            items = sorted(chart["items"], key=lambda item: -item["x"])
            assert [item["label"] for item in items] == persian_months, (width, chart)
            for item in items:
                assert item["left"] >= -0.5 and item["right"] <= chart["width"] + 0.5, (
                    width,
                    chart["id"],
                    item,
                )
        # The 12 months' table: no word broken across lines, nothing scrolling in a cell,
        # and each month's name and year on one line.
        assert page.evaluate(CELL_PROBLEMS, "section[aria-labelledby=work-title]") == []
        cells = page.evaluate(MONTH_CELL_LINES)
        assert [cell["month"] for cell in cells] == persian_months
        for cell in cells:
            assert cell["monthLines"] == 1 and cell["lines"] < 1.9, (width, cell)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        screenshot(page, f"office-work-fa-{width}")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        chart = page.locator("#chart-office-attendance")
        chart.screenshot(path=str(SCREENSHOTS / f"office-work-chart-fa-{width}.png"))
        table = page.locator("section[aria-labelledby=work-title] table")
        table.screenshot(path=str(SCREENSHOTS / f"office-work-table-fa-{width}.png"))
        page.goto(f"{site}{reverse('dashboard')}")
        assert "chart-month" in page.evaluate(drawn)
        for chart in page.evaluate(CHART_LABELS):
            for item in chart["items"]:
                assert item["left"] >= -0.5 and item["right"] <= chart["width"] + 0.5, (
                    width,
                    chart["id"],
                    item,
                )
        section = page.locator("section[aria-labelledby=work-title]")
        assert section.is_visible()
        assert page.evaluate(CELL_PROBLEMS, "section[aria-labelledby=work-title]") == []
        section.screenshot(path=str(SCREENSHOTS / f"dashboard-work-section-fa-{width}.png"))
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        screenshot(page, f"dashboard-work-fa-{width}")
