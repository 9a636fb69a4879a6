"""Pages of places and registries: county, neighbourhood, office, agency, the office and NGO lists.

Their figures are checked against a small world whose right answers are counted
by hand; each page's query count is pinned at two data sizes; a number's link
leads to a list that shows the same number.
"""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from ngos.models import Licence, Partnership, SupervisionVisit
from offices.formatting import jalali_month_label
from offices.models import FacilitationOffice, Facilitator, Neighbourhood, PremisesChange
from reports.models import Category, IssueReport
from reports.workflow import report_transition

pytestmark = pytest.mark.django_db


def run(report, official, *steps):
    for action, extra in steps:
        report_transition(report=report, action=action, actor=official, **extra)


@pytest.fixture
def place_world(
    make_report, official, office, neighbourhood, urmia, ngo_a, ngo_b, agency, today, days
):
    """Urmia: الواج (served by the fixture's office, no premises) and دیگاله (no office);
    a second, dedicated office serving nothing; four reports."""
    second = FacilitationOffice.objects.create(
        code="URM-02", name="دفتر مرکزی", county=urmia, status="active", premises="dedicated"
    )
    bare = Neighbourhood.objects.create(county=urmia, name="دیگاله", population=900)
    PremisesChange.objects.create(office=office, premises="none", since=today - days(400))
    PremisesChange.objects.create(
        office=office, premises="shared", since=today - days(100), address="مسجد محله"
    )
    Facilitator.objects.create(office=office, name="مریم احمدی", role="head")
    Facilitator.objects.create(office=office, name="علی رضایی", active=False)
    Partnership.objects.create(ngo=ngo_a, office=office, started_on=today - days(200))
    Partnership.objects.create(
        ngo=ngo_b, office=office, role="partner", started_on=today - days(50)
    )
    other = Category.objects.filter(kind="harm").exclude(pk=make_report().category_id).first()
    # So far: one open report in الواج (harm). Then:
    make_report()  # a second open one in الواج
    resolved = make_report(category=other)
    run(resolved, official, ("start_review", {}), ("resolve", {"note": "انجام شد"}))
    overdue = make_report(neighbourhood=bare)
    run(
        overdue,
        official,
        ("start_review", {}),
        ("refer", {"agency": agency, "due_on": today}),
        ("agency_accept", {}),
    )
    IssueReport.objects.filter(pk=overdue.pk).update(due_on=today - days(3))
    return {"second": second, "bare": bare, "other": other, "overdue": overdue}


def get(client, user, name, *args, **params):
    client.force_login(user)
    response = client.get(reverse(name, args=args), params)
    assert response.status_code == 200
    return response


def test_county_page_counts_offices_and_finds_neighbourhoods_without_one(
    client, official, urmia, office, neighbourhood, place_world
):
    context = get(client, official, "county_detail", urmia.pk).context
    key = context["key"]
    assert key["open_reports"] == 3 and key["overdue_referrals"] == 1
    assert key["active_offices"] == 2 and key["offices_without_premises"] == 1
    offices = {o.code: (o.served, o.open_reports) for o in context["offices"]}
    assert offices == {"URM-01": (1, 2), "URM-02": (0, 0)}
    hoods = {h.name: (h.office_name, h.open_reports) for h in context["neighbourhoods"]}
    assert hoods == {"الواج": (office.name, 2), "دیگاله": (None, 1)}
    assert [h.name for h in context["without_office"]] == ["دیگاله"]


def test_neighbourhood_page_counts_its_reports_by_category(
    client, official, neighbourhood, harm, office, place_world
):
    response = get(client, official, "neighbourhood_detail", neighbourhood.pk)
    rows = {r["category"].pk: (r["total"], r["open"]) for r in response.context["categories"]}
    assert rows == {harm.pk: (2, 2), place_world["other"].pk: (1, 0)}
    assert response.context["active_office"] == office
    bare = get(client, official, "neighbourhood_detail", place_world["bare"].pk)
    assert bare.context["active_office"] is None
    assert "هیچ دفتر تسهیل‌گری فعالی" in bare.text


def test_office_page_shows_premises_history_people_partners_and_reports(
    client, urmia_official, office, ngo_a, ngo_b, place_world
):
    response = get(client, urmia_official, "office_detail", office.pk)
    context = response.context
    assert [c.premises for c in context["premises_history"]] == ["shared", "none"]
    assert [f.name for f in context["facilitators"]] == ["مریم احمدی", "علی رضایی"]
    partners = {p.ngo: p.linkable for p in context["partnerships"]}
    # Khoy's NGO is named, but a county official of Urmia is not sent to a page it cannot open.
    assert partners == {ngo_a: True, ngo_b: False}
    assert reverse("ngo_home", args=[ngo_b.pk]) not in response.text
    statuses = {value: n for value, _label, n in context["by_status"] if n}
    assert statuses == {"submitted": 2, "resolved": 1}
    assert {h.name: h.open_reports for h in context["neighbourhoods"]} == {"الواج": 2}
    assert "بدون محل مستقل" in response.text or "محل" in response.text


def test_agency_page_has_its_scorecard_and_open_referrals(
    client, official, khoy_official, agency, place_world
):
    context = get(client, official, "agency_detail", agency.pk).context
    row = context["row"]
    assert (row["received"], row["accepted"], row["declined"], row["overdue"]) == (1, 1, 0, 1)
    assert row["days_to_answer"] is not None
    assert context["referrals"] == [place_world["overdue"]]
    # Khoy's official counts only Khoy's referrals: none.
    khoy = get(client, khoy_official, "agency_detail", agency.pk).context
    assert khoy["row"]["received"] == 0 and khoy["referrals"] == []


def test_agency_page_keeps_the_dashboards_county_and_period(
    client, official, agency, khoy, urmia, place_world
):
    client.force_login(official)
    page = client.get(reverse("dashboard"), {"county": urmia.pk, "start": "1405/01/01"}).text
    link = re.search(rf'href="({reverse("agency_detail", args=[agency.pk])}\?[^"]*)"', page)
    assert link and "county=" in link.group(1) and "start=" in link.group(1)
    context = client.get(unescape(link.group(1))).context
    assert context["county"] == urmia and context["row"]["received"] == 1
    khoy_page = client.get(reverse("agency_detail", args=[agency.pk]), {"county": khoy.pk})
    assert khoy_page.context["row"]["received"] == 0 and khoy_page.context["referrals"] == []
    bad = client.get(reverse("agency_detail", args=[agency.pk]), {"start": "1405/13/01"})
    assert bad.status_code == 200 and "row" not in bad.context


def test_agency_that_does_not_exist_is_a_404(client, official):
    client.force_login(official)
    assert client.get(reverse("agency_detail", args=[999999])).status_code == 404


def count_in_list(client, url):
    """The number a list page says it shows (its paginator's count)."""
    return client.get(url).context["page"].paginator.count


def figure_links(page, list_name):
    return re.findall(rf'href="({re.escape(reverse(list_name))}\?[^"]*)"', page)


def test_every_figure_on_the_dashboard_leads_to_a_list_of_as_many(
    client, official, ngo_a, ngo_b, authority, today, days, place_world
):
    Licence.objects.create(
        ngo=ngo_a, authority=authority, number="1", issued_on=today, expires_on=today + days(20)
    )
    Licence.objects.create(
        ngo=ngo_b,
        authority=authority,
        number="2",
        issued_on=today - days(400),
        expires_on=today - days(1),
    )
    client.force_login(official)
    response = client.get(reverse("dashboard"))
    key = response.context["key"]
    for name, list_name in [
        ("active_offices", "office_list"),
        ("offices_without_premises", "office_list"),
        ("active_ngos", "ngo_list"),
        ("licences_expiring", "ngo_list"),
        ("licences_expired", "ngo_list"),
        ("open_reports", "report_list"),
        ("overdue_referrals", "report_list"),
    ]:
        assert key[name] >= 1, name
        links = [unescape(link) for link in figure_links(response.text, list_name)]
        counts = {count_in_list(client, link) for link in links}
        assert key[name] in counts, (name, links)
    # The status and category tables count the period: their links carry it.
    by_status = {value: n for value, _label, n in response.context["by_status"]}
    link = next(
        unescape(x) for x in figure_links(response.text, "report_list") if "status=resolved" in x
    )
    assert "submitted_from=" in link and count_in_list(client, link) == by_status["resolved"]
    # Each month of the chart's table leads to that month's reports.
    month_name, n, query = response.context["by_month"][-1]
    # Named as in the chart: «آذر ۱۴۰۵», not «۱۴۰۵/۰۹».
    assert month_name == jalali_month_label(timezone.localdate(), "fa")
    assert n == 4 and count_in_list(client, f"{reverse('report_list')}?{query}") == n


def test_office_list_filters_and_refuses_a_bad_filter_in_persian(
    client, official, urmia_official, khoy, office, place_world
):
    client.force_login(official)
    page = client.get(reverse("office_list"), {"status": "active", "premises": "without"})
    assert [o.code for o in page.context["page"].object_list] == ["URM-01"]
    page = client.get(reverse("office_list"), {"q": "مركزي"})  # Arabic letters typed
    assert [o.code for o in page.context["page"].object_list] == ["URM-02"]
    bad = client.get(reverse("office_list"), {"status": "haunted"})
    assert bad.status_code == 200 and bad.context["page"].paginator.count == 0
    assert "یک گزینهٔ معتبر" in bad.text or "معتبر" in bad.text
    # A county official filtering on another county gets a message, not its offices.
    client.force_login(urmia_official)
    other = client.get(reverse("office_list"), {"county": khoy.pk})
    assert other.context["page"].paginator.count == 0 and other.context["form"].errors


def test_ngo_list_filters_by_licence_and_field(
    client, official, urmia_official, ngo_a, ngo_b, authority, today, days
):
    from ngos.models import FieldOfActivity

    Licence.objects.create(
        ngo=ngo_a, authority=authority, number="1", issued_on=today, expires_on=today + days(20)
    )
    field = FieldOfActivity.objects.first()
    ngo_b.fields.add(field)
    client.force_login(official)
    names = lambda **p: [  # noqa: E731
        n.name for n in client.get(reverse("ngo_list"), p).context["page"].object_list
    ]
    assert names(licence="expiring") == [ngo_a.name]
    assert names(licence="none") == [ngo_b.name]
    assert names(field=field.pk) == [ngo_b.name]
    client.force_login(urmia_official)
    assert names() == [ngo_a.name]  # Khoy's NGO is outside the county official's scope


def test_ngo_page_shows_supervision_visits(client, official, ngo_a, authority, today):
    SupervisionVisit.objects.create(
        ngo=ngo_a, authority=authority, visited_on=today, outcome="needs_improvement"
    )
    response = get(client, official, "ngo_home", ngo_a.pk)
    assert [v.outcome for v in response.context["visits"]] == ["needs_improvement"]
    assert "نیازمند بهبود" in response.text


# -- a fixed number of queries, whatever the data size --------------------------------------


def grow(scale, *, make_report, official, office, urmia, ngo_a, agency, today, days):
    """More of everything each page lists or counts, `scale` times over."""
    for i in range(scale * 3):
        hood = Neighbourhood.objects.create(county=urmia, name=f"محله {scale}-{i}")
        office.neighbourhoods.add(hood)
        extra = FacilitationOffice.objects.create(
            code=f"X-{scale}-{i}", name=f"دفتر {i}", county=urmia, status="active"
        )
        extra.neighbourhoods.add(hood)
        Facilitator.objects.create(office=office, name=f"تسهیل‌گر {i}")
        PremisesChange.objects.create(office=office, premises="shared", since=today - days(i))
        Partnership.objects.create(
            ngo=ngo_a, office=office, role="partner", started_on=today - days(i)
        )
        report = make_report(**({"neighbourhood": hood} if i % 2 else {}))
        run(
            report,
            official,
            ("start_review", {}),
            ("refer", {"agency": agency, "due_on": today + days(5)}),
        )


# session, user, the user's NGOs, official role, then the page's own queries.
PAGE_QUERIES = {
    # county; key figures (reports, offices, NGOs, median); offices; open by office;
    # neighbourhoods with their office; open by neighbourhood
    "county_detail": 4 + 9,
    # neighbourhood; its offices; reports by category (2); by status
    "neighbourhood_detail": 4 + 5,
    # office; neighbourhoods; open by neighbourhood; partners; premises history;
    # facilitators; by status; its months: returns, activities, referrals
    "office_detail": 4 + 10,
    # agency; the county filter (count, options); scorecard (agencies, events, overdue,
    # to answer, to resolve); referrals
    "agency_detail": 4 + 9,
    # counties (filter), count, page
    "office_list": 4 + 3,
    # counties (filter), fields (filter), count, page
    "ngo_list": 4 + 4,
}


@pytest.mark.parametrize("name", PAGE_QUERIES)
@pytest.mark.parametrize("scale", [1, 4])
def test_place_pages_run_a_fixed_number_of_queries(
    client,
    official,
    make_report,
    office,
    urmia,
    ngo_a,
    agency,
    today,
    days,
    neighbourhood,
    django_assert_num_queries,
    name,
    scale,
):
    grow(
        scale,
        make_report=make_report,
        official=official,
        office=office,
        urmia=urmia,
        ngo_a=ngo_a,
        agency=agency,
        today=today,
        days=days,
    )
    args = {
        "county_detail": [urmia.pk],
        "neighbourhood_detail": [neighbourhood.pk],
        "office_detail": [office.pk],
        "agency_detail": [agency.pk],
    }.get(name, [])
    client.force_login(official)
    url = reverse(name, args=args)
    assert client.get(url).status_code == 200
    with django_assert_num_queries(PAGE_QUERIES[name]):
        client.get(url)


def test_dates_typed_in_the_period_are_jalali(client, official):
    """The dashboard's period reaches the report list as Jalali dates the list reads back."""
    from dashboards.figures import Scope
    from dashboards.filters import period_query

    scope = Scope(None, None, None, None, datetime.date(2026, 3, 21), datetime.date(2026, 4, 21))
    assert period_query(scope) == "submitted_from=1405/01/01&submitted_to=1405/01/31"
