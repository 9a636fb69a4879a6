"""An office's request for dedicated premises: asked, offered, decided, moved into."""

import pytest
from django.urls import reverse

from offices.jalali import format_jalali
from offices.models import FacilitationOffice, PremisesChange
from workspace.models import PremisesRequest

pytestmark = pytest.mark.django_db

PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def page(office):
    return reverse("premises_request", args=[office.pk])


def act(client, office, action, **fields):
    """Post one step of the request, as its form on the page does (each form's prefix)."""
    data = {"action": action}
    for name, value in fields.items():
        if hasattr(value, "year"):
            value = format_jalali(value)
        data[f"{action}-{name}"] = value
    return client.post(reverse("premises_act", args=[office.pk]), data)


def errors(response, action, field):
    form = response.context["forms"][action]
    return " ".join(form.errors.get(field, []))


@pytest.fixture
def staff(client, facilitator):
    client.force_login(facilitator)
    return client


def open_request(office, today, days, step="requested", **fields):
    values = {"requested_on": today - days(60), "need": "دو اتاق و یک سالن برای کلاس‌ها"}
    if step in ("offered", "approved", "declined"):
        values.update(
            offered_on=today - days(30),
            offer_address="ارومیه، خیابان الواج، پلاک ۱۲",
            offer_size=120,
        )
    if step in ("approved", "declined"):
        values.update(decided_on=today - days(20), decision="بررسی شد")
    values.update(fields)
    return PremisesRequest.objects.create(office=office, step=step, **values)


def test_request_goes_from_need_to_move_and_the_office_gets_dedicated_premises(
    client, office, facilitator, urmia_official, agency, today, days
):
    client.force_login(facilitator)
    response = act(
        client, office, "request", need="دو اتاق و یک سالن", requested_on=today - days(40)
    )
    assert response.status_code == 302
    request = PremisesRequest.objects.get(office=office)
    assert request.step == "requested" and request.updated_by == facilitator

    response = act(
        client,
        office,
        "offer",
        offered_on=today - days(30),
        offer_address="خیابان الواج، کوچه ۳",
        offer_agency=agency.pk,
        offer_size="۱۲۰",
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.step, request.offer_size, request.offer_agency) == ("offered", 120, agency)

    client.force_login(urmia_official)
    response = act(
        client, office, "decide", outcome="approve", decided_on=today - days(20), decision=""
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.step == "approved"

    client.force_login(facilitator)
    response = act(client, office, "move", move_on=today - days(5))
    assert response.status_code == 302
    request.refresh_from_db()
    office.refresh_from_db()
    assert request.step == "moved" and request.move_on == today - days(5)
    assert office.premises == FacilitationOffice.Premises.DEDICATED
    assert office.premises_since == today - days(5)
    change = PremisesChange.objects.get(office=office)
    assert (change.premises, change.since) == ("dedicated", today - days(5))
    assert change.address == "خیابان الواج، کوچه ۳"

    # The page shows the premises now and their history; the request is closed.
    response = client.get(page(office))
    assert response.context["current"] is None
    assert "خیابان الواج، کوچه ۳" in response.text
    assert "request" in response.context["forms"]  # a new request may be made


def test_the_open_requests_steps_are_shown_with_a_declined_offer_kept(staff, office, today, days):
    request = open_request(office, today, days)  # each step saved in turn, as the page does
    request.step, request.offered_on, request.offer_size = "offered", today - days(30), 70
    request.offer_address = "زیرزمین مسجد محله"
    request.save()
    request.step, request.decided_on, request.decision = "declined", today - days(20), "نمناک"
    request.save()
    response = act(
        staff,
        office,
        "offer",
        offered_on=today - days(10),
        offer_address="محله الواج، ساختمان شهرداری",
        offer_size="80",
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.step == "offered" and request.decided_on is None and request.decision == ""
    response = staff.get(page(office))
    assert [row.step for row in response.context["steps"]] == [
        "requested",
        "offered",
        "declined",
        "offered",
    ]
    for shown in ("زیرزمین مسجد محله", "نمناک", "محله الواج، ساختمان شهرداری"):
        assert shown in response.text


def test_a_request_entered_at_a_later_step_still_shows_its_need_and_date(
    staff, office, today, days
):
    """A request imported or typed in the admin at "offered" has no history of being asked:
    its need and date come from the request itself, the first of its numbered steps."""
    request = open_request(office, today, days, step="offered")
    assert [row.step for row in request.history.all()] == ["offered"]
    response = staff.get(page(office))
    steps = response.context["steps"]
    assert [row.step for row in steps] == ["requested", "offered"]
    listed = response.text.split('id="request-steps"')[1].split("</ol>")[0]
    assert "دو اتاق و یک سالن برای کلاس‌ها" in listed
    assert format_jalali(today - days(60)).translate(PERSIAN) in listed
    # Numbered in Persian digits, never Latin ones.
    assert "۱." in listed and "۲." in listed and "1." not in listed
    assert 'class="list-unstyled' in response.text.split('id="request-steps"')[0][-80:]


def test_one_open_request_at_a_time(staff, office, today, days):
    open_request(office, today, days)
    response = act(staff, office, "request", need="دوباره", requested_on=today)
    assert response.status_code == 302  # the page no longer offered that step
    assert PremisesRequest.objects.filter(office=office).count() == 1


def test_a_withdrawn_request_leaves_room_for_a_new_one(staff, office, today, days):
    request = open_request(office, today, days, step="approved")
    assert act(staff, office, "withdraw").status_code == 302
    request.refresh_from_db()
    assert request.step == "withdrawn"
    assert act(staff, office, "request", need="از نو", requested_on=today).status_code == 302
    assert PremisesRequest.objects.filter(office=office, step="requested").count() == 1
    response = staff.get(page(office))
    assert list(response.context["earlier"]) == [request]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"need": "", "requested_on": "today"}, "need", "لازم"),
        ({"need": "یک اتاق", "requested_on": "tomorrow"}, "requested_on", "هنوز نرسیده"),
        ({"need": "یک اتاق", "requested_on": "1405/13/01"}, "requested_on", "ماه"),
    ],
)
def test_bad_request_is_refused_at_its_field(staff, office, today, days, fields, field, message):
    dates = {"today": today, "tomorrow": today + days(1)}
    fields = {k: dates.get(v, v) for k, v in fields.items()}
    response = act(staff, office, "request", **fields)
    assert response.status_code == 400
    assert message in errors(response, "request", field)
    assert not PremisesRequest.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"offer_size": "0"}, "offer_size", "مثبت"),
        ({"offer_size": "-20"}, "offer_size", "مثبت"),
        ({"offer_size": "دوازده"}, "offer_size", "عدد"),
        ({"offer_size": "5000000"}, "offer_size", "باورپذیر"),
        ({"offer_address": "  "}, "offer_address", "لازم"),
        ({"offered_on": "future"}, "offered_on", "هنوز نرسیده"),
        ({"offered_on": "before_request"}, "offered_on", "پیش از درخواست"),
    ],
)
def test_bad_offer_is_refused_at_its_field(staff, office, today, days, overrides, field, message):
    request = open_request(office, today, days)
    fields = {"offered_on": today - days(5), "offer_address": "خیابان الواج", "offer_size": "90"}
    dates = {"future": today + days(2), "before_request": request.requested_on - days(1)}
    fields.update({k: dates.get(v, v) for k, v in overrides.items()})
    response = act(staff, office, "offer", **fields)
    assert response.status_code == 400
    assert message in errors(response, "offer", field)
    request.refresh_from_db()
    assert request.step == "requested" and request.offered_on is None


def test_a_new_offer_cannot_come_before_the_last_was_declined(staff, office, today, days):
    request = open_request(office, today, days, step="declined")
    response = act(
        staff,
        office,
        "offer",
        offered_on=request.decided_on - days(1),
        offer_address="جای دیگر",
        offer_size="60",
    )
    assert response.status_code == 400
    assert "رد شد" in errors(response, "offer", "offered_on")
    request.refresh_from_db()
    assert request.step == "declined" and request.offer_address != "جای دیگر"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"decided_on": "before_offer"}, "decided_on", "پیش از پیشنهاد"),
        ({"decided_on": "future"}, "decided_on", "هنوز نرسیده"),
        ({"outcome": "decline", "decision": ""}, "decision", "چرا"),
        ({"outcome": "maybe"}, "outcome", "بپذیرید یا رد کنید"),
    ],
)
def test_bad_decision_is_refused_at_its_field(
    client, urmia_official, office, today, days, overrides, field, message
):
    request = open_request(office, today, days, step="offered")
    client.force_login(urmia_official)
    fields = {"outcome": "approve", "decided_on": today - days(1), "decision": ""}
    dates = {"future": today + days(1), "before_offer": request.offered_on - days(1)}
    fields.update({k: dates.get(v, v) for k, v in overrides.items()})
    response = act(client, office, "decide", **fields)
    assert response.status_code == 400
    assert message in errors(response, "decide", field)
    request.refresh_from_db()
    assert request.step == "offered" and request.decided_on is None


def test_declined_offer_says_why(client, urmia_official, office, today, days):
    request = open_request(office, today, days, step="offered")
    client.force_login(urmia_official)
    response = act(
        client, office, "decide", outcome="decline", decided_on=today, decision="فضا کوچک است"
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.step, request.decision) == ("declined", "فضا کوچک است")


@pytest.mark.parametrize(
    ("when", "message"),
    [("before_decision", "پیش از پذیرفتن"), ("future", "هنوز نرسیده")],
)
def test_bad_move_changes_nothing(staff, office, today, days, when, message):
    request = open_request(office, today, days, step="approved")
    move_on = {"future": today + days(3), "before_decision": request.decided_on - days(1)}[when]
    response = act(staff, office, "move", move_on=move_on)
    assert response.status_code == 400
    assert message in errors(response, "move", "move_on")
    request.refresh_from_db()
    office.refresh_from_db()
    assert request.step == "approved" and request.move_on is None
    assert office.premises == "none" and not PremisesChange.objects.exists()


def test_a_step_from_an_out_of_date_page_is_refused(staff, office, today, days):
    request = open_request(office, today, days)  # the move's form was on an older page
    response = act(staff, office, "move", move_on=today)
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.step == "requested"
    office.refresh_from_db()
    assert office.premises == "none"


def test_only_the_countys_officials_decide_and_only_staff_keep_the_request(
    client, facilitator, urmia_official, readonly_official, office, today, days
):
    request = open_request(office, today, days, step="offered")
    client.force_login(facilitator)
    response = client.get(page(office))
    assert "decide" not in response.context["forms"]
    response = act(client, office, "decide", outcome="approve", decided_on=today)
    assert response.status_code == 403
    client.force_login(readonly_official)
    response = act(client, office, "decide", outcome="approve", decided_on=today)
    assert response.status_code == 403
    client.force_login(urmia_official)
    response = client.get(page(office))
    assert set(response.context["forms"]) == {"decide"}
    assert act(client, office, "withdraw").status_code == 403
    request.refresh_from_db()
    assert request.step == "offered"


@pytest.mark.parametrize("who", ["khoy_facilitator", "khoy_official", "manager_a"])
def test_the_premises_page_is_not_found_outside_its_scope(client, request, office, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(page(office)).status_code == 404
    assert act(client, office, "request", need="x", requested_on="1404/01/01").status_code == 404
    assert not PremisesRequest.objects.exists()


def test_the_premises_page_runs_a_fixed_number_of_queries(
    staff, office, today, days, django_assert_num_queries
):
    request = open_request(office, today, days, step="offered")
    for n in range(3):
        PremisesChange.objects.create(office=office, premises="shared", since=today - days(n))
        request.offer_size = 100 + n
        request.save()
    # session, user, the user's NGOs, roles; the office; open request; may-decide has no
    # query; earlier requests; premises history; the open request's history.
    with django_assert_num_queries(9):
        staff.get(page(office))
