from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone

from ngos.models import NGO, Licence
from reports.models import OPEN_STATES, REFERRAL_STATES

from .. import roles


@login_required
def dashboard(request):
    """See the main figures of your county or of the province."""
    if not roles.may_view_dashboards(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    reports = roles.reports_for(request.user)
    figures = reports.aggregate(
        open_reports=Count("pk", filter=Q(status__in=OPEN_STATES, duplicate_of__isnull=True)),
        overdue=Count("pk", filter=Q(status__in=REFERRAL_STATES, due_on__lt=today)),
        submitted=Count("pk", filter=Q(status="submitted")),
    )
    offices = roles.offices_for(request.user).aggregate(
        active=Count("pk", filter=Q(status="active")),
        without_premises=Count("pk", filter=Q(status="active") & ~Q(premises="dedicated")),
    )
    ngos = roles.ngos_for(request.user)
    licences = Licence.objects.filter(ngo__in=ngos)
    figures.update(
        active_offices=offices["active"],
        offices_without_premises=offices["without_premises"],
        active_ngos=ngos.filter(status=NGO.Status.ACTIVE).count(),
        licences_expiring=licences.expiring_soon(today).count(),
    )
    access = roles.access_for(request.user)
    county = roles.counties_for(request.user).first() if access.role == roles.Role.COUNTY else None
    return render(
        request,
        "facilitation/dashboard.html",
        {"figures": figures, "county": county, "access": access, "today": today},
    )
