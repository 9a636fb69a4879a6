"""The registries and places: what may be seen, and the NGO's own records."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from ngos.models import NGO
from offices.models import County, FacilitationOffice, Neighbourhood

from .roles import PROVINCE_WIDE, Role, access_for


def ngos_for(user, ngos: QuerySet | None = None) -> QuerySet:
    """The NGOs this user may see (of `ngos`, if given): all, their county's, or their own."""
    access = access_for(user)
    ngos = NGO.objects.all() if ngos is None else ngos
    if access.role in PROVINCE_WIDE:
        return ngos
    if access.role == Role.COUNTY:
        return ngos.filter(Q(county_id=access.county_id) | Q(pk__in=access.ngo_ids))
    if access.ngo_ids:
        return ngos.filter(pk__in=access.ngo_ids)
    return ngos.none()


def may_open_ngo(user, ngo: NGO) -> bool:
    """The same rule as `ngos_for`, for one NGO in hand (e.g. whether to link to it)."""
    access = access_for(user)
    if access.role == Role.COUNTY:
        return ngo.county_id == access.county_id or ngo.pk in access.ngo_ids
    return access.role in PROVINCE_WIDE or ngo.pk in access.ngo_ids


def _by_county(user, queryset: QuerySet, county_field: str = "county_id") -> QuerySet:
    """Places: everything for the province, one county's for its officials, none for others."""
    access = access_for(user)
    if access.role in PROVINCE_WIDE:
        return queryset
    if access.role == Role.COUNTY:
        return queryset.filter(**{county_field: access.county_id})
    return queryset.none()


def counties_for(user) -> QuerySet:
    return _by_county(user, County.objects.all(), "pk")


def offices_for(user) -> QuerySet:
    return _by_county(user, FacilitationOffice.objects.all())


def neighbourhoods_for(user) -> QuerySet:
    return _by_county(user, Neighbourhood.objects.all())


def get_ngo_for_user(user, pk, ngos: QuerySet | None = None) -> NGO:
    """The NGO, if the user may see it; 404 otherwise, as for one that does not exist."""
    return get_object_or_404(ngos_for(user, ngos), pk=pk)


def get_county_for_user(user, pk) -> County:
    return get_object_or_404(counties_for(user), pk=pk)


def get_office_for_user(user, pk) -> FacilitationOffice:
    return get_object_or_404(offices_for(user).select_related("county"), pk=pk)


def get_neighbourhood_for_user(user, pk) -> Neighbourhood:
    return get_object_or_404(neighbourhoods_for(user).select_related("county"), pk=pk)


# -- what may be done ----------------------------------------------------------------


def may_view_dashboards(user) -> bool:
    return access_for(user).is_official


def may_edit_ngo(user, ngo: NGO) -> bool:
    """Only the NGO's own managers keep its profile current and upload its renewed licences."""
    return ngo.pk in access_for(user).ngo_ids


may_edit_ngo_contact = may_edit_ngo  # the contact details are part of the profile


def may_review_licence(user, ngo: NGO) -> bool:
    """Verify or return a licence the NGO uploaded: officials of the NGO's county (or the
    province), not read-only, and not the NGO's own managers."""
    access = access_for(user)
    if access.role == Role.ADMIN:
        return True
    return (
        access.is_official
        and not access.read_only
        and access.covers_county(ngo.county_id)
        and ngo.pk not in access.ngo_ids
    )
