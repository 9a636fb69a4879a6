"""Reads of the NGO registry: the NGO list's filters."""

from django.db.models import QuerySet

from offices.selectors import search_matches


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
    if data.get("q"):
        ngos = ngos.filter(search_matches(data["q"]))
    return ngos
