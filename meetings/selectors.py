"""The meetings and demands a user may see, read the same way by every page."""

from accounts.access import demand_filter, meeting_filter

from .models import Demand, Meeting


def visible_meetings(user):
    """The meetings in the user's scope, each once (the scope looks through attendance)."""
    return Meeting.objects.filter(pk__in=Meeting.objects.filter(meeting_filter(user)).values("pk"))


def visible_demands(user):
    return Demand.objects.filter(demand_filter(user))
