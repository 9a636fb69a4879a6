"""Emails about demands, in Persian, written to the outbox by the task queue.

Each timeline entry that the NGO should hear of enqueues `notify_demand_event` in the
transaction that wrote it: an entry that is rolled back tells nobody, one that is saved
is told even if the mail server is down (the outbox retries). Each email is keyed by the
entry and its recipient, so running the task twice sends nothing twice.

The managers of the NGO that raised the demand (those with an email) hear of every change
of its status and of every note an official adds — never of their own moves.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django_tasks import task

from outbox.messages import send_each

from .models import DemandEvent


def demand_url(demand) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("demand_detail", args=[demand.pk])


def is_news_for_the_ngo(event: DemandEvent, manager_ids) -> bool:
    """A change of status, or a note by someone other than the NGO's managers."""
    if event.actor_id is not None and event.actor_id in manager_ids:
        return False
    moved = bool(event.from_status) and event.from_status != event.to_status
    return moved or bool(event.note)


def _managers(demand):
    return get_user_model().objects.filter(managed_ngos=demand.ngo_id, is_active=True)


def tell_about(event: DemandEvent) -> None:
    """Called by the services with each entry they write, inside their transaction: the task
    is saved with the entry, or neither is."""
    moved = bool(event.from_status) and event.from_status != event.to_status
    if moved or event.note:  # not the first entry ("raised"), nor a change of the answer alone
        notify_demand_event.enqueue(event.pk)


@task()
@transaction.atomic
def notify_demand_event(event_id: int) -> int:
    """Write the emails one timeline entry calls for (all of them, or none)."""
    event = (
        DemandEvent.objects.select_related(
            "demand__ngo",
            "demand__category",
            "demand__agency",
            "demand__meeting",
            "actor",
            "agency",
        )
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        return 0
    demand = event.demand
    managers = list(_managers(demand))
    if not is_news_for_the_ngo(event, {m.pk for m in managers}):
        return 0
    addresses = [m.email for m in managers if m.email and m.pk != event.actor_id]
    context = {
        "demand": demand,
        "event": event,
        "moved": bool(event.from_status) and event.from_status != event.to_status,
        "url": demand_url(demand),
    }
    return send_each("demand_update", context, addresses, "demand-event", event.pk)
