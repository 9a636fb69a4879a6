"""The admin's page links with the page numbers in the reader's digits.

{% load admin_persian %}
{% page_link cl 3 %}   <a href="?p=3">۳</a> (fa) · <a href="?p=3">3</a> (en)
"""

from django import template
from django.contrib.admin.views.main import PAGE_VAR
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from offices.formatting import format_number

register = template.Library()


@register.simple_tag
def page_link(cl, i):
    """Django's `paginator_number`, whose numbers are always ASCII, in the reader's digits."""
    if i == cl.paginator.ELLIPSIS:
        return format_html("{} ", cl.paginator.ELLIPSIS)
    if i == cl.page_num:
        return format_html('<span class="this-page">{}</span> ', format_number(i))
    end = ' class="end"' if i == cl.paginator.num_pages else ""
    return format_html(
        '<a href="{}"{}>{}</a> ',
        cl.get_query_string({PAGE_VAR: i}),
        mark_safe(end),
        format_number(i),
    )
