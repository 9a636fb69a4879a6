"""Emails about reports, in Persian, written to the outbox by the task queue.

Each timeline event enqueues `notify_event` in the transaction that wrote it: an
event that is rolled back tells nobody, one that is saved is told even if the
mail server is down (the outbox retries). Each email is keyed by its event,
template and recipient, so running the task twice sends nothing twice.

- the NGO's managers (and, for a report an office submitted, the office's staff):
  their report was received, and every later change the NGO can see (status
  changes, officials' comments) — not internal notes or assignments, and not
  their own moves;
- the officials of the report's county and the provincial officials: each new report;
- the managers of the NGOs supporting a report: each later change the NGO can see (not
  their own moves); the reporting NGO's managers and the official following the report
  are told when another NGO supports it.
"""

from django.conf import settings
from django.db import transaction
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from accounts.access import officials_told_of_new_reports, report_submitters, report_supporters
from outbox.messages import send_each

from .models import ReportEvent
from .signals import report_event_created
from .workflow import Action, reopen_closes_at


def report_url(report) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("report_detail", args=[report.pk])


def _emails(users) -> list[str]:
    return sorted({u.email for u in users if u.is_active and u.email})


def _send(template, recipients, context):
    return send_each(template, context, recipients, "report-event", context["event"].pk, template)


@task()
@transaction.atomic
def notify_event(event_id: int) -> None:
    """Write the emails one timeline event calls for (all of them, or none)."""
    event = (
        ReportEvent.objects.select_related(
            "report__ngo",
            "report__category",
            "report__county",
            "report__agency",
            "actor",
            "agency",
            "suggested_agency",
        )
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        return
    report = event.report
    managers = list(report_submitters(report))
    context = {"report": report, "event": event, "url": report_url(report)}
    if event.action == Action.SUBMIT:
        _send("report_received", _emails(managers), context)
        officials = officials_told_of_new_reports(report.county_id)
        _send("report_new_for_officials", _emails(officials), context)
        return
    if event.kind == ReportEvent.Kind.SUPPORT:
        _tell_of_support(event, managers, context)
        return
    by_the_ngo = event.actor_id is not None and event.actor_id in {m.pk for m in managers}
    if event.visible_to_ngo and not by_the_ngo:
        # What happened is said as on the timeline (ReportEvent.summary).
        reopen_ends = reopen_closes_at(report)
        context["reopen_until"] = timezone.localdate(reopen_ends) if reopen_ends else None
        context["files"] = event.attachments.count()
        _send("report_update", _emails(managers), context)
    if event.visible_to_ngo:
        # The supporting NGOs follow the report's progress (the reporting NGO's own moves
        # too), not their own moves; a manager of both NGOs has the email above.
        told = {m.pk for m in managers} | {event.actor_id}
        supporters = [u for u in report_supporters(report) if u.pk not in told]
        if supporters:
            context.setdefault("files", event.attachments.count())
            _send("report_update_supporter", _emails(supporters), context)


def _tell_of_support(event, managers, context):
    """Another NGO now supports the report: its NGO's managers and the official following
    it are told (the supporter's own managers know)."""
    report = event.report
    _send("report_supported", _emails(m for m in managers if m.pk != event.actor_id), context)
    following = report.assigned_to
    if following is not None and following.pk != event.actor_id:
        _send("report_supported", _emails([following]), {**context, "for_officials": True})


@receiver(report_event_created)
def schedule_notification(sender, event, report, **kwargs):
    # Sent inside the transaction that wrote the event: the task is saved with it.
    notify_event.enqueue(event.pk)
