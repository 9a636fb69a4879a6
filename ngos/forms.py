"""Forms about NGOs: what their managers keep current, and the registry list's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from offices.forms import ANY, PlaceFilterForm
from offices.inputs import ReaderDigitsInput

from .models import NGO, FieldOfActivity, LicenceStatus


class NGOContactForm(forms.ModelForm):
    """What an NGO's manager may keep current: how to reach the NGO, nothing else."""

    class Meta:
        model = NGO
        fields = ["contact_person", "phone", "email", "address"]
        widgets = {
            "phone": ReaderDigitsInput(attrs={"inputmode": "tel"}),
            "email": forms.EmailInput(attrs={"dir": "ltr"}),
            "address": forms.Textarea(attrs={"rows": 3}),
        }


class NGOFilterForm(PlaceFilterForm):
    status = forms.ChoiceField(label=_("Status"), choices=ANY + NGO.Status.choices, required=False)
    licence = forms.ChoiceField(
        label=_("Licence"), choices=ANY + LicenceStatus.choices, required=False
    )
    field = forms.ModelChoiceField(
        label=_("Field of activity"), queryset=FieldOfActivity.objects.all(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].empty_label = _("Any")
