"""Reads of offices: the office list's filters, and the search every list shares."""

from django.db.models import Q, QuerySet

from .forms import WITHOUT_PREMISES
from .models import FacilitationOffice
from .text import search_terms


def search_matches(query: str | None, field: str = "search_text") -> Q:
    """The records whose search text holds every word of `query` (in any of its forms).

    Both sides are normalised by `offices.text.search_text`: a space finds a ZWNJ,
    12345 finds «۱۲۳۴۵», a reference is found with or without its dash or direction
    marks. Each word is a ``LIKE '%word%'`` on one column, which a trigram GIN index
    (``GinIndex(OpClass(...,"gin_trgm_ops"))`` after ``TrigramExtension``) can serve
    when the tables grow: a migration, not a change here. An empty query matches all.
    """
    condition = Q()
    for forms in search_terms(query):
        either = Q()
        for form in forms:
            either |= Q(**{f"{field}__contains": form})
        condition &= either
    return condition


def filter_offices(offices: QuerySet, data: dict) -> QuerySet:
    """`offices` narrowed by the office list's cleaned filters: county, status, premises, search."""
    if data.get("county"):
        offices = offices.filter(county=data["county"])
    if data.get("status"):
        offices = offices.filter(status=data["status"])
    premises = data.get("premises")
    if premises == WITHOUT_PREMISES:
        offices = offices.exclude(premises=FacilitationOffice.Premises.DEDICATED)
    elif premises:
        offices = offices.filter(premises=premises)
    if data.get("q"):
        offices = offices.filter(search_matches(data["q"]))
    return offices
