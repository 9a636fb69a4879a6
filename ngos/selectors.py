"""Reads of the NGO registry: the NGO list's filters, the NGO's own changes."""

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext

from offices.formatting import format_code, format_number, join_for_reader
from offices.selectors import search_matches

from .models import Licence


def filter_ngos(ngos: QuerySet, data: dict) -> QuerySet:
    """`ngos` (annotated with their licence status) narrowed by the NGO list's cleaned
    filters: county, status, licence, field of activity, search (name, national ID,
    registration number or contact person: `NGO.build_search_text`)."""
    if data.get("county"):
        ngos = ngos.filter(county=data["county"])
    if data.get("status"):
        ngos = ngos.filter(status=data["status"])
    if data.get("licence"):
        ngos = ngos.filter(licence_status=data["licence"])
    if data.get("field"):
        ngos = ngos.filter(fields=data["field"])
    if data.get("verification") == Licence.Verification.AWAITING:
        ngos = ngos.filter(
            Exists(
                Licence.objects.filter(
                    ngo=OuterRef("pk"), verification=Licence.Verification.AWAITING
                )
            )
        )
    if data.get("q"):
        ngos = ngos.filter(search_matches(data["q"]))
    return ngos


def profile_changes(ngo) -> list[dict]:
    """What the NGO's last change of its profile changed, for officials to read: each field's
    label, and its value before and after in the reader's language (no query)."""
    shown = []
    for change in ngo.profile_changes or []:
        try:
            field = ngo._meta.get_field(change["field"])
        except (KeyError, FieldDoesNotExist):
            continue
        shown.append(
            {
                "label": capfirst(field.verbose_name),
                "old": _for_reader(change.get("old"), field.name),
                "new": _for_reader(change.get("new"), field.name),
            }
        )
    return shown


def _for_reader(value, name: str) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, int):
        return format_number(value)
    if isinstance(value, list):
        return join_for_reader(value)
    if name == "phone":
        return format_code(value)
    return str(value)
