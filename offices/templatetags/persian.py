"""Template filters that show numbers and dates the way the reader expects.

{% load persian %}
{{ report.submitted_at|jdatetime }}   ۱۴۰۵/۰۹/۰۷ ۱۴:۳۵ (fa) · 2026-11-28 14:35 (en)
{{ licence.expires_on|jdate }}        ۱۴۰۵/۰۹/۰۷
{{ licence.expires_on|jdate:"long" }} ۷ آذر ۱۴۰۵
{{ ngo.members|num }}                 ۱٬۲۳۴
"""

from django import template

from offices.formatting import digits_for_reader, format_date, format_datetime, format_number
from offices.text import isolate, without_bidi_controls

register = template.Library()


@register.filter
def num(value):
    return format_number(value)


@register.filter
def jdate(value, style=""):
    return format_date(value, long=style == "long")


@register.filter
def jdatetime(value):
    return format_datetime(value)


@register.filter
def ref(value):
    """A report reference inside running text: the reader's digits, kept in one piece."""
    return isolate(digits_for_reader(value)) if value else ""


@register.filter
def plain(value):
    """User text in a plain-text email: bidi controls removed, so it cannot reverse the line."""
    return without_bidi_controls(str(value)) if value is not None else ""
