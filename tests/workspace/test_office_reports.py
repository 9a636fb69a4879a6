"""Office staff report social issues of their neighbourhoods, as an NGO manager does: the
report names the office and goes in the name of the office's lead partner NGO."""

import re

import pytest
from django.urls import reverse

from accounts.models import OfficeStaff
from ngos.models import Partnership
from offices.models import FacilitationOffice, Neighbourhood
from reports.models import IssueReport
from reports.workflow import report_transition

pytestmark = pytest.mark.django_db


def new_url(office):
    return reverse("office_report_new", args=[office.pk])


@pytest.fixture
def lead(office, ngo_a, today, days):
    """ngo_a leads the office."""
    return Partnership.objects.create(
        ngo=ngo_a, office=office, role="lead", started_on=today - days(400)
    )


@pytest.fixture
def staff(client, facilitator):
    client.force_login(facilitator)
    return client


def form_data(client, place, harm, neighbourhood, **overrides):
    page = client.get(new_url(place))
    key = re.search(r'name="submission_key" value="([^"]+)"', page.text).group(1)
    data = {
        "category": harm.pk,
        "neighbourhood": neighbourhood.pk,
        "title": "کودکان بازمانده از تحصیل در الواج",
        "description": "دست‌کم پانزده کودک این محله امسال به مدرسه نرفته‌اند.",
        "severity": "high",
        "people_affected": "۱۵",
        "submission_key": key,
    }
    data.update(overrides)
    return data


def test_staff_submit_a_report_naming_their_office_and_follow_it(
    staff, facilitator, office, ngo_a, lead, harm, neighbourhood
):
    response = staff.post(new_url(office), form_data(staff, office, harm, neighbourhood))
    report = IssueReport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("report_detail", args=[report.pk])
    assert (report.ngo, report.office, report.from_office) == (ngo_a, office, True)
    assert report.submitted_by == facilitator and report.neighbourhood == neighbourhood
    page = staff.get(response.url)
    assert page.status_code == 200 and office.name in page.text
    # They follow it as its submitter: they may comment on its timeline.
    comment = staff.post(
        reverse("report_comment", args=[report.pk]), {"text": "خانواده‌ها آماده گفت‌وگو هستند."}
    )
    assert comment.status_code == 302
    assert report.events.filter(kind="comment", actor=facilitator).exists()


def test_the_office_staff_are_told_as_the_ngo_managers_are(
    staff,
    facilitator,
    manager_a,
    office_manager,
    office,
    lead,
    harm,
    neighbourhood,
    urmia_official,
    run_tasks,
    mailoutbox,
):
    staff.post(new_url(office), form_data(staff, office, harm, neighbourhood))
    report = IssueReport.objects.get()
    run_tasks()
    # The lead NGO's manager and every active staff member of the office: received; the
    # county's official: a new report.
    assert {a for m in mailoutbox for a in m.to} == {
        facilitator.email,
        office_manager.email,
        manager_a.email,
        urmia_official.email,
    }
    mailoutbox.clear()
    report_transition(report=report, action="start_review", actor=urmia_official)
    run_tasks()
    assert {a for m in mailoutbox for a in m.to} == {
        facilitator.email,
        office_manager.email,
        manager_a.email,
    }


def test_the_office_is_fixed_and_whatever_is_posted_for_it_is_ignored(
    staff, office, khoy_office, lead, harm, neighbourhood
):
    page = staff.get(new_url(office))
    assert page.context["form"]["office"].field.disabled
    data = form_data(staff, office, harm, neighbourhood, office=khoy_office.pk)
    assert staff.post(new_url(office), data).status_code == 302
    assert IssueReport.objects.get().office == office


def test_only_the_offices_neighbourhoods_can_be_chosen(staff, office, urmia, lead, harm):
    elsewhere = Neighbourhood.objects.create(county=urmia, name="حاشیه شهر", population=500)
    page = staff.get(new_url(office))
    assert list(page.context["form"].fields["neighbourhood"].queryset) == list(
        office.neighbourhoods.all()
    )
    response = staff.post(new_url(office), form_data(staff, office, harm, elsewhere))
    assert response.status_code == 200
    assert response.context["form"].errors["neighbourhood"]
    assert not IssueReport.objects.exists()


def test_the_report_is_seen_by_the_office_and_the_lead_ngo_not_by_another_office(
    client, staff, office, lead, harm, neighbourhood, manager_a, urmia
):
    staff.post(new_url(office), form_data(staff, office, harm, neighbourhood))
    report = IssueReport.objects.get()
    other_office = FacilitationOffice.objects.create(
        code="URM-02", name="دفتر تسهیل‌گری دیگر", county=urmia, status="active"
    )
    colleague_elsewhere = type(manager_a).objects.create_user("other-office-facilitator")
    OfficeStaff.objects.create(user=colleague_elsewhere, office=other_office)
    detail = reverse("report_detail", args=[report.pk])

    assert [r.pk for r in staff.get(reverse("report_list")).context["page"]] == [report.pk]
    client.force_login(manager_a)
    assert client.get(detail).status_code == 200
    assert [r.pk for r in client.get(reverse("report_list")).context["page"]] == [report.pk]
    client.force_login(colleague_elsewhere)
    assert client.get(detail).status_code == 404
    assert list(client.get(reverse("report_list")).context["page"]) == []


def test_staffs_report_list_holds_their_offices_reports_only(
    staff, office, lead, harm, neighbourhood, make_report
):
    ngo_report = make_report()  # by the lead NGO's manager, not from the office
    staff.post(new_url(office), form_data(staff, office, harm, neighbourhood))
    listed = [r.pk for r in staff.get(reverse("report_list")).context["page"]]
    assert ngo_report.pk not in listed
    assert listed == list(IssueReport.objects.filter(from_office=True).values_list("pk", flat=True))


def test_an_office_without_a_lead_partner_is_told_why_it_cannot_report(
    staff, office, harm, neighbourhood
):
    response = staff.get(new_url(office))
    assert response.status_code == 200
    assert response.context["form"] is None
    assert "شریک اصلی" in response.text
    response = staff.post(new_url(office), {"title": "x", "category": harm.pk})
    assert response.status_code == 200 and "شریک اصلی" in response.text
    assert not IssueReport.objects.exists()


def test_an_inactive_lead_partner_is_no_partner_for_reports(staff, office, ngo_a, lead):
    ngo_a.status = "dissolved"
    ngo_a.save()
    response = staff.get(new_url(office))
    assert response.context["form"] is None and "شریک اصلی" in response.text


def test_a_lead_partnership_that_ended_is_not_the_lead(staff, office, lead, today):
    lead.ended_on = today
    lead.save()
    assert staff.get(new_url(office)).context["form"] is None


@pytest.mark.parametrize(
    ("who", "status"),
    [("khoy_facilitator", 404), ("manager_a", 404), ("urmia_official", 403)],
)
def test_others_cannot_report_for_the_office(client, request, office, lead, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(new_url(office)).status_code == status
