"""The offices' workspace: who keeps an office's records, who reads and reviews them."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from offices.models import FacilitationOffice

from .roles import Role, access_for


def may_work_in_office(user, office: FacilitationOffice) -> bool:
    """Keep the office's activities, referrals, premises request and monthly return: its
    own staff (and administrators)."""
    access = access_for(user)
    return access.role == Role.ADMIN or access.office_id == office.pk


def may_keep_facilitators(user, office: FacilitationOffice) -> bool:
    """The office's list of facilitators is kept by its manager (and administrators)."""
    access = access_for(user)
    return access.role == Role.ADMIN or (access.office_id == office.pk and access.office_manager)


def may_see_office_work(user, office: FacilitationOffice) -> bool:
    """Read the office's workspace and returns: its staff, and officials of its county."""
    access = access_for(user)
    return access.office_id == office.pk or access.covers_county(office.county_id)


def may_review_return(user, office: FacilitationOffice) -> bool:
    """Accept a monthly return or send it back: officials of the office's county (or the
    province), not read-only, and not the office's own staff."""
    access = access_for(user)
    if access.role == Role.ADMIN:
        return True
    return (
        access.is_official
        and not access.read_only
        and access.covers_county(office.county_id)
        and access.office_id != office.pk
    )


def get_workspace_office(user, pk) -> FacilitationOffice:
    """The office whose workspace the user may read; 404 otherwise."""
    office = get_object_or_404(FacilitationOffice.objects.select_related("county"), pk=pk)
    if not may_see_office_work(user, office):
        raise Http404
    return office
