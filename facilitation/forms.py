from django import forms
from django.utils.translation import gettext_lazy as _

from ngos.models import NGO, FieldOfActivity, LicenceStatus
from offices.models import County, FacilitationOffice
from offices.text import normalize_digits, normalize_text


class NGOContactForm(forms.ModelForm):
    """What an NGO's manager may keep current: how to reach the NGO, nothing else."""

    class Meta:
        model = NGO
        fields = ["contact_person", "phone", "email", "address"]
        widgets = {
            "phone": forms.TextInput(attrs={"dir": "ltr", "inputmode": "tel"}),
            "email": forms.EmailInput(attrs={"dir": "ltr"}),
            "address": forms.Textarea(attrs={"rows": 3}),
        }


ANY = [("", _("Any"))]
WITHOUT_PREMISES = "without"


class _PlaceFilterForm(forms.Form):
    """Shared by the registry lists: a search box and a county within the user's scope."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    county = forms.ModelChoiceField(
        label=_("County"), queryset=County.objects.none(), required=False
    )

    def __init__(self, *args, counties=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = counties if counties is not None else County.objects.all()
        self.fields["county"].empty_label = _("Any")

    def clean_q(self):
        return normalize_digits(normalize_text(self.cleaned_data.get("q") or ""))


class OfficeFilterForm(_PlaceFilterForm):
    status = forms.ChoiceField(
        label=_("Status"), choices=ANY + FacilitationOffice.Status.choices, required=False
    )
    premises = forms.ChoiceField(
        label=_("Premises"),
        choices=ANY
        + [(WITHOUT_PREMISES, _("without dedicated premises"))]
        + FacilitationOffice.Premises.choices,
        required=False,
    )


class NGOFilterForm(_PlaceFilterForm):
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
