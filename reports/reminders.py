"""The daily reminder emails, in Persian, each sent at most once per person and day.

- Officials (province-wide or county, read-only ones too) get a digest of the
  overdue referrals in their scope, on days when there is at least one. First the
  run escalates the referrals overdue beyond REFERRAL_ESCALATION_DAYS
  (`reports.referrals.escalate_referrals`); the provincial officials' digest lists
  the escalated ones in a section of their own.
- NGO managers get the reports of their NGOs that wait for their answer: the
  ones an official asked information about, and the resolved ones they may
  still confirm or reopen (30 days from the resolution).

Every email sent is recorded in `ReminderLog`, unique per user, kind and day.
The record is made in the same transaction as the sending, before it: a second
run that day (even one running at the same moment) finds the record and sends
nothing; a failed send rolls the record back, so the next run tries again.
"""

import datetime
import logging
import smtplib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from accounts.access import PROVINCE_WIDE, access_for
from ngos.models import NGO
from outbox.backends import KEY_HEADER, delivery_key
from outbox.messages import render_email

from .models import REFERRAL_STATES, IssueReport, ReminderLog, Status
from .referrals import escalate_referrals
from .workflow import REOPEN_WINDOW_DAYS

logger = logging.getLogger(__name__)

Kind = ReminderLog.Kind
DIGEST_LIMIT = 100  # overdue referrals listed in one email; the rest are counted
TEMPLATES = {
    Kind.OVERDUE_DIGEST: "overdue_digest",
    Kind.AWAITING_NGO: "awaiting_ngo",
}


@dataclass
class Reminder:
    """One email to one person: what it is about and the reports it lists."""

    user: object
    kind: Kind
    reports: list  # the reports the email lists
    total: int  # how many there are (a digest lists the most overdue only)
    context: dict = field(default_factory=dict)

    @property
    def count(self) -> int:
        return self.total


@dataclass
class Outcome:
    sent: Counter = field(default_factory=Counter)  # kind -> emails sent
    planned: list = field(default_factory=list)  # the reminders a dry run would send
    failed: list = field(default_factory=list)  # (reminder, error) whose sending failed


def _recipients(kind: Kind, day: datetime.date):
    """Active users with an email address who have not had this kind of email on `day`."""
    already_sent = ReminderLog.objects.filter(kind=kind, sent_on=day).values("user_id")
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .exclude(pk__in=already_sent)
        .order_by("pk")
    )


def overdue_digests(day: datetime.date) -> Iterator[Reminder]:
    """Each official with overdue referrals in their scope on `day`, with those referrals.

    The digest lists the DIGEST_LIMIT most overdue and counts the rest. At most
    three queries per official: their NGOs (for the access module), the count,
    and the listed reports with their agencies.
    """
    officials = _recipients(Kind.OVERDUE_DIGEST, day).filter(official__isnull=False)
    for user in officials.select_related("official"):
        overdue = IssueReport.objects.visible_to(user).overdue(day)
        total = overdue.count()
        if not total:
            continue
        reports = list(
            overdue.select_related("agency").order_by("due_on", "reference")[:DIGEST_LIMIT]
        )
        for report in reports:
            report.days_overdue = (day - report.due_on).days
        yield Reminder(user, Kind.OVERDUE_DIGEST, reports, total, _escalations(user, overdue))


def _escalations(user, overdue) -> dict:
    """For a provincial official's digest: the escalated referrals (overdue beyond
    REFERRAL_ESCALATION_DAYS), the DIGEST_LIMIT most overdue and their number.
    County officials' digests are unchanged: the province follows escalations up."""
    if access_for(user).role not in PROVINCE_WIDE:
        return {}
    escalated = overdue.filter(status__in=REFERRAL_STATES, escalated_at__isnull=False)
    listed = list(escalated.select_related("agency").order_by("due_on", "reference")[:DIGEST_LIMIT])
    count = len(listed) if len(listed) < DIGEST_LIMIT else escalated.count()
    return {
        "escalated": listed,
        "escalated_count": count,
        "escalated_more": count - len(listed),
        "escalation_days": settings.REFERRAL_ESCALATION_DAYS,
    }


def awaiting_ngo_reminders(day: datetime.date, as_of: datetime.datetime) -> Iterator[Reminder]:
    """Each NGO manager whose NGOs' reports wait for their answer, with those reports.

    Waiting: an official asked for information, or the report was resolved less
    than 30 days before `as_of` (the manager may confirm or reopen it). One
    query per manager.
    """
    managers = _recipients(Kind.AWAITING_NGO, day).filter(managed_ngos__isnull=False).distinct()
    resolved_since = as_of - datetime.timedelta(days=REOPEN_WINDOW_DAYS)
    for user in managers:
        reports = list(
            IssueReport.objects.filter(ngo__in=NGO.objects.filter(managers=user))
            .filter(
                Q(status=Status.AWAITING_INFO)
                | Q(status=Status.RESOLVED, status_changed_at__gte=resolved_since)
            )
            .select_related("ngo")
            .order_by("status_changed_at", "pk")
        )
        if not reports:
            continue
        awaiting = [r for r in reports if r.status == Status.AWAITING_INFO]
        resolved = [r for r in reports if r.status == Status.RESOLVED]
        for report in resolved:
            report.reopen_until = timezone.localdate(
                report.status_changed_at + datetime.timedelta(days=REOPEN_WINDOW_DAYS)
            )
        yield Reminder(
            user,
            Kind.AWAITING_NGO,
            reports,
            len(reports),
            context={"awaiting": awaiting, "resolved": resolved},
        )


def render_reminder(reminder: Reminder, *, day: datetime.date, connection=None) -> EmailMessage:
    """The email, in Persian, from the site's sender address."""
    user = reminder.user
    context = {
        "user": user,
        "name": user.get_full_name() or user.get_username(),
        "reports": reminder.reports,
        "count": reminder.count,
        "more": reminder.count - len(reminder.reports),
        "day": day,
        # Each report's own page is linked; the home page too.
        "site": settings.SITE_URL.rstrip("/"),
        "home": settings.SITE_URL.rstrip("/") + reverse("home"),
        **reminder.context,
    }
    template = TEMPLATES[reminder.kind]
    subject, body = render_email(template, context)
    return EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        connection=connection,
        headers={KEY_HEADER: delivery_key("reminder", reminder.kind, user.pk, day.isoformat())},
    )


def send_reminder(reminder: Reminder, *, day: datetime.date, connection=None) -> bool:
    """Send the reminder unless this user already had one of its kind on `day`; True if sent.

    The log row is claimed first, in the transaction that writes the email to the
    outbox: a concurrent run (another server's timer) waits on the unique row and
    then finds it taken; the outbox's worker sends the email, retrying if need be.
    """
    message = render_reminder(reminder, day=day, connection=connection)
    with transaction.atomic():
        _log, created = ReminderLog.objects.get_or_create(
            user=reminder.user,
            kind=reminder.kind,
            sent_on=day,
            defaults={"report_count": reminder.count},
        )
        if not created:
            return False
        message.send()
    return True


def send_reminders(
    *, day: datetime.date, as_of: datetime.datetime | None = None, dry_run: bool = False
) -> Outcome:
    """Send (or, in a dry run, only list) every reminder due on `day`."""
    as_of = as_of or timezone.now()
    outcome = Outcome()
    connection = None if dry_run else get_connection()
    if not dry_run:  # first, so that the provincial officials' digests list the new ones
        escalate_referrals(day=day)
    for reminder in chain(overdue_digests(day), awaiting_ngo_reminders(day, as_of)):
        if dry_run:
            outcome.planned.append(reminder)
            continue
        try:
            sent = send_reminder(reminder, day=day, connection=connection)
        except (smtplib.SMTPException, OSError) as error:
            logger.exception("Reminder %s to user %s failed", reminder.kind, reminder.user.pk)
            outcome.failed.append((reminder, error))
            continue
        if sent:
            outcome.sent[reminder.kind] += 1
    return outcome


@task()
def send_daily_reminders(day: str) -> dict:
    """The day's reminders, run by the queue's worker (a timer enqueues this)."""
    outcome = send_reminders(day=datetime.date.fromisoformat(day))
    return {str(kind): n for kind, n in outcome.sent.items()}
