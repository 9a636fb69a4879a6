"""Referrals by letter, extended by an official with a reason, escalated to the province when
long overdue, and counted late against their first due date on the agency scorecard."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from offices.formatting import format_date, persian_digits
from offices.jalali import format_jalali
from reports.models import Attachment, IssueReport, ReportEvent, Status
from reports.referrals import escalate_referrals, report_extend
from reports.workflow import Action, TransitionError, report_transition

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%letter\n"
EXTENSION = ReportEvent.Kind.EXTENSION
ESCALATION = ReportEvent.Kind.ESCALATION


def read(text):
    """Text as read: without the marks that keep a date or a number in one piece."""
    return re.sub("[\u2066-\u2069]", "", text)


def long_date(day):
    return format_date(day, "fa", long=True)


@pytest.fixture
def referred(make_report, official, agency, today, days):
    """A report referred to `agency`, due `due` days from today (negative: overdue); its
    referral's first due date is the same day, as if it had been referred with it."""

    def make(due=10, **fields):
        report = make_report(**fields)
        report_transition(report=report, action=Action.START_REVIEW, actor=official)
        report_transition(
            report=report, action=Action.REFER, actor=official, agency=agency, due_on=today
        )
        day = today + days(due)
        IssueReport.objects.filter(pk=report.pk).update(due_on=day, first_due_on=day)
        report.events.filter(action=Action.REFER).update(due_on=day)
        report.refresh_from_db()
        return report

    return make


def act(client, report, action, files=(), **fields):
    """One step's form as the report page sends it."""
    data = {
        "action": action,
        f"{action}-action": action,
        f"{action}-seen_version": IssueReport.objects.get(pk=report.pk).version,
        **{f"{action}-{k}": v for k, v in fields.items()},
    }
    if files:
        data[f"{action}-files"] = [SimpleUploadedFile(name, content) for name, content in files]
    return client.post(reverse("report_act", args=[report.pk]), data)


def extend(client, report, due_on, reason="دستگاه برای بازدید میدانی زمان بیشتری خواست."):
    """The report page's extension form, sent."""
    day = format_jalali(due_on) if isinstance(due_on, datetime.date) else due_on
    data = {"extend-due_on": day, "extend-reason": reason}
    return client.post(reverse("report_extend", args=[report.pk]), data)


def unchanged(report):
    """Nothing was written: the due dates and version as before, no extension event."""
    fresh = IssueReport.objects.get(pk=report.pk)
    return (fresh.due_on, fresh.first_due_on, fresh.version) == (
        report.due_on,
        report.first_due_on,
        report.version,
    ) and not fresh.events.filter(kind=EXTENSION).exists()


# -- letters ----------------------------------------------------------------------------


def test_a_referral_by_letter_shows_its_number_and_date_on_the_timeline(
    client, make_report, official, manager_a, agency, today
):
    report = make_report()
    report_transition(report=report, action=Action.START_REVIEW, actor=official)
    client.force_login(official)
    response = act(
        client,
        report,
        "refer",
        agency=agency.pk,
        due_on=format_jalali(today + datetime.timedelta(days=30)),
        letter_number="۱۴۰۵/ص/۱۲۳۴",
        letter_date=format_jalali(today),
    )
    assert response.status_code == 302
    event = report.events.get(action=Action.REFER)
    assert (event.letter_number, event.letter_date) == ("1405/ص/1234", today)
    client.force_login(manager_a)  # the NGO reads the outgoing letter on its timeline
    page = read(client.get(reverse("report_detail", args=[report.pk])).text)
    assert f"نامهٔ شمارهٔ ۱۴۰۵/ص/۱۲۳۴ مورخ {long_date(today)}" in page


def test_the_agencys_answer_keeps_its_letter_and_the_scanned_copy(
    client, referred, official, manager_a, today
):
    report = referred()
    client.force_login(official)
    response = act(
        client,
        report,
        "agency_accept",
        files=[("پاسخ-دستگاه.pdf", PDF)],
        letter_number="۷۷/۵۵۰",
        letter_date=format_jalali(today),
    )
    assert response.status_code == 302
    answer = report.events.get(action=Action.AGENCY_ACCEPT)
    assert (answer.letter_number, answer.letter_date) == ("77/550", today)
    scan = answer.attachments.get()
    assert scan.original_name == "پاسخ-دستگاه.pdf"
    client.force_login(manager_a)
    page = read(client.get(reverse("report_detail", args=[report.pk])).text)
    assert f"نامهٔ شمارهٔ ۷۷/۵۵۰ مورخ {long_date(today)}" in page
    download = reverse("attachment_download", args=[report.pk, scan.pk])
    assert download in page and client.get(download).status_code == 200


def test_a_letter_dated_in_the_future_is_refused_and_nothing_is_written(
    client, referred, official, today
):
    report = referred()
    tomorrow = today + datetime.timedelta(days=1)
    client.force_login(official)
    response = act(
        client,
        report,
        "agency_accept",
        files=[("پاسخ.pdf", PDF)],
        letter_number="۹۹",
        letter_date=format_jalali(tomorrow),
    )
    assert response.status_code == 400
    assert 'id="id_agency_accept-letter_date_error"' in response.text
    assert "هنوز نرسیده" in response.text  # the date field's own refusal
    # The service refuses it too, whoever calls it, with its own Persian message.
    with pytest.raises(TransitionError) as refused:
        report_transition(
            report=report, action=Action.AGENCY_ACCEPT, actor=official, letter_date=tomorrow
        )
    assert refused.value.message_dict["letter_date"] == ["تاریخ نامه نمی‌تواند پس از امروز باشد."]
    fresh = IssueReport.objects.get(pk=report.pk)
    assert (fresh.status, fresh.version) == (Status.REFERRED, report.version)
    assert not report.events.filter(action=Action.AGENCY_ACCEPT).exists()
    assert not Attachment.objects.exists()


# -- extension --------------------------------------------------------------------------


def test_an_official_extends_the_due_date_and_the_ngo_reads_why(
    client, referred, official, manager_a, agency, today, days, run_tasks
):
    report = referred(due=3)
    first = report.due_on
    new = today + days(24)
    run_tasks()  # the emails of the earlier steps
    mail.outbox.clear()
    client.force_login(official)
    response = extend(client, report, new, reason="دستگاه برای بازدید میدانی زمان خواست.")
    assert response.status_code == 302
    fresh = IssueReport.objects.get(pk=report.pk)
    assert (fresh.due_on, fresh.first_due_on) == (new, first)  # the first date is kept
    assert fresh.version == report.version + 1  # open pages are out of date
    event = fresh.events.get(kind=EXTENSION)
    assert (event.due_on, event.actor, event.agency) == (new, official, agency)
    assert event.note == "دستگاه برای بازدید میدانی زمان خواست." and event.visible_to_ngo
    assert "تمدید شد" in client.get(reverse("report_detail", args=[report.pk])).text  # message

    client.force_login(manager_a)
    page = read(client.get(reverse("report_detail", args=[report.pk])).text)
    assert f"مهلت پاسخ {agency.name} تا {long_date(new)} تمدید شد" in page
    assert "دستگاه برای بازدید میدانی زمان خواست." in page
    assert f"مهلت نخست {format_date(first, 'fa')} بود" in page
    assert 'action="' + reverse("report_extend", args=[report.pk]) not in page  # no form
    run_tasks()
    [email] = [m for m in mail.outbox if m.to == [manager_a.email]]
    assert "دستگاه برای بازدید میدانی زمان خواست." in email.body


def test_the_extension_form_is_offered_only_to_officials_who_may_act(
    client, referred, make_report, official, readonly_official, urmia_official, manager_a
):
    report = referred()
    form = 'action="' + reverse("report_extend", args=[report.pk]) + '"'
    url = reverse("report_detail", args=[report.pk])
    for user, offered in [
        (official, True),
        (urmia_official, True),
        (readonly_official, False),
        (manager_a, False),
    ]:
        client.force_login(user)
        page = client.get(url).text
        assert (form in page) is offered, user
        if offered:  # labelled, with the current date said
            assert 'for="id_extend-due_on"' in page and 'for="id_extend-reason"' in page
            assert "تمدید مهلت" in page
    not_referred = make_report()
    client.force_login(official)
    page = client.get(reverse("report_detail", args=[not_referred.pk])).text
    assert reverse("report_extend", args=[not_referred.pk]) not in page


@pytest.mark.parametrize(
    ("due_on", "reason", "field", "words"),
    [
        (-1, "دلیل", "due_on", "مهلت تازه باید پس از مهلت کنونی"),  # earlier than now due
        (0, "دلیل", "due_on", "مهلت تازه باید پس از مهلت کنونی"),  # the same date
        (None, "دلیل", "due_on", "مهلت تازه را بنویسید."),
        (20, "", "reason", "دلیل تمدید را بنویسید."),
        (20, "   ", "reason", "دلیل تمدید را بنویسید."),
        ("1405/13/01", "دلیل", "due_on", "ماه"),  # no such month
    ],
)
def test_a_bad_extension_is_refused_in_persian_beside_its_field_and_nothing_is_written(
    client, referred, official, days, due_on, reason, field, words
):
    report = referred(due=10)
    if isinstance(due_on, int):
        due_on = report.due_on + days(due_on)
    client.force_login(official)
    response = extend(client, report, due_on or "", reason=reason)
    assert response.status_code == 400
    error = re.search(
        rf'<ul class="errorlist" id="id_extend-{field}_error">(.*?)</ul>', response.text
    )
    assert error and words in error.group(1)
    if field == "due_on" and due_on == report.due_on:  # the current date is named, in Jalali
        assert format_date(report.due_on, "fa", long=True) in read(error.group(1))
    assert 'name="extend-reason"' in response.text and "<details" in response.text
    assert unchanged(report)


def test_an_overdue_referral_cannot_be_extended_into_the_past(
    client, referred, official, days, today
):
    report = referred(due=-10)
    client.force_login(official)
    response = extend(client, report, today - days(2))  # later than the due date, but past
    assert response.status_code == 400
    assert "مهلت پاسخ نمی‌تواند در گذشته باشد." in response.text
    assert unchanged(report)
    assert extend(client, report, today).status_code == 302  # today itself is allowed
    assert IssueReport.objects.get(pk=report.pk).due_on == today


def test_who_may_extend_by_role(
    client,
    referred,
    official,
    readonly_official,
    urmia_official,
    khoy_official,
    manager_a,
    manager_b,
    admin_user,
    days,
):
    report = referred()
    url = reverse("report_extend", args=[report.pk])
    later = report.due_on + days(5)
    assert client.post(url).status_code == 302  # anonymous: to the login page
    answers = {}
    for user in [readonly_official, manager_a, khoy_official, manager_b]:
        client.force_login(user)
        answers[user.username] = extend(client, report, later).status_code
    # Read-only and the NGO see the report but may not extend; others do not see it.
    assert answers == {
        "readonly-official": 403,
        "manager-a": 403,
        "khoy-official": 404,
        "manager-b": 404,
    }
    assert unchanged(report)
    client.force_login(official)
    assert client.get(url).status_code == 405
    for user in [urmia_official, official, admin_user]:
        client.force_login(user)
        assert extend(client, report, later).status_code == 302
        later += days(5)
    assert IssueReport.objects.get(pk=report.pk).events.filter(kind=EXTENSION).count() == 3


def test_the_service_refuses_whoever_calls_it(
    referred, make_report, readonly_official, manager_a, official, days
):
    report = referred()
    later = report.due_on + days(7)
    for user in [readonly_official, manager_a]:
        with pytest.raises(TransitionError):
            report_extend(report=report, actor=user, due_on=later, reason="دلیل")
    under_review = make_report()
    report_transition(report=under_review, action=Action.START_REVIEW, actor=official)
    with pytest.raises(TransitionError) as refused:
        report_extend(report=under_review, actor=official, due_on=later, reason="دلیل")
    assert "تنها مهلت ارجاعی" in refused.value.messages[0]
    assert unchanged(report)
    assert not ReportEvent.objects.filter(kind=EXTENSION).exists()


def test_a_report_no_longer_referred_sends_the_official_back_with_a_message(
    client, referred, official, days
):
    report = referred()
    report_transition(report=report, action=Action.RESOLVE, actor=official, note="رفع شد.")
    client.force_login(official)
    response = extend(client, report, report.due_on + days(5))
    assert response.status_code == 302
    page = client.get(response.url).text
    assert "تنها مهلت ارجاعی که در دست دستگاه اجرایی است تمدید می‌شود." in page
    assert not ReportEvent.objects.filter(kind=EXTENSION).exists()


# -- escalation -------------------------------------------------------------------------


def test_a_referral_overdue_beyond_the_limit_is_escalated_once(
    client, referred, official, manager_a, settings, today
):
    settings.REFERRAL_ESCALATION_DAYS = 5
    long_overdue = referred(due=-6, title="شش روز گذشته")
    within_limit = referred(due=-5, title="پنج روز گذشته")
    assert escalate_referrals(day=today) == 1
    assert escalate_referrals(day=today) == 0  # a second run escalates nothing twice
    fresh = IssueReport.objects.get(pk=long_overdue.pk)
    assert fresh.escalated_at is not None
    assert fresh.version == long_overdue.version  # an official's open page stays valid
    assert IssueReport.objects.get(pk=within_limit.pk).escalated_at is None
    [event] = ReportEvent.objects.filter(kind=ESCALATION)
    assert (event.report_id, event.visible_to_ngo, event.actor) == (long_overdue.pk, False, None)
    assert event.due_on == long_overdue.due_on
    url = reverse("report_detail", args=[long_overdue.pk])
    client.force_login(official)
    page = read(client.get(url).text)
    assert "به کارشناسان استان ارجاع شد" in page
    assert f"در {format_date(today, 'fa')} به کارشناسان استان ارجاع شد." in page
    client.force_login(manager_a)  # the province's own follow-up: not on the NGO's timeline
    assert "به کارشناسان استان ارجاع شد" not in client.get(url).text


def test_an_extension_lifts_the_escalation_until_overdue_again(
    referred, official, settings, today, days
):
    settings.REFERRAL_ESCALATION_DAYS = 3
    report = referred(due=-10)
    escalate_referrals(day=today)
    report.refresh_from_db()
    report_extend(report=report, actor=official, due_on=today + days(2), reason="دلیل")
    assert IssueReport.objects.get(pk=report.pk).escalated_at is None
    assert escalate_referrals(day=today + days(5)) == 0  # three days overdue: not beyond
    assert escalate_referrals(day=today + days(6)) == 1
    assert report.events.filter(kind=ESCALATION).count() == 2


def test_the_escalated_queue_lists_escalated_referrals_in_the_officials_scope(
    client, referred, official, urmia_official, khoy_official, manager_a, settings, today
):
    settings.REFERRAL_ESCALATION_DAYS = 2
    escalated = referred(due=-5, title="ارجاع دیرکرده به استان")
    overdue_only = referred(due=-1, title="تازه عقب‌افتاده")
    escalate_referrals(day=today)
    url = reverse("report_list") + "?queue=escalated"
    client.force_login(official)
    page = client.get(url).text
    assert escalated.title in page and overdue_only.title not in page
    assert 'href="?queue=escalated"' in client.get(reverse("report_list")).text  # a tab
    client.force_login(urmia_official)  # the report's county
    assert escalated.title in client.get(url).text
    client.force_login(khoy_official)
    assert escalated.title not in client.get(url).text
    client.force_login(manager_a)  # an internal mark: the NGO's list shows none of it
    page = client.get(url).text
    assert escalated.title not in page and 'href="?queue=escalated"' not in page


@pytest.mark.parametrize("count", [1, 6])
def test_the_escalated_queue_runs_a_fixed_number_of_queries(
    client, referred, official, settings, today, django_assert_num_queries, count
):
    settings.REFERRAL_ESCALATION_DAYS = 1
    for _ in range(count):
        referred(due=-5)
    escalate_referrals(day=today)
    client.force_login(official)
    client.get(reverse("report_list"))
    # As every queue of the list: session, user, the user's NGOs, the official role,
    # counties, categories and agencies (filters), the count, the page of reports,
    # officials for bulk assignment, agencies for bulk referral.
    with django_assert_num_queries(11):
        client.get(reverse("report_list"), {"queue": "escalated"})


def test_the_daily_run_escalates_and_the_provincial_digest_lists_them(
    referred, official, urmia_official, settings, today, run_tasks
):
    settings.REFERRAL_ESCALATION_DAYS = 7
    escalated = referred(due=-9, title="ارجاع نه روز عقب‌افتاده")
    recent = referred(due=-2, title="ارجاع دو روز عقب‌افتاده")
    run_tasks()
    mail.outbox.clear()
    call_command("send_reminders", stdout=io.StringIO(), stderr=io.StringIO())
    run_tasks()
    assert IssueReport.objects.get(pk=escalated.pk).escalated_at is not None
    assert ReportEvent.objects.filter(kind=ESCALATION).count() == 1
    [province] = [m for m in mail.outbox if m.to == [official.email]]
    body = province.body
    section = body.split("ارجاع‌شده به کارشناسان استان", 1)
    assert len(section) == 2, body  # the provincial digest has the escalations' section
    assert "بیش از ۷ روز" in section[1]
    assert persian_digits(escalated.reference) in section[1]
    assert persian_digits(recent.reference) not in section[1]  # overdue, not escalated
    assert persian_digits(recent.reference) in section[0]  # still in the overdue list
    [county] = [m for m in mail.outbox if m.to == [urmia_official.email]]
    assert "ارجاع‌شده به کارشناسان استان" not in county.body  # the county's is unchanged
    assert persian_digits(escalated.reference) in county.body  # as an overdue referral
    mail.outbox.clear()
    call_command("send_reminders", stdout=io.StringIO(), stderr=io.StringIO())
    assert ReportEvent.objects.filter(kind=ESCALATION).count() == 1  # the same day again


# -- the agency scorecard ---------------------------------------------------------------


def scorecard_row(client, user, agency):
    client.force_login(user)
    response = client.get(reverse("dashboard"))
    return next(r for r in response.context["scorecard"] if r["agency"] == agency), response


def test_an_extended_referral_answered_late_counts_against_its_first_due_date(
    client, referred, official, agency, today, days
):
    # Due 3 days ago, extended to next week, accepted today, then resolved: answered after
    # its first due date, before its extended one.
    extended = referred(due=-3)
    report_extend(report=extended, actor=official, due_on=today + days(7), reason="دلیل")
    report_transition(report=extended, action=Action.AGENCY_ACCEPT, actor=official)
    report_transition(report=extended, action=Action.RESOLVE, actor=official, note="رفع شد.")
    # Answered in time: not late.
    on_time = referred(due=5)
    report_transition(report=on_time, action=Action.AGENCY_DECLINE, actor=official, note="نه")
    # Overdue now: late against both dates.
    referred(due=-1)
    # Extended and still waiting past its first due date: late against it only.
    waiting = referred(due=-2)
    report_extend(report=waiting, actor=official, due_on=today + days(10), reason="دلیل")
    # Accepted late and still in progress: counted once, as an open referral.
    in_progress = referred(due=-4)
    report_extend(report=in_progress, actor=official, due_on=today + days(3), reason="دلیل")
    report_transition(report=in_progress, action=Action.AGENCY_ACCEPT, actor=official)

    row, response = scorecard_row(client, official, agency)
    assert row["overdue"] == 1
    assert row["late_first"] == 4  # extended, overdue, waiting, in progress
    page = response.text
    assert "دیر نسبت به مهلت نخست" in page
    assert f'data-label="دیر نسبت به مهلت نخست">{persian_digits("4")}</td>' in page


def test_the_agency_page_shows_the_late_against_the_first_due_date_figure(
    client, referred, official, agency, today, days
):
    report = referred(due=-3)
    report_extend(report=report, actor=official, due_on=today + days(7), reason="دلیل")
    client.force_login(official)
    response = client.get(reverse("agency_detail", args=[agency.pk]))
    assert (response.context["row"]["overdue"], response.context["row"]["late_first"]) == (0, 1)
    assert "دیر نسبت به مهلت نخست" in response.text


def test_an_answer_keeps_its_referrals_first_due_date(referred, official, today, days):
    # The scorecard reads from the answer alone whether it came late against that date.
    report = referred(due=5)
    report_extend(report=report, actor=official, due_on=today + days(30), reason="بازدید میدانی")
    report.refresh_from_db()
    answer = report_transition(report=report, action=Action.AGENCY_ACCEPT, actor=official)
    assert answer.due_on == today + days(5) != report.due_on
