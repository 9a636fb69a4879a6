from django import forms

from ngos.models import NGO


class NGOContactForm(forms.ModelForm):
    """What an NGO's manager may keep current: how to reach the NGO, nothing else."""

    class Meta:
        model = NGO
        fields = ["contact_person", "phone", "email", "address"]
        widgets = {
            "phone": forms.TextInput(attrs={"dir": "ltr", "inputmode": "tel"}),
            "email": forms.EmailInput(attrs={"dir": "ltr"}),
            "address": forms.Textarea(attrs={"rows": 3}),
        }
