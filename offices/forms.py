"""Form fields for what people type (Jalali dates in any digits), and the office list's filters."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .formatting import is_persian, persian_digits
from .inputs import LineField
from .jalali import MONTH_NAMES, JalaliDateError, format_jalali, parse_jalali
from .models import County, FacilitationOffice
from .text import normalize_digits, normalize_text


def digits(value) -> str:
    return persian_digits(value) if is_persian() else str(value)


DATEPICKER_JS = "npm/@majidh1/jalalidatepicker/dist/jalalidatepicker.min.js"
DATEPICKER_CSS = "npm/@majidh1/jalalidatepicker/dist/jalalidatepicker.min.css"


class JalaliDateInput(forms.TextInput):
    """A text box for a Jalali date, with the Jalali date picker when JavaScript runs."""

    def __init__(self, attrs=None):
        defaults = {
            "data-jdp": "",
            "placeholder": _("yyyy/mm/dd"),
            "dir": "ltr",
            "autocomplete": "off",
            "class": "form-control jalali-date",
        }
        super().__init__({**defaults, **(attrs or {})})

    class Media:
        css = {"all": [DATEPICKER_CSS]}
        js = [DATEPICKER_JS, "js/datepicker.js"]

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return format_jalali(value)
        return super().format_value(value)


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


class DigitsIntegerField(forms.IntegerField):
    """A whole number typed in Persian, Arabic-Indic or Latin digits."""

    widget = forms.TextInput

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "dir": "ltr"})

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
