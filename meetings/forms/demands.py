"""Forms for demands: raising one, answering it, a note, a linked report, a referral, and the
list's filters. The services check everything again; these give each message its field."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.access import assignable_officials
from offices.collation import persian_order
from offices.forms import JalaliDateField
from offices.inputs import LineField, TextField
from offices.models import Neighbourhood
from offices.text import normalize_code
from reports.models import Agency, Category

from ..models import Demand, DemandStatus
from ..services.demands import NOT_PRESENT

NOT_OFFERED = _("That choice is not on the list: choose one of the list.")
NO_AGENCY = "none"  # the list's filter: demands with no agency responsible yet


def _categories():
    """Any category, NGO needs first (a demand is most often one), then the harms."""
    return Category.objects.filter(active=True).order_by("-kind", "position", persian_order("name"))


def _active_or(queryset, pk):
    """The active choices, and the one already chosen even if no longer active."""
    return queryset.model.objects.filter(Q(pk__in=queryset.values("pk")) | Q(pk=pk))


class DemandRaiseForm(forms.Form):
    """An NGO's demand: which NGO (in a meeting: one of those present), what about, the text,
    and the neighbourhood it concerns, if one."""

    ngo = forms.ModelChoiceField(label=_("NGO that raised it"), queryset=None)
    category = forms.ModelChoiceField(label=_("What it is about"), queryset=None)
    text = TextField(label=_("The demand"), widget=forms.Textarea(attrs={"rows": 5}))
    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood"),
        queryset=None,
        required=False,
        help_text=_("Only when the demand concerns one neighbourhood: it can then be referred."),
    )

    def __init__(self, *args, ngo=None, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        neighbourhoods = Neighbourhood.objects.select_related("county").order_by(
            persian_order("county__name"), persian_order("name")
        )
        if meeting is not None:
            ngo_field = self.fields["ngo"]
            ngo_field.queryset = meeting.ngos.order_by(persian_order("name"))
            ngo_field.empty_label = _("— choose one of the NGOs present —")
            ngo_field.error_messages["invalid_choice"] = NOT_PRESENT
            ngo_field.error_messages["required"] = _("Choose the NGO that raised the demand.")
            if meeting.county_id is not None:
                neighbourhoods = neighbourhoods.filter(county_id=meeting.county_id)
        else:
            del self.fields["ngo"]
            if ngo is not None and ngo.scope == ngo.Scope.COUNTY:
                neighbourhoods = neighbourhoods.filter(county_id=ngo.county_id)
        category = self.fields["category"]
        category.queryset = _categories()
        category.empty_label = _("— choose what the demand is about —")
        category.label_from_instance = lambda c: f"{c.name} ({c.get_kind_display()})"
        category.error_messages["invalid_choice"] = NOT_OFFERED
        category.error_messages["required"] = _("Choose what the demand is about.")
        self.fields["text"].error_messages["required"] = _("Write the demand.")
        field = self.fields["neighbourhood"]
        field.queryset = neighbourhoods
        field.empty_label = _("— none: the demand is not about one neighbourhood —")
        field.label_from_instance = lambda n: f"{n.name} ({n.county.name})"
        field.error_messages["invalid_choice"] = NOT_OFFERED
        for name in ("ngo", "neighbourhood"):
            if name in self.fields:
                self.fields[name].widget.attrs["data-searchable"] = ""


class DemandAnswerForm(forms.Form):
    """The answer path and the status, as an official records them; filled with the
    demand's current answer."""

    seen = forms.CharField(widget=forms.HiddenInput, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=DemandStatus.choices)
    responsible_official = forms.ModelChoiceField(
        label=_("Official responsible"), queryset=None, required=False
    )
    agency = forms.ModelChoiceField(label=_("Agency responsible"), queryset=None, required=False)
    commitment = TextField(
        label=_("Commitment made"),
        required=False,
        help_text=_("Needed when the status is “committed”."),
    )
    due_on = JalaliDateField(
        label=_("Commitment due on"),
        required=False,
        help_text=_("Needed when the status is “committed”; not before the meeting."),
    )
    reason = TextField(
        label=_("Reason it is not possible"),
        required=False,
        help_text=_("Needed when the status is “not possible”."),
    )
    note = TextField(
        label=_("Note for the NGO (shown on the timeline and emailed)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, demand: Demand, seen: str = "", **kwargs):
        if not args or args[0] is None:
            kwargs.setdefault(
                "initial",
                {
                    "seen": seen,
                    "status": demand.status,
                    "responsible_official": demand.responsible_official_id,
                    "agency": demand.agency_id,
                    "commitment": demand.commitment,
                    "due_on": demand.due_on,
                    "reason": demand.reason,
                },
            )
        super().__init__(*args, **kwargs)
        officials = self.fields["responsible_official"]
        officials.queryset = _active_or(
            assignable_officials(demand.county_id), demand.responsible_official_id
        ).order_by(persian_order("first_name"), persian_order("last_name"), "username")
        officials.label_from_instance = lambda u: u.get_full_name() or u.get_username()
        agencies = self.fields["agency"]
        agencies.queryset = _active_or(Agency.objects.filter(active=True), demand.agency_id)
        for name in ("responsible_official", "agency"):
            self.fields[name].empty_label = _("— none —")
            self.fields[name].error_messages["invalid_choice"] = NOT_OFFERED
            self.fields[name].widget.attrs["data-searchable"] = ""
        self.fields["status"].error_messages["invalid_choice"] = NOT_OFFERED


class DemandNoteForm(forms.Form):
    text = TextField(label=_("Follow-up note"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["required"] = _("The note is empty.")


class DemandLinkForm(forms.Form):
    """Link a report by its reference (one the user may see, of the same NGO or county)."""

    reference = LineField(
        label=_("Reference of the report"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "dir": "ltr",
                "placeholder": pgettext_lazy("a report's reference", "1405-000123"),
            }
        ),
    )

    def __init__(self, *args, reports=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.reports = reports
        self.fields["reference"].error_messages["required"] = _("Give the report's reference.")

    def clean_reference(self):
        value = normalize_code(self.cleaned_data.get("reference") or "")
        report = self.reports.filter(reference=value).first() if self.reports is not None else None
        if report is None:
            raise ValidationError(
                _("There is no report with this reference of the same NGO or county among yours.")
            )
        return report


class DemandReferForm(forms.Form):
    """Make the demand a report referred to an agency, with the outgoing letter."""

    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.filter(active=True))
    due_on = JalaliDateField(label=_("Answer due on"))
    letter_number = LineField(
        label=_("Letter number"),
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    letter_date = JalaliDateField(label=_("Letter date"), required=False, past_only=True)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "refer")
        super().__init__(*args, **kwargs)
        self.fields["agency"].empty_label = _("— choose the agency —")
        self.fields["agency"].error_messages["required"] = _(
            "Choose the agency the report is referred to."
        )
        self.fields["agency"].error_messages["invalid_choice"] = NOT_OFFERED
        self.fields["agency"].widget.attrs["data-searchable"] = ""
        self.fields["due_on"].error_messages["required"] = _(
            "Give the date by which the agency should answer."
        )

    def clean_letter_number(self):
        return normalize_code(self.cleaned_data.get("letter_number") or "")


# A record's id: a positive number the database can hold (larger ones are no record).
ID_RANGE = {"min_value": 1, "max_value": 2**63 - 1}


class DemandFilterForm(forms.Form):
    """The demand list's filters; every field optional, every value checked."""

    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any"))] + DemandStatus.choices, required=False
    )
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.all(), required=False
    )
    # Checked by clean_agency: an agency's id, or NO_AGENCY.
    agency = forms.CharField(label=_("Agency"), required=False, widget=forms.Select)
    ngo = forms.ModelChoiceField(label=_("NGO"), queryset=None, required=False)
    # Chosen by following the meeting page's link, not from a list.
    meeting = forms.IntegerField(
        label=_("Meeting"), required=False, widget=forms.HiddenInput, **ID_RANGE
    )
    overdue = forms.BooleanField(
        label=_("Overdue commitments only"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    raised_from = JalaliDateField(label=_("Raised from"), required=False)
    raised_to = JalaliDateField(label=_("Raised to"), required=False)

    def __init__(self, *args, ngos, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ngo"].queryset = ngos.order_by(persian_order("name"))
        self.fields["ngo"].widget.attrs["data-searchable"] = ""
        for name in ("category", "ngo"):
            self.fields[name].empty_label = _("Any")
            self.fields[name].error_messages["invalid_choice"] = NOT_OFFERED
        self.fields["category"].label_from_instance = lambda c: (
            f"{c.name} ({c.get_kind_display()})"
        )
        self.fields["agency"].widget.choices = _agency_choices()  # one query

    def clean_agency(self):
        value = self.cleaned_data.get("agency") or ""
        if value in ("", NO_AGENCY):
            return value
        known = value.isascii() and value.isdecimal() and len(value) < 19
        agency = Agency.objects.filter(pk=int(value)).first() if known else None
        if agency is None:
            raise ValidationError(NOT_OFFERED)
        return agency

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("raised_from"), cleaned.get("raised_to")
        if start and end and start > end:
            self.add_error("raised_to", _("The end of the period is before its start."))
        return cleaned


def _agency_choices():
    """Any, no agency yet, then every agency (those no longer active too)."""
    agencies = Agency.objects.values_list("pk", "name").order_by(persian_order("name"))
    return [("", _("Any")), (NO_AGENCY, _("No agency yet"))] + [
        (str(pk), name) for pk, name in agencies
    ]
