"""Writes on reports: submitting one, commenting, assigning, and acting on several at once.

Status changes go through `reports.workflow.report_transition`. Every service
takes the acting *user* and asks the access module what that user may do.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import may_be_assigned, may_record_report, may_submit_office_report
from ngos.models import NGO, Partnership
from offices.models import FacilitationOffice, Neighbourhood

from .models import Agency, Attachment, Category, IssueReport, ReportEvent, Status
from .models.events import check_uploads
from .signals import report_event_created
from .workflow import STAFF, Action, TransitionError, actor_role, report_transition


@transaction.atomic
def report_submit(
    *,
    ngo: NGO,
    submitted_by,
    category: Category,
    title: str,
    description: str,
    severity: str,
    proposed_solution: str = "",
    people_affected: int | None = None,
    observed_on=None,
    neighbourhood: Neighbourhood | None = None,
    office: FacilitationOffice | None = None,
    files=(),
    submission_key=None,
    follows: IssueReport | None = None,
    from_office: bool = False,
) -> IssueReport:
    """Submit a report for an NGO that the user manages; returns it with its reference.

    `follows` is an earlier report of the same NGO about the same problem (one that can
    no longer be reopened); the two pages link to each other. `from_office`: the staff of
    `office` submit it, in the name of the office's current lead partner NGO.
    """
    if ngo.status != NGO.Status.ACTIVE:
        raise ValidationError(_("Only an active NGO can submit reports."))
    if from_office:
        if office is None or not may_submit_office_report(submitted_by, office):
            raise ValidationError(_("Only the office's staff can submit its reports."))
        lead = office_lead_ngo(office)
        if lead is None or lead.pk != ngo.pk:
            raise ValidationError(
                _("An office's report is submitted in the name of its current lead partner NGO.")
            )
    elif not may_record_report(submitted_by, ngo):
        raise ValidationError(_("You can submit reports only for an NGO you manage."))
    if follows is not None and follows.ngo_id != ngo.pk:
        raise ValidationError({"follows": _("A report can follow only a report of the same NGO.")})
    files = check_uploads(files)  # as the form checks them, before anything is saved
    report = IssueReport(
        ngo=ngo,
        submitted_by=submitted_by,
        category=category,
        title=title,
        description=description,
        proposed_solution=proposed_solution,
        severity=severity,
        people_affected=people_affected,
        observed_on=observed_on,
        neighbourhood=neighbourhood,
        office=office,
        status=Status.SUBMITTED,
        submission_key=submission_key,
        follows=follows,
        from_office=from_office,
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


def office_lead_ngo(office: FacilitationOffice) -> NGO | None:
    """The NGO that currently leads the office (in whose name the office's reports go)."""
    partnership = (
        Partnership.objects.filter(office=office, role=Partnership.Role.LEAD, ended_on__isnull=True)
        .select_related("ngo")
        .first()
    )
    return partnership.ngo if partnership else None


def report_submit_once(*, ngo: NGO, submitted_by, submission_key, **fields):
    """Submit the report unless this very form was sent before (a double click, a resent
    page): then nothing new is saved. Returns (the report, whether it is new)."""
    earlier = IssueReport.objects.filter(submission_key=submission_key).first()
    if earlier is not None and earlier.ngo_id != ngo.pk:
        raise ValidationError(
            _("This form was already used. Open a new report form and send it again.")
        )
    if earlier is not None:
        return earlier, False
    try:
        report = report_submit(
            ngo=ngo, submitted_by=submitted_by, submission_key=submission_key, **fields
        )
    except IntegrityError:
        # The other click won the race to the unique key: its report is the one.
        earlier = IssueReport.objects.filter(submission_key=submission_key, ngo=ngo).first()
        if earlier is None:  # the key of another NGO's form: a copied or forged page
            raise ValidationError(
                _("This form was already used. Open a new report form and send it again.")
            ) from None
        return earlier, False
    return report, True


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
def report_comment(*, report: IssueReport, actor, text: str, internal: bool = False) -> ReportEvent:
    """Add a comment to a report's timeline; internal notes are for officials only."""
    role = actor_role(report, actor)
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
def report_assign(*, report: IssueReport, actor, assignee) -> ReportEvent:
    """Give a report to an official (oneself or a colleague) to follow; an internal event.

    The assignee must be able to open the report: an active official, not read-only,
    provincial or of the report's county.
    """
    if actor_role(report, actor) not in STAFF:
        raise TransitionError(_("Only officials can assign reports."), code="role")
    if assignee is not None and not assignee.is_active:
        raise TransitionError({"assignee": _("This user is not active.")}, code="assignee")
    if assignee is not None and not may_be_assigned(assignee, report):
        raise TransitionError(
            {"assignee": _("this official cannot open reports of this county.")},
            code="assignee",
        )
    IssueReport.objects.filter(pk=report.pk).update(
        assigned_to=assignee, updated_at=timezone.now(), version=F("version") + 1
    )
    fresh = IssueReport.objects.get(pk=report.pk)
    report.assigned_to, report.version = assignee, fresh.version
    IssueReport.history.bulk_history_create([fresh], update=True, default_user=actor)
    event = ReportEvent.objects.create(
        report=report,
        kind=ReportEvent.Kind.ASSIGNMENT,
        actor=actor,
        note=assignee.get_full_name() or assignee.get_username() if assignee else "",
        visible_to_ngo=False,
    )
    report_event_created.send(sender=ReportEvent, event=event, report=report)
    return event


@dataclass
class BulkOutcome:
    """What a bulk action did: how many reports changed, and each refusal with its reason."""

    done: int = 0
    failed: list[tuple[IssueReport, str]] = field(default_factory=list)


def report_bulk_assign(*, reports, actor, assignee) -> BulkOutcome:
    """Give several reports to one official; each report on its own, refusals collected."""
    outcome = BulkOutcome()
    for report in reports:
        try:
            report_assign(report=report, actor=actor, assignee=assignee)
        except TransitionError as error:
            outcome.failed.append((report, error.messages[0]))
        else:
            outcome.done += 1
    return outcome


def report_bulk_refer(
    *, reports, actor, agency: Agency | None, due_on: datetime.date | None, note: str = ""
) -> BulkOutcome:
    """Refer several reports to one agency with one due date.

    The referral's values are checked first, for all (TransitionError, nothing
    done); then each report is triaged (if new) and referred in one go — both
    steps, or neither — and a refused report does not stop the others.
    """
    if agency is None or due_on is None:
        raise TransitionError(_("Choose the agency and the due date for the referral."))
    if due_on < timezone.localdate():
        raise TransitionError(_("The due date cannot be in the past."))
    outcome = BulkOutcome()
    for report in reports:
        try:
            with transaction.atomic():
                if report.status == Status.SUBMITTED:
                    report_transition(report=report, action=Action.START_REVIEW, actor=actor)
                report_transition(
                    report=report,
                    action=Action.REFER,
                    actor=actor,
                    note=note,
                    agency=agency,
                    due_on=due_on,
                )
        except TransitionError as error:
            outcome.failed.append((report, error.messages[0]))
        else:
            outcome.done += 1
    return outcome
