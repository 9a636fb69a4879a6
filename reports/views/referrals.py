"""A referral's due date, extended by an official from the report's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from offices.formatting import format_date

from ..forms import ExtendForm, add_validation_errors
from ..models import REFERRAL_STATES, IssueReport
from ..referrals import may_extend
from ..referrals import report_extend as extend_referral
from ..selectors import get_report_for_actor
from ..workflow import STAFF, TransitionError


@login_required
@require_POST
def report_extend(request, pk):
    """Give the agency more time to answer a referral, saying why (the NGO reads it)."""
    report, role = get_report_for_actor(
        request.user, pk, IssueReport.objects.select_related("agency", "ngo", "county")
    )
    if role not in STAFF:
        raise PermissionDenied(_("Only officials can extend a referral's due date."))
    back = reverse("report_detail", args=[report.pk]) + "#top"
    if not may_extend(report, role):  # answered or taken back since the page was drawn
        messages.error(
            request, _("Only a referral waiting for the agency's answer can be extended.")
        )
        return redirect(back)
    form = ExtendForm(request.POST)
    if form.is_valid():
        try:
            extend_referral(
                report=report,
                actor=request.user,
                due_on=form.cleaned_data["due_on"],
                reason=form.cleaned_data["reason"],
            )
        except TransitionError as error:
            add_validation_errors(form, error)
        else:
            messages.success(
                request,
                _("The due date was extended to %(date)s.")
                % {"date": format_date(report.due_on, long=True)},
            )
            return redirect(back)
    # The form again, with what was typed and each error beside its field.
    context = {
        "report": report,
        "extend_form": form,
        "referral_open": report.status in REFERRAL_STATES,
        "is_official": True,
    }
    return render(request, "reports/extend.html", context, status=400)
