"""The premises request's steps, one small form each (the services check the rest)."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from offices.forms import DigitsIntegerField, PastJalaliDateField
from offices.inputs import TextField
from reports.models import Agency

from ..models import PremisesRequest

MAX_SIZE = 100_000  # square metres: more is a typing mistake


def _label(name: str):
    return capfirst(PremisesRequest._meta.get_field(name).verbose_name)


class PremisesRequestForm(forms.Form):
    """The office asks for dedicated premises."""

    need = TextField(
        label=_label("need"),
        help_text=PremisesRequest._meta.get_field("need").help_text,
        max_length=2000,
    )
    requested_on = PastJalaliDateField(label=_label("requested_on"))


class PremisesOfferForm(forms.Form):
    """The offer of premises the office received."""

    offered_on = PastJalaliDateField(label=_label("offered_on"))
    offer_address = TextField(
        label=_label("offer_address"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    offer_agency = forms.ModelChoiceField(
        label=_label("offer_agency"),
        queryset=Agency.objects.filter(active=True),
        required=False,
        empty_label=_("— not an agency on the list —"),
        help_text=_("The agency that owns the premises, if it is on the list."),
        error_messages={
            "invalid_choice": _("This agency is not on the list. Open the form again.")
        },
    )
    offer_size = DigitsIntegerField(
        label=_label("offer_size"),
        min_value=1,
        max_value=MAX_SIZE,
        error_messages={
            "min_value": _("The size must be a positive number of square metres, e.g. 120."),
            "max_value": _("This size is not plausible; check it."),
            "invalid": _("Enter the size as a whole number of square metres, e.g. 120."),
        },
    )


class PremisesDecisionForm(forms.Form):
    """The county's officials accept the offer or decline it."""

    APPROVE, DECLINE = "approve", "decline"

    outcome = forms.ChoiceField(
        label=_("Decision on the offer"),
        choices=[
            ("", _("— choose —")),
            (APPROVE, _("Accept the offered premises")),
            (DECLINE, _("Decline the offered premises")),
        ],
        error_messages={"invalid_choice": _("Choose to accept or to decline the offer.")},
    )
    decided_on = PastJalaliDateField(label=_label("decided_on"))
    decision = TextField(
        label=_("Explanation"),
        required=False,
        max_length=2000,
        help_text=_("Required when the offer is declined: say why."),
    )


class PremisesMoveForm(forms.Form):
    """The office moved into the accepted premises."""

    move_on = PastJalaliDateField(label=_label("move_on"))
