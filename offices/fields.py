"""Model fields that normalise Persian text before it is validated and saved.

Their form fields (in the admin and every model form) clean the same way, so text
made only of invisible characters is refused as empty wherever it is typed.
"""

import functools

from django.core.validators import MaxLengthValidator
from django.db import models

from .inputs import TEXT_LIMIT, LineField, ReaderDigitsInput, TextField
from .text import normalize_code, normalize_phone, normalize_text


class _NormalizingMixin:
    normalizer = staticmethod(normalize_text)

    def to_python(self, value):
        value = super().to_python(value)
        if isinstance(value, str):
            value = self.normalizer(value)
        return value

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if isinstance(value, str):
            value = self.normalizer(value)
            setattr(model_instance, self.attname, value)
        return value


class PersianCharField(_NormalizingMixin, models.CharField):
    """A name or title: Arabic ي/ك saved as Persian ی/ک, spaces folded, bidi controls gone."""

    normalizer = staticmethod(functools.partial(normalize_text, single_line=True))

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": LineField, **kwargs})


class PersianTextField(_NormalizingMixin, models.TextField):
    """A description or note: Arabic ي/ك saved as Persian ی/ک, line breaks kept; at most
    TEXT_LIMIT characters."""

    default_validators = [MaxLengthValidator(TEXT_LIMIT)]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": TextField, "max_length": TEXT_LIMIT, **kwargs})


class CodeField(_NormalizingMixin, models.CharField):
    """A code or identifier: digits saved in ASCII, no spaces."""

    normalizer = staticmethod(normalize_code)

    def formfield(self, **kwargs):
        # Shown in the reader's digits; the model reads any digits back as ASCII.
        return super().formfield(**{"widget": ReaderDigitsInput, **kwargs})


class PhoneField(_NormalizingMixin, models.CharField):
    """An Iranian phone number saved as ASCII digits with a leading 0."""

    normalizer = staticmethod(normalize_phone)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(
            **{"widget": ReaderDigitsInput(attrs={"inputmode": "tel"}), **kwargs}
        )
