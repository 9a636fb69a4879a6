"""NGO self-service: the manager keeps the profile and licence current; officials verify."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ngos.models import NGO, FieldOfActivity, Licence, LicenceStatus, NGOReminderLog
from ngos.reminders import send_ngo_reminders
from offices.formatting import format_date
from offices.jalali import format_jalali
from outbox.models import Delivery

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 a scanned licence"


def profile_data(**changes):
    data = {
        "contact_person": "",
        "phone": "",
        "email": "",
        "address": "",
        "members": "30",
        "insured_members": "0",
        "members_with_disabilities": "0",
        "disability_jobs": "0",
    }
    return {**data, **changes}


def jalali(day: datetime.date) -> str:
    return format_jalali(day).replace("-", "/")


def upload_data(authority, **changes):
    today = timezone.localdate()
    data = {
        "authority": authority.pk,
        "number": "۱۲۳۴۵",
        "issued_on": jalali(today - datetime.timedelta(days=10)),
        "expires_on": jalali(today + datetime.timedelta(days=3 * 365)),
        "document": SimpleUploadedFile("پروانه تمدید.pdf", PDF),
    }
    return {**data, **changes}


def error_of(page: str, field: str) -> str:
    """The error text tied to a field (aria-describedby ↔ the error list's id)."""
    match = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', page, re.S)
    assert match, f"no error beside {field}"
    assert re.search(rf'id="id_{field}"[^>]*aria-describedby="[^"]*id_{field}_error', page) or (
        re.search(rf'aria-describedby="[^"]*id_{field}_error[^"]*"[^>]*id="id_{field}"', page)
    )
    return match.group(1)


# -- the profile -------------------------------------------------------------------------


def test_manager_edits_the_profile_and_officials_see_what_the_ngo_changed(
    client, manager_a, ngo_a, urmia_official, reference_data
):
    field = FieldOfActivity.objects.order_by("pk").first()
    client.force_login(manager_a)
    response = client.post(
        reverse("ngo_profile", args=[ngo_a.pk]),
        profile_data(
            members="۴۰",
            insured_members="25",
            members_with_disabilities="6",
            works_with_disabilities="on",
            disability_jobs="3",
            fields=[field.pk],
        ),
    )
    assert response.status_code == 302
    ngo = NGO.objects.get(pk=ngo_a.pk)
    assert (ngo.members, ngo.insured_members, ngo.members_with_disabilities) == (40, 25, 6)
    assert ngo.works_with_disabilities and ngo.disability_jobs == 3
    assert list(ngo.fields.all()) == [field]
    assert ngo.profile_confirmed_at and ngo.profile_changed_at
    latest = ngo.history.latest()
    assert latest.history_user == manager_a and latest.members == 40

    client.force_login(urmia_official)
    page = client.get(reverse("ngo_home", args=[ngo_a.pk])).text
    day = format_date(timezone.localdate(), long=True)
    assert f"ویرایش‌شده به‌دست سمن در {day}" in page
    changed = page[page.index('id="changed-by-ngo"') :]
    changed = changed[: changed.index("</table>")]
    assert "۳۰" in changed and "۴۰" in changed  # members: before and after
    assert field.name in changed
    assert f"به تأیید سمن در {day}" in page  # when the NGO last confirmed its figures
    # The manager is not shown the officials' note, nor officials the editing buttons.
    assert reverse("ngo_profile", args=[ngo_a.pk]) not in page


def test_confirming_without_changes_dates_the_figures_and_changes_nothing(
    client, manager_a, ngo_a, official
):
    client.force_login(manager_a)
    page = client.get(reverse("ngo_home", args=[ngo_a.pk])).text
    assert "هنوز" in page  # not confirmed yet
    response = client.post(reverse("ngo_profile_confirm", args=[ngo_a.pk]))
    assert response.status_code == 302
    ngo = NGO.objects.get(pk=ngo_a.pk)
    assert ngo.profile_confirmed_at is not None and ngo.profile_changed_at is None
    client.force_login(official)
    page = client.get(reverse("ngo_home", args=[ngo_a.pk])).text
    assert 'id="changed-by-ngo"' not in page
    assert format_date(timezone.localdate(), long=True) in page


@pytest.mark.parametrize(
    ("changes", "field", "says"),
    [
        ({"insured_members": "31"}, "insured_members", "بیمه"),
        ({"members_with_disabilities": "31"}, "members_with_disabilities", "معلول"),
        ({"members": "-5"}, "members", "مثبت"),
        ({"disability_jobs": "-1"}, "disability_jobs", "مثبت"),
        ({"members": "99999999999"}, "members", "باورپذیر"),
        ({"members": "سی"}, "members", "عدد"),
    ],
)
def test_bad_profile_figures_get_persian_messages_beside_the_field_and_nothing_is_saved(
    client, manager_a, ngo_a, changes, field, says
):
    client.force_login(manager_a)
    before = ngo_a.history.count()
    response = client.post(reverse("ngo_profile", args=[ngo_a.pk]), profile_data(**changes))
    assert response.status_code == 400
    message = error_of(response.text, field)
    assert says in message, message
    ngo = NGO.objects.get(pk=ngo_a.pk)
    assert ngo.members == 30 and ngo.profile_confirmed_at is None
    assert ngo.history.count() == before


def test_another_ngos_manager_and_officials_cannot_edit_the_profile(
    client, manager_b, ngo_a, urmia_official, khoy_official
):
    url = reverse("ngo_profile", args=[ngo_a.pk])
    for user, status in [(manager_b, 404), (khoy_official, 404), (urmia_official, 403)]:
        client.force_login(user)
        assert client.post(url, profile_data(members="99")).status_code == status
        assert client.post(reverse("ngo_profile_confirm", args=[ngo_a.pk])).status_code == status
    ngo = NGO.objects.get(pk=ngo_a.pk)
    assert ngo.members == 30 and ngo.profile_confirmed_at is None


def test_the_manager_sees_the_supervision_visits_notes(client, manager_a, ngo_a, authority):
    ngo_a.supervision_visits.create(
        authority=authority,
        visited_on=timezone.localdate() - datetime.timedelta(days=3),
        outcome="needs_improvement",
        notes="دفتر حساب‌ها تا پایان ماه تکمیل شود.",
    )
    client.force_login(manager_a)
    page = client.get(reverse("ngo_home", args=[ngo_a.pk])).text
    assert "دفتر حساب‌ها تا پایان ماه تکمیل شود." in page


# -- renewed licences --------------------------------------------------------------------


def test_an_uploaded_licence_counts_only_once_verified(
    client, manager_a, ngo_a, urmia_official, authority
):
    client.force_login(manager_a)
    response = client.post(reverse("licence_upload", args=[ngo_a.pk]), upload_data(authority))
    assert response.status_code == 302
    licence = Licence.objects.get(ngo=ngo_a)
    assert licence.verification == Licence.Verification.AWAITING
    assert licence.submitted_by == manager_a and licence.number == "12345"
    assert licence.document_name == "پروانه تمدید.pdf"
    # Not valid yet: the NGO has no licence, in the list filter and on the dashboard too.
    assert NGO.objects.with_licence_status().get(pk=ngo_a.pk).licence_status == LicenceStatus.NONE
    client.force_login(urmia_official)
    listed = client.get(reverse("ngo_list"), {"licence": "valid"}).context["page"].object_list
    assert ngo_a not in list(listed)
    page = client.get(reverse("ngo_home", args=[ngo_a.pk])).text
    assert "در انتظار تأیید" in page
    document = client.get(reverse("licence_document", args=[ngo_a.pk, licence.pk]))
    assert b"".join(document.streaming_content) == PDF

    response = client.post(
        reverse("licence_review", args=[ngo_a.pk, licence.pk]), {"action": "verify"}
    )
    assert response.status_code == 302
    licence.refresh_from_db()
    assert licence.verification == Licence.Verification.VERIFIED
    assert licence.reviewed_by == urmia_official
    assert NGO.objects.with_licence_status().get(pk=ngo_a.pk).licence_status == "valid"
    listed = client.get(reverse("ngo_list"), {"licence": "valid"}).context["page"].object_list
    assert ngo_a in list(listed)


def test_a_returned_licence_shows_the_reason_and_can_be_sent_again(
    client, manager_a, ngo_a, official, authority
):
    client.force_login(manager_a)
    client.post(reverse("licence_upload", args=[ngo_a.pk]), upload_data(authority))
    licence = Licence.objects.get(ngo=ngo_a)
    client.force_login(official)
    url = reverse("licence_review", args=[ngo_a.pk, licence.pk])
    client.post(url, {"action": "return", "reason": "  "})  # a reason is required
    assert Licence.objects.get(pk=licence.pk).verification == Licence.Verification.AWAITING
    client.post(url, {"action": "return", "reason": "تصویر پروانه خوانا نیست."})
    licence.refresh_from_db()
    assert licence.verification == Licence.Verification.RETURNED
    # Reviewed once: a second review is refused and changes nothing.
    client.post(url, {"action": "verify"})
    assert Licence.objects.get(pk=licence.pk).verification == Licence.Verification.RETURNED

    client.force_login(manager_a)
    page = client.get(reverse("ngo_home", args=[ngo_a.pk])).text
    assert "تصویر پروانه خوانا نیست." in page
    response = client.post(reverse("licence_upload", args=[ngo_a.pk]), upload_data(authority))
    assert response.status_code == 302  # the same number again, now legible
    assert ngo_a.licences.filter(verification=Licence.Verification.AWAITING).count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "says"),
    [
        ({"expires_on": "1400/01/01", "issued_on": "1401/01/01"}, "expires_on", "پس از"),
        ({"issued_on": "1499/01/01"}, "issued_on", "امروز"),
        ({"expires_on": "1402/01/01", "issued_on": "1400/01/01"}, "expires_on", "به پایان رسیده"),
        ({"issued_on": "1404/13/01"}, "issued_on", "ماه"),
        ({"document": SimpleUploadedFile("scan.pdf", b"MZ not a pdf")}, "document", "PDF"),
        ({"document": SimpleUploadedFile("scan.exe", b"MZ")}, "document", "PDF، JPG یا PNG"),
        ({"document": SimpleUploadedFile("scan.docx", b"PK")}, "document", "PDF، JPG یا PNG"),
        ({"document": ""}, "document", "پروانه"),
    ],
)
def test_bad_licence_uploads_get_persian_messages_beside_the_field_and_nothing_is_saved(
    client, manager_a, ngo_a, authority, changes, field, says
):
    client.force_login(manager_a)
    data = upload_data(authority, **changes)
    if data["document"] == "":
        del data["document"]
    response = client.post(reverse("licence_upload", args=[ngo_a.pk]), data)
    assert response.status_code == 400
    message = error_of(response.text, field)
    assert says in message, message
    assert not Licence.objects.exists()


def test_licence_uploads_and_reviews_are_refused_outside_their_scope(
    client, manager_a, manager_b, ngo_a, ngo_b, urmia_official, readonly_official, authority
):
    client.force_login(manager_b)
    response = client.post(reverse("licence_upload", args=[ngo_a.pk]), upload_data(authority))
    assert response.status_code == 404
    client.force_login(manager_a)
    client.post(reverse("licence_upload", args=[ngo_a.pk]), upload_data(authority))
    licence = Licence.objects.get()
    url = reverse("licence_review", args=[ngo_a.pk, licence.pk])
    for user, status in [(manager_a, 403), (manager_b, 404), (readonly_official, 403)]:
        client.force_login(user)
        assert client.post(url, {"action": "verify"}).status_code == status
    document = reverse("licence_document", args=[ngo_a.pk, licence.pk])
    client.force_login(manager_b)
    assert client.get(document).status_code == 404
    # An official of another county cannot see the NGO at all.
    client.force_login(urmia_official)
    other = reverse("licence_review", args=[ngo_b.pk, licence.pk])
    assert client.post(other, {"action": "verify"}).status_code == 404
    assert Licence.objects.get().verification == Licence.Verification.AWAITING


# -- reminders ---------------------------------------------------------------------------


@pytest.fixture
def expiring(ngo_a, authority):
    today = timezone.localdate()
    return Licence.objects.create(
        ngo=ngo_a,
        authority=authority,
        number="777",
        issued_on=today - datetime.timedelta(days=700),
        expires_on=today + datetime.timedelta(days=60),
    )


def test_licence_reminders_at_60_and_30_days_each_sent_once(manager_a, ngo_a, expiring, run_tasks):
    NGO.objects.filter(pk=ngo_a.pk).update(profile_confirmed_at=timezone.now())
    today = timezone.localdate()
    assert send_ngo_reminders(day=today) == {"licence_60": 1}
    assert send_ngo_reminders(day=today + datetime.timedelta(days=1)) == {}
    assert send_ngo_reminders(day=today + datetime.timedelta(days=30)) == {"licence_30": 1}
    assert send_ngo_reminders(day=today + datetime.timedelta(days=31)) == {}
    run_tasks()
    assert [m.to for m in mail.outbox] == [[manager_a.email], [manager_a.email]]
    first = mail.outbox[0]
    assert ngo_a.name in first.subject and "۶۰ روز" in first.body
    assert format_date(expiring.expires_on, long=True) in first.body
    assert not re.search("[0-9]", first.body.split("http")[0])  # Persian digits before the link
    assert "۳۰ روز" in mail.outbox[1].body
    assert NGOReminderLog.objects.count() == 2


def test_a_renewal_awaiting_verification_stops_the_licence_reminders(
    manager_a, ngo_a, expiring, authority
):
    NGO.objects.filter(pk=ngo_a.pk).update(profile_confirmed_at=timezone.now())
    Licence.objects.create(
        ngo=ngo_a,
        authority=authority,
        number="778",
        issued_on=timezone.localdate(),
        expires_on=timezone.localdate() + datetime.timedelta(days=1000),
        verification=Licence.Verification.AWAITING,
    )
    assert send_ngo_reminders(day=timezone.localdate()) == {}


def test_profile_not_confirmed_for_a_year_is_reminded_once(manager_a, ngo_a, run_tasks):
    year_ago = timezone.now() - datetime.timedelta(days=366)
    NGO.objects.filter(pk=ngo_a.pk).update(profile_confirmed_at=year_ago)
    today = timezone.localdate()
    assert send_ngo_reminders(day=today) == {"profile_stale": 1}
    assert send_ngo_reminders(day=today + datetime.timedelta(days=7)) == {}
    run_tasks()
    (message,) = mail.outbox
    assert (
        "تأیید" in message.subject
        and format_date(timezone.localdate(year_ago), long=True) in message.body
    )
    # Confirmed recently: no reminder.
    NGO.objects.filter(pk=ngo_a.pk).update(profile_confirmed_at=timezone.now())
    NGOReminderLog.objects.all().delete()
    assert send_ngo_reminders(day=today) == {}


def test_the_daily_command_enqueues_the_ngo_reminders(manager_a, ngo_a, expiring, run_tasks):
    NGO.objects.filter(pk=ngo_a.pk).update(profile_confirmed_at=timezone.now())
    call_command("send_reminders", "--enqueue", stdout=io.StringIO())
    run_tasks()
    assert NGOReminderLog.objects.filter(kind="licence_60", user=manager_a).count() == 1
    assert Delivery.objects.exists()


# -- the NGO page's queries -----------------------------------------------------------------


@pytest.mark.parametrize("licences", [1, 8])
def test_ngo_page_queries_stay_fixed_for_an_official_with_uploads_and_changes(
    client, manager_a, ngo_a, official, authority, django_assert_num_queries, licences
):
    today = timezone.localdate()
    for n in range(licences):
        Licence.objects.create(
            ngo=ngo_a,
            authority=authority,
            number=f"L{n}",
            issued_on=today - datetime.timedelta(days=10),
            expires_on=today + datetime.timedelta(days=400 + n),
            verification=Licence.Verification.AWAITING,
            document=SimpleUploadedFile("a.pdf", PDF),
        )
    client.force_login(manager_a)
    client.post(reverse("ngo_profile", args=[ngo_a.pk]), profile_data(members="50"))
    client.force_login(official)
    client.get(reverse("ngo_home", args=[ngo_a.pk]))
    # As for a manager (tests/dashboards): what the NGO changed is kept on the NGO itself.
    with django_assert_num_queries(11):
        page = client.get(reverse("ngo_home", args=[ngo_a.pk])).text
    assert page.count("تأیید این پروانه") == licences


def test_officials_who_verify_are_emailed_and_find_the_licence_in_the_list(
    client,
    manager_a,
    ngo_a,
    ngo_b,
    urmia_official,
    khoy_official,
    readonly_official,
    official,
    authority,
    run_tasks,
    mailoutbox,
):
    client.force_login(manager_a)
    client.post(reverse("licence_upload", args=[ngo_a.pk]), upload_data(authority))
    run_tasks()
    told = sorted(address for message in mailoutbox for address in message.to)
    # The county's and the province's officials who may verify it; not Khoy's, not read-only.
    assert told == sorted([urmia_official.email, official.email])
    message = mailoutbox[0]
    assert ngo_a.name in message.subject and "۱۲۳۴۵" in message.body
    assert reverse("ngo_home", args=[ngo_a.pk]) in message.body

    client.force_login(urmia_official)
    listed = client.get(reverse("ngo_list"), {"verification": "awaiting"}).context["page"]
    assert list(listed.object_list) == [ngo_a]
    licence = Licence.objects.get(ngo=ngo_a)
    client.post(reverse("licence_review", args=[ngo_a.pk, licence.pk]), {"action": "verify"})
    listed = client.get(reverse("ngo_list"), {"verification": "awaiting"}).context["page"]
    assert list(listed.object_list) == []
    run_tasks()
    assert len(mailoutbox) == 2  # running the queue again sends nothing twice


def test_a_phone_sent_back_as_the_page_shows_it_is_not_a_change(client, manager_a, ngo_a):
    ngo_a.phone = "09149352211"
    ngo_a.save()
    client.force_login(manager_a)
    # The page shows the number in Persian digits, and the browser sends it back so.
    shown = client.get(reverse("ngo_profile", args=[ngo_a.pk])).text
    assert "۰۹۱۴۹۳۵۲۲۱۱" in shown
    client.post(
        reverse("ngo_profile", args=[ngo_a.pk]),
        profile_data(phone="۰۹۱۴۹۳۵۲۲۱۱", members="35"),
    )
    ngo = NGO.objects.get(pk=ngo_a.pk)
    assert [change["field"] for change in ngo.profile_changes] == ["members"]


def test_figures_confirmed_over_a_year_ago_are_flagged(client, urmia_official, ngo_a, days):
    ngo_a.profile_confirmed_at = timezone.now() - days(400)
    ngo_a.save()
    client.force_login(urmia_official)
    page = client.get(reverse("ngo_home", args=[ngo_a.pk])).text
    assert "بیش از یک سال پیش" in page
    ngo_a.profile_confirmed_at = timezone.now() - days(30)
    ngo_a.save()
    assert "بیش از یک سال پیش" not in client.get(reverse("ngo_home", args=[ngo_a.pk])).text
