"""The monthly return: computed from the month's activities and referrals, submitted by the
office's staff, accepted or sent back by the county's officials, locked once accepted and
corrected by a new version; officials see what awaits them and what is overdue.

No clock library is used in this project: "today" is the real day, and the tests that
need another moment move `django.utils.timezone.now` (which `localdate` reads too).
"""

import datetime
import re
import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from offices.jalali import month_bounds, shift_month, start_of_day
from offices.models import FacilitationOffice
from reports.models import Agency
from tests.conftest import browser_login, screenshot
from workspace.models import Activity, ActivityKind, MonthlyReturn, Referral
from workspace.services import returns as services
from workspace.services.months import (
    current_return,
    due_date,
    last_ended_month,
    month_is_locked,
)
from workspace.views.returns import overdue_month

pytestmark = pytest.mark.django_db

Status = MonthlyReturn.Status
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL's concurrent transactions"
)


@pytest.fixture
def month():
    """The last month that has ended: the one whose return the office writes now."""
    return last_ended_month()


@pytest.fixture
def kinds(reference_data):
    return list(ActivityKind.objects.order_by("pk")[:2])


@pytest.fixture
def record_work(office, neighbourhood, kinds, facilitator):
    """Activities and referrals of the office, created directly (as helper A's forms do)."""

    def record(year, month, *, activities=(), referrals=()):
        start = month_bounds(year, month)[0]
        for n, (kind, women, men, children) in enumerate(activities):
            Activity.objects.create(
                office=office,
                held_on=start + datetime.timedelta(days=n),
                kind=kind,
                topic=f"جلسه {n}",
                neighbourhood=neighbourhood,
                women=women,
                men=men,
                children=children,
                recorded_by=facilitator,
            )
        for n, (agency, people) in enumerate(referrals):
            Referral.objects.create(
                office=office,
                referred_on=start + datetime.timedelta(days=n),
                agency=agency,
                service="مشاوره",
                people=people,
                recorded_by=facilitator,
            )

    return record


@pytest.fixture
def at(monkeypatch):
    """Move "now" to noon (Tehran) of a day, for everything that reads the clock."""

    def move(day: datetime.date):
        moment = start_of_day(day) + datetime.timedelta(hours=12)
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return move


def month_url(name, office, year, month):
    return reverse(name, args=[office.pk, year, month])


def act(client, office, year, month, action, **data):
    return client.post(month_url("return_act", office, year, month), {"action": action, **data})


def submit(user, office, year, month, narrative="جلسه‌های آموزشی برگزار شد.", needs=""):
    return services.return_submit(
        user=user, office=office, year=year, month=month, narrative=narrative, needs=needs
    )


def recipients() -> set[str]:
    return {address for message in mail.outbox for address in message.to}


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# -- the figures ---------------------------------------------------------------------------


def test_the_return_is_computed_from_the_months_activities_and_referrals(
    client, facilitator, office, month, kinds, record_work, reference_data
):
    welfare, relief = Agency.objects.order_by("pk")[:2]
    year, number = month
    record_work(
        year,
        number,
        activities=[(kinds[0], 10, 2, 5), (kinds[0], 4, 0, 0), (kinds[1], 3, 3, 3)],
        referrals=[(welfare, 3), (welfare, 1), (relief, 2)],
    )
    # Another month's work is not this month's.
    record_work(*shift_month(year, number, -1), activities=[(kinds[1], 50, 0, 0)])
    client.force_login(facilitator)

    page = text(client.get(month_url("return_month", office, year, number)))
    assert "ارسال گزارش" in page and kinds[0].name in page and welfare.name in page

    response = act(client, office, year, number, "submit", narrative="ماهی پرکار", needs="")
    assert response.status_code == 302
    sent = MonthlyReturn.objects.get(office=office, jalali_year=year, jalali_month=number)
    assert (sent.activities, sent.women, sent.men, sent.children) == (3, 17, 5, 8)
    assert sent.attendance == 30 and sent.referrals == 6
    assert sent.by_kind == {kinds[0].name: 2, kinds[1].name: 1}
    assert sent.by_agency == {welfare.name: 4, relief.name: 2}
    assert (sent.status, sent.version, sent.submitted_by) == (Status.SUBMITTED, 1, facilitator)
    assert sent.first_submitted_at == sent.submitted_at
    # Once submitted, the page shows what was kept, not the activities recorded since.
    record_work(year, number, activities=[(kinds[1], 1, 1, 1)])
    page = text(client.get(month_url("return_month", office, year, number)))
    assert "ارسال گزارش" not in page and "ماهی پرکار" in page


def test_a_month_not_yet_ended_cannot_be_submitted(client, facilitator, office, today):
    this_year, this_month = shift_month(*last_ended_month(), 1)
    client.force_login(facilitator)
    page = text(client.get(month_url("return_month", office, this_year, this_month)))
    assert "هنوز تمام نشده است" in page and 'name="narrative"' not in page

    response = act(client, office, this_year, this_month, "submit", narrative="زودتر از موعد")
    assert response.status_code == 400
    assert "هنوز تمام نشده است" in text(response)
    assert not MonthlyReturn.objects.exists()
    assert not MonthlyReturn.history.exists()


def test_the_narrative_is_required(client, facilitator, office, month):
    client.force_login(facilitator)
    response = act(client, office, *month, "submit", narrative="  ", needs="")
    assert response.status_code == 400
    assert 'id="id_narrative_error"' in response.content.decode()
    assert not MonthlyReturn.objects.exists()


# -- submitting, sending back, accepting ---------------------------------------------------


def test_a_submitted_return_is_emailed_to_the_officials_who_review_it(
    client, facilitator, office, month, urmia_official, official, khoy_official,
    readonly_official, run_tasks,
):  # fmt: skip
    client.force_login(facilitator)
    act(client, office, *month, "submit", narrative="گزارش ماه")
    assert not mail.outbox  # written by the queue's worker, not by the page
    run_tasks()
    assert recipients() == {urmia_official.email, official.email}
    message = mail.outbox[0]
    assert office.name in message.subject and "بررسی" in message.subject
    assert reverse("return_month", args=[office.pk, *month]) in message.body
    run_tasks()
    assert len(mail.outbox) == 2  # nothing twice


def test_sending_back_needs_a_comment(client, facilitator, office, month, urmia_official):
    sent = submit(facilitator, office, *month)
    client.force_login(urmia_official)
    response = act(client, office, *month, "send_back", version=1, comment=" ")
    assert response.status_code == 400
    assert 'id="id_comment_error"' in response.content.decode()
    sent.refresh_from_db()
    assert sent.status == Status.SUBMITTED
    with pytest.raises(ValidationError):
        services.return_send_back(user=urmia_official, monthly_return=sent, comment="")


def test_a_return_sent_back_is_corrected_and_submitted_again(
    client, facilitator, office_manager, office, month, urmia_official, kinds, record_work,
    run_tasks,
):  # fmt: skip
    first = submit(facilitator, office, *month)
    assert month_is_locked(office.pk, *month)
    run_tasks()
    mail.outbox.clear()
    client.force_login(urmia_official)
    response = act(client, office, *month, "send_back", version=1, comment="آمار کودکان جا افتاده")
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.status, first.reviewed_by) == (Status.RETURNED, urmia_official)
    assert not month_is_locked(office.pk, *month)
    run_tasks()
    assert recipients() == {facilitator.email, office_manager.email}
    assert all("آمار کودکان جا افتاده" in message.body for message in mail.outbox)

    # The staff see the comment, add what was missing and submit again.
    record_work(*month, activities=[(kinds[0], 0, 0, 12)])
    client.force_login(facilitator)
    page = text(client.get(month_url("return_month", office, *month)))
    assert "آمار کودکان جا افتاده" in page and "ارسال دوباره" in page
    response = act(client, office, *month, "submit", narrative="اصلاح شد", needs="فضای بازی")
    assert response.status_code == 302
    again = MonthlyReturn.objects.get(pk=first.pk)
    assert (again.status, again.version, again.children, again.needs) == (
        Status.SUBMITTED,
        1,
        12,
        "فضای بازی",
    )
    assert again.first_submitted_at == first.first_submitted_at
    assert again.submitted_at > first.submitted_at
    assert MonthlyReturn.objects.count() == 1
    statuses = [h.status for h in again.history.order_by("history_id")]
    assert statuses == [Status.SUBMITTED, Status.RETURNED, Status.SUBMITTED]


def test_submitting_again_awaits_review_and_the_month_keeps_what_was_asked(
    client, facilitator, office, month, urmia_official
):
    urmia_official.first_name, urmia_official.last_name = "مریم", "احمدی"
    urmia_official.save()
    first = submit(facilitator, office, *month)
    services.return_send_back(
        user=urmia_official, monthly_return=first, comment="آمار کودکان جا افتاده"
    )
    again = submit(facilitator, office, *month, narrative="اصلاح شد")

    # Awaiting review again: the earlier review no longer stands on the version ...
    assert again.status == Status.SUBMITTED
    assert (again.reviewed_at, again.reviewed_by, again.review_comment) == (None, None, "")
    again.refresh_from_db()
    assert (again.reviewed_at, again.reviewed_by, again.review_comment) == (None, None, "")

    # ... but the month's page keeps it, from the return's history: who sent it back, when,
    # and what they asked; the reviewer sees it beside the review.
    client.force_login(urmia_official)
    response = client.get(month_url("return_month", office, *month))
    page = text(response)
    history = page.split('id="history-title"')[1]
    assert "به دفتر برگشت داده شد" in history and "<bdi>مریم احمدی</bdi>" in history
    assert "آمار کودکان جا افتاده" in history
    asked = page.split('id="asked-before"')[1].split("</div>")[0]
    assert "آمار کودکان جا افتاده" in asked and "<bdi>مریم احمدی</bdi>" in asked
    versions = page.split('id="versions-title"')[1].split('id="history-title"')[0]
    assert "در انتظار بررسی" in versions and "ثبت‌شده" not in versions
    # The office's staff see it in the history too, not as a review standing now.
    client.force_login(facilitator)
    page = text(client.get(month_url("return_month", office, *month)))
    assert "آمار کودکان جا افتاده" in page.split('id="history-title"')[1]
    assert 'id="asked-before"' not in page


def test_an_accepted_return_is_locked(
    client, facilitator, office_manager, office, month, urmia_official, run_tasks
):
    submit(facilitator, office, *month)
    run_tasks()
    mail.outbox.clear()
    client.force_login(urmia_official)
    page = text(client.get(month_url("return_month", office, *month)))
    assert "پذیرش گزارش" in page
    assert act(client, office, *month, "accept", version=1).status_code == 302
    accepted = current_return(office.pk, *month)
    assert (accepted.status, accepted.reviewed_by) == (Status.ACCEPTED, urmia_official)
    assert month_is_locked(office.pk, *month)
    run_tasks()
    assert recipients() == {facilitator.email, office_manager.email}

    client.force_login(facilitator)
    response = act(client, office, *month, "submit", narrative="دوباره")
    assert response.status_code == 400
    assert "پذیرفته شده و قفل است" in text(response)
    with pytest.raises(ValidationError):
        submit(facilitator, office, *month)
    assert MonthlyReturn.objects.count() == 1
    # Nor can it be accepted twice.
    with pytest.raises(ValidationError):
        services.return_accept(user=urmia_official, monthly_return=accepted)


def test_a_correction_is_a_new_version_that_replaces_the_accepted_one_once_accepted(
    client, facilitator, office, month, urmia_official, kinds, record_work
):
    submit(facilitator, office, *month)
    services.return_accept(user=urmia_official, monthly_return=current_return(office.pk, *month))
    client.force_login(facilitator)
    assert act(client, office, *month, "correct", version=1).status_code == 302

    first, correction = MonthlyReturn.objects.order_by("version")
    assert (first.status, correction.status, correction.version) == (
        Status.ACCEPTED,
        Status.CORRECTING,
        2,
    )
    # Officials still read the accepted figures; the office may change the month again.
    assert not month_is_locked(office.pk, *month)
    assert correction.first_submitted_at == first.first_submitted_at
    assert correction.narrative == first.narrative
    # One correction at a time.
    with pytest.raises(ValidationError):
        services.return_start_correction(user=facilitator, monthly_return=first)

    record_work(*month, activities=[(kinds[1], 5, 5, 0)])
    assert act(client, office, *month, "submit", narrative="با جلسه‌ی جاافتاده").status_code == 302
    correction.refresh_from_db()
    assert (correction.status, correction.activities) == (Status.SUBMITTED, 1)
    assert MonthlyReturn.objects.get(pk=first.pk).status == Status.ACCEPTED
    client.force_login(urmia_official)
    page = text(client.get(month_url("return_month", office, *month)))
    assert "تا پذیرش این اصلاحیه معتبر می‌ماند" in page

    assert act(client, office, *month, "accept", version=2).status_code == 302
    first.refresh_from_db()
    correction.refresh_from_db()
    assert (first.status, correction.status) == (Status.SUPERSEDED, Status.ACCEPTED)
    accepted = MonthlyReturn.objects.filter(status=Status.ACCEPTED)
    assert list(accepted) == [correction]
    assert first.history.latest().history_user == urmia_official


def test_two_submissions_at_once_leave_one_return(facilitator, office, month, monkeypatch):
    submit(facilitator, office, *month)
    # The second one did not see the first yet (it was not committed): the database refuses
    # the second row and the person is told, rather than shown an error page.
    monkeypatch.setattr(services, "_month_versions", lambda *args: [])
    with pytest.raises(ValidationError) as refused:
        submit(facilitator, office, *month)
    assert "لحظه‌ای پیش" in " ".join(refused.value.messages)
    assert MonthlyReturn.objects.count() == 1


def run_together(n, work):
    """Run `work(i)` in n threads released at the same moment; results or errors."""
    barrier = threading.Barrier(n)
    results = [None] * n

    def target(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as error:  # the test inspects every outcome
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_of_a_month_make_one_return(facilitator, office_manager, office):
    month = last_ended_month()
    people = [facilitator, office_manager, facilitator, office_manager]
    results = run_together(4, lambda i: submit(people[i], office, *month).pk)
    saved = [r for r in results if isinstance(r, int)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(saved) == 1 and len(refused) == 3, results
    assert MonthlyReturn.objects.count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_officials_reviewing_at_once_cannot_both_succeed(
    facilitator, office, urmia_official, official
):
    sent = submit(facilitator, office, *last_ended_month())

    def review(i):
        seen = MonthlyReturn.objects.select_related("office").get(pk=sent.pk)
        if i == 0:
            return services.return_accept(user=urmia_official, monthly_return=seen).status
        return services.return_send_back(user=official, monthly_return=seen, comment="نه").status

    results = run_together(2, review)
    assert sum(isinstance(r, ValidationError) for r in results) == 1, results
    sent.refresh_from_db()
    assert sent.status in (Status.ACCEPTED, Status.RETURNED)
    assert sent.history.count() == 2


# -- who may do what -----------------------------------------------------------------------


def test_officials_of_another_county_and_other_offices_staff_see_nothing(
    client, facilitator, office, month, khoy_official, khoy_facilitator
):
    submit(facilitator, office, *month)
    for user in (khoy_official, khoy_facilitator):
        client.force_login(user)
        assert client.get(reverse("return_list", args=[office.pk])).status_code == 404
        assert client.get(month_url("return_month", office, *month)).status_code == 404
        assert act(client, office, *month, "accept", version=1).status_code == 404
    assert current_return(office.pk, *month).status == Status.SUBMITTED


def test_a_read_only_official_and_the_office_staff_cannot_accept(
    client, facilitator, office_manager, office, month, readonly_official
):
    submit(facilitator, office, *month)
    client.force_login(readonly_official)
    page = text(client.get(month_url("return_month", office, *month)))
    assert "پذیرش گزارش" not in page
    for user in (readonly_official, facilitator, office_manager):
        client.force_login(user)
        assert act(client, office, *month, "accept", version=1).status_code == 403
        assert act(client, office, *month, "send_back", version=1, comment="نه").status_code == 403
    assert current_return(office.pk, *month).status == Status.SUBMITTED


def test_officials_cannot_submit_for_the_office(client, office, month, urmia_official):
    client.force_login(urmia_official)
    assert act(client, office, *month, "submit", narrative="از طرف دفتر").status_code == 403
    assert not MonthlyReturn.objects.exists()


def test_the_queue_is_for_officials(client, facilitator, manager_a, ngo_a):
    for user in (facilitator, manager_a):
        client.force_login(user)
        assert client.get(reverse("return_queue")).status_code == 403


# -- on time or late -----------------------------------------------------------------------


def test_on_time_and_late_are_judged_by_the_first_submission(
    client, facilitator, office, urmia_official, at, today
):
    year, number = shift_month(*last_ended_month(), -6)
    due = due_date(year, number)
    at(due)
    on_time = submit(facilitator, office, year, number)
    assert on_time.submitted_late is False
    services.return_send_back(user=urmia_official, monthly_return=on_time, comment="ناقص")
    at(due + datetime.timedelta(days=9))
    # Sent back and submitted again after the due day: still on time.
    assert submit(facilitator, office, year, number).submitted_late is False

    late_year, late_month = shift_month(year, number, 1)
    at(due_date(late_year, late_month) + datetime.timedelta(days=1))
    assert submit(facilitator, office, late_year, late_month).submitted_late is True

    at(today)
    client.force_login(facilitator)
    page = text(client.get(reverse("return_list", args=[office.pk])))
    assert page.count(">دیرهنگام<") == 1 and page.count(">به‌موقع<") == 1


def test_a_return_sent_back_and_not_submitted_again_is_overdue_everywhere(
    client, facilitator, office, khoy_office, official, urmia_official, at, today
):
    """As the dashboard counts it (definition "returns_overdue"), whatever the first
    submission's date: the office's list, the month's page and the officials' queue."""
    year, number = overdue_month(today)
    at(due_date(year, number))
    sent = submit(facilitator, office, year, number)
    services.return_send_back(user=urmia_official, monthly_return=sent, comment="ناقص")
    at(today)

    client.force_login(facilitator)
    row = text(client.get(reverse("return_list", args=[office.pk])))
    row = row.split(f'href="{month_url("return_month", office, year, number)}"')[1]
    row = row.split("</tr>")[0]
    assert "برگشت داده شد" in row and "عقب‌افتاده" in row and "به‌موقع" in row
    page = text(client.get(month_url("return_month", office, year, number)))
    assert "عقب‌افتاده" in page.split("<h1")[1].split("</p>")[0]

    client.force_login(official)
    page = text(client.get(reverse("return_queue")))
    overdue = page.split('id="overdue-title"')[1].split('id="sent-back-title"')[0]
    assert office.name in overdue and khoy_office.name in overdue

    # Submitted again, it awaits review: no longer overdue (though first sent on time).
    submit(facilitator, office, year, number)
    page = text(client.get(reverse("return_queue")))
    assert office.name not in page.split('id="overdue-title"')[1].split('id="sent-back-title"')[0]


def test_an_office_opened_after_the_month_owes_no_return_for_it(client, official, office, today):
    year, number = overdue_month(today)
    office.opened_on = month_bounds(year, number)[1]
    office.save(update_fields=["opened_on"])
    client.force_login(official)
    page = text(client.get(reverse("return_queue")))
    assert office.name not in page.split('id="overdue-title"')[1]


# -- the officials' queue ------------------------------------------------------------------


def test_the_queue_shows_returns_awaiting_review_and_overdue_offices(
    client, facilitator, office, khoy_office, official, urmia_official, today
):
    year, number = overdue_month(today)
    assert due_date(year, number) < today
    submit(facilitator, office, year, number)

    client.force_login(official)
    page = text(client.get(reverse("return_queue")))
    awaiting, overdue = page.split('id="overdue-title"')[0], page.split('id="overdue-title"')[1]
    assert office.name in awaiting and khoy_office.name not in awaiting
    assert khoy_office.name in overdue.split('id="sent-back-title"')[0]
    assert office.name not in overdue.split('id="sent-back-title"')[0]

    client.force_login(urmia_official)
    page = text(client.get(reverse("return_queue")))
    assert office.name in page and khoy_office.name not in page


# -- a fixed number of queries -------------------------------------------------------------


@pytest.mark.parametrize("months", [1, 6])
def test_the_office_list_runs_a_fixed_number_of_queries(
    client, facilitator, office, urmia_official, django_assert_num_queries, months
):
    for n in range(months):
        year, number = shift_month(*last_ended_month(), -n)
        sent = submit(facilitator, office, year, number)
        services.return_accept(user=urmia_official, monthly_return=sent)
        services.return_start_correction(user=facilitator, monthly_return=sent)
    client.force_login(urmia_official)
    # session, user, the user's NGOs, the user's role, the office, the office's returns
    with django_assert_num_queries(6):
        response = client.get(reverse("return_list", args=[office.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("versions", [1, 3])
def test_the_month_page_runs_a_fixed_number_of_queries(
    client, facilitator, office, month, urmia_official, django_assert_num_queries, versions
):
    sent = submit(facilitator, office, *month)
    for _n in range(versions - 1):
        services.return_accept(user=urmia_official, monthly_return=sent)
        correction = services.return_start_correction(user=facilitator, monthly_return=sent)
        sent = submit(facilitator, office, *month)
        assert sent.pk == correction.pk
    client.force_login(urmia_official)
    # session, user, NGOs, role, office, the month's versions (with who submitted and
    # reviewed), their history (with who made each change)
    with django_assert_num_queries(7):
        response = client.get(month_url("return_month", office, *month))
    assert response.status_code == 200
    client.force_login(facilitator)
    services.return_send_back(user=urmia_official, monthly_return=sent, comment="دوباره")
    # ... and while the figures are live: the month's totals, by kind, by agency
    with django_assert_num_queries(10):
        response = client.get(month_url("return_month", office, *month))
    assert response.status_code == 200


@pytest.mark.parametrize("offices", [1, 4])
def test_the_queue_runs_a_fixed_number_of_queries(
    client, facilitator, official, urmia, django_assert_num_queries, offices, today
):
    year, number = overdue_month(today)
    for n in range(offices):
        other = FacilitationOffice.objects.create(
            code=f"URM-9{n}", name=f"دفتر {n}", county=urmia, status="active"
        )
        MonthlyReturn.objects.create(
            office=other,
            jalali_year=year,
            jalali_month=number,
            status=Status.SUBMITTED if n % 2 else Status.RETURNED,
            submitted_at=timezone.now(),
            first_submitted_at=timezone.now(),
        )
        FacilitationOffice.objects.create(
            code=f"URM-8{n}", name=f"دفتر بی‌گزارش {n}", county=urmia, status="active"
        )
    client.force_login(official)
    # session, user, NGOs, role; awaiting review, overdue offices, sent back
    with django_assert_num_queries(7):
        response = client.get(reverse("return_queue"))
    assert response.status_code == 200


# -- in the browser, on a phone --------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_on_a_phone_the_facilitator_submits_and_the_county_official_accepts(
    site, open_page, facilitator, office, urmia_official, kinds, record_work
):
    year, number = last_ended_month()
    record_work(year, number, activities=[(kinds[0], 8, 2, 4)])
    url = f"{site}{month_url('return_month', office, year, number)}"
    page = open_page(width=360, height=740)
    browser_login(page, site, "facilitator")
    page.goto(url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.fill("#id_narrative", "دو کارگاه برای مادران برگزار شد.")
    with page.expect_navigation():
        page.get_by_role("button", name="ارسال گزارش").click()
    assert "گزارش برای استانداری فرستاده شد" in page.locator(".alert-success").inner_text()
    screenshot(page, "return-submitted-fa-phone")

    page = open_page(width=360, height=740)
    browser_login(page, site, "urmia-official")
    page.goto(url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "return-to-review-fa-phone")
    with page.expect_navigation():
        page.get_by_role("button", name="پذیرش گزارش").click()
    assert current_return(office.pk, year, number).status == Status.ACCEPTED
    page.goto(f"{site}{reverse('return_list', args=[office.pk])}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "return-list-fa-phone")
    page.goto(f"{site}{reverse('return_queue')}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "return-queue-fa-phone")
