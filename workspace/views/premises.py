"""The office's premises and its request for dedicated premises, step by step."""

from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Media
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.access import get_workspace_office, may_work_in_office
from reports.forms import add_validation_errors

from ..forms.premises import (
    PremisesDecisionForm,
    PremisesMoveForm,
    PremisesOfferForm,
    PremisesRequestForm,
)
from ..models import PremisesRequest
from ..services import premises as services

Step = PremisesRequest.Step
REQUEST, OFFER, DECIDE, MOVE, WITHDRAW = "request", "offer", "decide", "move", "withdraw"
FORMS = {
    REQUEST: PremisesRequestForm,
    OFFER: PremisesOfferForm,
    DECIDE: PremisesDecisionForm,
    MOVE: PremisesMoveForm,
}
# What may follow each step of an open request (and, with none open, a new request).
NEXT = {
    None: (REQUEST,),
    Step.REQUESTED: (OFFER, WITHDRAW),
    Step.OFFERED: (DECIDE, WITHDRAW),
    Step.DECLINED: (OFFER, WITHDRAW),
    Step.APPROVED: (MOVE, WITHDRAW),
}
SUCCESS = {
    REQUEST: gettext_lazy("The premises request was recorded."),
    OFFER: gettext_lazy("The offer was recorded; the county's officials decide on it."),
    DECIDE: gettext_lazy("The decision on the offer was recorded."),
    MOVE: gettext_lazy("The move was recorded: the office now has dedicated premises."),
    WITHDRAW: gettext_lazy("The premises request was withdrawn."),
}


@login_required
def premises_request(request, pk):
    """See the office's premises, their history and its request for dedicated premises, and
    take the request's next step if it is yours to take."""
    office = get_workspace_office(request.user, pk)
    return _render(request, office)


@login_required
@require_POST
def premises_act(request, pk):
    """Take the premises request's next step: request, offer, decision, move or withdrawal."""
    office = get_workspace_office(request.user, pk)
    action = request.POST.get("action", "")
    current = services.open_request(office)
    if action not in NEXT[current.step if current else None]:
        messages.error(
            request,
            _("This step is not possible now: the request is at another step. See it below."),
        )
        return redirect("premises_request", pk=office.pk)
    form = FORMS[action](request.POST, prefix=action) if action in FORMS else None
    if form is None or form.is_valid():
        try:
            _take(action, request.user, office, current, form.cleaned_data if form else {})
        except ValidationError as error:
            if form is None:
                messages.error(request, " ".join(error.messages))
                return redirect("premises_request", pk=office.pk)
            add_validation_errors(form, error)
        else:
            messages.success(request, SUCCESS[action])
            return redirect("premises_request", pk=office.pk)
    return _render(request, office, refused=(action, form), status=400)


def _take(action, user, office, current, data):
    """Call the service for the step (each checks who may take it, and its dates)."""
    if action == REQUEST:
        services.premises_request_open(user=user, office=office, **data)
    elif action == OFFER:
        services.premises_record_offer(user=user, request=current, **data)
    elif action == DECIDE:
        services.premises_record_decision(
            user=user,
            request=current,
            approved=data["outcome"] == PremisesDecisionForm.APPROVE,
            decided_on=data["decided_on"],
            decision=data["decision"],
        )
    elif action == MOVE:
        services.premises_record_move(user=user, request=current, move_on=data["move_on"])
    else:
        services.premises_withdraw(user=user, request=current)


def _render(request, office, refused=None, status=200):
    user = request.user
    current = services.open_request(office)
    may_work = may_work_in_office(user, office)
    may_decide = services.may_decide_premises(user, office)
    forms = {}
    for action in NEXT[current.step if current else None]:
        if not (may_decide if action == DECIDE else may_work):
            continue
        if refused and refused[0] == action and refused[1] is not None:
            forms[action] = refused[1]
        else:
            forms[action] = FORMS[action](prefix=action) if action in FORMS else None
    media = Media()
    for form in forms.values():
        if form is not None:
            media += form.media
    earlier = (
        office.premises_requests.exclude(step__in=PremisesRequest.OPEN)
        .select_related("offer_agency")
        .order_by("-requested_on", "-pk")[:10]
    )
    context = {
        "office": office,
        "current": current,
        "steps": _steps(current) if current else [],
        "forms": forms,
        "media": media,
        "may_work": may_work,
        "may_decide": may_decide,
        "premises_history": office.premises_history.all(),
        "earlier": earlier,
    }
    return render(request, "workspace/premises.html", context, status=status)


def _steps(current: PremisesRequest) -> list:
    """The open request's steps so far, from its history (a declined offer stays in it).

    The first step, the request itself, is always the request's own need and date: a
    request entered at a later step (by an import, or in the admin) has no history of it.
    """
    rows = current.history.select_related("offer_agency", "history_user").order_by(
        "history_date", "history_id"
    )
    first = SimpleNamespace(
        step=Step.REQUESTED,
        requested_on=current.requested_on,
        need=current.need,
        history_user=None,
    )
    steps, last = [first], Step.REQUESTED
    for row in rows:
        if row.step == Step.REQUESTED and len(steps) == 1:
            first.history_user = first.history_user or row.history_user
        elif row.step != last:
            steps.append(row)
        last = row.step
    return steps
