"""Emails through the durable queue, with the mail server refusing, hanging and coming back.

The request that makes a change only writes the email; the worker sends it, retries
with back-off while the server is away, gives up after a bounded number of attempts
(the administrators see it and can send it again), and never sends one email twice.
"""

import time

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from offices.formatting import persian_digits
from outbox.backends import KEY_HEADER
from outbox.models import Delivery
from outbox.tasks import claim, deliver, message_id
from reports.models import IssueReport
from tests.outbox.smtp_stub import SMTPStub, closed_port
from tests.reports.test_report_pages import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings):
    """Point the worker at a real SMTP connection on the loopback address."""
    stubs = []

    def use(mode="accept", **options):
        if mode == "closed":
            port = closed_port()
        else:
            stub = SMTPStub(mode, **options)
            stubs.append(stub)
            port = stub.port
        settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_TIMEOUT = 1
        return stubs[-1] if mode != "closed" else None

    yield use
    for stub in stubs:
        stub.close()


def time_passes():
    """Make every scheduled retry due now."""
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())


def test_with_the_mail_server_down_the_report_is_saved_and_the_email_arrives_later(
    client, manager_a, ngo_a, official, smtp, run_tasks
):
    smtp("closed")
    client.force_login(manager_a)
    response = client.post(reverse("report_new", args=[ngo_a.pk]), form_data(client, ngo_a))
    report = IssueReport.objects.get()
    # The manager sees their reference at once, whatever the mail server does.
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    assert persian_digits(report.reference) in page.text
    run_tasks()
    waiting = Delivery.objects.filter(status=Delivery.Status.PENDING)
    assert waiting.count() == 2  # the manager's receipt and the official's notice
    assert all(d.attempts == 1 and "refused" in d.last_error.lower() for d in waiting)
    assert all(d.next_attempt_at > timezone.now() for d in waiting)

    stub = smtp("accept")  # the server is back
    time_passes()
    run_tasks()
    assert sorted(m["To"] for m in stub.received) == ["manager-a@example.ir", "official@example.ir"]
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}


def test_a_server_that_never_answers_costs_the_worker_one_timeout_not_the_request(
    client, manager_a, ngo_a, smtp, run_tasks
):
    stub = smtp("hang")
    client.force_login(manager_a)
    started = time.monotonic()
    client.post(reverse("report_new", args=[ngo_a.pk]), form_data(client, ngo_a))
    assert time.monotonic() - started < 1  # the request never talks to the mail server
    started = time.monotonic()
    run_tasks()
    assert time.monotonic() - started < 5  # EMAIL_TIMEOUT (1 s) per attempt
    delivery = Delivery.objects.get(to="manager-a@example.ir")
    assert delivery.status == Delivery.Status.PENDING and delivery.attempts == 1
    assert stub.received == []


def test_a_temporary_refusal_is_retried_and_a_permanent_one_is_not(smtp, run_tasks):
    smtp("refuse", refuse_code=421)
    EmailMessage("s", "b", to=["a@example.ir"]).send()
    run_tasks()
    assert Delivery.objects.get().status == Delivery.Status.PENDING

    smtp("refuse", refuse_code=554)
    time_passes()
    run_tasks()
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED and "554" in delivery.last_error


def test_after_the_last_retry_the_email_is_failed_and_an_administrator_sends_it_again(
    settings, smtp, run_tasks, admin_client
):
    settings.EMAIL_RETRY_DELAYS = [60, 60]
    smtp("closed")
    EmailMessage("موضوع", "متن", to=["a@example.ir"]).send()
    for _ in range(3):
        run_tasks()
        time_passes()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.FAILED, 3)
    assert run_tasks() == 0  # no more tries scheduled

    changelist = reverse("admin:outbox_delivery_changelist")
    page = admin_client.get(changelist + "?status__exact=failed")
    assert page.status_code == 200 and "a@example.ir" in page.text
    stub = smtp("accept")
    admin_client.post(
        changelist,
        {"action": "send_again_action", ACTION_CHECKBOX_NAME: [delivery.pk]},
    )
    run_tasks()
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert [m["To"] for m in stub.received] == ["a@example.ir"]


def test_one_key_is_one_email_however_often_it_is_written_or_run(run_tasks):
    for _ in range(2):  # e.g. a notification task that ran twice
        EmailMessage("s", "b", to=["a@example.ir"], headers={KEY_HEADER: "event-7:a"}).send()
    assert Delivery.objects.count() == 1
    delivery = Delivery.objects.get()
    deliver.enqueue(delivery.pk)  # a second task for the same delivery
    run_tasks()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"] == message_id("event-7:a")
    assert KEY_HEADER not in mail.outbox[0].extra_headers


def test_two_workers_cannot_both_claim_one_delivery():
    EmailMessage("s", "b", to=["a@example.ir"]).send()
    delivery = Delivery.objects.get()
    now = timezone.now()
    assert claim(delivery.pk, now) is True
    assert claim(delivery.pk, now) is False  # the other worker finds it taken


def test_a_delivery_left_half_sent_by_a_dead_worker_is_sent_again_with_the_same_message_id(
    settings, run_tasks
):
    EmailMessage("s", "b", to=["a@example.ir"], headers={KEY_HEADER: "k1"}).send()
    delivery = Delivery.objects.get()
    long_ago = timezone.now() - timezone.timedelta(seconds=settings.EMAIL_SENDING_STALE_SECONDS + 1)
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.SENDING, updated_at=long_ago
    )
    DBTaskResult.objects.all().delete()  # the worker died with its task
    deliver.enqueue(delivery.pk)
    run_tasks()
    assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [message_id("k1")]
