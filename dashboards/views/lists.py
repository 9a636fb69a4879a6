"""The registry lists that every dashboard figure links to: facilitation offices and NGOs."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone

from accounts.access import counties_for, ngos_for, offices_for, official_access
from ngos.forms import NGOFilterForm
from ngos.models import NGO
from ngos.selectors import filter_ngos
from offices.collation import persian_order
from offices.forms import OfficeFilterForm
from offices.paging import paginate
from offices.selectors import filter_offices

LIST_PAGE_SIZE = 50


def _filtered(request, form_class, queryset, apply_filters):
    """The list's form bound to the query string, and the rows it selects: all when
    unfiltered, none when a filter is bad (the page shows its message)."""
    form = form_class(request.GET or None, counties=counties_for(request.user))
    if not form.is_bound:
        return form, queryset
    if not form.is_valid():
        return form, queryset.none()
    return form, apply_filters(queryset, form.cleaned_data)


@login_required
def office_list(request):
    """Find facilitation offices by county, status and premises."""
    access = official_access(request.user)
    form, offices = _filtered(request, OfficeFilterForm, offices_for(request.user), filter_offices)
    offices = (
        offices.select_related("county")
        .annotate(served=Count("neighbourhoods"))
        .order_by(persian_order("county__name"), "code")
    )
    context = {"form": form, "access": access, **paginate(request, offices, LIST_PAGE_SIZE)}
    return render(request, "dashboards/office_list.html", context)


@login_required
def ngo_list(request):
    """Find NGOs in the registry by county, status, licence and field of activity."""
    official_access(request.user)
    ngos = ngos_for(request.user, NGO.objects.with_licence_status(timezone.localdate()))
    form, ngos = _filtered(request, NGOFilterForm, ngos, filter_ngos)
    ngos = ngos.select_related("county").order_by(persian_order("name"), "pk")
    context = {"form": form, **paginate(request, ngos, LIST_PAGE_SIZE)}
    return render(request, "ngos/list.html", context)
