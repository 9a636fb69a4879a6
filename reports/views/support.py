"""Another NGO's report, supported instead of filed again; the open reports like a new one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import get_ngo_for_user, may_submit_report
from offices.formatting import digits_for_reader
from offices.text import isolate

from .. import supporting
from ..forms import SupportForm


def _managed_ngo(request, ngo_pk):
    """The NGO, if the user may open it (404 otherwise); 403 unless they manage it and it
    is active (its managers alone find and support reports in its name)."""
    ngo = get_ngo_for_user(request.user, ngo_pk)
    if not may_submit_report(request.user, ngo):
        raise PermissionDenied(_("Only the managers of an active NGO can act in its name."))
    return ngo


@login_required
@require_POST
def report_support(request, ngo_pk, pk):
    """Add your NGO as a supporter of another NGO's open report, with an optional note."""
    ngo = _managed_ngo(request, ngo_pk)
    report = supporting.get_report_to_support(ngo, pk)
    form = SupportForm(request.POST)
    back = reverse("report_new", args=[ngo.pk])
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(back)
    try:
        supporting.report_support(
            user=request.user, report=report, ngo=ngo, note=form.cleaned_data["note"]
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(back)
    messages.success(
        request,
        _("%(ngo)s now supports report %(reference)s; you will be told of its progress.")
        % {"ngo": ngo.name, "reference": isolate(digits_for_reader(report.reference))},
    )
    return redirect("report_detail", pk=report.pk)


@login_required
def report_similar(request, ngo_pk):
    """The open reports about the chosen category in the chosen neighbourhood, as a piece
    of the new-report form (fetched by its script when both are chosen). Only read: another
    NGO's address answers 404 whatever the method, as everywhere."""
    ngo = _managed_ngo(request, ngo_pk)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    similar = supporting.similar_box(
        ngo, request.GET.get("category"), request.GET.get("neighbourhood")
    )
    return render(request, "reports/_similar_reports.html", {"similar": similar})
