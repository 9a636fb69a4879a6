"""The report lists: an NGO's own reports, the officials' triage queue, and its bulk actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.access import access_for, queue_assignees
from offices.formatting import digits_for_reader, format_number
from offices.paging import paginate
from offices.text import isolate

from ..forms import AssignForm, BulkReferForm, TransitionForm
from ..models import IssueReport
from ..selectors import reports_listed
from ..services import report_bulk_assign, report_bulk_refer
from ..workflow import TransitionError

PAGE_SIZE = 25
# The filters shown in the list's filter panel (the queue has its own tabs).
FOLDED_FILTERS = frozenset(
    ["q", "status", "severity", "category", "county", "agency", "submitted_from", "submitted_to"]
)


@login_required
def report_list(request):
    """Find reports: an NGO's own list, or the officials' triage queue with its filters."""
    access = access_for(request.user)
    if not access.has_reports:
        raise PermissionDenied(_("Report lists are for officials, NGO managers and office staff."))
    form, reports = reports_listed(request.user, request.GET)
    reports = reports.select_related("ngo", "category", "county", "agency", "assigned_to").order_by(
        "-submitted_at", "-pk"
    )
    return render(
        request,
        "reports/list.html",
        {
            "form": form,
            **paginate(request, reports, PAGE_SIZE),
            "access": access,
            "today": timezone.localdate(),
            "can_bulk": access.can_act_on_reports,
            "bulk_officials": queue_assignees(request.user) if access.can_act_on_reports else [],
            "agencies": TransitionForm().fields["agency"].queryset,
            # The due date's box with the date picker and its Persian placeholder.
            "bulk_refer": BulkReferForm(auto_id="bulk-%s"),
            # On a phone the filter panel is folded unless one of its filters is in use.
            "filters_open": bool(form.errors) or bool(set(form.changed_data) & FOLDED_FILTERS),
        },
    )


@login_required
@require_POST
def report_bulk(request):
    """Assign or refer several reports of the queue at once."""
    if not access_for(request.user).can_act_on_reports:
        raise PermissionDenied(_("Your access is read-only: you cannot assign or refer reports."))
    # Only plain numbers are ids; anything else (a superscript, a word) selects nothing.
    ids = [int(i) for i in request.POST.getlist("selected") if i.isascii() and i.isdecimal()]
    visible = IssueReport.objects.visible_to(request.user)
    reports = list(visible.filter(pk__in=ids).select_related("ngo"))
    back = request.POST.get("next") or ""
    target = back if back.startswith("/reports/") else "/reports/"
    if not reports:
        messages.error(request, _("Select at least one report."))
        return redirect(target)
    operation = request.POST.get("operation")
    if operation == "assign":
        form = AssignForm(request.POST, officials=queue_assignees(request.user))
        if not form.is_valid():
            messages.error(request, _("Choose an official from the list."))
            return redirect(target)
        outcome = report_bulk_assign(
            reports=reports, actor=request.user, assignee=form.cleaned_data["assignee"]
        )
    elif operation == "refer":
        form = BulkReferForm(request.POST)
        data = form.cleaned_data if form.is_valid() else {}
        try:
            outcome = report_bulk_refer(
                reports=reports,
                actor=request.user,
                agency=data.get("agency"),
                due_on=data.get("due_on"),
                note=data.get("note") or "",
            )
        except TransitionError as error:
            messages.error(request, error.messages[0])
            return redirect(target)
    else:
        messages.error(request, _("Unknown action."))
        return redirect(target)
    if outcome.done:
        messages.success(
            request,
            ngettext("%(n)s report was updated.", "%(n)s reports were updated.", outcome.done)
            % {"n": format_number(outcome.done)},
        )
    for report, reason in outcome.failed:
        messages.warning(request, f"{isolate(digits_for_reader(report.reference))}: {reason}")
    return redirect(target)
