"""Dashboards: figures checked against data whose right answer is known, scope, filters, speed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from ngos.models import Licence
from offices.models import FacilitationOffice, Neighbourhood
from reports.models import IssueReport
from reports.workflow import Action, report_transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def known_world(
    make_report, ngo_b, manager_b, official, agency, office, urmia, authority, ngo_a, today, days
):
    """A small world whose every figure is counted by hand in the comments."""
    # Offices: the fixture's (active, no premises) + one active dedicated + one planned.
    FacilitationOffice.objects.create(
        code="URM-02", name="دفتر دوم", county=urmia, status="active", premises="dedicated"
    )
    FacilitationOffice.objects.create(
        code="URM-03", name="دفتر سوم", county=urmia, status="planned"
    )
    # Licences: A's expires in 30 days (expiring); B's expired 10 days ago.
    Licence.objects.create(
        ngo=ngo_a,
        authority=authority,
        number="1",
        issued_on=today - days(700),
        expires_on=today + days(30),
    )
    Licence.objects.create(
        ngo=ngo_b,
        authority=authority,
        number="2",
        issued_on=today - days(900),
        expires_on=today - days(10),
    )
    # Reports in Urmia: two open, one overdue referral (open too), one resolved in 4 days.
    hood_without_office = Neighbourhood.objects.create(county=urmia, name="دیگاله")
    open_one = make_report()
    make_report(neighbourhood=hood_without_office)
    overdue = make_report()
    for action, extra in [
        ("start_review", {}),
        ("refer", {"agency": agency, "due_on": today}),
        ("agency_accept", {}),
    ]:
        report_transition(report=overdue, action=action, actor=official, **extra)
    IssueReport.objects.filter(pk=overdue.pk).update(due_on=today - days(2))
    resolved = make_report()
    for action, extra in [("start_review", {}), ("resolve", {"note": "حل شد"})]:
        report_transition(report=resolved, action=action, actor=official, **extra)
    IssueReport.objects.filter(pk=resolved.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=4)
    )
    # One report in Khoy.
    make_report(ngo=ngo_b, submitted_by=manager_b, neighbourhood=None)
    return {"open": open_one, "overdue": overdue, "resolved": resolved, "hood": hood_without_office}


def dashboard(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("dashboard"), params)
    assert response.status_code == 200
    return response.context


def test_province_figures(client, official, known_world):
    key = dashboard(client, official)["key"]
    assert key["open_reports"] == 4  # 3 in Urmia + 1 in Khoy
    assert key["overdue_referrals"] == 1
    assert key["active_offices"] == 2 and key["offices_without_premises"] == 1
    assert key["active_ngos"] == 2
    assert key["licences_expiring"] == 1 and key["licences_expired"] == 1
    assert key["median_days_to_resolve"] == pytest.approx(4, abs=0.1)


def test_county_official_sees_their_county_only(client, urmia_official, khoy_official, known_world):
    urmia = dashboard(client, urmia_official)["key"]
    assert urmia["open_reports"] == 3 and urmia["licences_expired"] == 0
    khoy = dashboard(client, khoy_official)["key"]
    assert (
        khoy["open_reports"] == 1 and khoy["active_offices"] == 0 and khoy["licences_expired"] == 1
    )


def test_county_filter_and_a_county_outside_scope(
    client, official, urmia_official, khoy, known_world
):
    assert dashboard(client, official, county=khoy.pk)["key"]["open_reports"] == 1
    client.force_login(urmia_official)
    assert client.get(reverse("dashboard"), {"county": khoy.pk}).status_code == 404
    assert client.get(reverse("dashboard"), {"county": "not-a-number"}).status_code == 404


def test_impossible_period_gets_a_persian_message_and_no_figures(
    client, official, khoy, known_world
):
    client.force_login(official)
    response = client.get(reverse("dashboard"), {"start": "1404/12/30", "county": khoy.pk})
    assert response.status_code == 200 and "کبیسه" in response.text
    # No figures of some other period or place: the page asks for the filters to be fixed.
    assert "key" not in response.context and "فیلترها را درست کنید" in response.text
    assert response.context["county"] == khoy  # the title still names the chosen county
    response = client.get(reverse("dashboard"), {"start": "1405/06/01", "end": "1405/01/01"})
    assert "پیش از" in response.text and "key" not in response.context


def test_the_period_is_named_with_its_end(client, official, known_world):
    client.force_login(official)
    page = client.get(reverse("dashboard"), {"start": "1405/01/01", "end": "1405/06/31"}).text
    assert "بازه از ۱ فروردین ۱۴۰۵ تا ۳۱ شهریور ۱۴۰۵." in page


def test_a_dissolved_ngo_is_not_counted_among_lapsing_licences(
    client, official, ngo_a, authority, today, days, known_world
):
    before = dashboard(client, official)["key"]["licences_expiring"]
    ngo_a.status = "dissolved"
    ngo_a.save()
    assert dashboard(client, official)["key"]["licences_expiring"] == before - 1


def test_charts_and_tables_count_right(client, official, known_world, agency, harm):
    context = dashboard(client, official)
    assert {c.pk: n for c, n in context["by_category"]} == {harm.pk: 5}
    statuses = {value: n for value, _label, n in context["by_status"]}
    assert statuses["submitted"] == 3 and statuses["in_progress"] == 1 and statuses["resolved"] == 1
    assert sum(n for _name, n, _q in context["by_month"]) == 5 and len(context["by_month"]) == 12
    ranking = {
        hood.name: (hood.open_reports, hood.office_name) for hood in context["neighbourhoods"]
    }
    assert ranking["الواج"] == (2, "دفتر تسهیل‌گری الواج")
    assert ranking["دیگاله"] == (1, None)  # no office: it stands out
    row = next(r for r in context["scorecard"] if r["agency"] == agency)
    assert (row["received"], row["accepted"], row["declined"], row["overdue"]) == (1, 1, 0, 1)
    assert row["days_to_answer"] is not None


def test_numbers_link_to_the_lists_they_count(client, official, known_world, agency):
    client.force_login(official)
    page = client.get(reverse("dashboard")).text
    assert f'href="{reverse("report_list")}?queue=overdue' in page
    assert f"?queue=overdue&agency={agency.pk}" in page
    assert f"neighbourhood={known_world['hood'].pk}" in page


def test_every_figure_has_its_definition_on_the_definitions_page(client, official):
    from dashboards.figures import DEFINITIONS

    client.force_login(official)
    page = client.get(reverse("definitions")).text
    for definition in DEFINITIONS:
        assert escape(str(definition.label)) in page and escape(str(definition.how)) in page


def test_managers_may_not_see_dashboards(client, manager_a):
    client.force_login(manager_a)
    assert client.get(reverse("dashboard")).status_code == 403
    assert client.get(reverse("definitions")).status_code == 403


@pytest.mark.parametrize("scale", [1, 4])
def test_dashboard_runs_a_fixed_number_of_queries(
    client, official, make_report, django_assert_num_queries, scale
):
    for _ in range(3 * scale):
        make_report()
    client.force_login(official)
    client.get(reverse("dashboard"))
    # session, user, the user's NGOs, official role, counties (filter); key figures:
    # reports, offices, NGOs with their licences, median; charts: reports per category
    # and status, categories, months, offices by county (2), fields; neighbourhood
    # ranking (2); scorecard: agencies, events, overdue, days to answer, days to resolve;
    # the offices' work: returns per county, offices waiting for premises
    with django_assert_num_queries(24):
        client.get(reverse("dashboard"))


def test_ngo_page_counts_its_reports_and_the_offices_response_time(
    client, manager_a, ngo_a, make_report, official
):
    first, second, _untouched = make_report(), make_report(), make_report()
    for report, days_later in [(first, 2), (second, 4)]:
        report_transition(report=report, action=Action.START_REVIEW, actor=official)
        IssueReport.objects.filter(pk=report.pk).update(
            submitted_at=timezone.now() - datetime.timedelta(days=days_later)
        )
    client.force_login(manager_a)
    figures = client.get(reverse("ngo_home", args=[ngo_a.pk])).context["figures"]
    statuses = {value: n for value, _label, n in figures["by_status"]}
    assert statuses["under_review"] == 2 and statuses["submitted"] == 1 and figures["total"] == 3
    assert figures["median_days_to_first_response"] == pytest.approx(3, abs=0.1)


def test_ngo_page_tells_its_manager_which_reports_wait_for_an_answer(
    client, make_report, official, manager_a, ngo_a
):
    waiting = [make_report(), make_report()]
    make_report()  # not asked anything
    for report in waiting:
        report_transition(report=report, action=Action.START_REVIEW, actor=official)
        report_transition(
            report=report, action=Action.REQUEST_INFO, actor=official, note="نشانی دقیق؟"
        )
    client.force_login(manager_a)
    page = client.get(reverse("ngo_home", args=[ngo_a.pk])).text
    assert "۲ گزارش منتظر پاسخ شماست." in page
    link = escape(f"{reverse('report_list')}?ngo={ngo_a.pk}&status=awaiting_info")
    assert f'href="{link}"' in page
    listed = client.get(reverse("report_list"), {"ngo": ngo_a.pk, "status": "awaiting_info"})
    assert sorted(r.pk for r in listed.context["page"].object_list) == sorted(r.pk for r in waiting)
    # An official reading the NGO's page is not told to answer.
    client.force_login(official)
    assert "منتظر پاسخ شماست" not in client.get(reverse("ngo_home", args=[ngo_a.pk])).text


@pytest.mark.parametrize("reports", [1, 10])
def test_ngo_page_runs_a_fixed_number_of_queries(
    client, manager_a, ngo_a, make_report, django_assert_num_queries, reports
):
    for _ in range(reports):
        make_report()
    client.force_login(manager_a)
    client.get(reverse("ngo_home", args=[ngo_a.pk]))
    # session, user, the user's NGOs, official role, the NGO in scope with its county
    # and licence status, its fields, its licences, its supervision visits, its reports
    # by status, the median, its latest demands
    with django_assert_num_queries(11):
        client.get(reverse("ngo_home", args=[ngo_a.pk]))


def test_days_to_answer_are_counted_from_the_referral_to_the_answer(
    client, official, make_report, agency, today
):
    from reports.models import ReportEvent

    answered = []
    for days_waited, answer in [(2, "agency_accept"), (6, "agency_decline")]:
        report = make_report()
        report_transition(report=report, action="start_review", actor=official)
        report_transition(
            report=report,
            action="refer",
            actor=official,
            agency=agency,
            due_on=today,
        )
        ReportEvent.objects.filter(report=report, action="refer").update(
            created_at=timezone.now() - datetime.timedelta(days=days_waited)
        )
        event = report_transition(report=report, action=answer, actor=official, note="پاسخ")
        answered.append(event.answer_delay.total_seconds() / 86400)
    assert answered == [pytest.approx(2, abs=0.01), pytest.approx(6, abs=0.01)]
    row = next(r for r in dashboard(client, official)["scorecard"] if r["agency"] == agency)
    assert (row["accepted"], row["declined"]) == (1, 1)
    assert row["days_to_answer"] == pytest.approx(4, abs=0.1)  # the middle of 2 and 6


def test_a_report_moved_to_another_county_takes_its_referrals_with_it(
    client, official, urmia_official, khoy_official, make_report, agency, khoy, today
):
    report = make_report()
    for action, extra in [("start_review", {}), ("refer", {"agency": agency, "due_on": today})]:
        report_transition(report=report, action=action, actor=official, **extra)

    def received(user):
        rows = dashboard(client, user)["scorecard"]
        return next((r["received"] for r in rows if r["agency"] == agency), 0)

    assert (received(urmia_official), received(khoy_official)) == (1, 0)
    # An administrator corrects the neighbourhood: the report is Khoy's now, and so is its timeline.
    report.refresh_from_db()
    report.neighbourhood = Neighbourhood.objects.create(county=khoy, name="ربط")
    report.save()
    assert (received(urmia_official), received(khoy_official)) == (0, 1)
    assert received(official) == 1
