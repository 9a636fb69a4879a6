"""The demands dashboard: figures checked against demands whose right answer is known,
scope by role, filters, and a fixed number of queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Demand, DemandStatus, Meeting, MeetingNGO
from ngos.models import NGO
from offices.jalali import format_jalali, jalali_year_start
from reports.models import Agency, Category
from tests.conftest import make_national_id

pytestmark = pytest.mark.django_db


def noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@pytest.fixture
def need(reference_data):
    return Category.objects.filter(kind=Category.Kind.NEED).order_by("pk").first()


@pytest.fixture
def agency_2(reference_data):
    return Agency.objects.order_by("pk")[1]


def demand(ngo, category, raised_on, status=DemandStatus.OPEN, **extra):
    if status == DemandStatus.NOT_POSSIBLE:
        extra.setdefault("reason", "بودجه ندارد")
    return Demand.objects.create(
        ngo=ngo, category=category, text="بیمه اعضا", raised_on=raised_on, status=status, **extra
    )


@pytest.fixture
def world(ngo_a, ngo_b, urmia, harm, need, agency, agency_2, today, days):
    """Six demands whose every figure is counted by hand below (period: the last 400 days)."""
    t = today
    urmia_meeting = Meeting.objects.create(
        held_on=t - days(20), title="دیدار با سمن‌های ارومیه", place="استانداری", county=urmia,
        chaired_by="معاون استاندار",
    )  # fmt: skip
    province_meeting = Meeting.objects.create(
        held_on=t - days(10), title="خانه سمن استان", place="استانداری", chaired_by="مدیرکل"
    )
    MeetingNGO.objects.create(meeting=urmia_meeting, ngo=ngo_a)
    MeetingNGO.objects.create(meeting=province_meeting, ngo=ngo_b)
    d = {
        # Urmia, an NGO need, answered after 2 days, done.
        "done": demand(
            ngo_a, need, t - days(20), DemandStatus.DONE, agency=agency, commitment="بیمه",
            due_on=t - days(5), answered_at=noon(t - days(18)), closed_at=noon(t - days(6)),
            meeting=urmia_meeting,
        ),
        # Urmia, a need, answered after 4 days, committed and overdue by 3 days.
        "late_3": demand(
            ngo_a, need, t - days(20), DemandStatus.COMMITTED, agency=agency,
            due_on=t - days(3), answered_at=noon(t - days(16)), meeting=urmia_meeting,
        ),
        # Urmia, a harm, no answer yet, no agency.
        "open": demand(ngo_a, harm, t - days(10)),
        # Urmia, a harm, found not possible after 6 days.
        "not_possible": demand(
            ngo_a, harm, t - days(10), DemandStatus.NOT_POSSIBLE, agency=agency_2,
            answered_at=noon(t - days(4)), closed_at=noon(t - days(4)),
        ),
        # Khoy, a need, answered after 1 day, in progress and overdue by 8 days.
        "late_8": demand(
            ngo_b, need, t - days(10), DemandStatus.IN_PROGRESS, agency=agency,
            due_on=t - days(8), answered_at=noon(t - days(9)), meeting=province_meeting,
        ),
        # Urmia, raised before the period, committed and overdue by 30 days.
        "late_30": demand(
            ngo_a, need, t - days(500), DemandStatus.COMMITTED, agency=agency_2,
            due_on=t - days(30), answered_at=noon(t - days(499)),
        ),
    }  # fmt: skip
    d["meetings"] = (urmia_meeting, province_meeting)
    return d


def page(client, user, today, days, **params):
    params.setdefault("start", format_jalali(today - days(400)))
    client.force_login(user)
    response = client.get(reverse("demand_dashboard"), params)
    assert response.status_code == 200
    return response


def cards(response) -> dict:
    return {name: value for name, value, _url, _list in response.context["cards"]}


def test_province_official_sees_every_figure_of_the_province(client, official, world, today, days):
    figures = cards(page(client, official, today, days))
    assert figures == {
        "demands_raised": 5,  # all but the one raised 500 days ago
        "demands_answered": 4,  # all but the open one
        "demands_done": 1,
        "demands_not_possible": 1,
        "demands_open": 1,
        "demands_committed": 3,  # done, late_3, late_8: a commitment or a due date
        "overdue_commitments": 3,  # late_3, late_8 and late_30, raised whenever
        "median_days_to_demand_answer": 3.0,  # 1, 2, 4, 6 days
    }


def test_demands_by_category_count_each_category(client, official, world, need, harm, today, days):
    rows = page(client, official, today, days).context["by_category"]
    assert [row["category"] for row in rows] == [need, harm]  # most raised first
    need_row, harm_row = rows
    assert (need_row["raised"], need_row["answered"], need_row["done"]) == (3, 3, 1)
    assert (need_row["not_possible"], need_row["overdue"], need_row["median_days"]) == (0, 3, 2.0)
    assert (harm_row["raised"], harm_row["answered"], harm_row["not_possible"]) == (2, 1, 1)
    assert (harm_row["overdue"], harm_row["median_days"]) == (0, 6.0)


def test_demands_by_agency_include_those_with_no_agency(
    client, official, world, agency, agency_2, today, days
):
    rows = {row["agency"]: row for row in page(client, official, today, days).context["by_agency"]}
    assert set(rows) == {agency, agency_2, None}
    first = rows[agency]
    assert (first["raised"], first["committed"], first["done"], first["overdue"]) == (3, 3, 1, 2)
    assert first["median_days"] == 2.0  # 1, 2, 4 days
    # Its only demand of the period was not possible; late_30, raised before, is overdue.
    second = rows[agency_2]
    assert (second["raised"], second["committed"], second["overdue"]) == (1, 0, 1)
    assert second["median_days"] == 6.0
    none = rows[None]
    assert (none["raised"], none["overdue"], none["median_days"]) == (1, 0, None)
    html = page(client, official, today, days).content.decode()
    assert "بدون دستگاه مسئول" in html
    assert f"{reverse('demand_list')}?agency=none&" in html


def test_overdue_commitments_come_longest_overdue_first(client, official, world, today, days):
    response = page(client, official, today, days)
    overdue = response.context["overdue"]
    assert [d.pk for d in overdue] == [world[k].pk for k in ("late_30", "late_8", "late_3")]
    assert [d.days_overdue for d in overdue] == [30, 8, 3]
    html = response.content.decode()
    assert reverse("demand_detail", args=[world["late_30"].pk]) in html
    assert "۳۰ روز" in html  # days overdue, in Persian digits


def test_latest_meetings_count_their_demands_by_status(client, official, world, today, days):
    response = page(client, official, today, days)
    urmia_meeting, province_meeting = world["meetings"]
    meetings = response.context["meetings"]
    assert meetings == [province_meeting, urmia_meeting]  # the latest first
    counts = {value: n for value, _label, n in meetings[1].demand_statuses}
    assert counts[DemandStatus.DONE] == 1 and counts[DemandStatus.COMMITTED] == 1
    assert counts[DemandStatus.OPEN] == 0
    assert (meetings[1].demand_total, meetings[1].demand_overdue) == (2, 1)
    assert reverse("meeting_detail", args=[urmia_meeting.pk]) in response.content.decode()


def test_county_official_sees_only_their_countys_demands(
    client, khoy_official, urmia_official, world, today, days
):
    khoy = page(client, khoy_official, today, days)
    assert cards(khoy)["demands_raised"] == 1 and cards(khoy)["overdue_commitments"] == 1
    assert cards(khoy)["median_days_to_demand_answer"] == 1.0
    assert [d.pk for d in khoy.context["overdue"]] == [world["late_8"].pk]
    # Khoy's NGO attended the provincial meeting; Urmia's meeting is not Khoy's.
    assert khoy.context["meetings"] == [world["meetings"][1]]
    assert "بیمه اعضا" in khoy.content.decode()
    urmia = cards(page(client, urmia_official, today, days))
    assert (urmia["demands_raised"], urmia["overdue_commitments"]) == (4, 2)
    assert urmia["median_days_to_demand_answer"] == 4.0  # 2, 4, 6 days


def test_county_official_asking_for_another_county_gets_404(client, khoy_official, urmia, world):
    client.force_login(khoy_official)
    response = client.get(reverse("demand_dashboard"), {"county": urmia.pk})
    assert response.status_code == 404


def test_province_official_filters_by_county(client, official, world, khoy, today, days):
    figures = cards(page(client, official, today, days, county=khoy.pk))
    assert (figures["demands_raised"], figures["overdue_commitments"]) == (1, 1)


def test_kind_filter_counts_one_kind_of_category(client, official, world, today, days):
    figures = cards(page(client, official, today, days, kind=Category.Kind.HARM))
    assert (figures["demands_raised"], figures["demands_not_possible"]) == (2, 1)
    assert figures["overdue_commitments"] == 0


def test_default_period_is_this_jalali_year(client, official, ngo_a, need, today, days):
    year_start = jalali_year_start(today)
    demand(ngo_a, need, year_start)
    demand(ngo_a, need, year_start - days(1))  # last year
    client.force_login(official)
    response = client.get(reverse("demand_dashboard"))
    assert cards(response)["demands_raised"] == 1
    # The period's numbers link to the demand list with the same period.
    assert f"raised_from={format_jalali(year_start)}" in response.content.decode()


@pytest.mark.parametrize("params", [{"start": "1404/13/40"}, {"kind": "everything"}])
def test_bad_filters_show_a_message_and_no_figures(client, official, world, params):
    client.force_login(official)
    response = client.get(reverse("demand_dashboard"), params)
    assert response.status_code == 200
    assert "cards" not in response.context
    assert 'class="alert alert-danger"' in response.content.decode()


@pytest.mark.parametrize(
    ("user", "status"), [("manager_a", 403), ("no_role_user", 403), ("readonly_official", 200)]
)
def test_only_officials_see_the_demands_dashboard(client, request, user, status):
    client.force_login(request.getfixturevalue(user))
    assert client.get(reverse("demand_dashboard")).status_code == status


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("demand_dashboard"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_main_dashboard_links_to_the_demands_dashboard(client, official):
    client.force_login(official)
    assert reverse("demand_dashboard") in client.get(reverse("dashboard")).content.decode()


@pytest.mark.parametrize("scale", [1, 4])
def test_demand_dashboard_runs_a_fixed_number_of_queries(
    client, official, urmia, reference_data, today, days, django_assert_num_queries, scale
):
    categories = list(Category.objects.order_by("pk")[: 2 * scale])
    agencies = list(Agency.objects.order_by("pk")[: 2 * scale])
    for n in range(3 * scale):
        ngo = NGO.objects.create(
            name=f"سمن {n}", national_id=make_national_id(100 + n), county=urmia
        )
        meeting = Meeting.objects.create(
            held_on=today - days(n), title=f"نشست {n}", place="-", chaired_by="-", county=urmia
        )
        MeetingNGO.objects.create(meeting=meeting, ngo=ngo)
        for i, status in enumerate(DemandStatus):
            demand(
                ngo, categories[(n + i) % len(categories)], today - days(n), status,
                agency=agencies[(n + i) % len(agencies)] if i % 2 else None, meeting=meeting,
                due_on=today - days(i), answered_at=noon(today) if i else None,
            )  # fmt: skip
    client.force_login(official)
    client.get(reverse("demand_dashboard"))
    # session, user, the user's NGOs, official role, counties (the filter's count and its
    # options); key figures and their median; by category: counts, categories, medians;
    # by agency: counts, agencies, medians; overdue commitments; meetings and their demands
    with django_assert_num_queries(17):
        client.get(reverse("demand_dashboard"))
