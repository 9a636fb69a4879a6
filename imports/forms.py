from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import ImportRun
from .reading import FileRefused, check_upload


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=ImportRun.Kind.choices)
    file = forms.FileField(
        label=_("Filled template (.xlsx)"),
        help_text=_("The template downloaded from this page, filled in; at most 10 MB."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        try:
            check_upload(uploaded)
        except FileRefused as error:
            raise ValidationError(str(error), code="refused") from None
        return uploaded
