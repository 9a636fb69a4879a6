from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ngos.models import NGO, Licence

from .. import figures, roles
from ..forms import NGOContactForm


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
    return render(
        request,
        "ngos/home.html",
        {
            "ngo": ngo,
            "form": form,
            "licences": licences,
            "today": timezone.localdate(),
            "can_submit": roles.may_submit_report(request.user, ngo),
            "figures": figures.ngo_figures(roles.reports_for(request.user).filter(ngo=ngo)),
            "definitions": figures.BY_NAME,
        },
    )
