"""Demands NGOs raise — in a meeting or through their page — followed to an answer."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from meetings.models import Demand, DemandEvent, Meeting, MeetingNGO
from meetings.services.demands import (
    demand_answer,
    demand_link_reports,
    demand_note,
    demand_raise,
    demand_to_report,
    seen_mark,
)
from offices.jalali import format_jalali
from reports.models import Category, IssueReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def need(reference_data):
    return Category.objects.filter(kind="need", active=True).order_by("pk").first()


@pytest.fixture
def meeting(urmia, ngo_a, official, today):
    meeting = Meeting.objects.create(
        held_on=today - datetime.timedelta(days=10),
        title="نشست استاندار با سمن‌ها",
        place="استانداری",
        county=urmia,
        chaired_by="معاون استاندار",
        recorded_by=official,
    )
    MeetingNGO.objects.create(meeting=meeting, ngo=ngo_a, attended_by="مدیر انجمن")
    return meeting


@pytest.fixture
def demand_a(meeting, ngo_a, official, need):
    """ngo_a's demand, raised in an Urmia meeting."""
    return demand_raise(
        user=official, ngo=ngo_a, category=need, text="بیمه اعضای سمن", meeting=meeting
    )


@pytest.fixture
def demand_b(ngo_b, manager_b, need):
    """ngo_b's (Khoy) demand, raised through its page."""
    return demand_raise(user=manager_b, ngo=ngo_b, category=need, text="زیرساخت سمن‌ها")


def jalali(day):
    return format_jalali(day)


def answer_data(demand, **fields):
    data = {
        "action": "answer",
        "answer-seen": seen_mark(demand),
        "answer-status": demand.status,
        "answer-responsible_official": "",
        "answer-agency": "",
        "answer-commitment": "",
        "answer-due_on": "",
        "answer-reason": "",
        "answer-note": "",
    }
    data.update({f"answer-{name}": value for name, value in fields.items()})
    return data


# -- raising ------------------------------------------------------------------------------


def test_official_records_a_demand_raised_in_a_meeting(client, official, meeting, ngo_a, need):
    client.force_login(official)
    url = reverse("meeting_demand_new", args=[meeting.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"ngo": ngo_a.pk, "category": need.pk, "text": "بیمه اعضا", "neighbourhood": ""}
    )
    demand = Demand.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("demand_detail", args=[demand.pk])
    assert (demand.ngo, demand.meeting, demand.raised_on) == (ngo_a, meeting, meeting.held_on)
    assert demand.county_id == ngo_a.county_id and demand.status == "open"
    assert demand.raised_by == official
    event = demand.events.get()
    assert (event.from_status, event.to_status, event.actor) == ("", "open", official)


def test_manager_raises_a_demand_through_the_ngo_page(
    client, manager_a, ngo_a, need, neighbourhood, today
):
    client.force_login(manager_a)
    home = client.get(reverse("ngo_home", args=[ngo_a.pk])).text
    assert reverse("ngo_demand_new", args=[ngo_a.pk]) in home
    response = client.post(
        reverse("ngo_demand_new", args=[ngo_a.pk]),
        {
            "category": need.pk,
            "text": "اشتغال افراد دارای معلولیت",
            "neighbourhood": neighbourhood.pk,
        },
    )
    demand = Demand.objects.get()
    assert response.status_code == 302
    assert (demand.ngo, demand.meeting, demand.raised_on) == (ngo_a, None, today)
    assert demand.neighbourhood == neighbourhood
    # The NGO's page lists it with its status.
    home = client.get(reverse("ngo_home", args=[ngo_a.pk])).text
    assert reverse("demand_detail", args=[demand.pk]) in home
    assert "باز" in home


@pytest.mark.parametrize(
    "posted, field, message",
    [
        ({"ngo": ""}, "ngo", "سمنی را که این مطالبه را مطرح کرد انتخاب کنید."),
        ({"ngo": "ngo_b"}, "ngo", "این سمن در این نشست حضور نداشت."),
        ({"text": "  "}, "text", "متن مطالبه را بنویسید."),
    ],
)
def test_a_meeting_demand_is_refused_with_a_message(
    client, official, meeting, ngo_a, ngo_b, need, posted, field, message
):
    data = {"ngo": ngo_a.pk, "category": need.pk, "text": "بیمه اعضا", "neighbourhood": ""}
    data.update(posted)
    if data["ngo"] == "ngo_b":
        data["ngo"] = ngo_b.pk
    client.force_login(official)
    response = client.post(reverse("meeting_demand_new", args=[meeting.pk]), data)
    assert response.status_code == 400
    assert message in response.context["form"].errors[field]
    assert message in response.text
    assert not Demand.objects.exists() and not DemandEvent.objects.exists()


def test_the_service_refuses_an_ngo_absent_from_the_meeting(official, meeting, ngo_b, need):
    with pytest.raises(ValidationError) as refused:
        demand_raise(user=official, ngo=ngo_b, category=need, text="درخواست", meeting=meeting)
    assert refused.value.message_dict["ngo"] == ["این سمن در این نشست حضور نداشت."]
    with pytest.raises(ValidationError) as refused:
        demand_raise(user=official, ngo=None, category=need, text="درخواست", meeting=meeting)
    assert "ngo" in refused.value.message_dict
    assert not Demand.objects.exists()


def test_a_county_official_records_demands_only_of_their_county(
    client, urmia_official, ngo_a, ngo_b, need, today
):
    """A provincial meeting: ngo_b (Khoy) was present, but not for Urmia's official to record."""
    meeting = Meeting.objects.create(
        held_on=today, title="نشست استانی", place="ارومیه", chaired_by="استاندار"
    )
    MeetingNGO.objects.create(meeting=meeting, ngo=ngo_a)
    MeetingNGO.objects.create(meeting=meeting, ngo=ngo_b)
    client.force_login(urmia_official)
    response = client.post(
        reverse("meeting_demand_new", args=[meeting.pk]),
        {"ngo": ngo_b.pk, "category": need.pk, "text": "بیمه"},
    )
    assert response.status_code == 400
    assert "فقط مطالبات سمن‌های شهرستان خود" in response.text
    assert not Demand.objects.exists()


def test_read_only_official_sees_but_cannot_act(
    client, readonly_official, demand_a, meeting, ngo_a, need
):
    client.force_login(readonly_official)
    page = client.get(reverse("demand_detail", args=[demand_a.pk]))
    assert page.status_code == 200 and page.context["answer_form"] is None
    assert 'name="action" value="answer"' not in page.text
    for url, data in [
        (reverse("demand_act", args=[demand_a.pk]), answer_data(demand_a, status="committed")),
        (reverse("demand_act", args=[demand_a.pk]), {"action": "note", "note-text": "پیگیری"}),
        (reverse("demand_report", args=[demand_a.pk]), {}),
        (reverse("meeting_demand_new", args=[meeting.pk]), {"ngo": ngo_a.pk}),
        (reverse("ngo_demand_new", args=[ngo_a.pk]), {"category": need.pk, "text": "x"}),
    ]:
        assert client.post(url, data).status_code == 403, url
    assert Demand.objects.count() == 1 and DemandEvent.objects.count() == 1
    with pytest.raises(PermissionDenied):
        demand_answer(user=readonly_official, demand=demand_a, status="done")


# -- answering ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields, field, message",
    [
        (
            {"status": "committed", "commitment": "پیگیری بیمه", "due_on": "before"},
            "due_on",
            "مهلت تعهد نمی‌تواند پیش از تاریخ نشست باشد.",
        ),
        ({"status": "not_possible"}, "reason", "دلیل ناممکن بودن این مطالبه را بنویسید."),
        (
            {"status": "committed", "due_on": "later"},
            "commitment",
            "بنویسید چه تعهدی داده شد.",
        ),
        (
            {"status": "committed", "commitment": "پیگیری بیمه"},
            "due_on",
            "مهلت انجام تعهد را وارد کنید.",
        ),
        (
            {"status": "committed", "commitment": "پیگیری بیمه", "due_on": "later", "agency": ""},
            "agency",
            "برای تعهد، دستگاه یا کارشناس مسئول انجام آن را انتخاب کنید.",
        ),
    ],
)
def test_a_bad_answer_is_refused_with_a_message_and_nothing_changes(
    client, official, demand_a, meeting, today, fields, field, message
):
    dates = {
        "before": jalali(meeting.held_on - datetime.timedelta(days=1)),
        "later": jalali(today + datetime.timedelta(days=30)),
    }
    fields = {k: dates.get(v, v) for k, v in fields.items()}
    client.force_login(official)
    response = client.post(
        reverse("demand_act", args=[demand_a.pk]), answer_data(demand_a, **fields)
    )
    assert response.status_code == 400
    assert message in response.context["answer_form"].errors[field]
    assert message in response.text
    # The field is marked, so the page's script brings it into view with the focus.
    assert 'aria-invalid="true"' in str(response.context["answer_form"][field])
    demand_a.refresh_from_db()
    assert (demand_a.status, demand_a.answered_at, demand_a.commitment) == ("open", None, "")
    assert demand_a.events.count() == 1


def test_the_full_path_from_open_to_done(
    client, official, manager_a, demand_a, agency, today, run_tasks, mailoutbox
):
    due = today + datetime.timedelta(days=30)
    client.force_login(official)
    url = reverse("demand_act", args=[demand_a.pk])
    response = client.post(
        url,
        answer_data(
            demand_a,
            status="committed",
            agency=agency.pk,
            responsible_official=official.pk,
            commitment="بیمه اعضا تا پایان فصل پیگیری می‌شود",
            due_on=jalali(due),
            note="در نشست بعدی گزارش می‌شود",
        ),
    )
    assert response.status_code == 302
    demand_a.refresh_from_db()
    assert (demand_a.status, demand_a.agency, demand_a.due_on) == ("committed", agency, due)
    assert demand_a.responsible_official == official
    answered = demand_a.answered_at
    assert answered is not None and demand_a.closed_at is None

    client.post(
        url,
        answer_data(
            demand_a,
            status="in_progress",
            agency=agency.pk,
            commitment=demand_a.commitment,
            due_on=jalali(due),
        ),
    )
    demand_a.refresh_from_db()
    assert demand_a.status == "in_progress" and demand_a.answered_at == answered

    client.post(
        url,
        answer_data(
            demand_a,
            status="done",
            agency=agency.pk,
            commitment=demand_a.commitment,
            due_on=jalali(due),
        ),
    )
    demand_a.refresh_from_db()
    assert demand_a.status == "done" and demand_a.closed_at is not None

    moves = list(demand_a.events.values_list("from_status", "to_status"))
    assert moves == [
        ("", "open"),
        ("open", "committed"),
        ("committed", "in_progress"),
        ("in_progress", "done"),
    ]
    committed = demand_a.events.get(to_status="committed")
    assert (committed.agency, committed.due_on, committed.actor) == (agency, due, official)
    assert committed.note == "در نشست بعدی گزارش می‌شود"

    # Reopened: no longer closed; the first answer stays.
    demand_answer(
        user=official,
        demand=demand_a,
        status="in_progress",
        agency=agency,
        commitment=demand_a.commitment,
        due_on=due,
    )
    assert demand_a.closed_at is None and demand_a.answered_at == answered

    # The NGO's manager sees the status and the timeline, and was emailed of each change.
    run_tasks()
    assert [m.to for m in mailoutbox] == [[manager_a.email]] * 4
    assert all("مطالبه" in m.subject for m in mailoutbox)
    first = mailoutbox[0].body
    assert "بیمه اعضا تا پایان فصل پیگیری می‌شود" in first
    assert "در نشست بعدی گزارش می‌شود" in first
    assert f"/demands/{demand_a.pk}/" in first
    client.force_login(manager_a)
    page = client.get(reverse("demand_detail", args=[demand_a.pk]))
    assert page.status_code == 200 and page.context["answer_form"] is None
    assert "در حال رسیدگی" in page.text and "در نشست بعدی گزارش می‌شود" in page.text


def test_an_official_note_is_emailed_and_the_managers_own_is_not(
    client, official, manager_a, demand_a, run_tasks, mailoutbox
):
    client.force_login(manager_a)
    response = client.post(
        reverse("demand_act", args=[demand_a.pk]), {"action": "note", "note-text": "هنوز خبری نیست"}
    )
    assert response.status_code == 302
    # An NGO manager may not answer.
    refused = client.post(
        reverse("demand_act", args=[demand_a.pk]), answer_data(demand_a, status="done")
    )
    assert refused.status_code == 403
    demand_note(user=official, demand=demand_a, text="با دستگاه تماس گرفته شد")
    run_tasks()
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [manager_a.email]
    assert "با دستگاه تماس گرفته شد" in mailoutbox[0].body
    notes = list(demand_a.events.exclude(note="").values_list("note", "actor"))
    assert notes == [("هنوز خبری نیست", manager_a.pk), ("با دستگاه تماس گرفته شد", official.pk)]


def test_an_empty_note_is_refused(client, manager_a, demand_a):
    client.force_login(manager_a)
    response = client.post(
        reverse("demand_act", args=[demand_a.pk]), {"action": "note", "note-text": " "}
    )
    assert response.status_code == 400
    assert "یادداشت خالی است." in response.text
    assert demand_a.events.count() == 1


def test_no_email_is_written_when_the_change_is_rolled_back(
    official, demand_a, mailoutbox, run_tasks
):
    with pytest.raises(ValidationError):
        demand_answer(user=official, demand=demand_a, status="not_possible")
    run_tasks()
    assert mailoutbox == []


def test_a_change_made_meanwhile_is_not_overwritten(
    client, official, urmia_official, demand_a, today
):
    page_seen = seen_mark(demand_a)
    demand_answer(
        user=urmia_official,
        demand=demand_a,
        status="committed",
        commitment="تعهد اول",
        responsible_official=urmia_official,
        due_on=today,
    )
    client.force_login(official)
    data = answer_data(demand_a, status="done")
    data["answer-seen"] = page_seen
    response = client.post(reverse("demand_act", args=[demand_a.pk]), data)
    assert response.status_code == 400
    assert "کس دیگری این مطالبه را" in response.text
    demand_a.refresh_from_db()
    assert (demand_a.status, demand_a.commitment) == ("committed", "تعهد اول")


# -- scope ----------------------------------------------------------------------------------


def test_managers_and_county_officials_see_only_their_scope(
    client, manager_a, manager_b, khoy_official, urmia_official, demand_a, demand_b
):
    detail = reverse("demand_detail", args=[demand_a.pk])
    for user in (manager_b, khoy_official):
        client.force_login(user)
        assert client.get(detail).status_code == 404
        assert (
            client.post(
                reverse("demand_act", args=[demand_a.pk]), {"action": "note", "note-text": "x"}
            ).status_code
            == 404
        )
        listed = client.get(reverse("demand_list")).context["page"].object_list
        assert [d.pk for d in listed] == [demand_b.pk]
    for user in (manager_a, urmia_official):
        client.force_login(user)
        assert client.get(detail).status_code == 200
        assert [d.pk for d in client.get(reverse("demand_list")).context["page"].object_list] == [
            demand_a.pk
        ]
    client.force_login(khoy_official)
    assert client.get(reverse("ngo_demand_new", args=[demand_a.ngo_id])).status_code == 404


def test_a_manager_without_demands_reads_none_and_can_raise_one(client, manager_a, ngo_a):
    client.force_login(manager_a)
    page = client.get(reverse("demand_list")).text
    assert "۰ مطالبه" in page and "یک مطالبه" not in page
    assert reverse("ngo_demand_new", args=[ngo_a.pk]) in page


def test_people_without_demands_are_refused_the_list(client, no_role_user, facilitator):
    for user in (no_role_user, facilitator):
        client.force_login(user)
        assert client.get(reverse("demand_list")).status_code == 403


# -- reports ----------------------------------------------------------------------------------


def test_a_demand_about_one_neighbourhood_becomes_a_referred_report(
    client, official, manager_a, ngo_a, need, neighbourhood, agency, today
):
    demand = demand_raise(
        user=manager_a,
        ngo=ngo_a,
        category=need,
        text="نبود فضای ورزشی\nدر محله",
        neighbourhood=neighbourhood,
    )
    client.force_login(official)
    page = client.get(reverse("demand_detail", args=[demand.pk]))
    assert page.context["refer_form"] is not None
    due = today + datetime.timedelta(days=20)
    response = client.post(
        reverse("demand_report", args=[demand.pk]),
        {
            "refer-agency": agency.pk,
            "refer-due_on": jalali(due),
            "refer-letter_number": "۱۲۳/ب",
            "refer-letter_date": jalali(today),
        },
    )
    assert response.status_code == 302
    report = IssueReport.objects.get()
    assert (report.ngo, report.neighbourhood, report.category) == (ngo_a, neighbourhood, need)
    assert (report.status, report.agency, report.due_on) == ("referred", agency, due)
    assert report.title == "نبود فضای ورزشی" and report.description == demand.text
    refer = report.events.get(action="refer")
    assert refer.letter_number and refer.letter_date == today
    demand.refresh_from_db()
    assert list(demand.reports.all()) == [report]
    assert (demand.status, demand.agency, demand.due_on) == ("in_progress", agency, due)
    assert demand.events.last().to_status == "in_progress"
    # The NGO sees the report linked on the demand's page; no second referral is offered.
    client.force_login(manager_a)
    page = client.get(reverse("demand_detail", args=[demand.pk]))
    assert page.context["reports"] == [report]
    client.force_login(official)
    assert client.get(reverse("demand_detail", args=[demand.pk])).context["refer_form"] is None


def test_a_demand_without_a_neighbourhood_cannot_become_a_referral(
    official, demand_a, agency, today
):
    with pytest.raises(ValidationError) as refused:
        demand_to_report(user=official, demand=demand_a, agency=agency, due_on=today)
    assert "محله" in refused.value.messages[0]
    assert not IssueReport.objects.exists()
    demand_a.refresh_from_db()
    assert demand_a.status == "open"


def test_a_referral_with_a_past_due_date_writes_nothing(
    client, official, manager_a, ngo_a, need, neighbourhood, agency, today
):
    demand = demand_raise(
        user=manager_a, ngo=ngo_a, category=need, text="فضای ورزشی", neighbourhood=neighbourhood
    )
    client.force_login(official)
    response = client.post(
        reverse("demand_report", args=[demand.pk]),
        {"refer-agency": agency.pk, "refer-due_on": jalali(today - datetime.timedelta(days=1))},
    )
    assert response.status_code == 400
    assert "مهلت پاسخ نمی‌تواند در گذشته باشد" in response.text
    assert not IssueReport.objects.exists()
    demand.refresh_from_db()
    assert demand.status == "open" and demand.events.count() == 1


def test_reports_are_linked_only_within_the_ngo_or_county(
    client, official, demand_a, make_report, ngo_b, manager_b, harm
):
    report = make_report()
    other = make_report(ngo=ngo_b, submitted_by=manager_b, neighbourhood=None)
    client.force_login(official)
    url = reverse("demand_act", args=[demand_a.pk])
    response = client.post(url, {"action": "link", "link-reference": report.reference})
    assert response.status_code == 302
    assert list(demand_a.reports.all()) == [report]
    response = client.post(url, {"action": "link", "link-reference": other.reference})
    assert response.status_code == 400
    assert list(demand_a.reports.all()) == [report]
    with pytest.raises(ValidationError):
        demand_link_reports(user=official, demand=demand_a, reports=[other])


# -- the list and its filters ---------------------------------------------------------------


def test_the_list_filters_demands(client, official, demand_a, demand_b, agency, today, meeting):
    demand_answer(
        user=official,
        demand=demand_b,
        status="committed",
        commitment="تعهد",
        agency=agency,
        due_on=today,
    )
    Demand.objects.filter(pk=demand_b.pk).update(due_on=today - datetime.timedelta(days=1))
    client.force_login(official)

    def listed(**params):
        response = client.get(reverse("demand_list"), params)
        assert response.status_code == 200
        return [d.pk for d in response.context["page"].object_list]

    assert sorted(listed()) == sorted([demand_a.pk, demand_b.pk])
    assert listed(status="committed") == [demand_b.pk]
    assert listed(agency="none") == [demand_a.pk]
    assert listed(agency=agency.pk) == [demand_b.pk]
    assert listed(overdue="on") == [demand_b.pk]
    assert listed(meeting=meeting.pk) == [demand_a.pk]
    assert listed(ngo=demand_a.ngo_id) == [demand_a.pk]
    assert listed(raised_from=jalali(today), raised_to=jalali(today)) == [demand_b.pk]
    assert listed(agency="nonsense") == []


@pytest.mark.parametrize("count", [1, 12])
def test_the_list_runs_a_fixed_number_of_queries(
    client, official, ngo_a, need, count, django_assert_num_queries
):
    for n in range(count):
        demand_raise(user=official, ngo=ngo_a, category=need, text=f"مطالبه {n}")
    client.force_login(official)
    client.get(reverse("demand_list"))
    # session, user, the user's NGOs, official role, the count, the page of demands (with
    # NGO, category, agency, meeting), the filters' categories, agencies and NGOs
    with django_assert_num_queries(9):
        client.get(reverse("demand_list"))


@pytest.mark.parametrize("notes", [0, 10])
def test_the_demand_page_runs_a_fixed_number_of_queries(
    client, official, demand_a, make_report, notes, django_assert_num_queries
):
    for n in range(notes):
        demand_note(user=official, demand=demand_a, text=f"یادداشت {n}")
        demand_a.reports.add(make_report())
    client.force_login(official)
    client.get(reverse("demand_detail", args=[demand_a.pk]))
    # session, user, the user's NGOs, official role, the demand with its NGO, meeting…, its
    # timeline, its visible reports, the answer form's officials and agencies
    with django_assert_num_queries(9):
        client.get(reverse("demand_detail", args=[demand_a.pk]))
