"""Writes of the NGO registry done by NGOs' managers and officials: the profile, renewed licences.

Who may call each is decided by the access module (`accounts.access`, a higher app),
which the pages ask first; these functions keep the records consistent and in the
history with the acting user.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import NGO, Licence

# Sent in the transaction that saved a licence an NGO uploaded: receivers enqueue their
# task in it, so a rolled-back upload tells nobody.
licence_uploaded = Signal()

# The history's note on the NGO's own changes (simple_history's change reason).
CHANGED_BY_NGO = "changed by the NGO"
CONFIRMED_BY_NGO = "confirmed by the NGO"


def _check_manager(user, ngo: NGO):
    if not ngo.managers.filter(pk=user.pk).exists():
        raise PermissionDenied(_("Only the NGO's own managers can change its profile."))


def _plain(value):
    """A field's value as kept in `NGO.profile_changes` (JSON): names for the fields list."""
    if hasattr(value, "all") or isinstance(value, list | tuple | set):
        return sorted(str(item) for item in value)
    return value


@transaction.atomic
def ngo_profile_save(*, user, form) -> NGO:
    """Save the NGO's profile as its manager sent it (`NGOProfileForm`, valid): the profile is
    confirmed now, and what changed is kept for officials and in the history."""
    ngo = NGO.objects.select_for_update().get(pk=form.instance.pk)
    _check_manager(user, ngo)
    now = timezone.now()
    changes = []
    for name in form.changed_data:
        old = _plain(ngo.fields.all() if name == "fields" else getattr(ngo, name))
        new = _plain(NGO._meta.get_field(name).to_python(form.cleaned_data[name]))
        # A form "changes" a field whose text was sent back in other digits (the page shows
        # a phone number in Persian digits; it is kept in Latin ones): only values count.
        if old != new:
            changes.append({"field": name, "old": old, "new": new})
    ngo = form.save(commit=False)
    ngo.profile_confirmed_at = now
    if changes:
        ngo.profile_changed_at = now
        ngo.profile_changes = changes
    ngo._history_user = user
    ngo._change_reason = CHANGED_BY_NGO if changes else CONFIRMED_BY_NGO
    ngo.save()
    form.save_m2m()
    return ngo


@transaction.atomic
def ngo_profile_confirm(*, user, ngo: NGO) -> NGO:
    """The manager confirms the profile as it stands (the figures are still right)."""
    _check_manager(user, ngo)
    ngo.profile_confirmed_at = timezone.now()
    ngo._history_user = user
    ngo._change_reason = CONFIRMED_BY_NGO
    ngo.save(update_fields=["profile_confirmed_at", "updated_at"])
    return ngo


@transaction.atomic
def licence_submit(*, user, ngo: NGO, form) -> Licence:
    """A renewed licence uploaded by the NGO's manager (`LicenceUploadForm`, valid): it waits
    for an official's verification and does not count until then."""
    _check_manager(user, ngo)
    licence = form.save(commit=False)
    licence.ngo = ngo
    licence.verification = Licence.Verification.AWAITING
    licence.submitted_by = user
    licence.document_name = form.cleaned_data["document"].name[:255]
    licence._history_user = user
    licence.save()
    # The officials who verify it are told (accounts, a higher app, sends the email).
    licence_uploaded.send(sender=Licence, licence=licence)
    return licence


def _awaiting(licence: Licence) -> Licence:
    licence = Licence.objects.select_for_update().get(pk=licence.pk)
    if licence.verification != Licence.Verification.AWAITING:
        raise ValidationError(_("This licence was already reviewed."), code="reviewed")
    return licence


@transaction.atomic
def licence_verify(*, user, licence: Licence) -> Licence:
    """An official verifies an uploaded licence: from now on it counts."""
    licence = _awaiting(licence)
    licence.verification = Licence.Verification.VERIFIED
    licence.reviewed_by, licence.reviewed_at = user, timezone.now()
    licence.return_reason = ""
    licence._history_user = user
    licence.save()
    return licence


@transaction.atomic
def licence_return(*, user, licence: Licence, reason: str) -> Licence:
    """An official sends an uploaded licence back to the NGO, saying why."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the licence is returned.")})
    licence = _awaiting(licence)
    licence.verification = Licence.Verification.RETURNED
    licence.reviewed_by, licence.reviewed_at = user, timezone.now()
    licence.return_reason = reason
    licence._history_user = user
    licence.save()
    return licence
