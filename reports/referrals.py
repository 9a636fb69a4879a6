"""Referrals after they are made: an official extends the agency's due date, and the daily
run escalates referrals long overdue to the provincial officials.

The referral itself (its agency, due date and letter) and the agency's answer (with its
letter and scanned copy) are steps of the workflow (`reports.workflow`). An extension
moves `due_on` and keeps `first_due_on`, which the agency scorecard still counts lateness
against; an escalation marks the referral (`escalated_at`) for the provincial officials'
list and digest. Both are written on the report's timeline.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from offices.formatting import format_date

from .models import REFERRAL_STATES, IssueReport, ReportEvent
from .signals import report_event_created
from .workflow import STAFF, ReportChanged, TransitionError, actor_role

ESCALATION_BATCH = 500  # referrals escalated per statement


def may_extend(report: IssueReport, role) -> bool:
    """Whether the extension form is offered: to officials who may act on the report (`role`
    from `accounts.access.acting_role`), while the agency has the referral."""
    return (
        role in STAFF
        and report.status in REFERRAL_STATES
        and report.due_on is not None
        and report.duplicate_of_id is None
    )


@transaction.atomic
def report_extend(*, report: IssueReport, actor, due_on: datetime.date | None, reason: str):
    """Give the agency until `due_on` to answer, for `reason` (on the timeline, shown to the
    NGO). The first due date is kept; an escalation is lifted (the referral is no longer
    overdue). Refused (TransitionError, nothing written) for anyone but an official who may
    act on the report, for a report the agency does not have, and for a date that is not
    after the current due date or is in the past."""
    role = actor_role(report, actor)
    if role not in STAFF:
        raise TransitionError(_("Only officials can extend a referral's due date."), code="role")
    # Lock the row (PostgreSQL): the checks and the change see the same report.
    current = IssueReport.objects.select_for_update().get(pk=report.pk)
    if not may_extend(current, role):
        raise TransitionError(
            _("Only a referral waiting for the agency's answer can be extended."),
            code="not_referred",
        )
    reason = (reason or "").strip()
    today = timezone.localdate()
    errors = {}
    if due_on is None:
        errors["due_on"] = _("Give the new due date.")
    elif due_on <= current.due_on:
        errors["due_on"] = _("The new due date must be after the current due date (%(date)s).") % {
            "date": format_date(current.due_on, long=True)
        }
    elif due_on < today:
        errors["due_on"] = _("The due date cannot be in the past.")
    if not reason:
        errors["reason"] = _("Write the reason for the extension.")
    if errors:
        raise TransitionError(errors, code="extension")

    now = timezone.now()
    changes = {
        "due_on": due_on,
        # Referrals made before the first due date was kept: their due date until now.
        "first_due_on": current.first_due_on or current.due_on,
        # The new date is today or later: the referral is no longer overdue at all.
        "escalated_at": None,
        "updated_at": now,
    }
    # Conditional on the version read under the lock, as every change to a report is.
    updated = IssueReport.objects.filter(pk=current.pk, version=current.version).update(
        **changes, version=F("version") + 1
    )
    if not updated:
        raise ReportChanged(
            _("This report was changed by someone else a moment ago. Reload it and try again."),
            code="stale",
        )
    changes["version"] = current.version + 1
    for field, value in changes.items():
        setattr(report, field, value)
        setattr(current, field, value)
    # The conditional UPDATE bypasses save(): keep the audit trail's entry by hand.
    IssueReport.history.bulk_history_create([current], update=True, default_user=actor)
    event = ReportEvent.objects.create(
        report=report,
        kind=ReportEvent.Kind.EXTENSION,
        actor=actor,
        agency_id=current.agency_id,
        due_on=due_on,
        note=reason,
        visible_to_ngo=True,
        created_at=now,
    )
    report_event_created.send(sender=ReportEvent, event=event, report=report)
    return event


def escalation_cutoff(day: datetime.date) -> datetime.date:
    """Referrals due before this day are overdue by more than REFERRAL_ESCALATION_DAYS on `day`."""
    return day - datetime.timedelta(days=settings.REFERRAL_ESCALATION_DAYS)


def escalate_referrals(*, day: datetime.date | None = None) -> int:
    """Escalate the referrals overdue on `day` (default today) by more than
    REFERRAL_ESCALATION_DAYS and not escalated yet; returns how many.

    Each gets `escalated_at` and an internal event on its timeline (the NGO is not told:
    it is the governorate's own follow-up of the agency). Running it again escalates
    nothing twice; a referral extended since is escalated again only once it is again
    overdue beyond the limit. The report's version is not bumped: an official's page open
    at the time stays valid, as nothing they decide on changed.
    """
    day = day or timezone.localdate()
    escalated = 0
    with transaction.atomic():
        # Locked (PostgreSQL): a run at the same moment waits, then finds them escalated.
        due = list(
            IssueReport.objects.select_for_update()
            .filter(
                status__in=REFERRAL_STATES,
                due_on__lt=escalation_cutoff(day),
                escalated_at__isnull=True,
                duplicate_of__isnull=True,
            )
            .order_by("pk")
        )
        now = timezone.now()
        for start in range(0, len(due), ESCALATION_BATCH):
            batch = due[start : start + ESCALATION_BATCH]
            IssueReport.objects.filter(pk__in=[r.pk for r in batch]).update(escalated_at=now)
            for report in batch:
                report.escalated_at = now
            IssueReport.history.bulk_history_create(batch, update=True)
            events = ReportEvent.objects.bulk_create(
                ReportEvent(
                    report=report,
                    kind=ReportEvent.Kind.ESCALATION,
                    agency_id=report.agency_id,
                    due_on=report.due_on,
                    visible_to_ngo=False,
                    county_id=report.county_id,  # bulk_create skips ReportEvent.save()
                    created_at=now,
                )
                for report in batch
            )
            for event, report in zip(events, batch, strict=True):
                report_event_created.send(sender=ReportEvent, event=event, report=report)
            escalated += len(batch)
    return escalated
