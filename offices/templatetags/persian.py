"""Template filters that show numbers, dates and codes the way the reader expects.

The calendar is Jalali in both languages; Persian shows Persian digits and month
names, English ASCII digits and the transliterated month names.

{% load persian %}
{{ report.submitted_at|jdatetime }}   ۱۴۰۵/۰۹/۰۷ ۱۴:۳۵ (fa) · 1405/09/07 14:35 (en)
{{ licence.expires_on|jdate }}        ۱۴۰۵/۰۹/۰۷ (fa) · 1405/09/07 (en)
{{ licence.expires_on|jdate:"long" }} ۷ آذر ۱۴۰۵ (fa) · 7 Azar 1405 (en)
{{ ngo.members|num }}                 ۱٬۲۳۴ (fa) · 1,234 (en)
{{ attachment.size|filesize }}        ۱٫۵ مگابایت (fa) · 1.5 MB (en)
{{ licence.number|code }}             <bdi dir="ltr">۱۴۰۵/<bdi>الف</bdi>/۷۸۹</bdi>
{{ message|digits }}                  running text with the reader's digits

In English, dates are isolated (Unicode LRI … PDI) so that, next to a Persian name,
neither the date nor the name around it is reordered.
"""

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeData, mark_safe

from offices.formatting import (
    RTL_RUN,
    digits_for_reader,
    format_date,
    format_datetime,
    format_filesize,
    format_number,
    is_persian,
    text_for_reader,
)
from offices.text import isolate, without_bidi_controls

register = template.Library()


def _isolated(text: str) -> str:
    """In English, set apart left to right (LRI … PDI): next to a Persian name, a date would
    otherwise join the name's right-to-left run and the two would swap places. A Persian
    line reads a date in its own direction already."""
    if not text or is_persian():
        return text
    return "\u2066" + text + "\u2069"


@register.filter
def num(value):
    return format_number(value)


@register.filter
def jdate(value, style=""):
    return _isolated(format_date(value, long=style == "long"))


@register.filter
def jdatetime(value):
    return _isolated(format_datetime(value))


@register.filter
def filesize(value):
    """A number of bytes as «۱٫۵ مگابایت» / «1.5 MB»."""
    try:
        return format_filesize(int(value))
    except (TypeError, ValueError):
        return ""


@register.filter
def code(value):
    """A code, licence or ID number or phone number: the reader's digits, left to right.

    The whole is laid out left to right as it was typed («۱۴۰۵/الف/۷۸۹», never
    mirrored), and each run of Persian letters inside it is isolated so that it
    does not pull the digits after it into right-to-left order.
    """
    if value in (None, ""):
        return ""
    text = digits_for_reader(without_bidi_controls(str(value)))
    pieces, at = [], 0
    for run in RTL_RUN.finditer(text):
        pieces += [escape(text[at : run.start()]), format_html("<bdi>{}</bdi>", run.group())]
        at = run.end()
    pieces.append(escape(text[at:]))
    return format_html('<bdi dir="ltr" class="code">{}</bdi>', mark_safe("".join(pieces)))


@register.filter
def digits(value):
    """Running text (a message, an error) with the reader's digits; e-mail and web
    addresses keep theirs. Text already marked safe (HTML) is left as it is."""
    text = getattr(value, "message", value)  # a message of the messages framework
    if isinstance(text, SafeData):
        return value
    return text_for_reader(text)


@register.filter
def ref(value):
    """A report reference inside running text: the reader's digits, kept in one piece."""
    return isolate(digits_for_reader(value)) if value else ""


@register.filter
def plain(value):
    """User text in a plain-text email: bidi controls removed, so it cannot reverse the line."""
    return without_bidi_controls(str(value)) if value is not None else ""
