"""The one place that decides what a user may see and do.

Every page asks here: which records are in the user's scope (querysets), and
whether the user may perform an action. Objects are fetched only through the
`get_*_for_user` helpers, which answer 404 for anything out of scope — the
same answer as for an id that does not exist, so nothing is revealed.

Roles (DESIGN.md §2):
- administrator: a superuser; sees and does everything, and alone uses the admin;
- provincial official: an `Official` of level province; everything, province-wide;
- county official: an `Official` of level county; the same, limited to one county;
- NGO manager: a user in `NGO.managers`; their own NGOs and those NGOs' reports;
- officials may be read-only: they see their scope but change nothing.
"""

import enum
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from ngos.models import NGO
from offices.models import County, FacilitationOffice, Neighbourhood
from reports.models import IssueReport
from reports.workflow import Role as WorkflowRole


class Role(enum.StrEnum):
    ANONYMOUS = "anonymous"
    NONE = "none"  # logged in, but no role assigned yet
    NGO_MANAGER = "ngo_manager"
    COUNTY = "county"
    PROVINCE = "province"
    ADMIN = "admin"


OFFICIAL_ROLES = frozenset({Role.COUNTY, Role.PROVINCE, Role.ADMIN})


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
        if official is not None and official.level == "province":
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


# -- what may be seen ----------------------------------------------------------------


def reports_for(user, reports: QuerySet | None = None) -> QuerySet:
    """The reports this user may see (of `reports`, if given)."""
    access = access_for(user)
    reports = IssueReport.objects.all() if reports is None else reports
    if access.role in (Role.ADMIN, Role.PROVINCE):
        return reports
    if access.role == Role.COUNTY:
        return reports.filter(county_id=access.county_id)
    if access.ngo_ids:
        return reports.filter(ngo_id__in=access.ngo_ids)
    return reports.none()


def ngos_for(user, ngos: QuerySet | None = None) -> QuerySet:
    """The NGOs this user may see (of `ngos`, if given): all, their county's, or their own."""
    access = access_for(user)
    ngos = NGO.objects.all() if ngos is None else ngos
    if access.role in (Role.ADMIN, Role.PROVINCE):
        return ngos
    if access.role == Role.COUNTY:
        return ngos.filter(Q(county_id=access.county_id) | Q(pk__in=access.ngo_ids))
    if access.ngo_ids:
        return ngos.filter(pk__in=access.ngo_ids)
    return ngos.none()


def _by_county(user, queryset: QuerySet, county_field: str = "county_id") -> QuerySet:
    """Places: everything for the province, one county's for its officials, none for others."""
    access = access_for(user)
    if access.role in (Role.ADMIN, Role.PROVINCE):
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


def get_report_for_user(user, pk, reports: QuerySet | None = None) -> IssueReport:
    """The report, if the user may see it; 404 otherwise, as for one that does not exist."""
    return get_object_or_404(reports_for(user, reports), pk=pk)


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


def may_edit_ngo_contact(user, ngo: NGO) -> bool:
    """Only the NGO's own managers keep its contact details current."""
    return ngo.pk in access_for(user).ngo_ids


def may_submit_report(user, ngo: NGO) -> bool:
    return ngo.pk in access_for(user).ngo_ids and ngo.status == NGO.Status.ACTIVE


def workflow_role(user, report: IssueReport) -> WorkflowRole | None:
    """The role in which this user may act on this report, if any.

    An official acts within their scope and only if not read-only; a manager acts
    for their own NGO's reports. Administrators act as administrators.
    """
    access = access_for(user)
    if access.role == Role.ADMIN:
        return WorkflowRole.ADMIN
    if access.can_act_on_reports and reports_for(user).filter(pk=report.pk).exists():
        return WorkflowRole.OFFICIAL
    if report.ngo_id in access.ngo_ids:
        return WorkflowRole.NGO_MANAGER
    return None
