"""The form for a new report: an NGO's, or a facilitation office's (in its lead NGO's name)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.access import (
    get_ngo_for_user,
    get_workspace_office,
    may_submit_office_report,
    may_submit_report,
)
from ngos.models import NGO
from offices.collation import persian_order
from offices.formatting import digits_for_reader
from offices.models import FacilitationOffice
from offices.text import isolate

from ..forms import ID_RANGE, ReportForm, add_validation_errors
from ..models import IssueReport
from ..services import office_lead_ngo, report_submit_once
from ..supporting import similar_box


@login_required
def report_new(request, ngo_pk):
    """Submit a new report for your NGO, with up to five attachments (or report again a
    problem an earlier report did not solve: `?follows=<its id>` fills the form from it)."""
    ngo = get_ngo_for_user(request.user, ngo_pk)
    if not may_submit_report(request.user, ngo):
        raise PermissionDenied(_("Only the managers of an active NGO can submit its reports."))
    earlier = None if request.method == "POST" else _earlier_report(ngo, request.GET)
    form = ReportForm(
        request.POST or None,
        request.FILES or None,
        ngo=ngo,
        initial=_follow_up(earlier) if earlier else None,
    )
    # "Look for similar reports": the form again as typed, with the open reports like it.
    checking = "check_similar" in request.POST
    if request.method == "POST" and not checking and form.is_valid():
        response = _submit(request, form, ngo)
        if response is not None:
            return response
    if checking:
        form.errors.clear()  # nothing was submitted: nothing is refused yet
    if earlier is None and form.is_bound and hasattr(form, "cleaned_data"):
        earlier = form.cleaned_data.get("follows")
    similar = similar_box(ngo, form["category"].value(), form["neighbourhood"].value())
    context = {"form": form, "ngo": ngo, "earlier": earlier, "similar": similar}
    return render(request, "reports/new.html", context)


@login_required
def office_report_new(request, office_pk):
    """Submit a report about one of your office's neighbourhoods: it names the office and
    goes in the name of the office's lead partner NGO, as an NGO manager's report does."""
    office = get_workspace_office(request.user, office_pk)
    if not may_submit_office_report(request.user, office):
        raise PermissionDenied(_("Only the staff of an active office can submit its reports."))
    ngo = office_lead_ngo(office)
    context = {"office": office, "ngo": ngo, "form": None}
    if ngo is None or ngo.status != NGO.Status.ACTIVE:
        context["blocked"] = _(
            "An office's reports are submitted in the name of its lead partner NGO, and this "
            "office has no active lead partner recorded. Ask the county's officials to record "
            "the NGO that leads the office; until then, tell them of the problem directly."
        )
        return render(request, "reports/new.html", context)
    form = ReportForm(request.POST or None, request.FILES or None, ngo=ngo)
    _fix_office(form, office)
    if request.method == "POST" and form.is_valid():
        response = _submit(request, form, ngo, office=office, from_office=True)
        if response is not None:
            return response
    return render(request, "reports/new.html", {**context, "form": form})


def _fix_office(form: ReportForm, office) -> None:
    """The office's report names the office, about one of the neighbourhoods it serves."""
    form.fields["office"].queryset = FacilitationOffice.objects.filter(pk=office.pk)
    form.fields["office"].disabled = True
    form.fields["office"].initial = office.pk
    form.initial["office"] = office.pk
    form.fields["office"].label_from_instance = lambda obj: obj.name
    form.fields["office"].widget.attrs.pop("data-searchable", None)  # one office: no search
    hoods = form.fields["neighbourhood"]
    hoods.empty_label = _("— choose the neighbourhood —")
    hoods.queryset = office.neighbourhoods.order_by(persian_order("name"))
    hoods.label_from_instance = lambda obj: obj.name
    hoods.required = True
    form.fields["follows"].queryset = IssueReport.objects.none()


def _submit(request, form: ReportForm, ngo, **extra):
    """Submit the valid form's report and go to it; None if the service refused it (the
    reasons are then on the form)."""
    fields = {k: form.cleaned_data[k] for k in ReportForm.Meta.fields}
    fields.update(extra)
    try:
        report, created = report_submit_once(
            ngo=ngo,
            submitted_by=request.user,
            submission_key=form.cleaned_data["submission_key"],
            files=form.cleaned_data["files"],
            follows=form.cleaned_data.get("follows"),
            **fields,
        )
    except ValidationError as error:
        add_validation_errors(form, error)
        return None
    reference = isolate(digits_for_reader(report.reference))
    if created:
        messages.success(
            request,
            _("Your report was received. Its reference number is %(reference)s.")
            % {"reference": reference},
        )
    else:  # the same form sent again (a double click, a resent page)
        messages.info(
            request,
            _(
                "This report had already been received as %(reference)s; "
                "it was not saved a second time."
            )
            % {"reference": reference},
        )
    return redirect("report_detail", pk=report.pk)


def _earlier_report(ngo, params) -> IssueReport | None:
    """The NGO's report named by `?follows=`, if there is one (any other value is ignored)."""
    value = params.get("follows", "")
    if not value.isascii() or not value.isdigit() or int(value) > ID_RANGE["max_value"]:
        return None
    return IssueReport.objects.filter(ngo=ngo, pk=int(value)).select_related("category").first()


def _follow_up(earlier: IssueReport) -> dict:
    """A new report's form filled from the earlier report about the same problem."""
    quote = _("Following up report %(reference)s: the problem persists.") % {
        "reference": digits_for_reader(earlier.reference)
    }
    return {
        "follows": earlier.pk,
        "title": earlier.title,
        "category": earlier.category_id if earlier.category.active else None,
        "neighbourhood": earlier.neighbourhood_id,
        "office": earlier.office_id,
        "severity": earlier.severity,
        "people_affected": earlier.people_affected,
        "description": f"{quote}\n\n{earlier.description}",
        "proposed_solution": earlier.proposed_solution,
    }
