"""Forms about NGOs: what their managers keep current, and the registry list's filters."""

import os

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from offices.forms import (
    ANY,
    DigitsIntegerField,
    JalaliDateField,
    PastJalaliDateField,
    PlaceFilterForm,
)
from offices.inputs import ReaderDigitsInput, TextField

from .models import NGO, FieldOfActivity, Licence, LicenceStatus, LicensingAuthority

# More members (or jobs) than this is a typing mistake, not an NGO of the province.
MAX_COUNT = 1_000_000
COUNT_ERRORS = {
    "min_value": _("Enter zero or a positive whole number."),
    "max_value": _("This number is not plausible; check it."),
    "invalid": _("Enter a whole number, e.g. 25."),
}


def count_field():
    return DigitsIntegerField(min_value=0, max_value=MAX_COUNT, error_messages=COUNT_ERRORS)


class NGOProfileForm(forms.ModelForm):
    """What an NGO's manager keeps current: contact, address, fields of activity, members
    and the NGO's work with people with disabilities."""

    members = count_field()
    insured_members = count_field()
    members_with_disabilities = count_field()
    disability_jobs = count_field()

    class Meta:
        model = NGO
        fields = [
            "contact_person",
            "phone",
            "email",
            "address",
            "fields",
            "members",
            "insured_members",
            "members_with_disabilities",
            "works_with_disabilities",
            "disability_jobs",
        ]
        widgets = {
            "phone": ReaderDigitsInput(attrs={"inputmode": "tel"}),
            "email": forms.EmailInput(attrs={"dir": "ltr"}),
            "address": forms.Textarea(attrs={"rows": 3}),
            "fields": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("members", "insured_members", "members_with_disabilities", "disability_jobs"):
            self.fields[name].label = NGO._meta.get_field(name).verbose_name.capitalize()
            self.fields[name].help_text = NGO._meta.get_field(name).help_text
        self.fields["fields"].error_messages["invalid_choice"] = _(
            "One of the chosen fields of activity is not on the list. Open the form again."
        )

    def clean(self):
        cleaned = super().clean()
        members = cleaned.get("members")
        if members is None:
            return cleaned
        if (cleaned.get("insured_members") or 0) > members:
            self.add_error(
                "insured_members", _("Members with insurance cannot be more than the members.")
            )
        if (cleaned.get("members_with_disabilities") or 0) > members:
            self.add_error(
                "members_with_disabilities",
                _("Members with disabilities cannot be more than the members."),
            )
        return cleaned


SCAN_TYPES = (".pdf", ".jpg", ".jpeg", ".png")


class LicenceUploadForm(forms.ModelForm):
    """A renewed licence as the NGO's manager sends it: it counts once an official verifies it."""

    class Meta:
        model = Licence
        fields = ["authority", "number", "issued_on", "expires_on", "document"]
        field_classes = {"issued_on": PastJalaliDateField, "expires_on": JalaliDateField}
        widgets = {"number": ReaderDigitsInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = LicensingAuthority.objects.filter(active=True)
        self.fields["authority"].empty_label = _("— choose the issuing authority —")
        self.fields["document"].required = True
        self.fields["document"].error_messages["required"] = _(
            "Attach the scanned licence (PDF, JPG or PNG)."
        )
        self.fields["document"].help_text = _("PDF, JPG or PNG, at most 10 MB.")
        self.fields["document"].widget.attrs["accept"] = ",".join(SCAN_TYPES)

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document and os.path.splitext(document.name)[1].lower() not in SCAN_TYPES:
            raise forms.ValidationError(
                _("A scanned licence is a PDF, JPG or PNG file."), code="file_type"
            )
        return document

    def clean(self):
        cleaned = super().clean()
        issued, expires = cleaned.get("issued_on"), cleaned.get("expires_on")
        if issued and expires and expires <= issued:
            self.add_error("expires_on", _("The expiry date must be after the issue date."))
        elif expires and expires < timezone.localdate():
            self.add_error(
                "expires_on", _("This licence has already expired: upload the renewed licence.")
            )
        authority, number = cleaned.get("authority"), cleaned.get("number")
        if (
            authority
            and number
            and Licence.objects.exclude(verification=Licence.Verification.RETURNED)
            .filter(authority=authority, number=number)
            .exists()
        ):
            self.add_error("number", _("This authority already issued a licence with this number."))
        return cleaned


class LicenceReturnForm(forms.Form):
    """Why an official sends an uploaded licence back to the NGO."""

    reason = TextField(label=_("Reason for returning"), max_length=1000)


class NGOFilterForm(PlaceFilterForm):
    status = forms.ChoiceField(label=_("Status"), choices=ANY + NGO.Status.choices, required=False)
    licence = forms.ChoiceField(
        label=_("Licence"), choices=ANY + LicenceStatus.choices, required=False
    )
    field = forms.ModelChoiceField(
        label=_("Field of activity"), queryset=FieldOfActivity.objects.all(), required=False
    )
    verification = forms.ChoiceField(
        label=_("Renewed licence"),
        choices=ANY + [(Licence.Verification.AWAITING, _("awaiting verification"))],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].empty_label = _("Any")
