"""Demands NGOs raise, in a meeting or through their page, and their answers.

Officials see their scope's demands and (unless read-only) answer them; an NGO's managers
see their NGOs' demands, raise new ones and add notes. Anything out of scope is 404.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Media
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import (
    access_for,
    get_ngo_for_user,
    may_answer_demand,
    may_note_demand,
    may_open_ngo,
    may_raise_demand,
    ngos_for,
)
from offices.paging import paginate
from reports.forms import add_validation_errors
from reports.models import IssueReport

from ..forms.demands import (
    NO_AGENCY,
    DemandAnswerForm,
    DemandFilterForm,
    DemandLinkForm,
    DemandNoteForm,
    DemandRaiseForm,
    DemandReferForm,
)
from ..models import CLOSED_DEMAND_STATUSES, Demand
from ..selectors import visible_demands, visible_meetings
from ..services import demands as services

PAGE_SIZE = 25
ANSWER, NOTE, LINK = "answer", "note", "link"


def _demand_for(user, pk) -> Demand:
    """The demand, if the user may see it; 404 otherwise, as for one that does not exist."""
    demands = visible_demands(user).select_related(
        "ngo",
        "county",
        "category",
        "neighbourhood__county",
        "meeting",
        "agency",
        "responsible_official",
        "raised_by",
    )
    return get_object_or_404(demands, pk=pk)


def filter_demands(demands, data: dict, today: datetime.date):
    """`demands` narrowed by the list's cleaned filters."""
    if data.get("status"):
        demands = demands.filter(status=data["status"])
    if data.get("category"):
        demands = demands.filter(category_id=data["category"].pk)
    if data.get("agency") == NO_AGENCY:
        demands = demands.filter(agency__isnull=True)
    elif data.get("agency"):
        demands = demands.filter(agency_id=data["agency"].pk)
    if data.get("ngo"):
        demands = demands.filter(ngo_id=data["ngo"].pk)
    if data.get("meeting"):
        demands = demands.filter(meeting_id=data["meeting"])
    if data.get("overdue"):
        demands = demands.filter(due_on__lt=today).exclude(status__in=CLOSED_DEMAND_STATUSES)
    if data.get("raised_from"):
        demands = demands.filter(raised_on__gte=data["raised_from"])
    if data.get("raised_to"):
        demands = demands.filter(raised_on__lte=data["raised_to"])
    return demands


@login_required
def demand_list(request):
    """Find demands: an official's scope, or an NGO manager's own NGOs', with filters."""
    access = access_for(request.user)
    if not access.is_official and not access.ngo_ids:
        raise PermissionDenied(_("Demands are for officials and NGO managers."))
    today = timezone.localdate()
    filters = request.GET.copy()
    filters.pop("page", None)
    form = DemandFilterForm(filters or None, ngos=ngos_for(request.user))
    demands = visible_demands(request.user)
    if form.is_bound:
        demands = (
            filter_demands(demands, form.cleaned_data, today) if form.is_valid() else demands.none()
        )
    demands = demands.select_related("ngo", "category", "agency", "meeting").order_by(
        "-raised_on", "-pk"
    )
    return render(
        request,
        "meetings/demand_list.html",
        {
            "form": form,
            "access": access,
            "today": today,
            "filters_open": bool(form.errors) or bool(form.is_bound and form.changed_data),
            # A manager of one NGO raises a demand from here as from its page.
            "raise_for": next(iter(access.ngo_ids)) if len(access.ngo_ids) == 1 else None,
            **paginate(request, demands, PAGE_SIZE),
        },
    )


def _render_detail(request, demand: Demand, status: int = 200, **bound):
    """The demand's page, with the forms that are the user's to use; `bound` holds a form
    sent back with what was typed and why it was refused."""
    user = request.user
    can_answer = may_answer_demand(user, demand)
    can_note = may_note_demand(user, demand)
    events = list(demand.events.select_related("actor", "agency").order_by("created_at", "pk"))
    reports = list(
        IssueReport.objects.visible_to(user)
        .filter(demands=demand)
        .select_related("agency")
        .order_by("-submitted_at")
    )
    can_refer = (
        can_answer
        and demand.neighbourhood_id is not None
        and not demand.is_closed
        and not demand.reports.exists()
    )
    forms = {
        "answer_form": bound.get(ANSWER)
        or (
            DemandAnswerForm(demand=demand, seen=services.seen_mark(demand), prefix=ANSWER)
            if can_answer
            else None
        ),
        "note_form": bound.get(NOTE) or (DemandNoteForm(prefix=NOTE) if can_note else None),
        "link_form": bound.get(LINK) or (DemandLinkForm(prefix=LINK) if can_answer else None),
        "refer_form": bound.get("refer") or (DemandReferForm() if can_refer else None),
    }
    today = timezone.localdate()
    context = {
        "demand": demand,
        "events": events,
        "reports": reports,
        "ngo_url": reverse("ngo_home", args=[demand.ngo_id])
        if may_open_ngo(user, demand.ngo)
        else "",
        "is_overdue": demand.is_overdue(today),
        "today": today,
        "refused": next(iter(bound), ""),
        "media": sum((f.media for f in forms.values() if f is not None), Media()),
        **forms,
    }
    return render(request, "meetings/demand_detail.html", context, status=status)


@login_required
def demand_detail(request, pk):
    """Read a demand, its answer and its timeline; officials answer it, the NGO adds notes."""
    return _render_detail(request, _demand_for(request.user, pk))


@login_required
@require_POST
def demand_act(request, pk):
    """Answer the demand or move its status (officials), add a note, or link a report."""
    user = request.user
    demand = _demand_for(user, pk)
    action = request.POST.get("action")
    if action == NOTE:
        if not may_note_demand(user, demand):
            raise PermissionDenied(_("You may read this demand, not add notes to it."))
        form = DemandNoteForm(request.POST, prefix=NOTE)
        if form.is_valid():
            try:
                services.demand_note(user=user, demand=demand, text=form.cleaned_data["text"])
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, _("The note was added."))
                return redirect(reverse("demand_detail", args=[demand.pk]) + "#timeline")
        return _render_detail(request, demand, 400, **{NOTE: form})
    if not may_answer_demand(user, demand):
        raise PermissionDenied(_("You may read this demand, not answer it."))
    if action == ANSWER:
        return _answer(request, demand)
    if action == LINK:
        return _link(request, demand)
    messages.error(request, _("Unknown action."))
    return redirect("demand_detail", pk=demand.pk)


def _answer(request, demand):
    form = DemandAnswerForm(request.POST, demand=demand, prefix=ANSWER)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.demand_answer(
                user=request.user,
                demand=demand,
                status=data["status"],
                responsible_official=data["responsible_official"],
                agency=data["agency"],
                commitment=data["commitment"],
                due_on=data["due_on"],
                reason=data["reason"],
                note=data["note"],
                seen=data["seen"],
            )
        except ValidationError as error:
            if getattr(error, "code", None) == services.STALE_CODE:
                # Shown as it is now; what was typed is kept, to be sent again on purpose.
                demand = _demand_for(request.user, demand.pk)
                form.data = form.data.copy()
                form.data[form.add_prefix("seen")] = services.seen_mark(demand)
            add_validation_errors(form, error)
        else:
            messages.success(request, _("The demand was updated."))
            return redirect("demand_detail", pk=demand.pk)
    return _render_detail(request, demand, 400, **{ANSWER: form})


def _link(request, demand):
    form = DemandLinkForm(
        request.POST, prefix=LINK, reports=services.linkable_reports(request.user, demand)
    )
    if form.is_valid():
        try:
            services.demand_link_reports(
                user=request.user, demand=demand, reports=[form.cleaned_data["reference"]]
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("The report was linked to the demand."))
            return redirect("demand_detail", pk=demand.pk)
    return _render_detail(request, demand, 400, **{LINK: form})


@login_required
@require_POST
def demand_report(request, pk):
    """Make a demand about one neighbourhood a report referred to an agency (officials)."""
    user = request.user
    demand = _demand_for(user, pk)
    if not may_answer_demand(user, demand):
        raise PermissionDenied(_("You may read this demand, not refer it."))
    form = DemandReferForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            report = services.demand_to_report(
                user=user,
                demand=demand,
                agency=data["agency"],
                due_on=data["due_on"],
                letter_number=data["letter_number"],
                letter_date=data["letter_date"],
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(
                request,
                _("The demand became report %(reference)s, referred to %(agency)s.")
                % {"reference": report.reference, "agency": data["agency"].name},
            )
            return redirect("demand_detail", pk=demand.pk)
    return _render_detail(request, demand, 400, refer=form)


def _raise(request, form, *, ngo=None, meeting=None, back: str):
    """Record the demand the form describes; the form again, with its errors, if refused."""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ngo = data.get("ngo") or ngo
        if not may_raise_demand(request.user, ngo):
            form.add_error("ngo", _("You can record demands only of NGOs of your county."))
        else:
            try:
                demand = services.demand_raise(
                    user=request.user,
                    ngo=ngo,
                    category=data["category"],
                    text=data["text"],
                    meeting=meeting,
                    neighbourhood=data["neighbourhood"],
                )
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, _("The demand was recorded."))
                if meeting is not None and "another" in request.POST:
                    return redirect("meeting_demand_new", pk=meeting.pk)
                return redirect("demand_detail", pk=demand.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "ngo": ngo, "meeting": meeting, "back": back}
    return render(request, "meetings/demand_form.html", context, status=status)


@login_required
def meeting_demand_new(request, pk):
    """Record a demand an NGO present at the meeting raised (officials who answer demands)."""
    meeting = get_object_or_404(visible_meetings(request.user).select_related("county"), pk=pk)
    access = access_for(request.user)
    if not access.is_official or access.read_only:
        raise PermissionDenied(
            _("The demands raised in a meeting are recorded by the officials who answer them.")
        )
    form = DemandRaiseForm(request.POST or None, meeting=meeting)
    return _raise(request, form, meeting=meeting, back=reverse("meeting_detail", args=[pk]))


@login_required
def ngo_demand_new(request, ngo_pk):
    """Raise a demand for the NGO outside a meeting (its managers, or officials of its county)."""
    ngo = get_ngo_for_user(request.user, ngo_pk)
    if not may_raise_demand(request.user, ngo):
        raise PermissionDenied(_("You may not record demands of this NGO."))
    form = DemandRaiseForm(request.POST or None, ngo=ngo)
    return _raise(request, form, ngo=ngo, back=reverse("ngo_home", args=[ngo.pk]))
