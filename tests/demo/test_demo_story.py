"""The demo world tells a believable story: people act, agencies say no, names read Persian."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse

from accounts.models import Official
from ngos.models import NGO
from offices.models import FacilitationOffice, Facilitator, Neighbourhood
from reports.models import IssueReport, ReportEvent, ReportSupport
from reports.workflow import Action

pytestmark = pytest.mark.django_db

LATIN_DIGIT = re.compile(r"[0-9]")
NGO_STEPS = {Action.SUBMIT, Action.PROVIDE_INFO, Action.CONFIRM, Action.REOPEN}


@pytest.fixture
def seeded(db):
    call_command("seed_demo", "--with-demo-users", stdout=io.StringIO())


def test_some_agencies_decline_and_the_report_goes_to_the_agency_suggested(seeded):
    declines = ReportEvent.objects.filter(action=Action.AGENCY_DECLINE)
    per_agency = dict(declines.values_list("agency").annotate(n=Count("pk")))
    assert len(per_agency) >= 3 and declines.count() >= 20
    # Some agencies decline far more often than others.
    assert max(per_agency.values()) >= 3 * min(per_agency.values())
    for decline in declines.select_related("report")[:50]:
        assert decline.suggested_agency_id not in (None, decline.agency_id)
        assert decline.answer_delay is not None and decline.answer_delay.total_seconds() > 0
        after = decline.report.events.filter(created_at__gte=decline.created_at).exclude(
            pk=decline.pk
        )
        referral = after.filter(action=Action.REFER).order_by("created_at", "pk").first()
        assert referral is not None and referral.agency_id == decline.suggested_agency_id


def test_every_step_is_by_the_person_who_would_have_taken_it(seeded):
    # Escalations alone are nobody's step: the daily run makes them.
    events = ReportEvent.objects.exclude(kind=ReportEvent.Kind.ESCALATION)
    assert not events.filter(actor__isnull=True).exists()
    # The NGO's own steps are by one of its managers.
    managers = set(NGO.managers.through.objects.values_list("ngo_id", "user_id"))
    ngo_steps = list(events.filter(action__in=NGO_STEPS).values_list("report__ngo", "actor"))
    assert ngo_steps and set(ngo_steps) <= managers
    # The officials' steps are by an official of the report's county, or of the province.
    supports = events.filter(kind=ReportEvent.Kind.SUPPORT)
    official_steps = list(
        events.exclude(action__in=NGO_STEPS)
        .exclude(pk__in=supports.values("pk"))
        .values_list("actor", "county")
    )
    assert official_steps
    roles = dict(Official.objects.values_list("user_id", "county_id"))
    for actor, county in official_steps:
        assert actor in roles and roles[actor] in (None, county), (actor, county)
    # A support is added by a manager of the supporting NGO.
    supporters = set(ReportSupport.objects.values_list("report", "added_by"))
    assert supporters and set(supports.values_list("report", "actor")) == supporters
    assert all(
        (ngo, user) in managers
        for ngo, user in ReportSupport.objects.values_list("ngo", "added_by")
    )
    # Reports are submitted by their NGO's manager, and followed by the official who took them up.
    assert not IssueReport.objects.filter(submitted_by__isnull=True).exists()
    reviewed = IssueReport.objects.exclude(status="submitted").filter(duplicate_of__isnull=True)
    assert not reviewed.filter(assigned_to__isnull=True).exists()


def test_the_acting_accounts_cannot_log_in(seeded, client):
    staff = get_user_model().objects.filter(username__startswith="demo-staff-")
    managers = get_user_model().objects.filter(username__startswith="demo-manager-")
    office_staff = get_user_model().objects.filter(username__startswith="demo-office-")
    assert staff.exists() and managers.exists() and office_staff.count() == 8
    for user in [*staff[:3], *managers[:3], *office_staff[:3]]:
        assert not user.has_usable_password() and user.email == ""
        assert user.get_full_name()


def test_seeded_names_and_addresses_use_persian_digits(seeded):
    texts = {
        "NGO": NGO.objects.values_list("name", "address", "contact_person"),
        "neighbourhood": Neighbourhood.objects.values_list("name"),
        "office": FacilitationOffice.objects.values_list("name", "address"),
        "facilitator": Facilitator.objects.values_list("name"),
        "user": get_user_model().objects.values_list("first_name", "last_name"),
        "note": ReportEvent.objects.values_list("note").distinct(),
    }
    for what, rows in texts.items():
        latin = [text for row in rows for text in row if LATIN_DIGIT.search(text)]
        assert not latin, (what, latin[:3])
    assert NGO.objects.filter(name__contains="(شعبه ۳۲)").exists()


def test_a_county_officials_offices_chart_shows_their_county_by_status(seeded, client):
    client.force_login(get_user_model().objects.get(username="demo-county"))
    response = client.get(reverse("dashboard"))
    chart = response.context["charts"]["offices"]
    assert chart["labels"] == [str(label) for _v, label in FacilitationOffice.Status.choices]
    (series,) = chart["series"]
    assert series["values"][chart["labels"].index("فعال")] == 8  # Urmia's eight offices
    assert "دفاتر تسهیل‌گری بر پایه وضعیت" in response.text


def test_the_scorecard_has_declined_referrals(seeded, client):
    client.force_login(get_user_model().objects.get(username="demo-official"))
    scorecard = client.get(reverse("dashboard")).context["scorecard"]
    assert sum(row["declined"] for row in scorecard) > 0
