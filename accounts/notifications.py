"""Emails to officials about what NGOs send them to check: a renewed licence uploaded.

The task is enqueued in the transaction that saved the licence; each email is keyed by
the licence and the recipient, so running the task twice sends nothing twice.
"""

from django.conf import settings
from django.db import transaction
from django.dispatch import receiver
from django.urls import reverse
from django_tasks import task

from ngos.models import Licence
from ngos.services import licence_uploaded
from outbox.messages import send_each

from .access import officials_who_verify_licences


@task()
@transaction.atomic
def notify_licence_uploaded(licence_id: int) -> int:
    """Tell the officials who may verify it that an NGO sent a renewed licence."""
    licence = (
        Licence.objects.select_related("ngo", "authority", "submitted_by")
        .filter(pk=licence_id, verification=Licence.Verification.AWAITING)
        .first()
    )
    if licence is None:  # verified or returned before the task ran: nothing to ask
        return 0
    page = settings.SITE_URL.rstrip("/") + reverse("ngo_home", args=[licence.ngo_id])
    context = {"licence": licence, "ngo": licence.ngo, "page": page}
    officials = officials_who_verify_licences(licence.ngo.county_id)
    addresses = [user.email for user in officials if user.email]
    return send_each("licence_uploaded", context, addresses, "licence-uploaded", licence.pk)


@receiver(licence_uploaded)
def schedule_licence_notice(sender, licence, **kwargs):
    # Inside the transaction that saved the licence: the task is saved with it.
    notify_licence_uploaded.enqueue(licence.pk)
