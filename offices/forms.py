"""Form fields for what people type (Jalali dates in any digits), and the office list's filters."""

import datetime
import json

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

from .formatting import is_persian, persian_digits
from .inputs import LineField, ReaderDigitsInput
from .jalali import MONTH_NAMES, JalaliDateError, format_jalali, parse_jalali
from .models import County, FacilitationOffice, PastDatesMixin
from .text import normalize_digits, normalize_text
from .validators import validate_not_in_the_future


def digits(value) -> str:
    return persian_digits(value) if is_persian() else str(value)


DATEPICKER_JS = "npm/@majidh1/jalalidatepicker/dist/jalalidatepicker.min.js"
DATEPICKER_CSS = "npm/@majidh1/jalalidatepicker/dist/jalalidatepicker.min.css"


WEEKDAY_INITIALS = [  # the Jalali week starts on Saturday
    pgettext_lazy("weekday initial", "Sa"),
    pgettext_lazy("weekday initial", "Su"),
    pgettext_lazy("weekday initial", "Mo"),
    pgettext_lazy("weekday initial", "Tu"),
    pgettext_lazy("weekday initial", "We"),
    pgettext_lazy("weekday initial", "Th"),
    pgettext_lazy("weekday initial", "Fr"),
]


def picker_labels() -> str:
    """The date picker's names in the reader's language (static/js/datepicker.js reads them)."""
    return json.dumps(
        {
            "months": [str(month) for month in MONTH_NAMES],
            "days": [str(day) for day in WEEKDAY_INITIALS],
            "today": pgettext("date picker", "Today"),
            "empty": pgettext("date picker", "Clear"),
            "close": pgettext("date picker", "Close"),
        },
        ensure_ascii=False,
    )


class JalaliDateInput(forms.TextInput):
    """A text box for a Jalali date, with the Jalali date picker when JavaScript runs.

    A past-only box (a date something happened) tells the picker today's date in
    Tehran (`data-jdp-max-date`), so the days after it cannot be picked.
    """

    def __init__(self, attrs=None, *, past_only=False):
        defaults = {
            "data-jdp": "",
            # An example that names the calendar by its year and shows the order, short
            # enough for a filter box on a phone; the title names the calendar in words.
            "placeholder": _("e.g. 1405/09/08"),
            "title": _("A Solar Hijri (Jalali) date: year/month/day"),
            "dir": "ltr",
            "autocomplete": "off",
            "class": "form-control jalali-date",
        }
        super().__init__({**defaults, **(attrs or {})})
        self.past_only = past_only

    class Media:
        css = {"all": [DATEPICKER_CSS]}
        js = [DATEPICKER_JS, "js/datepicker.js"]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-jdp-labels"] = picker_labels()
        if self.past_only:  # today as the page is drawn, not as the form class was defined
            context["widget"]["attrs"]["data-jdp-max-date"] = format_jalali(timezone.localdate())
        return context

    def format_value(self, value):
        # In the reader's digits, as the page fills it or as it was typed: any digits are
        # read back.
        if isinstance(value, datetime.date):
            value = format_jalali(value)
        value = super().format_value(value)
        return None if value is None else digits(value)


class JalaliDateField(forms.DateField):
    """A date typed in the Jalali calendar, e.g. ۱۴۰۵/۰۹/۰۷, 1405-9-7 or ١٤٠٥/٠٩/٠٧."""

    widget = JalaliDateInput
    default_error_messages = {
        "invalid": _("Enter the date as year/month/day in the Jalali calendar, e.g. 1405/09/07."),
        "year": _("The year must be a Jalali year between 1300 and 1500, e.g. 1405."),
        "month": _("There is no such month: the month must be from 1 to 12."),
        "day": _("There is no such day: month %(month)s of %(year)s has %(days)s days."),
        "esfand": _("There is no such day: %(year)s is not a leap year, so Esfand has 29 days."),
    }

    def __init__(self, *, past_only=None, **kwargs):
        super().__init__(**kwargs)
        if past_only is None:  # a field that refuses future dates is a past-only field
            past_only = any(getattr(v, "max_is_today", False) for v in self.validators)
        elif past_only and validate_not_in_the_future not in self.validators:
            self.validators.append(validate_not_in_the_future)
        self.past_only = past_only
        if past_only:
            self.widget.past_only = True

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return parse_jalali(str(value))
        except JalaliDateError as error:
            code = error.code if error.code in ("year", "month", "day") else "invalid"
            params = error.params
            if code == "day" and params["month"] == 12 and params["days"] == 29:
                code = "esfand"
            if code in ("day", "esfand"):
                params = {
                    "month": MONTH_NAMES[params["month"] - 1],
                    "year": digits(params["year"]),
                    "days": digits(params["days"]),
                }
            raise ValidationError(self.error_messages[code], code=code, params=params) from None

    def prepare_value(self, value):
        if isinstance(value, datetime.date):
            return format_jalali(value)
        return value


class PastJalaliDateField(JalaliDateField):
    """A Jalali date that cannot be after today: when something was seen, issued, visited."""

    def __init__(self, **kwargs):
        kwargs.setdefault("past_only", True)
        super().__init__(**kwargs)


def refuses_future_dates(db_field) -> bool:
    """Whether a model's date field holds only days up to today: a validator that says
    so, or the model's `past_dates` (PastDatesMixin) with today as the limit."""
    if any(getattr(v, "max_is_today", False) for v in db_field.validators):
        return True
    model = getattr(db_field, "model", None)
    return (
        db_field.name in getattr(model, "past_dates", {})
        and model.latest_allowed is PastDatesMixin.latest_allowed
    )


def jalali_date_formfield(db_field, **kwargs):
    """The Jalali form field for a model's DateField (the admin's): the date picker greys
    out the days after today where the model refuses them; the model gives the message."""
    widget = JalaliDateInput(past_only=refuses_future_dates(db_field))
    return db_field.formfield(**{**kwargs, "form_class": JalaliDateField, "widget": widget})


class DigitsIntegerField(forms.IntegerField):
    """A whole number typed in Persian, Arabic-Indic or Latin digits."""

    widget = ReaderDigitsInput

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"inputmode": "numeric"})

    def to_python(self, value):
        if isinstance(value, str):
            value = normalize_digits(value).replace(",", "").replace("\u066c", "").strip()
        return super().to_python(value)

    def widget_attrs(self, widget):
        # No min/max/step attributes: they belong to number boxes, which refuse Persian digits.
        return {}


ANY = [("", _("Any"))]
WITHOUT_PREMISES = "without"


class PlaceFilterForm(forms.Form):
    """Shared by the registry lists: a search box and a county within the user's scope."""

    q = LineField(label=_("Search"), required=False, max_length=100)
    county = forms.ModelChoiceField(
        label=_("County"), queryset=County.objects.none(), required=False
    )

    def __init__(self, *args, counties=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = counties if counties is not None else County.objects.all()
        self.fields["county"].empty_label = _("Any")

    def clean_q(self):
        return normalize_digits(normalize_text(self.cleaned_data.get("q") or ""))


class OfficeFilterForm(PlaceFilterForm):
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


class RecordsChoiceField(forms.ModelMultipleChoiceField):
    """Several records chosen by id. A value that cannot be an id (not a number, or beyond
    what the database holds) is refused like an unknown record, never sent to the database
    (SQLite cannot compare a number that large)."""

    def _check_values(self, value):
        for key in value:
            text = str(key)
            if not (text.isascii() and text.isdigit() and 0 < int(text) < 2**63):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": key},
                )
        return super()._check_values(value)
