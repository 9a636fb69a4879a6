"""Meetings and the demands NGOs raise: who sees them, who records and answers them.

Meetings and demands live in a higher app (`meetings`): their scope is given here as
filters (`meeting_filter`, `demand_filter`) that `meetings.selectors` applies, and as
answers for one record in hand.
"""

from django.db.models import Q

from .roles import PROVINCE_WIDE, Role, access_for

NOTHING = Q(pk__in=[])


def meeting_filter(user) -> Q:
    """The meetings the user may see: all for the province; a county official's county's
    meetings and those an NGO of the county attended; an NGO manager's NGOs' meetings.

    It looks through the NGOs present, so it can match a meeting more than once: apply it
    in a subquery (`pk__in=Meeting.objects.filter(q).values("pk")`), as
    `meetings.selectors` does."""
    access = access_for(user)
    if access.role in PROVINCE_WIDE:
        return Q()
    if access.role == Role.COUNTY:
        return (
            Q(county_id=access.county_id)
            | Q(attendance__ngo__county_id=access.county_id)
            | Q(attendance__ngo_id__in=access.ngo_ids)
        )
    if access.ngo_ids:
        return Q(attendance__ngo_id__in=access.ngo_ids)
    return NOTHING


def may_record_meeting(user, county_id=None) -> bool:
    """Officials who are not read-only record meetings: provincial ones any, a county
    official only their county's (never a provincial meeting)."""
    access = access_for(user)
    if not access.is_official or access.read_only:
        return False
    if access.role in PROVINCE_WIDE:
        return True
    return county_id is not None and county_id == access.county_id


def may_edit_meeting(user, meeting) -> bool:
    return may_record_meeting(user, meeting.county_id)


def demand_filter(user) -> Q:
    """The demands the user may see: all; their county's; their own NGOs'."""
    access = access_for(user)
    if access.role in PROVINCE_WIDE:
        return Q()
    if access.role == Role.COUNTY:
        return Q(county_id=access.county_id) | Q(ngo_id__in=access.ngo_ids)
    if access.ngo_ids:
        return Q(ngo_id__in=access.ngo_ids)
    return NOTHING


def may_see_demand(user, demand) -> bool:
    access = access_for(user)
    return (
        access.role in PROVINCE_WIDE
        or (access.role == Role.COUNTY and demand.county_id == access.county_id)
        or demand.ngo_id in access.ngo_ids
    )


def may_answer_demand(user, demand) -> bool:
    """Record the answer path, change the status, link reports: officials of the demand's
    county (or the province) who are not read-only."""
    access = access_for(user)
    return access.is_official and not access.read_only and access.covers_county(demand.county_id)


def may_raise_demand(user, ngo) -> bool:
    """An NGO's own managers raise demands through its page; officials who may answer
    them record demands raised in a meeting."""
    access = access_for(user)
    if ngo.pk in access.ngo_ids:
        return True
    return access.is_official and not access.read_only and access.covers_county(ngo.county_id)


def may_note_demand(user, demand) -> bool:
    """Follow-up notes: the officials who answer, and the NGO that raised it."""
    return may_answer_demand(user, demand) or demand.ngo_id in access_for(user).ngo_ids
