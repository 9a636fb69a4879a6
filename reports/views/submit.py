"""The NGO's form for a new report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.access import get_ngo_for_user, may_submit_report
from offices.formatting import digits_for_reader
from offices.text import isolate

from ..forms import ID_RANGE, ReportForm, add_validation_errors
from ..models import IssueReport
from ..services import report_submit_once


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
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in ReportForm.Meta.fields}
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
        else:
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
    if earlier is None and form.is_bound and hasattr(form, "cleaned_data"):
        earlier = form.cleaned_data.get("follows")
    return render(request, "reports/new.html", {"form": form, "ngo": ngo, "earlier": earlier})


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
    }
