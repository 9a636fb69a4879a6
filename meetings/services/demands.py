"""Writes on demands: raising one, answering it, notes on its timeline, its reports.

Every service takes the acting *user* and asks the access module what they may do;
each change is saved with its timeline entry (`DemandEvent`) in one transaction, and
the emails it calls for are enqueued in that same transaction (meetings.notifications).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import (
    access_for,
    assignable_officials,
    may_answer_demand,
    may_note_demand,
    may_raise_demand,
)
from ngos.models import NGO
from reports.models import Category, IssueReport, Severity, Status
from reports.services import report_record_submission
from reports.workflow import Action, report_transition

from ..models import CLOSED_DEMAND_STATUSES, Demand, DemandEvent, DemandStatus
from ..notifications import tell_about

NOT_PRESENT = gettext_lazy("This NGO was not present at the meeting.")
DUE_BEFORE_MEETING = gettext_lazy("The commitment cannot be due before the meeting.")
DUE_BEFORE_RAISED = gettext_lazy("The commitment cannot be due before the demand was raised.")
STALE_CODE = "stale"
STALE = gettext_lazy(
    "Someone else changed this demand a moment ago. Reload the page and try again."
)


def seen_mark(demand: Demand) -> str:
    """What a page remembers of the demand it showed: its last change, to the microsecond."""
    return str(int(demand.updated_at.timestamp() * 1_000_000)) if demand.updated_at else ""


def _event(demand: Demand, user, **fields) -> DemandEvent:
    """Write a timeline entry and, inside the same transaction, the emails it calls for."""
    event = DemandEvent.objects.create(demand=demand, actor=user, **fields)
    tell_about(event)
    return event


def _save(demand: Demand, user) -> None:
    demand._history_user = user  # the audit trail names who changed it
    demand.save()


@transaction.atomic
def demand_raise(
    *,
    user,
    ngo: NGO | None,
    category: Category | None,
    text: str,
    meeting=None,
    raised_on: datetime.date | None = None,
    neighbourhood=None,
) -> Demand:
    """Record a demand an NGO raised: in a meeting it attended (recorded by an official
    who may answer it), or at any time through its page (its managers, or an official)."""
    if ngo is None:
        raise ValidationError({"ngo": _("Choose the NGO that raised the demand.")})
    if not may_raise_demand(user, ngo):
        raise PermissionDenied(_("You may not record demands of this NGO."))
    errors = {}
    if meeting is not None:
        if not access_for(user).is_official:
            raise PermissionDenied(_("Demands raised in a meeting are recorded by the officials."))
        if not meeting.attendance.filter(ngo=ngo).exists():
            errors["ngo"] = NOT_PRESENT
    if not (text or "").strip():
        errors["text"] = _("Write the demand.")
    if category is None:
        errors["category"] = _("Choose what the demand is about.")
    elif not category.active:
        errors["category"] = _("This category is no longer in use.")
    if (
        neighbourhood is not None
        and ngo.scope == NGO.Scope.COUNTY
        and neighbourhood.county_id != ngo.county_id
    ):
        errors["neighbourhood"] = _(
            "This NGO works in its own county: choose one of its neighbourhoods."
        )
    if errors:
        raise ValidationError(errors)
    if raised_on is None:
        raised_on = meeting.held_on if meeting is not None else timezone.localdate()
    demand = Demand(
        ngo=ngo,
        meeting=meeting,
        raised_on=raised_on,
        category=category,
        text=(text or "").strip(),
        neighbourhood=neighbourhood,
        status=DemandStatus.OPEN,
        raised_by=user,
    )
    demand.full_clean(exclude=["county"])
    _save(demand, user)
    _event(demand, user, to_status=DemandStatus.OPEN)
    return demand


def _locked(demand: Demand, seen: str | None) -> Demand:
    """The demand as it is now, locked until the transaction ends; refused if it changed
    since the user's page showed it (`seen`, from `seen_mark`)."""
    current = Demand.objects.select_for_update().get(pk=demand.pk)
    if seen and seen != seen_mark(current):
        raise ValidationError(STALE, code=STALE_CODE)
    return current


def _earliest_due(demand: Demand) -> tuple[datetime.date, str]:
    """The earliest a commitment may be due: the meeting's date, else the day it was raised."""
    if demand.meeting_id is not None:
        return demand.meeting.held_on, DUE_BEFORE_MEETING
    return demand.raised_on, DUE_BEFORE_RAISED


@transaction.atomic
def demand_answer(
    *,
    user,
    demand: Demand,
    status: str,
    responsible_official=None,
    agency=None,
    commitment: str = "",
    due_on: datetime.date | None = None,
    reason: str = "",
    note: str = "",
    seen: str | None = None,
) -> DemandEvent:
    """Record the answer path (who is responsible, what was committed by when) and/or move
    the demand's status, with one entry on its timeline. `seen` is the demand's mark as the
    user's page showed it: a change made meanwhile by someone else is never overwritten."""
    if not may_answer_demand(user, demand):
        raise PermissionDenied(_("You may read this demand, not answer it."))
    current = _locked(demand, seen)
    commitment, reason, note = (
        (commitment or "").strip(),
        (reason or "").strip(),
        (note or "").strip(),
    )
    errors = {}
    if status not in DemandStatus.values:
        errors["status"] = _("Choose one of the statuses on the list.")
    if status == DemandStatus.COMMITTED:
        if not commitment:
            errors["commitment"] = _("Write what was committed.")
        if due_on is None:
            errors["due_on"] = _("Give the date by which the commitment is due.")
        if responsible_official is None and agency is None:
            errors["agency"] = _(
                "A commitment has someone to keep it: choose the agency or the official "
                "responsible."
            )
    if due_on is not None:
        earliest, message = _earliest_due(current)
        if due_on < earliest:
            errors["due_on"] = message
    if status == DemandStatus.NOT_POSSIBLE and not reason:
        errors["reason"] = _("Say why the demand is not possible.")
    if (
        responsible_official is not None
        and responsible_official.pk != current.responsible_official_id
        and not assignable_officials(current.county_id).filter(pk=responsible_official.pk).exists()
    ):
        errors["responsible_official"] = _("This official cannot answer demands of this county.")
    if agency is not None and agency.pk != current.agency_id and not agency.active:
        errors["agency"] = _("This agency is no longer active; choose another.")
    if errors:
        raise ValidationError(errors)
    if status != DemandStatus.NOT_POSSIBLE:
        reason = ""  # a reason belongs to "not possible" only
    new = {
        "status": status,
        "responsible_official_id": responsible_official.pk if responsible_official else None,
        "agency_id": agency.pk if agency else None,
        "commitment": commitment,
        "due_on": due_on,
        "reason": reason,
    }
    changed = {name for name, value in new.items() if getattr(current, name) != value}
    if not changed and not note:
        raise ValidationError(
            _("Nothing was changed: change the status or the answer, or write a note.")
        )
    previous = current.status
    now = timezone.now()
    for name, value in new.items():
        setattr(current, name, value)
    if status != DemandStatus.OPEN and current.answered_at is None:
        current.answered_at = now  # the first answer: the first move out of "open"
    if status in CLOSED_DEMAND_STATUSES:
        if "status" in changed:
            current.closed_at = now
    else:
        current.closed_at = None  # reopened
    current.full_clean(exclude=["county", "raised_on"])
    _save(current, user)
    _refresh(demand, current)
    return _event(
        current,
        user,
        from_status=previous,
        to_status=status,
        note=note,
        agency=agency,
        due_on=due_on,
    )


def _refresh(demand: Demand, current: Demand) -> None:
    """The caller's object shows what was saved."""
    for field in Demand._meta.concrete_fields:
        setattr(demand, field.attname, getattr(current, field.attname))


@transaction.atomic
def demand_note(*, user, demand: Demand, text: str) -> DemandEvent:
    """A follow-up note on the demand's timeline: the officials who answer it, and the
    managers of the NGO that raised it."""
    if not may_note_demand(user, demand):
        raise PermissionDenied(_("You may read this demand, not add notes to it."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("The note is empty.")})
    return _event(demand, user, note=text)


def linkable_reports(user, demand: Demand):
    """Reports the user may see, of the demand's NGO or of its county."""
    return IssueReport.objects.visible_to(user).filter(
        Q(ngo_id=demand.ngo_id) | Q(county_id=demand.county_id)
    )


@transaction.atomic
def demand_link_reports(*, user, demand: Demand, reports) -> int:
    """Link reports to the demand: only reports the user may see, of the same NGO or the
    same county. Returns how many were newly linked."""
    if not may_answer_demand(user, demand):
        raise PermissionDenied(_("You may read this demand, not link reports to it."))
    wanted = {report.pk for report in reports}
    if not wanted:
        raise ValidationError({"reports": _("Choose the report to link.")})
    allowed = set(linkable_reports(user, demand).filter(pk__in=wanted).values_list("pk", flat=True))
    if wanted - allowed:
        raise ValidationError(
            {"reports": _("Only reports of the same NGO or the same county can be linked.")}
        )
    already = set(demand.reports.filter(pk__in=wanted).values_list("pk", flat=True))
    demand.reports.add(*(wanted - already))
    return len(wanted - already)


def report_title(demand: Demand) -> str:
    """A report's title from the demand's text: its first line, shortened."""
    first_line = demand.text.strip().splitlines()[0] if demand.text.strip() else ""
    return Truncator(first_line).chars(200)


@transaction.atomic
def demand_to_report(
    *,
    user,
    demand: Demand,
    agency,
    due_on: datetime.date | None,
    letter_number: str = "",
    letter_date: datetime.date | None = None,
) -> IssueReport:
    """Make a demand about one neighbourhood a report's referral: a report in the NGO's name
    about that neighbourhood, referred to `agency` by `due_on` (with the outgoing letter),
    linked to the demand, which is then in progress. All of it, or nothing."""
    if not may_answer_demand(user, demand):
        raise PermissionDenied(_("You may read this demand, not refer it."))
    current = _locked(demand, None)
    if current.neighbourhood_id is None:
        raise ValidationError(
            _("Only a demand about one neighbourhood can become a referral: this one names none.")
        )
    if current.is_closed:
        raise ValidationError(_("This demand is closed: reopen it before referring it."))
    if current.reports.exists():
        raise ValidationError(
            _("This demand already has a report: follow the referral on the report's page.")
        )
    ngo = current.ngo
    if ngo.status != NGO.Status.ACTIVE:
        raise ValidationError(_("Only an active NGO's demand can become a report."))
    if not current.category.active:
        raise ValidationError(_("This category is no longer in use."))
    # Recorded by the official on the NGO's behalf: reports.services.report_submit takes
    # only the NGO's own managers, so the report is built here as it builds one.
    report = IssueReport(
        ngo=ngo,
        submitted_by=user,
        category=current.category,
        title=report_title(current),
        description=current.text,
        severity=Severity.MEDIUM,
        neighbourhood=current.neighbourhood,
        status=Status.SUBMITTED,
    )
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
    report_record_submission(report=report, actor=user)
    report_transition(report=report, action=Action.START_REVIEW, actor=user)
    report_transition(
        report=report,
        action=Action.REFER,
        actor=user,
        agency=agency,
        due_on=due_on,
        letter_number=letter_number,
        letter_date=letter_date,
    )
    current.reports.add(report)
    previous = current.status
    current.status = DemandStatus.IN_PROGRESS
    current.agency, current.due_on = agency, due_on
    if current.answered_at is None:
        current.answered_at = timezone.now()
    _save(current, user)
    _refresh(demand, current)
    _event(
        current,
        user,
        from_status=previous,
        to_status=DemandStatus.IN_PROGRESS,
        agency=agency,
        due_on=due_on,
    )
    return report
