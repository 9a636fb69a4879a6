"""Forms of the monthly return: what the staff write beside the computed figures, and the
official's comment when sending it back."""

from django import forms
from django.utils.translation import gettext_lazy as _

from offices.inputs import TextField


class ReturnForm(forms.Form):
    """The words of the return; its figures are computed, never typed."""

    narrative = TextField(
        label=_("The month in brief"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the office did this month and what came of it, in a few lines."),
        error_messages={"required": _("Write a few lines about the month.")},
    )
    needs = TextField(
        label=_("Needs for next month"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the office needs from the governorate or the agencies next month."),
    )


class SendBackForm(forms.Form):
    """Why an official sends the return back: the staff correct it from this."""

    comment = TextField(
        label=_("What should be corrected"),
        max_length=2000,
        error_messages={"required": _("Say what should be corrected before sending it back.")},
    )
