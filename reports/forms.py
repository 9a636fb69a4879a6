"""Forms for reports: what NGO managers submit and what officials do with it."""

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from offices.collation import persian_order
from offices.forms import DigitsIntegerField, JalaliDateField, PastJalaliDateField
from offices.inputs import LineField, TextField
from offices.models import County, FacilitationOffice, Neighbourhood
from offices.text import normalize_code, normalize_digits, normalize_text

from .models import Agency, Category, IssueReport, Severity, Status
from .models.events import check_uploads
from .steps import Action

FILES_HELP = _("Up to 5 files of at most 10 MB each: PDF, JPEG, PNG, DOCX or XLSX.")


def add_validation_errors(form, error: ValidationError) -> None:
    """Show a service's refusal on the form: each message beside its field, others on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Up to MAX_ATTACHMENTS_PER_REPORT files, each checked for size and real type."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx,.xlsx"}),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        try:
            return check_uploads(data if isinstance(data, list | tuple) else [data])
        except ValidationError as error:
            raise ValidationError(error.message_dict["files"]) from None


class ReportForm(forms.ModelForm):
    """The NGO manager's "new report" form."""

    files = MultipleFileField(label=_("Attachments"), required=False, help_text=FILES_HELP)
    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    # The earlier report this one follows up (the "new report about the same problem" link).
    follows = forms.ModelChoiceField(
        queryset=IssueReport.objects.none(), required=False, widget=forms.HiddenInput
    )

    class Meta:
        model = IssueReport
        fields = [
            "category",
            "neighbourhood",
            "office",
            "title",
            "description",
            "proposed_solution",
            "severity",
            "people_affected",
            "observed_on",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "proposed_solution": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"proposed_solution": _("The NGO's proposed solution")}
        help_texts = {
            "proposed_solution": _(
                "Optional: what your NGO proposes to solve the problem, and what it can do "
                "itself. The officials read it with the description when they follow the "
                "report up with the agencies."
            )
        }
        field_classes = {"people_affected": DigitsIntegerField, "observed_on": PastJalaliDateField}

    def __init__(self, *args, ngo=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(active=True)
        self.fields["category"].empty_label = _("— choose what the report is about —")
        neighbourhoods = Neighbourhood.objects.select_related("county")
        # Picked by name: in Persian alphabetical order within each county.
        offices = (
            FacilitationOffice.objects.filter(status=FacilitationOffice.Status.ACTIVE)
            .select_related("county")
            .order_by(persian_order("county__name"), persian_order("name"))
        )
        if ngo is not None and ngo.scope == ngo.Scope.COUNTY:
            # An NGO working in one county reports about that county.
            neighbourhoods = neighbourhoods.filter(county_id=ngo.county_id)
            offices = offices.filter(county_id=ngo.county_id)
        self.fields["neighbourhood"].queryset = neighbourhoods
        self.fields["office"].queryset = offices
        if ngo is None or ngo.scope != ngo.Scope.COUNTY:  # several counties: name each one's
            for name in ("neighbourhood", "office"):
                self.fields[name].label_from_instance = (
                    lambda obj: f"{obj.name} ({obj.county.name})"
                )
        self.fields["neighbourhood"].widget.attrs["data-searchable"] = ""
        self.fields["office"].widget.attrs["data-searchable"] = ""
        self.fields["title"].widget.attrs["maxlength"] = 200
        if ngo is not None:  # a new report follows only one of the same NGO's
            self.fields["follows"].queryset = IssueReport.objects.filter(ngo=ngo)
        self.fields["follows"].error_messages["invalid_choice"] = _(
            "The report this one follows is not one of your NGO's. Open the form again."
        )
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())
            self.initial.setdefault("severity", Severity.MEDIUM)

    def clean(self):
        cleaned = super().clean()
        neighbourhood, office = cleaned.get("neighbourhood"), cleaned.get("office")
        if (
            neighbourhood
            and office
            and not office.neighbourhoods.filter(pk=neighbourhood.pk).exists()
        ):
            self.add_error("office", _("This office does not serve the chosen neighbourhood."))
        return cleaned


class TransitionForm(forms.Form):
    """One move along the workflow, with what that move needs (and only that, when the
    step is given)."""

    action = forms.CharField(widget=forms.HiddenInput)
    # The report's version the page showed: a step on an out-of-date page is refused.
    seen_version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.filter(active=True), required=False
    )
    due_on = JalaliDateField(label=_("Answer due on"), required=False)
    suggested_agency = forms.ModelChoiceField(
        label=_("Agency suggested instead"),
        queryset=Agency.objects.filter(active=True),
        required=False,
    )
    duplicate_of = forms.CharField(
        label=_("Reference of the original report"),
        required=False,
        widget=forms.TextInput(
            attrs={
                "dir": "ltr",
                "placeholder": pgettext_lazy("a report's reference", "1405-000123"),
            }
        ),
    )
    note = TextField(label=_("Note"), required=False)
    letter_number = LineField(
        label=_("Letter number"),
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    letter_date = JalaliDateField(label=_("Letter date"), required=False, past_only=True)
    files = MultipleFileField(label=_("Attachments"), required=False, help_text=FILES_HELP)
    files_internal = forms.BooleanField(
        label=_("Officials only: do not show these files to the NGO"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    internal_note = TextField(
        label=_("Internal note (officials only, never shown to the NGO)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, reports=None, by_staff=True, transition=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Where "duplicate of" may point: the reports the user may see.
        self.reports = reports if reports is not None else IssueReport.objects.all()
        # Each note says who will read it.
        if by_staff:
            self.fields["note"].label = _("Note for the NGO (shown on the report and emailed)")
            self.fields["files"].label = _("Attachments (the agency's letter, say)")
        else:
            self.fields["note"].label = _("Note (read by the officials following the report)")
            del self.fields["internal_note"], self.fields["files_internal"]
        if transition is not None:
            for name in set(self.fields) - self.fields_of(transition):
                del self.fields[name]

    @staticmethod
    def fields_of(transition) -> set[str]:
        """The fields one step's form shows (the hidden ones included)."""
        names = {"action", "seen_version", "note", "internal_note"}
        names |= {
            Action.REFER: {"agency", "due_on"},
            Action.AGENCY_DECLINE: {"suggested_agency"},
            Action.MARK_DUPLICATE: {"duplicate_of"},
        }.get(transition.action, set())
        if transition.takes_letter:
            names |= {"letter_number", "letter_date"}
        if transition.takes_files:
            names |= {"files", "files_internal"}
        return names

    def clean_letter_number(self):
        return normalize_code(self.cleaned_data.get("letter_number") or "")

    def clean_duplicate_of(self):
        value = normalize_code(self.cleaned_data.get("duplicate_of") or "")
        if not value:
            return None
        report = self.reports.filter(reference=value).first()
        if report is None:
            raise ValidationError(_("There is no report with this reference among yours."))
        return report


class BulkReferForm(forms.Form):
    """Refer the selected reports: the same fields as one referral."""

    agency = TransitionForm.base_fields["agency"]
    due_on = TransitionForm.base_fields["due_on"]
    note = TransitionForm.base_fields["note"]


class CommentForm(forms.Form):
    text = TextField(label=_("Comment"), max_length=5000)
    internal = forms.BooleanField(
        label=_("Internal note (never shown to the NGO)"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, by_staff=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not by_staff:  # the NGO's comments are on the shared timeline
            del self.fields["internal"]


class SupportForm(forms.Form):
    """Another NGO stands behind a report: what it sees of the problem, if it wants to say."""

    note = TextField(
        label=_("Your NGO's note (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=None, required=False)

    def __init__(self, *args, officials=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = officials
        self.fields["assignee"].empty_label = _("— nobody —")


class ExtendForm(forms.Form):
    """An official gives the agency more time to answer a referral (`report_extend`)."""

    due_on = JalaliDateField(
        label=_("New due date"), error_messages={"required": _("Give the new due date.")}
    )
    reason = TextField(
        label=_("Reason for the extension (shown to the NGO)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write the reason for the extension.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "extend")  # the report page has other due-date boxes
        super().__init__(*args, **kwargs)


# A record's id: a positive number the database can hold (larger ones are no record).
ID_RANGE = {"min_value": 1, "max_value": 2**63 - 1}

QUEUES = [
    ("", _("All")),
    ("open", _("Open")),
    ("new", _("New")),
    ("mine", _("Assigned to me")),
    ("awaiting", _("Awaiting the NGO")),
    ("referred", _("Referred")),
    ("overdue", _("Overdue")),
    ("escalated", _("Escalated")),  # for officials: see reports.selectors.filter_reports
]


class ReportFilterForm(forms.Form):
    """The filters of a report list; every field optional, every value checked."""

    queue = forms.ChoiceField(label=_("Queue"), choices=QUEUES, required=False)
    q = LineField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any"))] + Status.choices, required=False
    )
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.all(), required=False
    )
    county = forms.ModelChoiceField(
        label=_("County"), queryset=County.objects.none(), required=False
    )
    # Chosen by following a link (a neighbourhood's or an NGO's page), not from a long list.
    neighbourhood = forms.IntegerField(
        label=_("Neighbourhood"), required=False, widget=forms.HiddenInput, **ID_RANGE
    )
    ngo = forms.IntegerField(label=_("NGO"), required=False, widget=forms.HiddenInput, **ID_RANGE)
    office = forms.IntegerField(  # reports from the neighbourhoods it serves
        label=_("Office"), required=False, widget=forms.HiddenInput, **ID_RANGE
    )
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.all(), required=False
    )
    severity = forms.ChoiceField(
        label=_("Severity"), choices=[("", _("Any"))] + Severity.choices, required=False
    )
    submitted_from = JalaliDateField(label=_("Submitted from"), required=False)
    submitted_to = JalaliDateField(label=_("Submitted to"), required=False)

    def __init__(self, *args, counties=None, **kwargs):
        super().__init__(*args, **kwargs)
        if counties is not None:
            self.fields["county"].queryset = counties
        for name in ("category", "county", "agency"):
            self.fields[name].empty_label = _("Any")

    def clean_q(self):
        # Searched as saved: Persian letters, Latin digits (references are 1405-000123).
        return normalize_digits(normalize_text(self.cleaned_data.get("q") or ""))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("submitted_from"), cleaned.get("submitted_to")
        if start and end and start > end:
            self.add_error("submitted_to", _("The end of the period is before its start."))
        return cleaned
