"""The office's facilitators: its staff and officials read the list; its manager keeps it."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from offices.jalali import format_jalali
from offices.models import Facilitator

pytestmark = pytest.mark.django_db


def field_errors(response, name) -> str:
    match = re.search(rf'id="id_{name}_error">(.*?)</ul>', response.content.decode(), re.S)
    return match.group(1) if match else ""


@pytest.fixture
def form_data(today, days):
    def data(**overrides):
        fields = {
            "name": "زهرا احمدی",
            "role": "facilitator",
            "phone": "۰۹۱۴۱۲۳۴۵۶۷",
            "since": format_jalali(today - days(400)),
            "training_completed": "on",
            "active": "on",
        }
        fields.update(overrides)
        return {k: v for k, v in fields.items() if v is not None}

    return data


def list_url(office):
    return reverse("facilitator_list", args=[office.pk])


def new_url(office):
    return reverse("facilitator_new", args=[office.pk])


def test_the_office_manager_adds_a_facilitator_typed_in_persian_digits(
    client, office_manager, office, form_data
):
    client.force_login(office_manager)

    response = client.post(new_url(office), form_data(), follow=True)

    assert response.status_code == 200
    person = Facilitator.objects.get()
    assert person.office == office
    assert person.phone == "09141234567"
    assert person.training_completed and person.active
    page = response.content.decode()
    assert "زهرا احمدی" in page and "۰۹۱۴۱۲۳۴۵۶۷" in page


def test_the_office_manager_marks_someone_who_left(client, office_manager, office, form_data):
    person = Facilitator.objects.create(office=office, name="علی رضایی")
    client.force_login(office_manager)
    edit = reverse("facilitator_edit", args=[office.pk, person.pk])

    response = client.post(edit, form_data(name="علی رضایی", active=None))

    assert response.status_code == 302
    person.refresh_from_db()
    assert not person.active


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"since": "1500/01/01"}, "since", "پس از امروز"),
        ({"phone": "۱۲۳"}, "phone", "۱۱ رقم"),
        ({"name": "  "}, "name", ""),
    ],
    ids=["future start", "bad phone", "no name"],
)
def test_bad_input_is_refused_at_its_field(
    change, field, message, client, office_manager, office, form_data
):
    client.force_login(office_manager)
    response = client.post(new_url(office), form_data(**change))
    assert response.status_code == 400
    errors = field_errors(response, field)
    assert errors and message in errors
    assert not Facilitator.objects.exists()


def test_a_facilitator_reads_the_list_but_cannot_keep_it(client, facilitator, office, form_data):
    person = Facilitator.objects.create(office=office, name="علی رضایی")
    client.force_login(facilitator)
    edit = reverse("facilitator_edit", args=[office.pk, person.pk])

    page = client.get(list_url(office)).content.decode()
    assert "علی رضایی" in page
    assert new_url(office) not in page and edit not in page
    assert client.get(new_url(office)).status_code == 403
    assert client.post(new_url(office), form_data()).status_code == 403
    assert client.post(edit, form_data()).status_code == 403
    assert Facilitator.objects.get().name == "علی رضایی"


@pytest.mark.parametrize(
    "who, read, keep",
    [
        ("office_manager", 200, 200),
        ("admin_user", 200, 200),
        ("facilitator", 200, 403),
        ("urmia_official", 200, 403),
        ("official", 200, 403),
        ("khoy_facilitator", 404, 404),
        ("khoy_official", 404, 404),
        ("manager_a", 404, 404),
    ],
)
def test_who_may_read_and_keep_the_list(who, read, keep, request, client, office):
    person = Facilitator.objects.create(office=office, name="علی رضایی")
    client.force_login(request.getfixturevalue(who))
    assert client.get(list_url(office)).status_code == read
    assert client.get(new_url(office)).status_code == keep
    assert client.get(reverse("facilitator_edit", args=[office.pk, person.pk])).status_code == keep


def test_a_facilitator_of_another_office_is_not_found_through_this_one(
    client, office_manager, office, khoy_office
):
    other = Facilitator.objects.create(office=khoy_office, name="کریم")
    client.force_login(office_manager)
    assert client.get(reverse("facilitator_edit", args=[office.pk, other.pk])).status_code == 404


def test_the_list_runs_the_same_queries_for_3_and_30_facilitators(
    client, facilitator, office, django_assert_num_queries
):
    client.force_login(facilitator)
    Facilitator.objects.bulk_create(Facilitator(office=office, name=f"نفر {i}") for i in range(3))
    client.get(list_url(office))
    with CaptureQueriesContext(connection) as three:
        assert client.get(list_url(office)).status_code == 200
    Facilitator.objects.bulk_create(Facilitator(office=office, name=f"کس {i}") for i in range(27))
    # session, user, the user's NGOs, the user's role, the office, its facilitators.
    with django_assert_num_queries(6):
        assert client.get(list_url(office)).status_code == 200
    assert len(three) == 6


def test_the_list_has_the_same_tabs_as_the_activities_and_referrals(client, facilitator, office):
    client.force_login(facilitator)
    tabs = {}
    for name in ("activity_list", "referral_list", "facilitator_list"):
        page = client.get(reverse(name, args=[office.pk])).content.decode()
        nav = re.search(r'<nav aria-label="سوابق دفتر">(.*?)</nav>', page, re.S).group(1)
        links = re.findall(r'href="([^"?]*)[^"]*"', nav)
        current = re.findall(r'href="([^"?]*)[^"]*" aria-current="page"', nav)
        tabs[name] = (links, current)
    expected = [reverse(n, args=[office.pk]) for n in tabs]
    for name, (links, current) in tabs.items():
        assert links == expected, name
        assert current == [reverse(name, args=[office.pk])], name
