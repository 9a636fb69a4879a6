"""Validators shared by every app, with messages in the user's language."""

import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .text import normalize_phone

MOBILE_RE = re.compile(r"^09\d{9}$")
# 0 + a two-digit area code (11..87) + an eight-digit subscriber number.
LANDLINE_RE = re.compile(r"^0[1-8]\d{9}$")


def validate_mobile(value):
    if not MOBILE_RE.match(normalize_phone(value)):
        raise ValidationError(
            _("Enter a mobile number of 11 digits starting with 09, for example 09141234567."),
            code="invalid_mobile",
        )


def validate_landline(value):
    if not LANDLINE_RE.match(normalize_phone(value)):
        raise ValidationError(
            _("Enter a landline number of 11 digits with its area code, for example 04433445566."),
            code="invalid_landline",
        )


def validate_phone(value):
    phone = normalize_phone(value)
    if not (MOBILE_RE.match(phone) or LANDLINE_RE.match(phone)):
        raise ValidationError(
            _(
                "Enter an Iranian phone number of 11 digits: a mobile starting with 09 "
                "or a landline with its area code, for example 04433445566."
            ),
            code="invalid_phone",
        )


def validate_not_in_the_future(day):
    """A date something happened (was seen, issued, visited) cannot be after today (Tehran)."""
    if day is not None and day > timezone.localdate():
        raise ValidationError(_("This date is in the future."), code="future")


# The Jalali date field reads this mark: its date picker then greys out the days after today.
validate_not_in_the_future.max_is_today = True
