"""An NGO's page: its registry record, licences, supervision visits and its reports' figures."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import get_ngo_for_user, may_edit_ngo_contact, may_submit_report
from ngos.forms import NGOContactForm
from ngos.models import NGO, Licence, SupervisionVisit
from reports.models import IssueReport

from .. import figures


@login_required
def ngo_home(request, pk):
    """See an NGO's registry record and licences; its managers keep its contact details current."""
    ngo = get_ngo_for_user(
        request.user,
        pk,
        NGO.objects.with_licence_status().select_related("county").prefetch_related("fields"),
    )
    form = None
    if may_edit_ngo_contact(request.user, ngo):
        form = NGOContactForm(request.POST or None, instance=ngo)
        if request.method == "POST" and form.is_valid():
            form.save()
            messages.success(request, _("The NGO's contact details were saved."))
            return redirect("ngo_home", pk=ngo.pk)
    elif request.method == "POST":
        raise PermissionDenied(_("Only the NGO's own managers can change its contact details."))
    licences = Licence.objects.filter(ngo=ngo).select_related("authority").with_status()
    visits = SupervisionVisit.objects.filter(ngo=ngo).select_related("authority")
    reports = IssueReport.objects.visible_to(request.user).filter(ngo=ngo)
    return render(
        request,
        "ngos/home.html",
        {
            "ngo": ngo,
            "form": form,
            "licences": licences,
            "visits": visits.order_by("-visited_on", "-pk"),
            "today": timezone.localdate(),
            "can_submit": may_submit_report(request.user, ngo),
            "figures": figures.ngo_figures(reports),
            "definitions": figures.BY_NAME,
        },
    )
