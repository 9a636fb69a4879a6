"""The filters of the dashboard and the agency page: a county and a Jalali period."""

from django import forms
from django.utils.translation import gettext_lazy as _

from offices.forms import JalaliDateField
from offices.models import County


class DashboardFilterForm(forms.Form):
    county = forms.ModelChoiceField(
        label=_("County"), queryset=County.objects.none(), required=False
    )
    start = JalaliDateField(label=_("From"), required=False)
    end = JalaliDateField(label=_("To"), required=False)

    def __init__(self, *args, counties=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = counties
        self.fields["county"].empty_label = _("the whole province")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["start"] > cleaned["end"]:
            self.add_error("end", _("The end of the period is before its start."))
        return cleaned
