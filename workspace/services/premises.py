"""An office's request for dedicated premises, step by step to the move.

requested → offer received → accepted or declined (by the county's officials) → moved;
a declined offer may be followed by a new one; an open request may be withdrawn. The
move gives the office dedicated premises and a new entry in its premises history, in
the same transaction. Each step checks who takes it, that the request is still at the
step the page showed, and its dates; nothing is saved unless all of it is right.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import may_review_return, may_work_in_office
from offices.formatting import format_date
from offices.models import FacilitationOffice
from offices.services import office_change_premises
from reports.models import Agency

from ..models import PremisesRequest

Step = PremisesRequest.Step

# The officials who review an office's returns also decide on the premises offered to it.
may_decide_premises = may_review_return


def open_request(office: FacilitationOffice) -> PremisesRequest | None:
    """The office's request still under way, if any (there is at most one)."""
    return (
        office.premises_requests.filter(step__in=PremisesRequest.OPEN)
        .select_related("offer_agency")
        .first()
    )


def _check_staff(user, office):
    if not may_work_in_office(user, office):
        raise PermissionDenied(_("Only the office's own staff can take this step."))


def _at_step(request: PremisesRequest, steps) -> PremisesRequest:
    """The request, locked, if it is still at one of `steps` (the page may be out of date)."""
    request = PremisesRequest.objects.select_for_update().get(pk=request.pk)
    if request.step not in steps:
        raise ValidationError(
            _(
                "The request has moved on since this page was opened (it is now: %(step)s). "
                "See its current step below."
            ),
            code="step",
            params={"step": request.get_step_display()},
        )
    return request


def _not_before(errors: dict, field: str, day, earliest, message: str):
    if day and earliest and day < earliest:
        errors.setdefault(field, []).append(
            ValidationError(message, code="order", params={"day": format_date(earliest)})
        )


def _save(request: PremisesRequest, user, errors: dict, fields: list[str]) -> PremisesRequest:
    """Check the request with the model's own rules as well, then save it (or nothing)."""
    try:
        request.full_clean(validate_constraints=False)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    request.updated_by = user
    request._history_user = user
    request.save(update_fields=[*fields, "step", "updated_by", "updated_at"])
    return request


@transaction.atomic
def premises_request_open(
    *, user, office: FacilitationOffice, need: str, requested_on: datetime.date
) -> PremisesRequest:
    """The office's staff ask for dedicated premises: what they need, from which date."""
    _check_staff(user, office)
    # One open request at a time: the office's row is the lock two clicks wait on.
    FacilitationOffice.objects.select_for_update().filter(pk=office.pk).first()
    if office.premises_requests.filter(step__in=PremisesRequest.OPEN).exists():
        raise ValidationError(
            _("This office already has an open premises request; follow that one."),
            code="open",
        )
    request = PremisesRequest(
        office=office, step=Step.REQUESTED, need=need, requested_on=requested_on, updated_by=user
    )
    request.full_clean(validate_constraints=False)
    request._history_user = user
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError:  # another request was opened at the same moment
        raise ValidationError(
            _("This office already has an open premises request; follow that one."),
            code="open",
        ) from None
    return request


@transaction.atomic
def premises_record_offer(
    *,
    user,
    request: PremisesRequest,
    offered_on: datetime.date,
    offer_address: str,
    offer_agency: Agency | None,
    offer_size: int,
) -> PremisesRequest:
    """The office received an offer of premises (again, after one was declined)."""
    _check_staff(user, request.office)
    request = _at_step(request, (Step.REQUESTED, Step.DECLINED))
    errors: dict = {}
    _not_before(
        errors,
        "offered_on",
        offered_on,
        request.requested_on,
        _("The offer cannot come before the request (%(day)s)."),
    )
    if request.step == Step.DECLINED:
        _not_before(
            errors,
            "offered_on",
            offered_on,
            request.decided_on,
            _("A new offer cannot come before the last one was declined (%(day)s)."),
        )
    request.step = Step.OFFERED
    request.offered_on, request.offer_address = offered_on, offer_address
    request.offer_agency, request.offer_size = offer_agency, offer_size
    # The declined offer's decision stays in the request's history, not on the new offer.
    request.decided_on, request.decision = None, ""
    fields = ["offered_on", "offer_address", "offer_agency", "offer_size", "decided_on"]
    return _save(request, user, errors, [*fields, "decision"])


@transaction.atomic
def premises_record_decision(
    *, user, request: PremisesRequest, approved: bool, decided_on: datetime.date, decision: str
) -> PremisesRequest:
    """The county's officials accept the offer or decline it (saying why)."""
    if not may_decide_premises(user, request.office):
        raise PermissionDenied(
            _("Only the officials of the office's county can decide on premises offered to it.")
        )
    request = _at_step(request, (Step.OFFERED,))
    errors: dict = {}
    _not_before(
        errors,
        "decided_on",
        decided_on,
        request.offered_on,
        _("The decision cannot come before the offer (%(day)s)."),
    )
    if not approved and not decision.strip():
        errors["decision"] = [ValidationError(_("Say why the offer is declined."), code="why")]
    request.step = Step.APPROVED if approved else Step.DECLINED
    request.decided_on, request.decision = decided_on, decision
    return _save(request, user, errors, ["decided_on", "decision"])


@transaction.atomic
def premises_record_move(
    *, user, request: PremisesRequest, move_on: datetime.date
) -> PremisesRequest:
    """The office moved into the accepted premises: from that day it has dedicated premises,
    and its premises history says so."""
    office = FacilitationOffice.objects.select_for_update().get(pk=request.office_id)
    _check_staff(user, office)
    request = _at_step(request, (Step.APPROVED,))
    errors: dict = {}
    today = timezone.localdate()
    if move_on > today:
        errors["move_on"] = [
            ValidationError(
                _("The move date is after today (%(today)s): record the move once it happened."),
                code="future",
                params={"today": format_date(today)},
            )
        ]
    _not_before(
        errors,
        "move_on",
        move_on,
        request.decided_on,
        _("The move cannot come before the offer was accepted (%(day)s)."),
    )
    _not_before(
        errors,
        "move_on",
        move_on,
        office.opened_on,
        _("The move cannot come before the office opened (%(day)s)."),
    )
    request.step, request.move_on = Step.MOVED, move_on
    _save(request, user, errors, ["move_on"])
    office._history_user = user
    office_change_premises(
        office=office,
        premises=FacilitationOffice.Premises.DEDICATED,
        since=move_on,
        address=request.offer_address,
        note=_("Moved in after the premises request of %(day)s.")
        % {"day": format_date(request.requested_on)},
    )
    return request


@transaction.atomic
def premises_withdraw(*, user, request: PremisesRequest) -> PremisesRequest:
    """The office's staff withdraw a request still under way."""
    _check_staff(user, request.office)
    request = _at_step(request, PremisesRequest.OPEN)
    request.step = Step.WITHDRAWN
    return _save(request, user, {}, [])
