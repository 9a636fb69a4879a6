"""Writes on reports: submitting one, and commenting on its timeline.

Status changes go through `reports.workflow.report_transition`.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ngos.models import NGO
from offices.models import FacilitationOffice, Neighbourhood

from .models import Attachment, Category, IssueReport, ReportEvent, Status
from .signals import report_event_created
from .validators import MAX_ATTACHMENTS_PER_REPORT
from .workflow import STAFF, Action, Role, TransitionError, check_actor


@transaction.atomic
def report_submit(
    *,
    ngo: NGO,
    submitted_by,
    category: Category,
    title: str,
    description: str,
    severity: str,
    people_affected: int | None = None,
    observed_on=None,
    neighbourhood: Neighbourhood | None = None,
    office: FacilitationOffice | None = None,
    files=(),
    submission_key=None,
) -> IssueReport:
    """Submit a report for an NGO that the user manages; returns it with its reference."""
    if not (submitted_by.is_superuser or ngo.managers.filter(pk=submitted_by.pk).exists()):
        raise ValidationError(_("You can submit reports only for an NGO you manage."))
    if ngo.status != NGO.Status.ACTIVE:
        raise ValidationError(_("Only an active NGO can submit reports."))
    if len(files) > MAX_ATTACHMENTS_PER_REPORT:
        raise ValidationError(
            {"files": _("At most %(n)d files can be attached.") % {"n": MAX_ATTACHMENTS_PER_REPORT}}
        )
    report = IssueReport(
        ngo=ngo,
        submitted_by=submitted_by,
        category=category,
        title=title,
        description=description,
        severity=severity,
        people_affected=people_affected,
        observed_on=observed_on,
        neighbourhood=neighbourhood,
        office=office,
        status=Status.SUBMITTED,
        submission_key=submission_key,
    )
    if not category.active:
        raise ValidationError({"category": _("This category is no longer in use.")})
    if neighbourhood and office and not office.neighbourhoods.filter(pk=neighbourhood.pk).exists():
        raise ValidationError({"office": _("This office does not serve the chosen neighbourhood.")})
    report.full_clean(
        exclude=[
            "reference",
            "jalali_year",
            "sequence",
            "county",
            "submitted_jyear",
            "submitted_jmonth",
        ]
    )
    report.save()
    for upload in files:
        attachment = Attachment(report=report, file=upload, uploaded_by=submitted_by)
        attachment.full_clean()
        attachment.save()
    report_record_submission(report=report, actor=submitted_by)
    return report


def report_record_submission(*, report: IssueReport, actor) -> ReportEvent:
    """Start a new report's timeline with its submission (every report's first event)."""
    event = ReportEvent.objects.create(
        report=report,
        kind=ReportEvent.Kind.TRANSITION,
        action=Action.SUBMIT,
        to_status=Status.SUBMITTED,
        actor=actor,
        created_at=report.submitted_at,
    )
    report_event_created.send(sender=ReportEvent, event=event, report=report)
    return event


@transaction.atomic
def report_comment(
    *, report: IssueReport, actor, role: Role, text: str, internal: bool = False
) -> ReportEvent:
    """Add a comment to a report's timeline; internal notes are for officials only."""
    role = Role(role)
    check_actor(report, actor, role)
    text = text.strip()
    if not text:
        raise TransitionError({"note": _("The comment is empty.")}, code="empty")
    if internal and role not in STAFF:
        raise TransitionError(_("Only officials can write internal notes."), code="role")
    # Touch the report so that lists sorted by last activity see the comment.
    IssueReport.objects.filter(pk=report.pk).update(updated_at=timezone.now())
    event = ReportEvent.objects.create(
        report=report,
        kind=ReportEvent.Kind.INTERNAL_NOTE if internal else ReportEvent.Kind.COMMENT,
        actor=actor,
        note=text,
        visible_to_ngo=not internal,
    )
    report_event_created.send(sender=ReportEvent, event=event, report=report)
    return event


@transaction.atomic
def report_assign(*, report: IssueReport, actor, assignee, role: Role) -> ReportEvent:
    """Give a report to an official (oneself or a colleague) to follow; an internal event."""
    role = Role(role)
    check_actor(report, actor, role)
    if role not in STAFF:
        raise TransitionError(_("Only officials can assign reports."), code="role")
    if assignee is not None and not assignee.is_active:
        raise TransitionError({"assignee": _("This user is not active.")}, code="assignee")
    IssueReport.objects.filter(pk=report.pk).update(assigned_to=assignee, updated_at=timezone.now())
    report.assigned_to = assignee
    IssueReport.history.bulk_history_create(
        [IssueReport.objects.get(pk=report.pk)], update=True, default_user=actor
    )
    event = ReportEvent.objects.create(
        report=report,
        kind=ReportEvent.Kind.ASSIGNMENT,
        actor=actor,
        note=assignee.get_full_name() or assignee.get_username() if assignee else "",
        visible_to_ngo=False,
    )
    report_event_created.send(sender=ReportEvent, event=event, report=report)
    return event
