"""Accounts: landing after login, lockout, password change and reset, idle sessions, roles, audit trail."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Official
from reports.workflow import Action, report_transition
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def log_in(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


# -- landing -------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["official", "urmia_official", "readonly_official", "admin_user"])
def test_officials_land_on_the_dashboard(client, request, who):
    user = request.getfixturevalue(who)
    assert log_in(client, user.username).status_code == 302
    assert client.get(reverse("home")).headers["Location"] == reverse("dashboard")


def test_manager_lands_on_their_ngos_home(client, manager_a, ngo_a):
    log_in(client, "manager-a")
    assert client.get(reverse("home")).headers["Location"] == reverse("ngo_home", args=[ngo_a.pk])


# -- bad logins ----------------------------------------------------------------------


def test_disabled_account_gets_the_same_answer_as_a_wrong_password(client, manager_a, manager_b):
    manager_b.is_active = False
    manager_b.save()
    disabled = log_in(client, "manager-b")
    wrong = log_in(client, "manager-a", "not-it")
    unknown = log_in(client, "nobody-here", "whatever")
    errors = [
        re.findall(r'alert-danger" role="alert"><p class="mb-0">([^<]*)', r.text)
        for r in (disabled, wrong, unknown)
    ]
    assert errors[0] == errors[1] == errors[2] and errors[0]
    assert "گذرواژه" in errors[0][0]


def test_repeated_failures_lock_the_account_from_that_address(
    client, settings, manager_a, manager_b
):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "manager-a", "wrong").status_code == 200
    locked = log_in(client, "manager-a", "wrong")
    assert locked.status_code == 429
    assert "مسدود" in locked.text and "۱۵" in locked.text
    # Even the right password is refused while locked; another account is not affected.
    assert log_in(client, "manager-a").status_code == 429
    assert log_in(client, "manager-b").status_code == 302


def test_administrator_unlocks_in_the_admin(client, settings, admin_client, manager_a):
    from axes.models import AccessAttempt

    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "manager-a", "wrong")
    attempt = AccessAttempt.objects.get(username="manager-a")
    response = admin_client.post(
        reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert log_in(client, "manager-a").status_code == 302


@pytest.fixture
def admin_client(admin_user):
    from django.test import Client

    client = Client()
    client.force_login(admin_user)
    return client


# -- passwords -----------------------------------------------------------------------


def test_password_change(client, manager_a):
    client.force_login(manager_a)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Tazeh-Ramz-1405",
            "new_password2": "Tazeh-Ramz-1405",
        },
    )
    assert response.headers["Location"] == reverse("password_change_done")
    manager_a.refresh_from_db()
    assert manager_a.check_password("Tazeh-Ramz-1405")


def test_weak_new_password_is_refused_in_persian(client, manager_a):
    client.force_login(manager_a)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "123", "new_password2": "123"},
    )
    assert response.status_code == 200
    assert "گذرواژه" in response.text and "field-error" in response.text


def test_password_reset_by_email_works_once(client, manager_a, run_tasks):
    response = client.post(reverse("password_reset"), {"email": manager_a.email})
    assert response.headers["Location"] == reverse("password_reset_done")
    run_tasks()  # sent by the queue's worker, like every email
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "گذرواژه" in message.subject and "سلام" in message.body
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert "گذرواژه تازه" in form_page.text
    post_to = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    done = client.post(
        post_to, {"new_password1": "Tazeh-Ramz-1405", "new_password2": "Tazeh-Ramz-1405"}
    )
    assert done.headers["Location"] == reverse("password_reset_complete")
    manager_a.refresh_from_db()
    assert manager_a.check_password("Tazeh-Ramz-1405")

    again = client.get(link, follow=True)  # the same link, a second time
    assert "قابل استفاده نیست" in again.text


def test_password_reset_reveals_nothing_about_unknown_addresses(client, run_tasks):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.ir"})
    assert response.headers["Location"] == reverse("password_reset_done")
    run_tasks()
    assert mail.outbox == []


def test_tampered_reset_link_is_refused_kindly(client, manager_a):
    response = client.get(
        reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "abc-123"}), follow=True
    )
    assert response.status_code == 200
    assert "قابل استفاده نیست" in response.text


# -- sessions ------------------------------------------------------------------------


def test_sessions_end_after_the_idle_time(client, manager_a, ngo_a):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    log_in(client, "manager-a")
    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    response = client.get(reverse("ngo_home", args=[ngo_a.pk]))
    assert response.headers["Location"].startswith(reverse("login"))
    page = client.get(response.headers["Location"])
    assert "بی‌فعالیتی" in page.text


def test_activity_pushes_the_session_expiry_forward(client, manager_a, ngo_a, monkeypatch):
    import facilitation.middleware as middleware

    log_in(client, "manager-a")
    first = Session.objects.get().expire_date
    monkeypatch.setattr(middleware, "SESSION_REFRESH_SECONDS", 0)
    client.get(reverse("ngo_home", args=[ngo_a.pk]))
    assert Session.objects.get().expire_date > first


# -- roles in the admin ----------------------------------------------------------------


def test_role_groups_follow_the_roles(manager_a, ngo_a, ngo_b, official, urmia_official):
    assert list(official.groups.values_list("name", flat=True)) == ["کارشناسان استانی"]
    assert list(urmia_official.groups.values_list("name", flat=True)) == ["کارشناسان شهرستان"]
    assert list(manager_a.groups.values_list("name", flat=True)) == ["مدیران سمن‌ها"]
    ngo_b.managers.add(official)
    assert set(official.groups.values_list("name", flat=True)) == {
        "کارشناسان استانی",
        "مدیران سمن‌ها",
    }
    ngo_b.managers.clear()
    Official.objects.filter(user=official).delete()
    assert not official.groups.exists()
    assert Group.objects.filter(name="کارشناسان شهرستان").exists()


def test_county_official_needs_a_county(official):
    from django.core.exceptions import ValidationError

    role = Official(user=official, level="county")
    with pytest.raises(ValidationError) as caught:
        role.validate_constraints()
    assert "شهرستان" in caught.value.messages[0]


def test_roles_are_visible_and_assigned_on_the_users_admin_page(
    admin_client, urmia_official, manager_a, ngo_a
):
    page = admin_client.get(reverse("admin:auth_user_change", args=[urmia_official.pk])).text
    assert "کارشناس شهرستان" in page and "ارومیه" in page
    page = admin_client.get(reverse("admin:auth_user_change", args=[manager_a.pk])).text
    assert ngo_a.name in page
    listing = admin_client.get(reverse("admin:auth_user_changelist")).text
    assert "کارشناس شهرستان — ارومیه" in listing


# -- the NGO's own page ------------------------------------------------------------------


PROFILE = {"members": "30", "insured_members": "0", "members_with_disabilities": "0"}
PROFILE |= {"disability_jobs": "0"}


def test_manager_updates_contact_details_on_the_profile_page(client, manager_a, ngo_a):
    client.force_login(manager_a)
    response = client.post(
        reverse("ngo_profile", args=[ngo_a.pk]),
        {
            **PROFILE,
            "contact_person": "علي رضايي",
            "phone": "۰۹۱۴ ۱۲۳ ۴۵۶۷",
            "email": "info@example.ir",
            "address": "ارومیه",
            "national_id": "12345678901",
        },
    )
    assert response.status_code == 302
    ngo_a.refresh_from_db()
    assert (ngo_a.contact_person, ngo_a.phone) == ("علی رضایی", "09141234567")
    assert ngo_a.national_id != "12345678901"  # registry facts are not the manager's to change


def test_bad_contact_details_are_refused_in_persian_and_nothing_is_saved(client, manager_a, ngo_a):
    client.force_login(manager_a)
    response = client.post(
        reverse("ngo_profile", args=[ngo_a.pk]),
        {**PROFILE, "contact_person": "مریم", "phone": "12345", "email": "not-an-email"},
    )
    assert response.status_code == 400
    assert "شماره تلفن" in response.text and 'value="۱۲۳۴۵"' in response.text
    ngo_a.refresh_from_db()
    assert ngo_a.contact_person == ""


def test_officials_read_an_ngos_page_but_cannot_change_its_profile(client, official, ngo_a):
    client.force_login(official)
    assert 'name="contact_person"' not in client.get(reverse("ngo_home", args=[ngo_a.pk])).text
    assert client.post(reverse("ngo_home", args=[ngo_a.pk]), {}).status_code == 405
    response = client.post(reverse("ngo_profile", args=[ngo_a.pk]), {"contact_person": "x"})
    assert response.status_code == 403


# -- the audit trail ------------------------------------------------------------------------


def test_changes_through_the_pages_carry_the_acting_user(client, manager_a, ngo_a):
    client.force_login(manager_a)
    client.post(reverse("ngo_profile", args=[ngo_a.pk]), {**PROFILE, "contact_person": "مریم"})
    latest = ngo_a.history.latest()
    assert latest.history_user == manager_a and latest.contact_person == "مریم"
    assert latest.history_type == "~"


def test_changes_in_the_admin_carry_the_administrator(admin_client, admin_user, agency):
    response = admin_client.post(
        reverse("admin:reports_agency_change", args=[agency.pk]),
        {"name": agency.name, "name_en": "Welfare", "email": "", "phone": "", "active": "on"},
    )
    assert response.status_code == 302
    latest = agency.history.latest()
    assert latest.history_user == admin_user and latest.name_en == "Welfare"
    history_page = admin_client.get(reverse("admin:reports_agency_history", args=[agency.pk]))
    assert "Welfare" in history_page.text or admin_user.username in history_page.text


def test_workflow_changes_carry_the_acting_official(make_report, official):
    report = make_report()
    report_transition(report=report, action=Action.START_REVIEW, actor=official)
    latest = report.history.latest()
    assert latest.history_user == official and latest.status == "under_review"


def test_deletions_are_kept_with_who_deleted(admin_client, admin_user, ngo_a, authority, today):
    from ngos.models import Licence

    licence = Licence.objects.create(
        ngo=ngo_a,
        authority=authority,
        number="5",
        issued_on=today,
        expires_on=today + timezone.timedelta(days=9),
    )
    admin_client.post(reverse("admin:ngos_licence_delete", args=[licence.pk]), {"post": "yes"})
    record = Licence.history.filter(id=licence.pk).latest()
    assert record.history_type == "-" and record.history_user == admin_user
