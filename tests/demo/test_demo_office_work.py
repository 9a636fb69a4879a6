"""The demo shows the offices' year of work, their returns as officials meet them, the
premises they wait for, and the NGOs keeping their own records."""

import io

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.access import Role, access_for, may_submit_office_report
from demo.world import DEMO_PASSWORD
from ngos.models import NGO, Licence, Partnership
from offices.jalali import shift_month
from offices.models import FacilitationOffice, Facilitator
from workspace.models import Activity, MonthlyReturn, PremisesRequest, Referral
from workspace.services.months import due_date, last_ended_month, month_figures

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """One demo world for this module's tests, rolled back at the end (each test's own
    changes roll back after it, as usual)."""
    fast = override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    with django_db_blocker.unblock(), fast, transaction.atomic():
        call_command("seed_demo", "--with-demo-users", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def year_of_months():
    last = last_ended_month()
    return [shift_month(*last, -k) for k in range(11, -1, -1)]


def overdue(office_id, months, today):
    """The ended months whose return was due and never sent."""
    sent = set(
        MonthlyReturn.objects.filter(office_id=office_id).values_list("jalali_year", "jalali_month")
    )
    return [m for m in months if m not in sent and due_date(*m) < today]


def test_each_urmia_office_has_a_year_of_work_and_of_returns(seeded):
    months = year_of_months()
    today = timezone.localdate()
    offices = FacilitationOffice.objects.filter(county__code="urmia", status="active")
    assert offices.count() == 8
    missing = {}
    for office in offices:
        worked = set(office.activities.values_list("jalali_year", "jalali_month"))
        referred = set(office.referrals.values_list("jalali_year", "jalali_month"))
        assert set(months) <= worked and set(months) <= referred, office.code
        per_month = [
            office.activities.filter(jalali_year=y, jalali_month=m).count() for y, m in months
        ]
        assert min(per_month) >= 2 and max(per_month) <= 8, office.code
        returned_months = set(
            office.returns.exclude(status="superseded").values_list("jalali_year", "jalali_month")
        )
        gaps = [m for m in months if m not in returned_months]
        if gaps:
            missing[office.code] = gaps
        # Only the latest month (or two, early in a month) may still be missing.
        assert not gaps or gaps == months[-len(gaps) :], office.code
    # One office has not sent the return that was due, which officials see as overdue.
    assert len(missing) == 1
    (code,) = missing
    office = offices.get(code=code)
    assert overdue(office.pk, months, today)
    assert all(not overdue(o.pk, months, today) for o in offices.exclude(code=code))


def test_returns_carry_their_months_figures_and_tell_the_story(seeded):
    months = year_of_months()
    current = MonthlyReturn.objects.exclude(status="superseded")
    assert current.count() >= 8 * 12 - 2
    for monthly in current:
        figures = month_figures(monthly.office_id, monthly.jalali_year, monthly.jalali_month)
        assert {name: getattr(monthly, name) for name in figures} == figures, monthly
        assert monthly.month_has_ended() and monthly.submitted_at <= timezone.now()
        assert monthly.first_submitted_at <= monthly.submitted_at
        assert monthly.submitted_by is not None
    late = [
        r
        for r in current
        if timezone.localdate(r.first_submitted_at) > due_date(r.jalali_year, r.jalali_month)
    ]
    assert len(late) >= 3
    # Most are accepted (by a county official); the last month awaits review at some
    # offices and was sent back, with the reviewer's comment, at one.
    statuses = list(current.values_list("status", flat=True))
    assert statuses.count("accepted") > len(statuses) * 3 // 4
    last = current.filter(jalali_year=months[-1][0], jalali_month=months[-1][1])
    assert last.filter(status="submitted").count() >= 2
    (sent_back,) = current.filter(status="returned")
    assert sent_back.review_comment and sent_back.reviewed_by and sent_back.reviewed_at
    assert (sent_back.jalali_year, sent_back.jalali_month) == months[-1]
    reviewed = current.filter(status="accepted")
    assert not reviewed.filter(reviewed_by__isnull=True).exists()
    assert not reviewed.filter(reviewed_at__lt=F("submitted_at")).exists()
    # One accepted return was corrected: its first version is kept, replaced.
    (replaced,) = MonthlyReturn.objects.filter(status="superseded")
    correction = current.get(
        office=replaced.office, jalali_year=replaced.jalali_year, jalali_month=replaced.jalali_month
    )
    assert correction.version == 2 and correction.status == "accepted"
    assert correction.activities == replaced.activities + 1


def test_activities_and_referrals_keep_the_rules_of_the_forms(seeded):
    today = timezone.localdate()
    assert not Activity.objects.filter(held_on__gt=today).exists()
    assert not Referral.objects.filter(referred_on__gt=today).exists()
    assert not Referral.objects.filter(people__lt=1).exists()
    over_population = Activity.objects.filter(
        neighbourhood__population__lt=F("women") + F("men") + F("children")
    )
    assert not over_population.exists()
    # Each is in a neighbourhood its office serves, and some are run with its lead partner.
    for activity in Activity.objects.select_related("office")[:200]:
        assert activity.office.neighbourhoods.filter(pk=activity.neighbourhood_id).exists()
    leads = Partnership.objects.filter(role="lead", office=F("ngo__office_activities__office"))
    assert leads.exists()
    assert Activity.objects.filter(partner_agency__isnull=False).exists()
    assert Activity.objects.values("kind").distinct().count() >= 5
    assert Referral.objects.values("agency").distinct().count() >= 5


def test_two_offices_wait_for_premises_at_different_steps(seeded):
    requests = PremisesRequest.objects.select_related("office")
    assert sorted(requests.values_list("step", flat=True)) == ["offered", "requested"]
    offered = requests.get(step="offered")
    assert offered.offer_address and offered.offer_agency and offered.offer_size
    assert offered.requested_on < offered.offered_on <= timezone.localdate()
    assert all(r.office.premises != "dedicated" for r in requests)


def test_demo_facilitator_manages_an_urmia_office_that_can_submit_reports(seeded, client):
    request = RequestFactory().post("/accounts/login/")
    user = authenticate(request, username="demo-facilitator", password=DEMO_PASSWORD)
    assert user is not None
    access = access_for(user)
    assert access.role == Role.OFFICE_STAFF and access.office_manager
    office = FacilitationOffice.objects.get(pk=access.office_id)
    assert office.county.code == "urmia" and office.status == "active"
    lead = Partnership.objects.get(office=office, role="lead", ended_on__isnull=True)
    assert lead.ngo.status == NGO.Status.ACTIVE
    assert may_submit_office_report(user, office)
    # Their office's story: a return sent back to correct, and a premises offer.
    assert office.returns.filter(status="returned", submitted_by=user).exists()
    assert office.premises_requests.filter(step="offered").exists()
    response = client.post(
        reverse("login"), {"username": "demo-facilitator", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(user.pk)


def test_facilitators_have_their_start_dates_and_training(seeded):
    urmia = Facilitator.objects.filter(office__county__code="urmia")
    assert urmia.exists() and not urmia.filter(since__isnull=True).exists()
    assert not urmia.filter(since__gt=timezone.localdate()).exists()
    assert urmia.filter(training_completed=True).exists()
    assert urmia.filter(training_completed=False).exists()


def test_ngos_confirmed_their_profiles_at_different_times(seeded):
    now = timezone.now()
    ngos = NGO.objects.all()
    confirmed = list(
        ngos.exclude(profile_confirmed_at=None).values_list("profile_confirmed_at", flat=True)
    )
    assert ngos.filter(profile_confirmed_at=None).exists()
    assert any((now - at).days > 365 for at in confirmed)  # due a reminder
    assert any((now - at).days < 60 for at in confirmed)
    assert all(at <= now for at in confirmed)
    changed = ngos.exclude(profile_changed_at=None)
    assert changed.exists()
    assert all(ngo.profile_changes for ngo in changed)
    assert ngos.filter(members_with_disabilities__gt=0, disability_jobs__gt=0).exists()


def test_one_renewed_licence_awaits_verification_by_urmia(seeded):
    (awaiting,) = Licence.objects.filter(verification="awaiting")
    assert awaiting.document and awaiting.submitted_by
    assert awaiting.ngo.managers.filter(pk=awaiting.submitted_by_id).exists()
    assert awaiting.ngo.county.code == "urmia"
    assert awaiting.issued_on <= timezone.localdate() < awaiting.expires_on
    # It does not count until verified: the NGO's status still follows the old licence.
    status = NGO.objects.with_licence_status().get(pk=awaiting.ngo_id).licence_status
    assert status == "expiring"
    demo_logins = get_user_model().objects.filter(username__in=["demo-ngo-a", "demo-ngo-b"])
    assert not awaiting.ngo.managers.filter(pk__in=demo_logins).exists()
