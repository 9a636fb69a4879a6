"""Sending one kept email, with retries while the mail server is unreachable or busy.

Several workers on several servers may pick up the same delivery (a retry and a
manual "send again"); only the one whose conditional UPDATE claims it sends it.
"""

import datetime
import hashlib
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from .models import Delivery

logger = logging.getLogger(__name__)


def retry_delays() -> list[int]:
    """Seconds to wait before each retry; the number of retries is their count."""
    return list(settings.EMAIL_RETRY_DELAYS)


def message_id(key: str) -> str:
    """The same Message-ID for every attempt of one delivery, so a copy sent again after a
    crash is recognised (and dropped) by the recipient's mail system."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:40]}@{domain}>"


def is_transient(error: Exception) -> bool:
    """Worth trying again: refused or timed-out connections and 4xx answers, not 5xx."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return any(code < 500 for code, _msg in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code < 500
    return isinstance(error, smtplib.SMTPException | OSError)


def claim(delivery_id: int, now: datetime.datetime) -> bool:
    """Mark the delivery as being sent, if it is waiting (or was left half-sent long ago)."""
    stale = now - datetime.timedelta(seconds=settings.EMAIL_SENDING_STALE_SECONDS)
    waiting = Q(status=Delivery.Status.PENDING) | Q(
        status=Delivery.Status.SENDING, updated_at__lt=stale
    )
    return bool(
        Delivery.objects.filter(waiting, pk=delivery_id).update(
            status=Delivery.Status.SENDING, attempts=F("attempts") + 1, updated_at=now
        )
    )


def build_message(delivery: Delivery) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        delivery.subject,
        delivery.body,
        delivery.from_email,
        [delivery.to],
        headers={**delivery.headers, "Message-ID": message_id(delivery.key)},
    )
    for content, mimetype in delivery.alternatives:
        message.attach_alternative(content, mimetype)
    return message


@task()
def deliver(delivery_id: int) -> str:
    """Send one delivery; on a passing failure schedule the next try, else record the failure."""
    now = timezone.now()
    if not claim(delivery_id, now):
        return "not waiting"
    delivery = Delivery.objects.get(pk=delivery_id)
    try:
        connection = get_connection(
            settings.EMAIL_DELIVERY_BACKEND, fail_silently=False, timeout=settings.EMAIL_TIMEOUT
        )
        connection.send_messages([build_message(delivery)])
    except Exception as error:  # every failure is recorded on the delivery
        return _failed(delivery, error)
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.SENT, sent_at=timezone.now(), last_error="", next_attempt_at=None
    )
    return "sent"


def _failed(delivery: Delivery, error: Exception) -> str:
    delays = retry_delays()
    text = f"{type(error).__name__}: {error}"[:2000]
    if is_transient(error) and delivery.attempts <= len(delays):
        retry_at = timezone.now() + datetime.timedelta(seconds=delays[delivery.attempts - 1])
        with transaction.atomic():  # the next try is written with the state that needs it
            Delivery.objects.filter(pk=delivery.pk).update(
                status=Delivery.Status.PENDING, last_error=text, next_attempt_at=retry_at
            )
            deliver.using(run_after=retry_at).enqueue(delivery.pk)
        logger.warning("Email %s not sent (%s); next try at %s", delivery.pk, text, retry_at)
        return "retry"
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.FAILED, last_error=text, next_attempt_at=None
    )
    logger.error(
        "Email %s failed for good after %d attempts: %s", delivery.pk, delivery.attempts, text
    )
    return "failed"


def stuck_or_failed(now: datetime.datetime | None = None) -> Q:
    """Deliveries that will not be sent unless someone asks again: failed, or left
    "being sent" by a worker that died (longer ago than any send can take)."""
    stale = (now or timezone.now()) - datetime.timedelta(
        seconds=settings.EMAIL_SENDING_STALE_SECONDS
    )
    return Q(status=Delivery.Status.FAILED) | Q(
        status=Delivery.Status.SENDING, updated_at__lt=stale
    )


@transaction.atomic
def send_again(deliveries) -> int:
    """Put failed or stuck deliveries back in the queue (the admin's "send again")."""
    ids = list(deliveries.filter(stuck_or_failed()).values_list("pk", flat=True))
    Delivery.objects.filter(pk__in=ids).update(
        status=Delivery.Status.PENDING, attempts=0, next_attempt_at=None
    )
    for pk in ids:
        deliver.enqueue(pk)
    return len(ids)
