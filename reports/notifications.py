"""Emails about reports, in Persian, sent only once the change is committed.

- the NGO's managers: their report was received, and every later change the
  NGO can see (status changes, officials' comments) — not internal notes or
  assignments, and not the managers' own moves;
- the officials of the report's county and the provincial officials: each new report.
"""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.access import officials_told_of_new_reports

from .models import ReportEvent
from .signals import report_event_created
from .workflow import Action


def report_url(report) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("report_detail", args=[report.pk])


def _emails(users) -> list[str]:
    return sorted({u.email for u in users if u.is_active and u.email})


def _send(template, recipients, context):
    """One message per recipient (nobody sees the others' addresses), in Persian."""
    if not recipients:
        return 0
    with translation.override("fa"):
        subject = render_to_string(f"emails/{template}_subject.txt", context).strip()
        body = render_to_string(f"emails/{template}.txt", context)
    messages = [
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
        for address in recipients
    ]
    return get_connection().send_messages(messages)


def notify(event_id: int) -> None:
    """Send what one timeline event calls for (run after the commit)."""
    event = (
        ReportEvent.objects.select_related(
            "report__ngo", "report__category", "report__county", "report__agency", "actor", "agency"
        )
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        return
    report = event.report
    managers = list(report.ngo.managers.all())
    context = {"report": report, "event": event, "url": report_url(report)}
    if event.action == Action.SUBMIT:
        _send("report_received", _emails(managers), context)
        officials = officials_told_of_new_reports(report.county_id)
        _send("report_new_for_officials", _emails(officials), context)
        return
    by_the_ngo = event.actor_id is not None and event.actor_id in {m.pk for m in managers}
    if event.visible_to_ngo and not by_the_ngo:
        _send("report_update", _emails(managers), context)


@receiver(report_event_created)
def schedule_notification(sender, event, report, **kwargs):
    transaction.on_commit(lambda: notify(event.pk))
