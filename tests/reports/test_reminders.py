"""The daily reminder emails: who gets what, in Persian, once a day."""

import io
import threading

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from offices.formatting import format_date, persian_digits
from offices.jalali import jalali_long
from outbox.models import Delivery
from reports.models import IssueReport, ReminderLog
from reports.reminders import overdue_digests, send_reminder
from reports.workflow import report_transition
from tests.conftest import run_ready_tasks

OVERDUE = ReminderLog.Kind.OVERDUE_DIGEST
AWAITING = ReminderLog.Kind.AWAITING_NGO


@pytest.fixture
def overdue_report(make_report, official, agency, today, days):
    """A report referred to an agency whose due date passed `late` days ago."""

    def make(late=3, **fields):
        report = make_report(**fields)
        report_transition(report=report, action="start_review", actor=official)
        report_transition(
            report=report,
            action="refer",
            actor=official,
            agency=agency,
            due_on=today,
        )
        IssueReport.objects.filter(pk=report.pk).update(due_on=today - days(late))
        report.refresh_from_db()
        return report

    return make


@pytest.fixture
def khoy_report(overdue_report, ngo_b, manager_b):
    """An overdue referral in Khoy (the county of ngo_b's seat)."""
    return lambda **fields: overdue_report(
        ngo=ngo_b, submitted_by=manager_b, neighbourhood=None, title="کمبود مدرسه در خوی", **fields
    )


@pytest.fixture
def awaiting_info_report(make_report, official):
    def make(**fields):
        report = make_report(**fields)
        report_transition(report=report, action="start_review", actor=official)
        report_transition(
            report=report,
            action="request_info",
            actor=official,
            note="تعداد خانوارها را بفرستید.",
        )
        return report

    return make


@pytest.fixture
def resolved_report(make_report, official, days):
    def make(resolved_days_ago=0, **fields):
        report = make_report(**fields)
        report_transition(report=report, action="start_review", actor=official)
        report_transition(report=report, action="resolve", actor=official, note="رفع شد.")
        IssueReport.objects.filter(pk=report.pk).update(
            status_changed_at=timezone.now() - days(resolved_days_ago)
        )
        return report

    return make


def run(*args):
    """Run the command and the worker; the outbox then holds only what this run sent."""
    drain()
    mail.outbox.clear()  # e.g. the notifications of the reports the test made
    out = call_reminders(*args)
    run_ready_tasks()
    return out


def drain():
    """Deliver what the test's setup queued (its reports' notifications)."""
    run_ready_tasks()


def call_reminders(*args):
    out = io.StringIO()
    call_command("send_reminders", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def days_overdue_text(body, report):
    """What the digest says after the report's due date: how many days overdue."""
    [line] = [x for x in body.splitlines() if format_date(report.due_on, "fa") in x]
    return line.split(format_date(report.due_on, "fa"), 1)[1]


def ref(report):
    """The reference as the email shows it, in Persian digits."""
    return persian_digits(report.reference)


def mails_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def the_mail_to(user):
    found = mails_to(user)
    assert len(found) == 1, f"{user} got {len(found)} emails"
    return found[0]


# -- officials: overdue referrals ----------------------------------------------------


@pytest.mark.django_db
def test_official_gets_a_digest_of_overdue_referrals(official, overdue_report):
    report = overdue_report(late=3)
    run()
    message = the_mail_to(official)
    assert ref(report) in message.body
    assert report.title in message.body
    assert report.agency.name in message.body
    assert format_date(report.due_on, "fa") in message.body  # the due date in Jalali
    assert "۳" in days_overdue_text(message.body, report)  # in Persian digits
    assert ReminderLog.objects.get(user=official, kind=OVERDUE).report_count == 1


@pytest.mark.django_db
def test_a_long_digest_lists_the_most_overdue_and_counts_the_rest(
    official, overdue_report, monkeypatch
):
    monkeypatch.setattr("reports.reminders.DIGEST_LIMIT", 2)
    oldest, older, recent = overdue_report(late=9), overdue_report(late=5), overdue_report(late=1)
    run()
    message = the_mail_to(official)
    assert ref(oldest) in message.body and ref(older) in message.body
    assert ref(recent) not in message.body
    assert "۳" in message.subject  # three overdue in all
    assert ReminderLog.objects.get(user=official).report_count == 3


@pytest.mark.django_db
def test_referral_due_today_or_not_referred_is_not_overdue(official, overdue_report, make_report):
    overdue_report(late=0)
    make_report(title="گزارش تازه")
    run()
    assert mails_to(official) == []


@pytest.mark.django_db
def test_county_official_gets_only_their_countys_overdue_referrals(
    official, urmia_official, khoy_official, overdue_report, khoy_report
):
    urmia = overdue_report(title="آب آشامیدنی در الواج")
    khoy = khoy_report()
    run()
    to_urmia = the_mail_to(urmia_official).body
    assert ref(urmia) in to_urmia and ref(khoy) not in to_urmia
    to_khoy = the_mail_to(khoy_official).body
    assert ref(khoy) in to_khoy and ref(urmia) not in to_khoy
    to_province = the_mail_to(official).body  # the provincial official sees all
    assert ref(urmia) in to_province and ref(khoy) in to_province


@pytest.mark.django_db
def test_county_official_without_overdue_referrals_gets_no_email(
    urmia_official, khoy_official, overdue_report
):
    overdue_report()
    run()
    assert len(mails_to(urmia_official)) == 1
    assert mails_to(khoy_official) == []
    assert not ReminderLog.objects.filter(user=khoy_official).exists()


@pytest.mark.django_db
def test_read_only_official_gets_the_digest_too(readonly_official, overdue_report):
    overdue_report()
    run()
    assert len(mails_to(readonly_official)) == 1


@pytest.mark.django_db
def test_inactive_officials_and_officials_without_email_are_skipped(
    official, readonly_official, urmia_official, overdue_report
):
    overdue_report()
    official.is_active = False
    official.save()
    readonly_official.email = ""
    readonly_official.save()
    run()
    assert [m.to for m in mail.outbox] == [[urmia_official.email]]
    assert list(ReminderLog.objects.values_list("user", flat=True)) == [urmia_official.pk]


@pytest.mark.django_db
def test_the_digest_is_in_persian(official, overdue_report, today):
    overdue_report()
    run()
    message = the_mail_to(official)
    with translation.override("fa"):
        long_date = jalali_long(today)  # «۷ آذر ۱۴۰۵»: the month's Persian name
    assert "ارجاع‌های عقب‌افتاده" in message.subject
    assert long_date in message.subject
    assert "شماره پیگیری" in message.body  # «reference»
    assert "\n" not in message.subject
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert settings.SITE_URL.rstrip("/") + "/" in message.body  # the site's home page


# -- NGO managers: reports waiting for their answer ---------------------------------


@pytest.mark.django_db
def test_manager_gets_the_reports_awaiting_their_information(
    manager_a, manager_b, awaiting_info_report, today
):
    report = awaiting_info_report()
    run()
    message = the_mail_to(manager_a)
    assert ref(report) in message.body
    assert report.title in message.body
    assert report.ngo.name in message.body
    with translation.override("fa"):
        assert jalali_long(today) in message.subject
    assert "شماره پیگیری" in message.body
    assert mails_to(manager_b) == []  # another NGO's manager hears nothing of it
    assert ReminderLog.objects.get(user=manager_a, kind=AWAITING).report_count == 1


@pytest.mark.django_db
def test_manager_is_reminded_of_recent_resolutions_only(manager_a, resolved_report, today, days):
    recent = resolved_report(resolved_days_ago=10, title="رفع‌شده به‌تازگی")
    old = resolved_report(resolved_days_ago=31, title="رفع‌شده قدیمی")
    run()
    body = the_mail_to(manager_a).body
    assert ref(recent) in body
    assert ref(old) not in body
    assert format_date(today + days(20), "fa") in body  # they may reopen it until then


@pytest.mark.django_db
def test_nobody_with_nothing_to_do_gets_an_email(
    official, urmia_official, khoy_official, manager_a, manager_b, admin_user, make_report
):
    make_report()  # submitted, waiting for the officials, not for the NGO
    out = run()
    assert mail.outbox == []
    assert not ReminderLog.objects.exists()
    assert "0 overdue digest(s) and 0 awaiting-answer email(s) sent" in out


@pytest.mark.django_db
def test_inactive_managers_and_managers_without_email_are_skipped(
    manager_a, ngo_a, manager_b, awaiting_info_report
):
    ngo_a.managers.add(manager_b)
    awaiting_info_report()
    manager_a.is_active = False
    manager_a.save()
    run()
    assert [m.to for m in mail.outbox] == [[manager_b.email]]
    mail.outbox.clear()
    ReminderLog.objects.all().delete()
    manager_b.email = ""
    manager_b.save()
    run()
    assert mail.outbox == []


# -- once a day ----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_second_run_on_the_same_day_sends_nothing(
    official, manager_a, overdue_report, awaiting_info_report
):
    overdue_report()
    awaiting_info_report()
    first = run()
    assert len(mail.outbox) == 2
    assert "1 overdue digest(s) and 1 awaiting-answer email(s) sent" in first
    second = run()
    assert mail.outbox == []
    assert "0 overdue digest(s) and 0 awaiting-answer email(s) sent" in second


@pytest.mark.django_db
def test_the_next_day_sends_again(official, overdue_report, today, days):
    report = overdue_report(late=3)
    run("--date", today.isoformat())
    assert "۳" in days_overdue_text(the_mail_to(official).body, report)
    run("--date", (today + days(1)).isoformat())
    assert "۴" in days_overdue_text(the_mail_to(official).body, report)
    assert ReminderLog.objects.filter(user=official).count() == 2


@pytest.mark.django_db
def test_a_reminder_already_claimed_by_another_run_is_not_sent(official, overdue_report, today):
    overdue_report()
    [reminder] = overdue_digests(today)
    mail.outbox.clear()
    # Another run records it between our reading the recipients and our sending.
    ReminderLog.objects.create(user=official, kind=OVERDUE, sent_on=today, report_count=1)
    assert send_reminder(reminder, day=today) is False
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_refused_send_is_retried_by_the_outbox_and_arrives_once(
    official, overdue_report, monkeypatch
):
    overdue_report()
    drain()

    def refuse(self, messages):
        raise ConnectionRefusedError("connection refused")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    run()  # the run itself succeeds: it only writes the email to the outbox
    assert ReminderLog.objects.count() == 1 and mail.outbox == []
    delivery = Delivery.objects.get(to=official.email, key__startswith="reminder")
    assert (delivery.status, delivery.attempts) == (Delivery.Status.PENDING, 1)
    assert "refused" in delivery.last_error
    monkeypatch.undo()
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())  # time passes
    run_ready_tasks()
    call_reminders()  # a second run on the same day adds nothing
    run_ready_tasks()
    assert len(mails_to(official)) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.SENT, 2)


@pytest.mark.django_db
def test_dry_run_sends_nothing_and_records_nothing(official, manager_a, overdue_report):
    overdue_report()
    out = run("--dry-run")
    assert mail.outbox == []
    assert not ReminderLog.objects.exists()
    assert f"would send overdue_digest to official <{official.email}>: 1 report(s)" in out
    assert "would send 1 overdue digest(s)" in out


@pytest.mark.django_db
def test_a_date_that_is_not_gregorian_is_refused(official):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("--date", "1405/09/07")


@pytest.mark.django_db
def test_queries_do_not_grow_with_the_number_of_reports(
    official, manager_a, overdue_report, awaiting_info_report, today, days
):
    overdue_report()
    awaiting_info_report()
    drain()
    with CaptureQueriesContext(connection) as few:
        run("--date", today.isoformat())
    for _ in range(4):
        overdue_report()
        awaiting_info_report()
    drain()
    with CaptureQueriesContext(connection) as many:
        run("--date", (today + days(1)).isoformat())
    assert len(mails_to(official)) == 1
    assert len(few.captured_queries) == len(many.captured_queries)


# -- two runs at the same moment (PostgreSQL) -----------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL's concurrent transactions"
)
def test_two_runs_at_once_send_each_email_once(
    official, urmia_official, manager_a, overdue_report, awaiting_info_report
):
    overdue_report()
    awaiting_info_report()
    drain()
    barrier = threading.Barrier(2)
    errors = []
    mail.outbox.clear()

    def work():
        try:
            barrier.wait()
            call_reminders()
        except Exception as error:  # the test inspects every outcome
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    run_ready_tasks()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [official.email, urmia_official.email, manager_a.email]
    )
    assert ReminderLog.objects.count() == 3


@pytest.mark.django_db
def test_a_timer_enqueues_the_days_reminders_and_the_worker_sends_them_once(
    official, overdue_report, today
):
    overdue_report()
    drain()
    mail.outbox.clear()
    for _ in range(2):  # two servers' timers
        call_reminders("--enqueue", "--date", today.isoformat())
    assert mail.outbox == []
    run_ready_tasks()
    assert len(mails_to(official)) == 1
