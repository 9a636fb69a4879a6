"""Reports: whom a report is shown to and who may act on it (applied by `reports`)."""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from ngos.models import NGO
from offices.collation import persian_order
from offices.models import FacilitationOffice

from ..models import Official
from .roles import PROVINCE_WIDE, Access, ActingRole, Role, access_for


def report_filter(user) -> Q | None:
    """The reports this user may see, as a filter on reports; None when they may see none."""
    access = access_for(user)
    if access.role in PROVINCE_WIDE:
        return Q()
    if access.role == Role.COUNTY:
        return Q(county_id=access.county_id)
    if access.office_id is not None:
        office = Q(office_id=access.office_id, from_office=True) | Q(ngo_id__in=access.ngo_ids)
        return office | _supported_by(access) if access.ngo_ids else office
    if access.ngo_ids:
        return Q(ngo_id__in=access.ngo_ids) | _supported_by(access)
    return None


def _supported_by(access: Access) -> Q:
    """Reports one of the user's NGOs supports (their managers read them, and act on none).

    A subquery of report ids rather than a join through the supports, so that a list
    never shows a report twice (two of the user's NGOs supporting it)."""
    supported = NGO.objects.filter(pk__in=access.ngo_ids, supported_reports__isnull=False).values(
        "supported_reports__report_id"
    )
    return Q(pk__in=supported)


def may_see_report(user, report) -> bool:
    """The same rule as `report_filter`, for one report already in hand."""
    access = access_for(user)
    if access.role == Role.COUNTY:
        return report.county_id == access.county_id
    return (
        access.role in PROVINCE_WIDE
        or report.ngo_id in access.ngo_ids
        or _office_report(access, report)
        or (bool(access.ngo_ids) and report.supports.filter(ngo_id__in=access.ngo_ids).exists())
    )


def supportable_report_filter(ngo: NGO) -> Q:
    """The reports an NGO may find and support: those of the area it reports about (its
    county, for an NGO working in one county; anywhere, for the others)."""
    return Q(county_id=ngo.county_id) if ngo.scope == NGO.Scope.COUNTY else Q()


def may_support_report(user, report, ngo: NGO) -> bool:
    """An active NGO's managers stand behind another NGO's open report of their area
    (instead of filing the same problem again); whether the NGO already supports it is
    the service's to check."""
    return (
        may_submit_report(user, ngo)
        and report.ngo_id != ngo.pk
        and report.is_open
        and (ngo.scope != NGO.Scope.COUNTY or report.county_id == ngo.county_id)
    )


def report_supporters(report) -> QuerySet:
    """Who follows a report as a supporter (told of each change the NGO can see): the
    managers of the NGOs supporting it."""
    return (
        get_user_model().objects.filter(managed_ngos__supported_reports__report=report).distinct()
    )


def _office_report(access: Access, report) -> bool:
    """A report the user's office submitted (office staff act on it as its submitter)."""
    return (
        access.office_id is not None and report.from_office and report.office_id == access.office_id
    )


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
    if report.ngo_id in access.ngo_ids or _office_report(access, report):
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


def officials_who_verify_licences(county_id) -> QuerySet:
    """Who is emailed about a renewed licence an NGO uploaded: the active officials who may
    verify it (`may_review_licence`): the county's and the province's, not read-only."""
    return get_user_model().objects.filter(
        Q(official__level=Official.Level.PROVINCE) | Q(official__county_id=county_id),
        is_active=True,
        official__read_only=False,
    )


def may_submit_report(user, ngo: NGO) -> bool:
    """An NGO's managers submit reports for it while it is active (the new-report form)."""
    return ngo.pk in access_for(user).ngo_ids and ngo.status == NGO.Status.ACTIVE


def may_submit_office_report(user, office: FacilitationOffice) -> bool:
    """An office's staff submit reports naming the office, in the name of its current lead
    partner NGO (which must be active); the view finds that NGO."""
    access = access_for(user)
    return access.office_id == office.pk and office.status == FacilitationOffice.Status.ACTIVE


def may_record_report(user, ngo: NGO) -> bool:
    """Whose submission the reports service records: the NGO's managers, and administrators
    (who also enter reports received on paper, in the admin)."""
    return may_submit_report(user, ngo) or (
        access_for(user).role == Role.ADMIN and ngo.status == NGO.Status.ACTIVE
    )


def report_submitters(report) -> QuerySet:
    """Who follows a report as its submitter (told it was received, and of each change):
    the NGO's managers and, for a report the office submitted, the office's active staff."""
    users = Q(managed_ngos=report.ngo_id)
    if report.from_office and report.office_id:
        users |= Q(office_staff__office_id=report.office_id, office_staff__active=True)
    return get_user_model().objects.filter(users).distinct()
