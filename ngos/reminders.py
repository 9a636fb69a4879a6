"""Reminders to NGOs' managers, in Persian: a licence 60 and 30 days from expiring, and a
profile not confirmed for a year. Each is sent once per manager (`NGOReminderLog`).

As with the reports' reminders, the log row is claimed in the transaction that writes
the email to the outbox: a second run (even a concurrent one) sends nothing new, and a
failed send rolls the row back so the next run tries again.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from outbox.backends import KEY_HEADER, delivery_key
from outbox.messages import render_email

from .models import NGO, PROFILE_CONFIRM_DAYS, Licence, NGOReminderLog

Kind = NGOReminderLog.Kind
TEMPLATES = {
    Kind.LICENCE_60: "ngo_licence_expiring",
    Kind.LICENCE_30: "ngo_licence_expiring",
    Kind.PROFILE_STALE: "ngo_profile_stale",
}


@dataclass
class NGOReminder:
    ngo: NGO
    kind: str
    about: str
    context: dict


def licence_reminders(day: datetime.date):
    """Each active NGO whose latest verified licence expires within 60 (or 30) days of `day`,
    and that has not sent a renewal now waiting for verification."""
    awaiting = Licence.objects.filter(
        ngo=OuterRef("ngo"), verification=Licence.Verification.AWAITING
    )
    later = Licence.objects.verified().filter(
        ngo=OuterRef("ngo"), expires_on__gt=OuterRef("expires_on")
    )
    licences = (
        Licence.objects.verified()
        .filter(
            ngo__status=NGO.Status.ACTIVE,
            expires_on__gte=day,
            expires_on__lte=day + datetime.timedelta(days=60),
        )
        .exclude(Exists(awaiting))
        .exclude(Exists(later))
        .select_related("ngo", "authority")
        .order_by("pk")
    )
    for licence in licences:
        days_left = (licence.expires_on - day).days
        kind = Kind.LICENCE_30 if days_left <= 30 else Kind.LICENCE_60
        yield NGOReminder(
            licence.ngo,
            kind,
            f"licence:{licence.pk}",
            {"licence": licence, "days_left": days_left},
        )


def profile_reminders(day: datetime.date):
    """Each active NGO whose profile its managers have not confirmed for a year (counted
    from its registration when never confirmed)."""
    limit = datetime.datetime.combine(
        day - datetime.timedelta(days=PROFILE_CONFIRM_DAYS),
        datetime.time.max,
        tzinfo=timezone.get_current_timezone(),
    )
    ngos = (
        NGO.objects.active()
        .annotate(confirmed=Coalesce("profile_confirmed_at", "created_at"))
        .filter(confirmed__lte=limit)
        .order_by("pk")
    )
    for ngo in ngos:
        since = timezone.localdate(ngo.confirmed)
        yield NGOReminder(
            ngo,
            Kind.PROFILE_STALE,
            f"profile:{since.isoformat()}",
            {"since": since, "confirmed": ngo.profile_confirmed_at is not None},
        )


def _message(reminder: NGOReminder, user, day: datetime.date) -> EmailMessage:
    site = settings.SITE_URL.rstrip("/")
    context = {
        "name": user.get_full_name() or user.get_username(),
        "ngo": reminder.ngo,
        "day": day,
        "kind": reminder.kind,
        "page": site + reverse("ngo_home", args=[reminder.ngo.pk]),
        **reminder.context,
    }
    template = TEMPLATES[reminder.kind]
    subject, body = render_email(template, context)
    return EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={KEY_HEADER: delivery_key("ngo-reminder", reminder.kind, user.pk, reminder.about)},
    )


def send_ngo_reminders(*, day: datetime.date) -> dict:
    """Send every NGO reminder due on `day` to the NGOs' active managers; counts by kind."""
    sent: dict = {}
    for reminder in [*licence_reminders(day), *profile_reminders(day)]:
        managers = reminder.ngo.managers.filter(is_active=True).exclude(email="").order_by("pk")
        for user in managers:
            message = _message(reminder, user, day)
            with transaction.atomic():
                _log, created = NGOReminderLog.objects.get_or_create(
                    user=user,
                    ngo=reminder.ngo,
                    kind=reminder.kind,
                    about=reminder.about,
                    defaults={"sent_on": day},
                )
                if not created:
                    continue
                message.send()
            sent[str(reminder.kind)] = sent.get(str(reminder.kind), 0) + 1
    return sent


@task()
def send_daily_ngo_reminders(day: str) -> dict:
    """The day's NGO reminders, run by the queue's worker (the daily timer enqueues this)."""
    return send_ngo_reminders(day=datetime.date.fromisoformat(day))
