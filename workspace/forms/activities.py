"""Forms of the office's own records: its activities, its referrals and its facilitators."""

import re

from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from ngos.models import NGO, Partnership
from offices.collation import persian_order
from offices.forms import DigitsIntegerField, JalaliDateField, JalaliDateInput, RecordsChoiceField
from offices.jalali import current_year_month
from offices.models import Facilitator
from offices.text import normalize_digits
from reports.forms import FILES_HELP, MultipleFileField
from reports.models import Agency

from ..models import Activity, ActivityKind, Referral
from ..services.activities import too_many_files

NOT_NEGATIVE = _("The number of people cannot be negative: enter 0 if none came.")
AT_LEAST_ONE = _("A referral is of at least one resident: enter how many were referred.")
NOT_SERVED = _("This office does not serve that neighbourhood: choose one of its neighbourhoods.")
NOT_OFFERED = _("That choice is not on the list: choose one of the list.")

MONTH_RE = re.compile(r"^(\d{4})-(\d{1,2})$")


def month_from_query(text) -> tuple[int, int]:
    """The Jalali month asked for by `?month=1405-08` (any digits); this month otherwise."""
    match = MONTH_RE.match(normalize_digits(str(text or "")).strip())
    if match:
        year, month = int(match[1]), int(match[2])
        if 1300 <= year <= 1500 and 1 <= month <= 12:
            return year, month
    return current_year_month()


def _with_current(queryset, pk):
    """A list of active choices that still offers the one already chosen, if inactive now."""
    return queryset.model.objects.filter(Q(pk__in=queryset.values("pk")) | Q(pk=pk))


class ActivityForm(forms.ModelForm):
    """A session, workshop, visit… the office held, with up to five photos or documents."""

    files = MultipleFileField(label=_("Photos and documents"), required=False, help_text=FILES_HELP)
    remove_files = RecordsChoiceField(
        label=_("Remove these files"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Activity
        fields = [
            "held_on",
            "kind",
            "topic",
            "neighbourhood",
            "partner_ngo",
            "partner_agency",
            "women",
            "men",
            "children",
            "narrative",
        ]
        # The model's own message says why a future date is refused; the picker greys it out.
        field_classes = {
            "held_on": JalaliDateField,
            "women": DigitsIntegerField,
            "men": DigitsIntegerField,
            "children": DigitsIntegerField,
        }
        widgets = {
            "held_on": JalaliDateInput(past_only=True),
            "narrative": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.office = office
        instance = self.instance
        self.fields["kind"].queryset = _with_current(
            ActivityKind.objects.filter(active=True), instance.kind_id
        )
        self.fields["kind"].empty_label = _("— choose the kind of activity —")
        neighbourhoods = self.fields["neighbourhood"]
        neighbourhoods.queryset = office.neighbourhoods.order_by(persian_order("name"))
        neighbourhoods.error_messages["invalid_choice"] = NOT_SERVED
        neighbourhoods.empty_label = _("— choose the neighbourhood —")
        # The office's partner NGOs first, then the county's other active NGOs.
        partners = Partnership.objects.filter(office=office, ngo=OuterRef("pk"))
        ngos = NGO.objects.filter(
            Q(status=NGO.Status.ACTIVE, county_id=office.county_id)
            | Q(Exists(partners))
            | Q(pk=instance.partner_ngo_id)
        )
        self.fields["partner_ngo"].queryset = ngos.annotate(partner=Exists(partners)).order_by(
            "-partner", persian_order("name")
        )
        self.fields["partner_agency"].queryset = _with_current(
            Agency.objects.filter(active=True), instance.partner_agency_id
        )
        for name in ("partner_ngo", "partner_agency"):
            self.fields[name].empty_label = _("— none —")
            self.fields[name].widget.attrs["data-searchable"] = ""
        for name in ("kind", "partner_ngo", "partner_agency"):
            self.fields[name].error_messages["invalid_choice"] = NOT_OFFERED
        for name in ("women", "men", "children"):  # at least 0 (a PositiveIntegerField's)
            self.fields[name].error_messages["min_value"] = NOT_NEGATIVE
        self.fields["topic"].widget.attrs["maxlength"] = 200
        if instance.pk:
            self.fields["remove_files"].queryset = instance.files.all()
        else:
            del self.fields["remove_files"]

    def clean(self):
        cleaned = super().clean()
        kept = 0
        if self.instance.pk:
            kept = self.instance.files.count() - len(cleaned.get("remove_files") or ())
        message = too_many_files(kept, len(cleaned.get("files") or ()))
        if message:
            self.add_error("files", message)
        return cleaned


class ReferralForm(forms.ModelForm):
    """Residents referred to an agency for a service: how many, never who."""

    class Meta:
        model = Referral
        fields = ["referred_on", "agency", "service", "people", "neighbourhood", "outcome", "note"]
        field_classes = {"referred_on": JalaliDateField, "people": DigitsIntegerField}
        widgets = {
            "referred_on": JalaliDateInput(past_only=True),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.office = office
        self.fields["agency"].queryset = _with_current(
            Agency.objects.filter(active=True), self.instance.agency_id
        )
        self.fields["agency"].empty_label = _("— choose the agency —")
        self.fields["agency"].widget.attrs["data-searchable"] = ""
        self.fields["agency"].error_messages["invalid_choice"] = NOT_OFFERED
        neighbourhoods = self.fields["neighbourhood"]
        neighbourhoods.queryset = office.neighbourhoods.order_by(persian_order("name"))
        neighbourhoods.empty_label = _("— not one neighbourhood —")
        neighbourhoods.error_messages["invalid_choice"] = NOT_SERVED
        self.fields["people"].error_messages["min_value"] = AT_LEAST_ONE
        self.fields["service"].widget.attrs["maxlength"] = 200

    def clean_people(self):
        people = self.cleaned_data.get("people")
        if people is not None and people < 1:
            raise forms.ValidationError(AT_LEAST_ONE, code="min_value")
        return people


class FacilitatorForm(forms.ModelForm):
    """A person who works in the office, kept by its manager."""

    class Meta:
        model = Facilitator
        fields = ["name", "role", "phone", "since", "training_completed", "active"]
        field_classes = {"since": JalaliDateField}
        widgets = {"since": JalaliDateInput(past_only=True)}

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.office = office
        self.fields["name"].widget.attrs["maxlength"] = 150
