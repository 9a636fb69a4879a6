"""What an NGO's managers keep current themselves — the profile, renewed licences — and the
officials' verification of those licences."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import get_ngo_for_user, may_edit_ngo, may_review_licence
from ngos import services
from ngos.forms import LicenceReturnForm, LicenceUploadForm, NGOProfileForm
from ngos.models import NGO


def _managed_ngo(user, pk) -> NGO:
    """The NGO, for its own managers; 404 for those who may not see it, 403 for the others."""
    ngo = get_ngo_for_user(user, pk)
    if not may_edit_ngo(user, ngo):
        raise PermissionDenied(_("Only the NGO's own managers can change its profile."))
    return ngo


@login_required
def ngo_profile(request, pk):
    """Keep your NGO's profile current: contact, fields of activity, members, disability work."""
    ngo = _managed_ngo(request.user, pk)
    form = NGOProfileForm(request.POST or None, instance=ngo)
    if request.method == "POST" and form.is_valid():
        services.ngo_profile_save(user=request.user, form=form)
        messages.success(request, _("The NGO's profile was saved and confirmed."))
        return redirect("ngo_home", pk=ngo.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "ngos/profile.html", {"ngo": ngo, "form": form}, status=status)


@login_required
@require_POST
def ngo_profile_confirm(request, pk):
    """Confirm that your NGO's profile is still right, changing nothing."""
    ngo = _managed_ngo(request.user, pk)
    services.ngo_profile_confirm(user=request.user, ngo=ngo)
    messages.success(request, _("You confirmed the NGO's profile as it stands."))
    return redirect("ngo_home", pk=ngo.pk)


@login_required
def licence_upload(request, pk):
    """Send your NGO's renewed licence; it counts once an official verifies it."""
    ngo = _managed_ngo(request.user, pk)
    form = LicenceUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.licence_submit(user=request.user, ngo=ngo, form=form)
        messages.success(
            request, _("The licence was sent. It counts once the governorate verifies it.")
        )
        return redirect("ngo_home", pk=ngo.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "ngos/licence_upload.html", {"ngo": ngo, "form": form}, status=status)


@login_required
@require_POST
def licence_review(request, pk, licence_pk):
    """Verify a licence the NGO uploaded, or return it to the NGO saying why."""
    ngo = get_ngo_for_user(request.user, pk)
    if not may_review_licence(request.user, ngo):
        raise PermissionDenied(_("Only the officials of the NGO's county can verify its licences."))
    licence = get_object_or_404(ngo.licences, pk=licence_pk)
    try:
        if request.POST.get("action") == "verify":
            services.licence_verify(user=request.user, licence=licence)
            messages.success(request, _("The licence was verified; it now counts."))
        else:
            form = LicenceReturnForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Say why the licence is returned."))
                return redirect("ngo_home", pk=ngo.pk)
            services.licence_return(
                user=request.user, licence=licence, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("The licence was returned to the NGO."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("ngo_home", pk=ngo.pk)


@login_required
def licence_document(request, pk, licence_pk):
    """Download a licence's scanned document, if you may see the NGO."""
    ngo = get_ngo_for_user(request.user, pk)
    licence = get_object_or_404(ngo.licences.exclude(document=""), pk=licence_pk)
    try:
        handle = licence.document.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=licence.document_name or licence.document.name
    )
