"""The report workflow: states, allowed transitions, who may make each, and the
one service that performs a transition and writes its timeline event.

    submitted → under review ⇄ awaiting information from the NGO
    awaiting information → under review (an official goes on without the answer)
    under review → referred (agency, due date) → in progress → resolved
    resolved → closed (the NGO confirms, or an official closes)
    resolved → under review (the NGO reopens within 30 days)
    submitted / under review / awaiting information → rejected (reason) → closed
    any open state → closed as a duplicate of another report

This module is the only place that changes a report's status. The service is
given the acting *user* and asks the access module in which capacity that user
may act on the report (an official in scope and not read-only, a manager of the
report's NGO, an administrator); nobody hands it a role. A user with no such
capacity is refused, whoever calls: a page, a command or the admin.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import ActingRole as Role
from accounts.access import acting_role
from offices.text import normalize_code

from .models import Agency, IssueReport, ReportEvent
from .models.events import check_uploads, save_uploads
from .signals import report_event_created
from .steps import NGO, REOPEN_WINDOW_DAYS, STAFF, TRANSITIONS, Action, Transition, reopen_closes_at

# The steps are defined in `reports.steps`; callers take them from here with the service.
__all__ = [
    "NGO",
    "REOPEN_WINDOW_DAYS",
    "STAFF",
    "TRANSITIONS",
    "Action",
    "ReportChanged",
    "Transition",
    "TransitionError",
    "actor_role",
    "allowed_transitions",
    "reopen_closes_at",
    "report_transition",
]


class TransitionError(ValidationError):
    """A transition that is not allowed now, for this user, or with these values."""


class ReportChanged(TransitionError):
    """Someone else changed the report since the user loaded it."""


def _refusal(report: IssueReport, transition: Transition, role: Role, now) -> str | None:
    """Why this transition cannot be made now by this role, or None if it can."""
    if role not in transition.roles:
        return _("Your role does not allow this action on a report.")
    if report.duplicate_of_id is not None:
        return _("This report is a duplicate of another report; follow that one instead.")
    if report.status not in transition.sources:
        return _("This action is not possible while the report is “%(status)s”.") % {
            "status": report.get_status_display()
        }
    if transition.action == Action.REOPEN and now > reopen_closes_at(report):
        return _("A resolution can be reopened only within %(days)d days.") % {
            "days": REOPEN_WINDOW_DAYS
        }
    return None


def _checked_enclosures(transition, role, *, files, files_internal, letter_number, letter_date):
    """The step's files, checked as the new-report form checks them; refused (TransitionError
    on the field) if the step takes none, or the letter or its date is wrong."""
    files = [upload for upload in files if upload]
    errors = {}
    if files and not transition.takes_files:
        errors["files"] = _("This step takes no attachments.")
    if (letter_number or letter_date) and not transition.takes_letter:
        errors["letter_number"] = _("This step takes no letter.")
    if letter_date and letter_date > timezone.localdate():
        errors["letter_date"] = _("The letter's date cannot be in the future.")
    if files_internal and role not in STAFF:
        errors["files_internal"] = _("Only officials can keep files from the NGO.")
    if errors:
        raise TransitionError(errors, code="enclosures")
    try:
        return check_uploads(files)
    except ValidationError as error:
        raise TransitionError(error.message_dict, code="files") from None


def allowed_transitions(report: IssueReport, role: Role, now=None) -> list[Transition]:
    """The transitions this role may make on the report as it is now."""
    now = now or timezone.now()
    return [t for t in TRANSITIONS.values() if _refusal(report, t, role, now) is None]


def actor_role(report: IssueReport, actor) -> Role:
    """The capacity in which `actor` acts on `report`, from the access module; refused if none.

    Read-only officials, officials of another county and managers of other NGOs
    have none, whichever code calls the service.
    """
    if actor is None or not actor.is_active:
        raise TransitionError(_("Only an active user can act on a report."), code="actor")
    role = acting_role(actor, report)
    if role is None:
        raise TransitionError(_("You may not act on this report."), code="role")
    return role


@transaction.atomic
def report_transition(
    *,
    report: IssueReport,
    action: str,
    actor,
    seen_version: int | None = None,
    note: str = "",
    internal_note: str = "",
    agency: Agency | None = None,
    due_on: datetime.date | None = None,
    duplicate_of: IssueReport | None = None,
    suggested_agency: Agency | None = None,
    files=(),
    files_internal: bool = False,
    letter_number: str = "",
    letter_date: datetime.date | None = None,
) -> ReportEvent:
    """Move a report along the workflow and write the event on its timeline.

    `seen_version` is the report's version the user's page showed (by default the
    version of `report` as loaded): if anyone changed the report since, nothing is
    done and `ReportChanged` is raised. `note` goes on the timeline for everyone who
    may see the report (the NGO included); `internal_note`, an official's, is a
    separate internal event the NGO never sees. `files` (checked as the new-report
    form's) go on the step's event, or with `files_internal` on the internal one;
    `letter_number` and `letter_date` are those of the letter that came with the step.
    The status change, its events and files are saved in one transaction, or none is.
    """
    try:
        transition = TRANSITIONS[Action(action)]
    except ValueError:
        raise TransitionError(_("Unknown action."), code="unknown_action") from None
    now = timezone.now()
    today = timezone.localdate(now)
    role = actor_role(report, actor)
    seen_version = report.version if seen_version is None else seen_version

    # Lock the row (PostgreSQL) and compare with what the user saw.
    current = IssueReport.objects.select_for_update().get(pk=report.pk)
    if current.version != seen_version:
        raise ReportChanged(
            _("This report was changed by someone else a moment ago. Reload it and try again."),
            code="stale",
        )
    reason = _refusal(current, transition, role, now)
    if reason:
        raise TransitionError(reason, code="not_allowed")

    note, internal_note = note.strip(), internal_note.strip()
    if transition.needs_note and not note:
        raise TransitionError({"note": _("Write a note: this action needs one.")}, code="note")
    if internal_note and role not in STAFF:
        raise TransitionError(
            {"internal_note": _("Only officials can write internal notes.")}, code="role"
        )
    letter_number = normalize_code(letter_number or "")
    files = _checked_enclosures(
        transition,
        role,
        files=files,
        files_internal=files_internal,
        letter_number=letter_number,
        letter_date=letter_date,
    )

    changes = {"status": transition.target, "status_changed_at": now, "updated_at": now}
    event_agency, event_due_on, answer_delay = None, None, None
    if transition.action == Action.REFER:
        errors = {}
        if agency is None:
            errors["agency"] = _("Choose the agency the report is referred to.")
        elif not agency.active:
            errors["agency"] = _("This agency is no longer active; choose another.")
        if due_on is None:
            errors["due_on"] = _("Give the date by which the agency should answer.")
        elif due_on < today:
            errors["due_on"] = _("The due date cannot be in the past.")
        if errors:
            raise TransitionError(errors, code="referral")
        # A new referral starts a new clock: its first due date, and no escalation yet.
        changes.update(agency=agency, due_on=due_on, first_due_on=due_on, escalated_at=None)
        event_agency, event_due_on = agency, due_on
    elif transition.action in (Action.AGENCY_ACCEPT, Action.AGENCY_DECLINE):
        event_agency = current.agency  # whose answer it is, for the agency's scorecard
        referred = (
            ReportEvent.objects.filter(report=current, action=Action.REFER)
            .order_by("-created_at")
            .values_list("created_at", flat=True)
            .first()
        )
        answer_delay = now - referred if referred else None
        # The referral's first due date, kept with the answer: the scorecard reads from the
        # answer alone whether it came late (an extension does not move this date).
        event_due_on = current.first_due_on
        if transition.action == Action.AGENCY_DECLINE:
            # The agency said no: the report goes back to review, the referral is cleared.
            changes.update(agency=None, due_on=None, first_due_on=None, escalated_at=None)
    elif transition.action == Action.RESOLVE and current.first_resolved_at is None:
        changes["first_resolved_at"] = now
    elif transition.action == Action.REJECT:
        changes["rejection_reason"] = note
    elif transition.action == Action.MARK_DUPLICATE:
        if duplicate_of is None:
            raise TransitionError(
                {"duplicate_of": _("Choose the report this one duplicates.")}, code="duplicate"
            )
        original = duplicate_of.duplicate_of or duplicate_of
        if original.pk == current.pk:
            raise TransitionError(
                {"duplicate_of": _("A report cannot be a duplicate of itself.")},
                code="duplicate",
            )
        changes["duplicate_of"] = original

    # The version in the WHERE clause makes the change conditional on nobody having
    # changed the report in between, on every database.
    updated = IssueReport.objects.filter(pk=current.pk, version=current.version).update(
        **changes, version=F("version") + 1
    )
    if not updated:
        raise ReportChanged(
            _("This report was changed by someone else a moment ago. Reload it and try again."),
            code="stale",
        )
    previous_status = current.status
    changes["version"] = current.version + 1
    for field, value in changes.items():
        setattr(report, field, value)
        setattr(current, field, value)
    # The conditional UPDATE bypasses save(): keep the audit trail's entry by hand.
    IssueReport.history.bulk_history_create([current], update=True, default_user=actor)

    event = ReportEvent.objects.create(
        report=report,
        kind=ReportEvent.Kind.TRANSITION,
        action=transition.action,
        from_status=previous_status,
        to_status=transition.target,
        actor=actor,
        note=note,
        agency=event_agency,
        due_on=event_due_on,
        answer_delay=answer_delay,
        suggested_agency=suggested_agency if transition.action == Action.AGENCY_DECLINE else None,
        letter_number=letter_number,
        letter_date=letter_date,
        visible_to_ngo=True,
        created_at=now,
    )
    report_event_created.send(sender=ReportEvent, event=event, report=report)
    internal = None
    if internal_note or (files and files_internal):
        internal = ReportEvent.objects.create(
            report=report,
            kind=ReportEvent.Kind.INTERNAL_NOTE,
            actor=actor,
            note=internal_note,
            visible_to_ngo=False,
            created_at=now,
        )
        report_event_created.send(sender=ReportEvent, event=internal, report=report)
    # Last, so that nothing after them can fail and leave stored files without their step.
    save_uploads(
        report=report, event=internal if files_internal else event, files=files, user=actor
    )
    return event
