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
import enum
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import ActingRole as Role
from accounts.access import acting_role

from .models import OPEN_STATES, Agency, IssueReport, ReportEvent, Status
from .signals import report_event_created

REOPEN_WINDOW_DAYS = 30


STAFF = frozenset({Role.OFFICIAL, Role.ADMIN})
NGO = frozenset({Role.NGO_MANAGER})


class Action(enum.StrEnum):
    SUBMIT = "submit"  # the first event of every report; made by `report_submit`
    START_REVIEW = "start_review"
    REQUEST_INFO = "request_info"
    PROVIDE_INFO = "provide_info"
    WITHDRAW_REQUEST = "withdraw_request"
    REFER = "refer"
    AGENCY_ACCEPT = "agency_accept"
    AGENCY_DECLINE = "agency_decline"
    RESOLVE = "resolve"
    REJECT = "reject"
    CONFIRM = "confirm"
    REOPEN = "reopen"
    CLOSE = "close"
    MARK_DUPLICATE = "mark_duplicate"


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset
    target: Status
    roles: frozenset
    label: Promise
    needs_note: bool = False


TRANSITIONS: dict[Action, Transition] = {
    t.action: t
    for t in [
        Transition(
            Action.START_REVIEW,
            frozenset({Status.SUBMITTED}),
            Status.UNDER_REVIEW,
            STAFF,
            gettext_lazy("Start review"),
        ),
        Transition(
            Action.REQUEST_INFO,
            frozenset({Status.UNDER_REVIEW}),
            Status.AWAITING_INFO,
            STAFF,
            gettext_lazy("Ask the NGO for information"),
            needs_note=True,
        ),
        Transition(
            Action.PROVIDE_INFO,
            frozenset({Status.AWAITING_INFO}),
            Status.UNDER_REVIEW,
            NGO,
            gettext_lazy("Send the requested information"),
            needs_note=True,
        ),
        Transition(
            Action.WITHDRAW_REQUEST,
            frozenset({Status.AWAITING_INFO}),
            Status.UNDER_REVIEW,
            STAFF,
            gettext_lazy("Continue without the NGO's answer"),
            needs_note=True,
        ),
        Transition(
            Action.REFER,
            frozenset({Status.UNDER_REVIEW}),
            Status.REFERRED,
            STAFF,
            gettext_lazy("Refer to an agency"),
        ),
        Transition(
            Action.AGENCY_ACCEPT,
            frozenset({Status.REFERRED}),
            Status.IN_PROGRESS,
            STAFF,
            gettext_lazy("Record that the agency accepted"),
        ),
        Transition(
            Action.AGENCY_DECLINE,
            frozenset({Status.REFERRED}),
            Status.UNDER_REVIEW,
            STAFF,
            gettext_lazy("Record that the agency declined"),
            needs_note=True,
        ),
        Transition(
            Action.RESOLVE,
            frozenset({Status.UNDER_REVIEW, Status.REFERRED, Status.IN_PROGRESS}),
            Status.RESOLVED,
            STAFF,
            gettext_lazy("Mark as resolved"),
            needs_note=True,
        ),
        Transition(
            Action.REJECT,
            frozenset({Status.SUBMITTED, Status.UNDER_REVIEW, Status.AWAITING_INFO}),
            Status.REJECTED,
            STAFF,
            gettext_lazy("Reject"),
            needs_note=True,
        ),
        Transition(
            Action.CONFIRM,
            frozenset({Status.RESOLVED}),
            Status.CLOSED,
            NGO,
            gettext_lazy("Confirm the resolution"),
        ),
        Transition(
            Action.REOPEN,
            frozenset({Status.RESOLVED}),
            Status.UNDER_REVIEW,
            NGO,
            gettext_lazy("Reopen"),
            needs_note=True,
        ),
        Transition(
            Action.CLOSE,
            frozenset({Status.RESOLVED, Status.REJECTED}),
            Status.CLOSED,
            STAFF,
            gettext_lazy("Close"),
        ),
        Transition(
            Action.MARK_DUPLICATE,
            frozenset(OPEN_STATES),
            Status.CLOSED,
            STAFF,
            gettext_lazy("Mark as a duplicate"),
        ),
    ]
}


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
    if transition.action == Action.REOPEN and (
        now - report.status_changed_at > datetime.timedelta(days=REOPEN_WINDOW_DAYS)
    ):
        return _("A resolution can be reopened only within %(days)d days.") % {
            "days": REOPEN_WINDOW_DAYS
        }
    return None


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
) -> ReportEvent:
    """Move a report along the workflow and write the event on its timeline.

    `seen_version` is the report's version the user's page showed (by default the
    version of `report` as loaded): if anyone changed the report since, nothing is
    done and `ReportChanged` is raised. `note` goes on the timeline for everyone who
    may see the report (the NGO included); `internal_note`, an official's, is a
    separate internal event the NGO never sees. The status change and its events
    are saved in one transaction, or none is.
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
        changes.update(agency=agency, due_on=due_on)
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
        if transition.action == Action.AGENCY_DECLINE:
            # The agency said no: the report goes back to review, the referral is cleared.
            changes.update(agency=None, due_on=None)
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
        visible_to_ngo=True,
        created_at=now,
    )
    report_event_created.send(sender=ReportEvent, event=event, report=report)
    if internal_note:
        internal = ReportEvent.objects.create(
            report=report,
            kind=ReportEvent.Kind.INTERNAL_NOTE,
            actor=actor,
            note=internal_note,
            visible_to_ngo=False,
            created_at=now,
        )
        report_event_created.send(sender=ReportEvent, event=internal, report=report)
    return event
