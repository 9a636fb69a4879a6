from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ngos.models import NGO, Licence, SupervisionVisit

from .. import figures, roles
from ..forms import NGOContactForm, NGOFilterForm
from .places import filtered_list, list_context, official


@login_required
def ngo_home(request, pk):
    """See an NGO's registry record and licences; its managers keep its contact details current."""
    ngo = roles.get_ngo_for_user(
        request.user,
        pk,
        NGO.objects.with_licence_status().select_related("county").prefetch_related("fields"),
    )
    can_edit = roles.may_edit_ngo_contact(request.user, ngo)
    form = None
    if can_edit:
        form = NGOContactForm(request.POST or None, instance=ngo)
        if request.method == "POST" and form.is_valid():
            form.save()
            messages.success(request, _("The NGO's contact details were saved."))
            return redirect("ngo_home", pk=ngo.pk)
    elif request.method == "POST":
        raise PermissionDenied
    licences = Licence.objects.filter(ngo=ngo).select_related("authority").with_status()
    visits = SupervisionVisit.objects.filter(ngo=ngo).select_related("authority")
    return render(
        request,
        "ngos/home.html",
        {
            "ngo": ngo,
            "form": form,
            "licences": licences,
            "visits": visits.order_by("-visited_on", "-pk"),
            "today": timezone.localdate(),
            "can_submit": roles.may_submit_report(request.user, ngo),
            "figures": figures.ngo_figures(roles.reports_for(request.user).filter(ngo=ngo)),
            "definitions": figures.BY_NAME,
        },
    )


@login_required
def ngo_list(request):
    """Find NGOs in the registry by county, status, licence and field of activity."""
    official(request)
    ngos = NGO.objects.with_licence_status(timezone.localdate())
    form, ngos, data = filtered_list(request, NGOFilterForm, roles.ngos_for(request.user, ngos))
    if data.get("licence"):
        ngos = ngos.filter(licence_status=data["licence"])
    if data.get("field"):
        ngos = ngos.filter(fields=data["field"])
    if data.get("q"):
        q = data["q"]
        ngos = ngos.filter(Q(name__icontains=q) | Q(national_id__icontains=q))
    ngos = ngos.select_related("county").order_by("name", "pk")
    return render(request, "ngos/list.html", list_context(request, form, ngos))
