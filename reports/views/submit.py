"""The NGO's form for a new report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.access import get_ngo_for_user, may_submit_report
from offices.formatting import digits_for_reader
from offices.text import isolate

from ..forms import ReportForm, add_validation_errors
from ..services import report_submit_once


@login_required
def report_new(request, ngo_pk):
    """Submit a new report for your NGO, with up to five attachments."""
    ngo = get_ngo_for_user(request.user, ngo_pk)
    if not may_submit_report(request.user, ngo):
        raise PermissionDenied(_("Only the managers of an active NGO can submit its reports."))
    form = ReportForm(request.POST or None, request.FILES or None, ngo=ngo)
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in ReportForm.Meta.fields}
        try:
            report, created = report_submit_once(
                ngo=ngo,
                submitted_by=request.user,
                submission_key=form.cleaned_data["submission_key"],
                files=form.cleaned_data["files"],
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
    return render(request, "reports/new.html", {"form": form, "ngo": ngo})
