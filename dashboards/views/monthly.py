"""The monthly report for the governor's office: ask for a month's PDF, download those made."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import PROVINCE_WIDE, counties_for, official_access
from offices.formatting import digits_for_reader
from offices.jalali import MONTH_NAMES, shift_month, to_jalali
from reports.forms import add_validation_errors

from .. import services
from ..models import MonthlyReport

PER_PAGE = 25


class MonthlyReportForm(forms.Form):
    """A Jalali month that has ended, and a county of the user's scope (or the province)."""

    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int)
    month = forms.TypedChoiceField(
        label=gettext_lazy("Month"),
        coerce=int,
        choices=[(number, name) for number, name in enumerate(MONTH_NAMES, start=1)],
    )
    county = forms.ModelChoiceField(
        label=gettext_lazy("County"),
        queryset=None,
        required=False,
        error_messages={
            "invalid_choice": gettext_lazy("You can ask for reports of your own county only.")
        },
    )

    def __init__(self, *args, user, access, today, **kwargs):
        now = to_jalali(today)
        last_year, last_month = shift_month(now.year, now.month, -1)
        kwargs.setdefault("initial", {"year": last_year, "month": last_month})
        super().__init__(*args, **kwargs)
        # This year's months that have not ended are refused with a message of their own.
        self.fields["year"].choices = [
            (year, digits_for_reader(year)) for year in range(now.year, services.FIRST_YEAR - 1, -1)
        ]
        county = self.fields["county"]
        county.queryset = counties_for(user)
        if access.role in PROVINCE_WIDE:
            county.empty_label = _("the whole province")
        else:
            county.required, county.empty_label = True, None
        self.today = today

    def clean(self):
        cleaned = super().clean()
        if "year" in cleaned and "month" in cleaned:
            refusal = services.month_refusal(cleaned["year"], cleaned["month"], self.today)
            if refusal:
                self.add_error("month", refusal)
        return cleaned


@login_required
def monthly_reports(request):
    """Ask for a month's report for the governor's office, and download the reports made."""
    access = official_access(request.user)
    form = MonthlyReportForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        access=access,
        today=timezone.localdate(),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.monthly_report_request(user=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The report is queued to be made; in a few minutes it is ready here."),
                )
                return redirect("monthly_reports")
        status = 400
    reports = MonthlyReport.objects.visible_to(request.user).select_related(
        "county", "requested_by"
    )
    page = Paginator(reports, PER_PAGE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "reports": page.object_list}
    return render(request, "dashboards/monthly_reports.html", context, status=status)


@login_required
def monthly_report_download(request, pk):
    """Download a monthly report's PDF, if it is ready and in your scope."""
    official_access(request.user)
    report = get_object_or_404(
        MonthlyReport.objects.visible_to(request.user)
        .filter(status=MonthlyReport.Status.READY)
        .exclude(file="")
        .select_related("county"),
        pk=pk,
    )
    try:
        handle = report.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=report.download_name, content_type="application/pdf"
    )
