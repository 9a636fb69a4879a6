"""Reads of offices: the office list's filters."""

from django.db.models import Q, QuerySet

from .forms import WITHOUT_PREMISES
from .models import FacilitationOffice


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
        offices = offices.filter(Q(name__icontains=data["q"]) | Q(code__icontains=data["q"]))
    return offices
