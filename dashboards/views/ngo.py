"""An NGO's page: its registry record, licences, supervision visits and its reports' figures."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed
from django.shortcuts import render
from django.utils import timezone

from accounts.access import (
    access_for,
    get_ngo_for_user,
    may_edit_ngo,
    may_raise_demand,
    may_review_licence,
    may_submit_report,
)
from meetings.selectors import visible_demands
from ngos.models import NGO, Licence, SupervisionVisit
from ngos.selectors import profile_changes
from reports.models import IssueReport

from .. import figures


@login_required
def ngo_home(request, pk):
    """See an NGO's profile, licences and supervision visits; its managers keep them current,
    officials see what the NGO changed and verify the licences it uploads."""
    ngo = get_ngo_for_user(
        request.user,
        pk,
        NGO.objects.with_licence_status().select_related("county").prefetch_related("fields"),
    )
    if request.method not in ("GET", "HEAD"):  # after the scope check: 404 before 405
        return HttpResponseNotAllowed(["GET", "HEAD"])
    licences = Licence.objects.filter(ngo=ngo).select_related("authority").with_status()
    visits = SupervisionVisit.objects.filter(ngo=ngo).select_related("authority")
    reports = IssueReport.objects.visible_to(request.user).filter(ngo=ngo)
    is_official = access_for(request.user).is_official
    return render(
        request,
        "ngos/home.html",
        {
            "ngo": ngo,
            "can_edit": may_edit_ngo(request.user, ngo),
            "can_review": may_review_licence(request.user, ngo),
            # Officials read what the NGO itself last changed (kept on the NGO: no query).
            "changes": profile_changes(ngo) if is_official and ngo.profile_changed_at else [],
            "licences": licences,
            "visits": visits.order_by("-visited_on", "-pk"),
            "today": timezone.localdate(),
            "can_submit": may_submit_report(request.user, ngo),
            # The NGO's latest demands and where they stand (one query).
            "demands": visible_demands(request.user)
            .filter(ngo=ngo)
            .select_related("category")
            .order_by("-raised_on", "-pk")[:5],
            "can_raise_demand": may_raise_demand(request.user, ngo),
            "figures": figures.ngo_figures(reports),
            "definitions": figures.BY_NAME,
        },
    )
