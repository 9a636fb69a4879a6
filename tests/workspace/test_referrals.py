"""An office's referrals of residents to agencies: counted, never named, month by month."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from offices.jalali import format_jalali, month_bounds
from offices.models import Neighbourhood
from reports.models import Agency
from workspace.models import MonthlyReturn, Referral
from workspace.services.months import last_ended_month

pytestmark = pytest.mark.django_db


def field_errors(response, name) -> str:
    match = re.search(rf'id="id_{name}_error">(.*?)</ul>', response.content.decode(), re.S)
    return match.group(1) if match else ""


@pytest.fixture
def other_agency(agency):
    return Agency.objects.exclude(pk=agency.pk).order_by("pk").first()


@pytest.fixture
def form_data(agency, neighbourhood, today):
    def data(**overrides):
        fields = {
            "referred_on": format_jalali(today),
            "agency": agency.pk,
            "service": "مستمری خانواده‌های بی‌سرپرست",
            "people": "۴",
            "neighbourhood": neighbourhood.pk,
            "outcome": "pending",
            "note": "",
        }
        fields.update(overrides)
        return fields

    return data


@pytest.fixture
def make_referral(office, agency, today):
    def make(**fields):
        return Referral.objects.create(
            office=office,
            referred_on=fields.pop("referred_on", today),
            agency=fields.pop("agency", agency),
            service=fields.pop("service", "درمان"),
            people=fields.pop("people", 1),
            **fields,
        )

    return make


def new_url(office):
    return reverse("referral_new", args=[office.pk])


def list_url(office):
    return reverse("referral_list", args=[office.pk])


def test_a_facilitator_records_a_referral_and_sees_the_months_totals_by_agency(
    client, facilitator, office, form_data, agency, other_agency, make_referral
):
    make_referral(agency=agency, people=3)
    make_referral(agency=other_agency, people=2)
    client.force_login(facilitator)

    response = client.post(new_url(office), form_data(), follow=True)

    assert response.status_code == 200
    referral = Referral.objects.get(service="مستمری خانواده‌های بی‌سرپرست")
    assert referral.people == 4 and referral.recorded_by == facilitator
    page = response.content.decode()
    totals = page[page.index("by-agency-title") : page.index("</section>")]
    assert f"{agency.name}</bdi></td><td>۷</td><td>۲</td>" in totals
    assert f"{other_agency.name}</bdi></td><td>۲</td><td>۱</td>" in totals
    assert '<td class="fw-bold">۹</td>' in totals  # nine residents in all


def test_the_note_tells_the_facilitator_never_to_name_a_resident(client, facilitator, office):
    client.force_login(facilitator)
    page = client.get(new_url(office)).content.decode()
    assert "نام یا کد ملی" in page


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"people": "۰"}, "people", "دست‌کم یک نفر"),
        ({"people": "-۲"}, "people", "دست‌کم یک نفر"),
        ({"referred_on": "1500/01/01"}, "referred_on", "پس از امروز"),
        ({"neighbourhood": "other"}, "neighbourhood", "این دفتر در آن محله"),
        ({"agency": ""}, "agency", ""),
    ],
    ids=["no one", "negative", "future", "not served", "no agency"],
)
def test_bad_input_is_refused_at_its_field_and_nothing_is_written(
    change, field, message, client, facilitator, office, form_data, urmia
):
    if change.get("neighbourhood") == "other":
        change = {"neighbourhood": Neighbourhood.objects.create(county=urmia, name="دیگر").pk}
    client.force_login(facilitator)

    response = client.post(new_url(office), form_data(**change))

    assert response.status_code == 400
    errors = field_errors(response, field)
    assert errors and message in errors
    assert not Referral.objects.exists()


def test_a_month_whose_return_was_sent_refuses_new_and_changed_referrals(
    client, facilitator, office, form_data, make_referral
):
    year, month = last_ended_month()
    day = month_bounds(year, month)[0]
    MonthlyReturn.objects.create(
        office=office, jalali_year=year, jalali_month=month, status="accepted"
    )
    referral = make_referral(referred_on=day, people=2)
    client.force_login(facilitator)

    added = client.post(new_url(office), form_data(referred_on=format_jalali(day)))
    assert added.status_code == 400
    assert "پذیرفته شد" in field_errors(added, "referred_on")

    edit = reverse("referral_edit", args=[office.pk, referral.pk])
    changed = client.post(edit, form_data(referred_on=format_jalali(day), outcome="served"))
    assert changed.status_code == 400
    assert "پذیرفته شد" in changed.content.decode()
    referral.refresh_from_db()
    assert referral.outcome == "pending" and Referral.objects.count() == 1

    assert client.get(edit).status_code == 302  # back to the month, saying why


def test_a_facilitator_records_the_outcome_later(
    client, facilitator, office, form_data, make_referral
):
    referral = make_referral()
    client.force_login(facilitator)
    edit = reverse("referral_edit", args=[office.pk, referral.pk])
    assert client.post(edit, form_data(outcome="served")).status_code == 302
    referral.refresh_from_db()
    assert referral.outcome == "served"


@pytest.mark.parametrize(
    "who, answer",
    [
        ("facilitator", 200),
        ("urmia_official", 200),
        ("admin_user", 200),
        ("khoy_facilitator", 404),
        ("khoy_official", 404),
        ("manager_a", 404),
    ],
)
def test_who_may_read_the_offices_referrals(who, answer, request, client, office):
    client.force_login(request.getfixturevalue(who))
    assert client.get(list_url(office)).status_code == answer


def test_the_county_official_reads_but_cannot_record_or_change(
    client, urmia_official, office, form_data, make_referral
):
    referral = make_referral()
    client.force_login(urmia_official)
    edit = reverse("referral_edit", args=[office.pk, referral.pk])

    page = client.get(list_url(office)).content.decode()
    assert new_url(office) not in page and edit not in page
    assert client.get(new_url(office)).status_code == 403
    assert client.post(new_url(office), form_data()).status_code == 403
    assert client.post(edit, form_data(outcome="served")).status_code == 403
    assert Referral.objects.count() == 1


@pytest.mark.parametrize("who", ["khoy_facilitator", "manager_a", "khoy_official"])
def test_others_get_not_found_for_the_offices_referral_forms(
    who, request, client, office, make_referral
):
    referral = make_referral()
    client.force_login(request.getfixturevalue(who))
    assert client.get(new_url(office)).status_code == 404
    assert client.get(reverse("referral_edit", args=[office.pk, referral.pk])).status_code == 404


def test_the_list_runs_the_same_queries_for_3_and_30_referrals(
    client, facilitator, office, make_referral, agency, other_agency, django_assert_num_queries
):
    client.force_login(facilitator)
    for i in range(3):
        make_referral(agency=agency if i % 2 else other_agency)
    client.get(list_url(office))
    with CaptureQueriesContext(connection) as three:
        assert client.get(list_url(office)).status_code == 200
    for i in range(27):
        make_referral(agency=agency if i % 2 else other_agency)
    # session, user, the user's NGOs, the user's role, the office, the month's return
    # (locked?), the totals by agency (one aggregate), the page's count, the page.
    with django_assert_num_queries(9):
        assert client.get(list_url(office)).status_code == 200
    assert len(three) == 9
