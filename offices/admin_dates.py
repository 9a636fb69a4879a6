"""Dates in the Django admin's lists and read-only fields shown in the Jalali calendar.

Django's admin formats every date and datetime value through
`django.contrib.admin.utils.display_for_field`, imported by name into the
changelist tags and the form helpers. We wrap that one function (in the three
places it is looked up) so that every date an administrator reads is Jalali in
Persian and Gregorian in English, like everywhere else in the product.
"""

from django.contrib.admin import helpers, utils
from django.contrib.admin.templatetags import admin_list
from django.db import models

from offices.formatting import format_date, format_datetime

_original = utils.display_for_field


def display_for_field(value, field, empty_value_display, *args, **kwargs):
    if value is not None and not getattr(field, "flatchoices", None):
        if isinstance(field, models.DateTimeField):
            return format_datetime(value)
        if isinstance(field, models.DateField):
            return format_date(value)
    return _original(value, field, empty_value_display, *args, **kwargs)


def install():
    for module in (utils, helpers, admin_list):
        module.display_for_field = display_for_field
