"""The dashboards: the province's (or a county's) figures, charts and tables, and what each means."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from offices.formatting import jalali_month_label
from offices.forms import JalaliDateField
from offices.jalali import format_jalali, month_bounds
from offices.models import County

from .. import figures, roles


class DashboardFilterForm(forms.Form):
    county = forms.ModelChoiceField(
        label=_("County"), queryset=County.objects.none(), required=False
    )
    start = JalaliDateField(label=_("From"), required=False)
    end = JalaliDateField(label=_("To"), required=False)

    def __init__(self, *args, counties=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = counties
        self.fields["county"].empty_label = _("the whole province")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["start"] > cleaned["end"]:
            self.add_error("end", _("The end of the period is before its start."))
        return cleaned


def filtered_scope(request):
    """The figures' scope: the user's records, narrowed by the filters; (form, scope, county).

    A county outside the user's scope is a 404. Any other bad filter gives scope None:
    the page then shows the messages and no figures, never figures of another period.
    """
    user = request.user
    today = timezone.localdate()
    counties = roles.counties_for(user)
    year_start = figures.jalali_year_start(today)
    # Unfiltered, the page shows this Jalali year so far, and the form says so.
    form = DashboardFilterForm(
        request.GET or None, counties=counties, initial={"start": year_start, "end": today}
    )
    start, end, county = year_start, None, None
    if form.is_bound:
        if not form.is_valid():
            if "county" in form.errors:
                raise Http404  # a county outside the user's scope, or none at all
            return form, None, form.cleaned_data.get("county")
        else:
            county = form.cleaned_data["county"]
            start = form.cleaned_data["start"] or year_start
            if form.cleaned_data["end"]:
                end = form.cleaned_data["end"] + timezone.timedelta(days=1)
    return form, figures.scope_for(user, county, start, end, today), county


def period_query(scope) -> str:
    """The report list's filters for the reports submitted in the scope's period."""
    return _submitted_between(scope.start, scope.end)


def _submitted_between(start, end) -> str:
    """Report-list filters for submissions from `start` up to (not including) `end`."""
    query = QueryDict(mutable=True)
    if start:
        query["submitted_from"] = format_jalali(start)
    if end:
        query["submitted_to"] = format_jalali(end - timezone.timedelta(days=1))
    return query.urlencode(safe="/")


@login_required
def dashboard(request):
    """See the figures of your county or of the province, and follow any number to its list."""
    if not roles.may_view_dashboards(request.user):
        raise PermissionDenied
    form, scope, county = filtered_scope(request)
    access = roles.access_for(request.user)
    if county is None and access.role == roles.Role.COUNTY:
        county = roles.counties_for(request.user).first()
    if scope is None:
        context = {"form": form, "county": county, "access": access, "today": timezone.localdate()}
        return render(request, "facilitation/dashboard.html", context)
    by_month = figures.reports_by_month(scope)
    by_category, by_status = figures.reports_by_category_and_status(scope)
    offices = figures.offices_by_county(scope)
    by_field = figures.ngos_by_field(scope)
    office_statuses = figures.FacilitationOffice.Status.choices
    charts = {
        "category": {
            "labels": [c.name for c, _n in by_category],
            "values": [n for _c, n in by_category],
        },
        "status": {
            "labels": [str(label) for _v, label, _n in by_status],
            "values": [n for *_x, n in by_status],
        },
        "month": {
            "labels": [jalali_month_label(month_bounds(y, m)[0]) for y, m, _n in by_month],
            "values": [n for *_x, n in by_month],
        },
        "field": {"labels": [f.name for f, _n in by_field], "values": [n for _f, n in by_field]},
        "offices": {
            "labels": [c.name for c, _row in offices],
            "series": [
                {"label": str(label), "values": [row.get(value, 0) for _c, row in offices]}
                for value, label in figures.FacilitationOffice.Status.choices
            ],
        },
    }
    context = {
        "period_query": period_query(scope),
        "form": form,
        "scope": scope,
        "county": county,
        "access": access,
        "key": figures.key_figures(scope),
        "definitions": figures.BY_NAME,
        "by_category": by_category,
        "by_status": by_status,
        # Each month's count links to that month's reports (in the scope's county).
        "by_month": [(y, m, n, _submitted_between(*month_bounds(y, m))) for y, m, n in by_month],
        # Every status's count for each county, zeros included, in the statuses' order.
        "offices": [
            (county_row, [(value, row.get(value, 0)) for value, _label in office_statuses])
            for county_row, row in offices
        ],
        "office_statuses": office_statuses,
        "by_field": by_field,
        "neighbourhoods": figures.neighbourhood_ranking(scope),
        "scorecard": figures.agency_scorecard(scope),
        "charts": charts,
        "today": scope.today,
    }
    return render(request, "facilitation/dashboard.html", context)


@login_required
def definitions(request):
    """Read how every figure is counted, so everyone means the same thing by it."""
    if not roles.may_view_dashboards(request.user):
        raise PermissionDenied
    return render(request, "facilitation/definitions.html", {"definitions": figures.DEFINITIONS})
