"""The demands dashboard: what NGOs asked for, how it was answered and what is overdue."""

import datetime

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.access import Role, counties_for, official_access
from meetings.models import DemandStatus
from offices.jalali import format_jalali
from reports.models import Category

from ..figures import demands as figures
from ..filters import filtered_scope


class DemandKindForm(forms.Form):
    """The dashboard's one filter beyond the county and the period."""

    kind = forms.ChoiceField(
        label=_("Kind of category"),
        required=False,
        choices=[("", _("every kind")), *Category.Kind.choices],
    )


@login_required
def demand_dashboard(request):
    """See the demands NGOs raised, how they were answered and which commitments are overdue."""
    access = official_access(request.user)
    form, scope, county = filtered_scope(request.user, request.GET)
    kind_form = DemandKindForm(request.GET or None)
    if county is None and access.role == Role.COUNTY:
        county = counties_for(request.user).first()
    context = {
        "form": form,
        "kind_form": kind_form,
        "county": county,
        "access": access,
        "definitions": figures.DEMAND_BY_NAME,
        "today": timezone.localdate(),
    }
    kind_ok = not kind_form.is_bound or kind_form.is_valid()
    if scope is None or not kind_ok:
        return render(request, "dashboards/demand_dashboard.html", context)
    ds = figures.demand_scope(
        request.user,
        county_id=scope.county_id,
        kind=kind_form.cleaned_data["kind"] if kind_form.is_bound else "",
        start=scope.start,
        end=scope.end,
        today=scope.today,
    )
    period = _raised_between(scope.start, scope.end)
    key = figures.key_figures(ds)
    context |= {
        "scope": scope,
        "today": scope.today,
        "statuses": DemandStatus.choices,
        "period_query": period,
        # (figure, value, the demand list's filters, the list): a number links to what it counts.
        "cards": [
            ("demands_raised", key["raised"], f"?{period}", "demand_list"),
            ("demands_answered", key["answered"], "", ""),
            ("demands_done", key["done"], f"?status={DemandStatus.DONE}&{period}", "demand_list"),
            (
                "demands_not_possible",
                key["not_possible"],
                f"?status={DemandStatus.NOT_POSSIBLE}&{period}",
                "demand_list",
            ),
            ("demands_open", key["open"], f"?status={DemandStatus.OPEN}&{period}", "demand_list"),
            ("demands_committed", key["committed"], "", ""),
            ("overdue_commitments", key["overdue"], "?overdue=1", "demand_list"),
            ("median_days_to_demand_answer", key["median_days"], "", ""),
        ],
        "by_category": figures.by_category(ds),
        "by_agency": figures.by_agency(ds),
        "overdue": figures.overdue_commitments(ds),
        "overdue_shown": figures.OVERDUE_SHOWN,
        "meetings": figures.latest_meetings(ds),
    }
    return render(request, "dashboards/demand_dashboard.html", context)


def _raised_between(start, end) -> str:
    """Demand-list filters for demands raised from `start` up to (not including) `end`."""
    query = QueryDict(mutable=True)
    if start:
        query["raised_from"] = format_jalali(start)
    if end:
        query["raised_to"] = format_jalali(end - datetime.timedelta(days=1))
    return query.urlencode(safe="/")
