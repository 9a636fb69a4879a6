"""The email backend every part of the product sends through: it only writes.

`send_messages` keeps each message, one row per recipient, and enqueues its delivery
on the task queue — both inside the caller's transaction, so an email exists exactly
when the change it tells about was saved. The worker sends it later with the real
backend (`EMAIL_DELIVERY_BACKEND`), retrying while the mail server is away.
"""

import uuid

from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError, transaction

from .models import Delivery
from .tasks import deliver

# A header a caller may set to name the email once and for all (an event and a
# recipient, say): the same key twice is one email. It is not sent.
KEY_HEADER = "X-Delivery-Key"


def delivery_key(*parts) -> str:
    """A delivery key from its parts, e.g. delivery_key("report-event", 12, "a@b.ir")."""
    return ":".join(str(part) for part in parts)[:255]


class QueuedEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        written = 0
        for message in email_messages:
            headers = dict(message.extra_headers)
            base_key = headers.pop(KEY_HEADER, None) or uuid.uuid4().hex
            recipients = message.recipients()
            alternatives = [list(a) for a in getattr(message, "alternatives", [])]
            for recipient in recipients:
                key = base_key if len(recipients) == 1 else delivery_key(base_key, recipient)
                written += _keep(
                    key=key,
                    to=recipient,
                    from_email=message.from_email,
                    subject=message.subject,
                    body=message.body,
                    alternatives=alternatives,
                    headers=headers,
                )
        return written


def _keep(**fields) -> int:
    """Write one delivery and enqueue it; 0 if that key was already written."""
    try:
        with transaction.atomic():
            delivery = Delivery.objects.create(**fields)
            deliver.enqueue(delivery.pk)
    except IntegrityError:
        if Delivery.objects.filter(key=fields["key"]).exists():
            return 0  # the same email, asked for again (a retried task, say)
        raise
    return 1
