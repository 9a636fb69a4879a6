"""Forms of meetings: the meeting with its agencies, the NGOs present (one row each, with who
attended for it), the minutes and files; and the meeting list's filters."""

import datetime

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.access import PROVINCE_WIDE, access_for, ngos_for
from ngos.models import NGO
from offices.collation import persian_order
from offices.formatting import digits_for_reader, format_number
from offices.forms import ANY, JalaliDateField, JalaliDateInput, RecordsChoiceField
from offices.inputs import LineField
from offices.jalali import to_jalali, year_bounds
from offices.models import County
from offices.validators import validate_document
from reports.forms import MultipleFileField
from reports.models import Agency

from ..models import MAX_FILES_PER_MEETING, Meeting, MeetingNGO
from ..services.meetings import county_refused_message, too_many_files

NOT_OFFERED = _("That choice is not on the list: choose one of the list.")
NGO_NOT_OFFERED = _(
    "That NGO is not among those you may choose: choose one of the list (the registry's "
    "NGOs in your scope)."
)
NGO_MISSING = _("Choose the NGO this person attended for, or empty the row.")
# Rows for the NGOs present: a few empty ones to fill, and more on asking ("add rows").
ROWS_STEP = 5
MAX_ROWS = 100
PROVINCE = "province"
YEARS_LISTED = 10


class MeetingFilesField(MultipleFileField):
    """Files added to a meeting, each checked for size and real type; how many a meeting
    keeps in all is checked with the files it already has."""

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        errors = []
        for upload in files:
            try:
                validate_document(upload)
            except forms.ValidationError as error:
                errors.extend(f"{upload.name}: {message}" for message in error.messages)
        if errors:
            raise forms.ValidationError(errors)
        return files


class MeetingForm(forms.ModelForm):
    """What an official records of a meeting held: when, where, who chaired, who was there."""

    files = MeetingFilesField(label=_("Minutes signed, photos, attendance sheet"), required=False)
    remove_files = RecordsChoiceField(
        label=_("Remove these files"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Meeting
        fields = [
            "held_on",
            "title",
            "kind",
            "place",
            "county",
            "chaired_by",
            "officials_present",
            "agencies",
            "minutes",
        ]
        # The model's own message says why a future date is refused; the picker greys it out.
        field_classes = {"held_on": JalaliDateField, "agencies": RecordsChoiceField}
        widgets = {
            "held_on": JalaliDateInput(past_only=True),
            "officials_present": forms.Textarea(attrs={"rows": 3}),
            "minutes": forms.Textarea(attrs={"rows": 8}),
            "agencies": forms.SelectMultiple(attrs={"size": 8, "data-searchable": ""}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        county = self.fields["county"]
        access = access_for(user)
        if access.role in PROVINCE_WIDE:
            county.queryset = County.objects.order_by(persian_order("name"))
            county.empty_label = _("— the whole province —")
            county.error_messages["invalid_choice"] = NOT_OFFERED
        else:  # a county official records their own county's meetings only
            county.queryset = County.objects.filter(pk=access.county_id)
            county.required = True
            county.empty_label = None
            county.help_text = ""
            county.error_messages["invalid_choice"] = county.error_messages["required"] = (
                county_refused_message(user)
            )
        agencies = Q(active=True)
        if instance.pk:
            agencies |= Q(pk__in=instance.agencies.values("pk"))
        self.fields["agencies"].queryset = Agency.objects.filter(agencies).order_by(
            persian_order("name")
        )
        self.fields["agencies"].help_text = _(
            "Choose every agency that was present (hold Ctrl, or tap each on a phone)."
        )
        for name in ("kind", "agencies"):
            self.fields[name].error_messages["invalid_choice"] = NOT_OFFERED
        self.fields["agencies"].error_messages["invalid_pk_value"] = NOT_OFFERED
        for name in ("title", "place", "chaired_by"):
            self.fields[name].widget.attrs["maxlength"] = 200
        self.fields["files"].help_text = _(
            "Up to %(n)s files in all, each at most 10 MB: PDF, JPEG, PNG, DOCX or XLSX."
        ) % {"n": format_number(MAX_FILES_PER_MEETING)}
        if instance.pk:
            self.fields["remove_files"].queryset = instance.files.all()
        else:
            del self.fields["remove_files"]

    # The form is drawn in two parts, with the rows of the NGOs present between them.
    CLOSING = ("minutes", "files", "remove_files")

    def opening_fields(self):
        return [self[name] for name in self.fields if name not in self.CLOSING]

    def closing_fields(self):
        return [self[name] for name in self.CLOSING if name in self.fields]

    def clean(self):
        cleaned = super().clean()
        kept = 0
        if self.instance.pk:
            kept = self.instance.files.count() - len(cleaned.get("remove_files") or ())
        message = too_many_files(kept, len(cleaned.get("files") or ()))
        if message:
            self.add_error("files", message)
        return cleaned


class MeetingNGOForm(forms.Form):
    """One NGO present at the meeting, and who attended for it."""

    ngo = forms.ModelChoiceField(label=_("NGO"), queryset=NGO.objects.none(), required=False)
    attended_by = LineField(
        label=_("Attended by"),
        required=False,
        max_length=MeetingNGO._meta.get_field("attended_by").max_length,
    )

    def __init__(self, *args, ngos, ngo_choices, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["ngo"]
        field.queryset = ngos
        field.choices = ngo_choices  # listed once for every row: one query, not one a row
        field.error_messages["invalid_choice"] = NGO_NOT_OFFERED
        field.widget.attrs["data-searchable"] = ""
        self.fields["attended_by"].widget.attrs.update(
            {"maxlength": MeetingNGO._meta.get_field("attended_by").max_length}
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("attended_by") and not cleaned.get("ngo") and "ngo" not in self.errors:
            self.add_error("ngo", NGO_MISSING)
        return cleaned


def ngos_offered(user, meeting=None):
    """The NGOs the user may list as present: the active ones in their scope, and those
    already listed on the meeting (kept when someone of a narrower scope corrects it)."""
    offered = Q(pk__in=ngos_for(user).filter(status=NGO.Status.ACTIVE).values("pk"))
    if meeting is not None and meeting.pk:
        offered |= Q(pk__in=meeting.attendance.values("ngo_id"))
    return NGO.objects.filter(offered)


def ngo_rows(data=None, *, user, meeting=None, initial=None, extra=ROWS_STEP):
    """The rows of the NGOs present ("ngos-0-ngo", "ngos-0-attended_by", …)."""
    ngos = ngos_offered(user, meeting)
    listed = ngos.order_by(persian_order("name")).values_list("pk", "name", "county__name")
    choices = [("", _("— choose the NGO —"))] + [
        (pk, f"{name} ({county})") for pk, name, county in listed
    ]
    if initial is None and meeting is not None and meeting.pk:
        initial = [
            {"ngo": ngo_id, "attended_by": attended_by}
            for ngo_id, attended_by in meeting.attendance.order_by("pk").values_list(
                "ngo_id", "attended_by"
            )
        ]
    rows = forms.formset_factory(
        MeetingNGOForm, extra=extra, max_num=MAX_ROWS, absolute_max=MAX_ROWS, validate_max=True
    )
    return rows(
        data,
        initial=initial,
        prefix="ngos",
        form_kwargs={"ngos": ngos, "ngo_choices": choices},
    )


def rows_from_post(data) -> list[dict]:
    """The rows typed so far (for "add rows"): the filled ones, in order."""
    try:
        total = min(int(data.get("ngos-TOTAL_FORMS", 0)), MAX_ROWS)
    except (TypeError, ValueError):
        total = 0
    rows = []
    for i in range(max(total, 0)):
        row = {
            "ngo": data.get(f"ngos-{i}-ngo", ""),
            "attended_by": data.get(f"ngos-{i}-attended_by", ""),
        }
        if row["ngo"] or row["attended_by"]:
            rows.append(row)
    return rows


def ngos_present(rows) -> list[tuple]:
    """(NGO, who attended) of the filled rows of a valid formset."""
    return [
        (row.cleaned_data["ngo"], row.cleaned_data.get("attended_by") or "")
        for row in rows
        if row.cleaned_data.get("ngo")
    ]


class MeetingFilterForm(forms.Form):
    """The meeting list's filters; every field optional, every value checked."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=ANY + Meeting.Kind.choices, required=False)
    county = forms.ChoiceField(label=_("County"), required=False)

    def __init__(self, *args, counties=None, today, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = to_jalali(today).year
        self.fields["year"].choices = ANY + [
            (year, digits_for_reader(str(year)))
            for year in range(this_year, this_year - YEARS_LISTED, -1)
        ]
        if counties is None:
            del self.fields["county"]
        else:
            self.fields["county"].choices = (
                ANY
                + [(PROVINCE, _("The whole province"))]
                + [(str(pk), name) for pk, name in counties.values_list("pk", "name")]
            )
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = NOT_OFFERED

    def filtered(self, meetings):
        """The meetings the valid filters select."""
        data = self.cleaned_data
        if data.get("year"):
            meetings = meetings.filter(held_on__range=year_days(data["year"]))
        if data.get("kind"):
            meetings = meetings.filter(kind=data["kind"])
        if data.get("county") == PROVINCE:
            meetings = meetings.filter(county__isnull=True)
        elif data.get("county"):
            meetings = meetings.filter(county_id=int(data["county"]))
        return meetings


def year_days(year: int):
    """The first and the last day of a Jalali year."""
    start, following = year_bounds(year)
    return start, following - datetime.timedelta(days=1)
