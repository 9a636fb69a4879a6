"""Dates and numbers in the Django admin's lists and read-only fields, as the reader reads them.

Django's admin formats every value through `django.contrib.admin.utils.display_for_field`
(a model field's value) or `display_for_value` (a computed column's), imported by
name into the changelist tags and the form helpers. We wrap those functions (in
the places they are looked up) so that every date an administrator reads is
Jalali (Persian digits in Persian, ASCII digits in English), and every count has Persian digits in
Persian, like everywhere else in the product. Codes kept as text (references,
national IDs, phones) show the reader's digits left to right, never mirrored.
"""

import datetime
import decimal

from django.contrib.admin import helpers, utils
from django.contrib.admin.templatetags import admin_list
from django.db import models

from offices.fields import CodeField, PhoneField
from offices.formatting import (
    digits_for_reader,
    format_code,
    format_date,
    format_datetime,
    format_number,
)

_original_field = utils.display_for_field
_original_value = utils.display_for_value


def _readable(value):
    """The value as the reader reads it, or None if Django's own display is right for it."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, datetime.datetime):
        return format_datetime(value)
    if isinstance(value, datetime.date):
        return format_date(value)
    if isinstance(value, int | decimal.Decimal | float):
        return format_number(value)
    return None


def display_for_field(value, field, empty_value_display, *args, **kwargs):
    # Coordinates (decimal fields) keep every decimal; codes are text fields.
    if value is not None and not getattr(field, "flatchoices", None):
        if isinstance(field, models.DateField):
            return _readable(value)
        if isinstance(field, CodeField | PhoneField) and value != "":
            return format_code(value)
        if isinstance(field, models.IntegerField) and not isinstance(value, bool):
            # A year is read without a thousands separator: ۱۴۰۵, not ۱٬۴۰۵.
            return digits_for_reader(value) if "year" in field.name else format_number(value)
    return _original_field(value, field, empty_value_display, *args, **kwargs)


def display_for_value(value, empty_value_display, boolean=False):
    if not boolean:
        shown = _readable(value)
        if shown is not None:
            return shown
    return _original_value(value, empty_value_display, boolean)


def install():
    for module in (utils, helpers, admin_list):
        module.display_for_field = display_for_field
        if hasattr(module, "display_for_value"):
            module.display_for_value = display_for_value
