"""The one place that decides what a user may see and do.

Every page and every service asks here: which records are in the user's scope,
and whether the user may perform an action. Pages fetch objects through the
`get_*_for_user` helpers, which answer 404 for anything out of scope — the same
answer as for an id that does not exist, so nothing is revealed. Reports live in
a higher app: their scope is given here as a filter (`report_filter`) and a
per-report answer (`may_see_report`, `acting_role`), which `reports` applies in
`IssueReport.objects.visible_to(user)` and `reports.selectors`.

Roles (DESIGN.md §2):
- administrator: a superuser; sees and does everything, and alone uses the admin;
- provincial official: an `Official` of level province; everything, province-wide;
- county official: an `Official` of level county; the same, limited to one county;
- NGO manager: a user in `NGO.managers`; their own NGOs and those NGOs' reports;
- officials may be read-only: they see their scope but change nothing.
"""

import enum
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from ngos.models import NGO
from offices.collation import persian_order
from offices.models import County, FacilitationOffice, Neighbourhood

from .models import Official


class Role(enum.StrEnum):
    ANONYMOUS = "anonymous"
    NONE = "none"  # logged in, but no role assigned yet
    NGO_MANAGER = "ngo_manager"
    COUNTY = "county"
    PROVINCE = "province"
    ADMIN = "admin"


class ActingRole(enum.StrEnum):
    """In which capacity a user acts on one report (the workflow's roles)."""

    NGO_MANAGER = "ngo_manager"
    OFFICIAL = "official"
    ADMIN = "admin"


OFFICIAL_ROLES = frozenset({Role.COUNTY, Role.PROVINCE, Role.ADMIN})
PROVINCE_WIDE = frozenset({Role.PROVINCE, Role.ADMIN})


@dataclass(frozen=True)
class Access:
    role: Role
    county_id: int | None = None
    ngo_ids: frozenset = frozenset()
    read_only: bool = False

    @property
    def is_official(self) -> bool:
        return self.role in OFFICIAL_ROLES

    @property
    def is_manager(self) -> bool:
        return bool(self.ngo_ids)

    @property
    def can_act_on_reports(self) -> bool:
        """Triage, refer, resolve and write internal notes."""
        return self.is_official and not self.read_only

    def covers_county(self, county_id) -> bool:
        """Whether records of this county are in an official's scope."""
        return self.role in PROVINCE_WIDE or (
            self.role == Role.COUNTY and county_id == self.county_id
        )


def access_for(user) -> Access:
    """What the user is here; worked out once per request and kept on the user."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Access(Role.ANONYMOUS)
    cached = getattr(user, "_facilitation_access", None)
    if cached is not None:
        return cached
    ngo_ids = frozenset(NGO.objects.filter(managers=user).values_list("pk", flat=True))
    if user.is_superuser:
        access = Access(Role.ADMIN, ngo_ids=ngo_ids)
    else:
        # A missing one-to-one row raises an AttributeError subclass: getattr gives None.
        official = getattr(user, "official", None)
        if official is not None and official.level == Official.Level.PROVINCE:
            access = Access(Role.PROVINCE, ngo_ids=ngo_ids, read_only=official.read_only)
        elif official is not None:
            access = Access(
                Role.COUNTY,
                county_id=official.county_id,
                ngo_ids=ngo_ids,
                read_only=official.read_only,
            )
        elif ngo_ids:
            access = Access(Role.NGO_MANAGER, ngo_ids=ngo_ids)
        else:
            access = Access(Role.NONE)
    user._facilitation_access = access
    return access


def official_access(user) -> Access:
    """The user's access if they are an official; PermissionDenied (403) for anyone else."""
    access = access_for(user)
    if not access.is_official:
        raise PermissionDenied(_("These pages are for the governorate's officials."))
    return access


# -- reports: the rule, applied by the reports app -------------------------------------


def report_filter(user) -> Q | None:
    """The reports this user may see, as a filter on reports; None when they may see none."""
    access = access_for(user)
    if access.role in PROVINCE_WIDE:
        return Q()
    if access.role == Role.COUNTY:
        return Q(county_id=access.county_id)
    if access.ngo_ids:
        return Q(ngo_id__in=access.ngo_ids)
    return None


def may_see_report(user, report) -> bool:
    """The same rule as `report_filter`, for one report already in hand."""
    access = access_for(user)
    if access.role == Role.COUNTY:
        return report.county_id == access.county_id
    return access.role in PROVINCE_WIDE or report.ngo_id in access.ngo_ids


def acting_role(user, report) -> ActingRole | None:
    """The capacity in which this user may act on this report, if any.

    An official acts within their scope and only if not read-only; a manager acts
    for their own NGO's reports. Administrators act as administrators.
    """
    access = access_for(user)
    if access.role == Role.ADMIN:
        return ActingRole.ADMIN
    if access.can_act_on_reports and access.covers_county(report.county_id):
        return ActingRole.OFFICIAL
    if report.ngo_id in access.ngo_ids:
        return ActingRole.NGO_MANAGER
    return None


def sees_internal_events(user) -> bool:
    """Internal notes and assignments on a report's timeline are for officials only."""
    return access_for(user).is_official


def may_assign(user, report) -> bool:
    """Give a report to an official to follow: officials who may act on it."""
    return acting_role(user, report) in (ActingRole.OFFICIAL, ActingRole.ADMIN)


def assignable_officials(county_id=None) -> QuerySet:
    """Officials a report of this county may be given to (any county's if None): active,
    not read-only, and able to open it (provincial, or of that county)."""
    users = get_user_model().objects.filter(is_active=True, official__read_only=False)
    if county_id is not None:
        users = users.filter(
            Q(official__county_id=county_id) | Q(official__level=Official.Level.PROVINCE)
        )
    # As the select boxes show them (full name), in Persian alphabetical order.
    return users.order_by(persian_order("first_name"), persian_order("last_name"), "username")


def queue_assignees(user) -> QuerySet:
    """Officials the reports of this user's queue may be given to: those of their scope."""
    access = access_for(user)
    return assignable_officials(access.county_id if access.role == Role.COUNTY else None)


def may_be_assigned(assignee, report) -> bool:
    """The rule of `assignable_officials`, for one user and one report in hand."""
    official = getattr(assignee, "official", None)
    return (
        assignee is not None
        and assignee.is_active
        and official is not None
        and not official.read_only
        and (official.level == Official.Level.PROVINCE or official.county_id == report.county_id)
    )


def officials_told_of_new_reports(county_id) -> QuerySet:
    """Who is emailed about a new report: active provincial officials and the county's."""
    return get_user_model().objects.filter(
        Q(official__level=Official.Level.PROVINCE) | Q(official__county_id=county_id),
        is_active=True,
    )


def may_submit_report(user, ngo: NGO) -> bool:
    """An NGO's managers submit reports for it while it is active (the new-report form)."""
    return ngo.pk in access_for(user).ngo_ids and ngo.status == NGO.Status.ACTIVE


def may_record_report(user, ngo: NGO) -> bool:
    """Whose submission the reports service records: the NGO's managers, and administrators
    (who also enter reports received on paper, in the admin)."""
    return may_submit_report(user, ngo) or (
        access_for(user).role == Role.ADMIN and ngo.status == NGO.Status.ACTIVE
    )


# -- what may be seen ----------------------------------------------------------------


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
