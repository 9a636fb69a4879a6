"""A Jalali month of an office's work: its figures, computed, and whether it is locked."""

import datetime

from django.db.models import Count, Sum
from django.utils import timezone

from offices.jalali import month_bounds, shift_month, to_jalali
from offices.models import FacilitationOffice

from ..models import DUE_DAY, Activity, MonthlyReturn, Referral


def month_has_ended(year: int, month: int, today: datetime.date | None = None) -> bool:
    """Whether the Jalali month is over (a return is only for a month that has ended)."""
    return MonthlyReturn(jalali_year=year, jalali_month=month).month_has_ended(today)


def due_date(year: int, month: int) -> datetime.date:
    """The last day a month's return is on time: the 5th of the next Jalali month."""
    start_of_next = month_bounds(*shift_month(year, month, 1))[0]
    return start_of_next + datetime.timedelta(days=DUE_DAY - 1)


def last_ended_month(today: datetime.date | None = None) -> tuple[int, int]:
    """The month whose return is due now (the month before today's)."""
    day = to_jalali(today or timezone.localdate())
    return shift_month(day.year, day.month, -1)


def current_return(office_id: int, year: int, month: int) -> MonthlyReturn | None:
    """The month's latest version, if any: a correction under way, else the one in force.
    (Officials' figures read the month's accepted version: status accepted.)"""
    return (
        MonthlyReturn.objects.filter(office_id=office_id, jalali_year=year, jalali_month=month)
        .exclude(status=MonthlyReturn.Status.SUPERSEDED)
        .first()
    )


def lock_office(office_id: int) -> None:
    """Hold the office's row until the transaction ends. Every write of the office's
    month (an activity, a referral, a return's submission) takes it first, so figures
    are never computed while an activity of the month is being saved."""
    FacilitationOffice.objects.select_for_update().filter(pk=office_id).values("pk").first()


def month_lock(office_id: int, year: int, month: int) -> str | None:
    """What locks a month's activities and referrals: its latest return's status when it is
    submitted or accepted, else None (sent back or being corrected, they may change — even
    while an earlier accepted version stays in force)."""
    latest = (
        MonthlyReturn.objects.filter(office_id=office_id, jalali_year=year, jalali_month=month)
        .exclude(status=MonthlyReturn.Status.SUPERSEDED)
        .order_by("-version")
        .values_list("status", flat=True)
        .first()
    )
    return latest if latest in MonthlyReturn.LOCKING else None


def month_is_locked(office_id: int, year: int, month: int) -> bool:
    """While a month's latest return is submitted or accepted, its activities and referrals
    stay as they are."""
    return month_lock(office_id, year, month) is not None


def return_is_overdue(
    year: int,
    month: int,
    *,
    accepted: bool,
    open_status: str | None,
    opened_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> bool:
    """Whether the month's return is overdue, as the dashboard counts it (the definition
    "returns_overdue"): its due date has passed, the office had opened before the month
    ended, and no version is accepted or awaiting review — none at all, one being written,
    or one sent back and not submitted again. (On time or late is another question, judged
    by the month's first submission: `MonthlyReturn.submitted_late`.)"""
    today = today or timezone.localdate()
    if today <= due_date(year, month):
        return False
    if opened_on is not None and month_bounds(year, month)[1] <= opened_on:
        return False  # a month that ended before the office opened owes no return
    return not accepted and open_status != MonthlyReturn.Status.SUBMITTED


def month_figures(office_id: int, year: int, month: int) -> dict:
    """The month's figures from its activities and referrals, as a return keeps them.

    Three queries whatever the month holds. `by_kind` maps an activity kind's name to the
    number of activities; `by_agency` maps an agency's name to the residents referred.
    """
    month_filter = {"office_id": office_id, "jalali_year": year, "jalali_month": month}
    totals = Activity.objects.filter(**month_filter).aggregate(
        activities=Count("pk"), women=Sum("women"), men=Sum("men"), children=Sum("children")
    )
    by_kind = dict(
        Activity.objects.filter(**month_filter)
        .values_list("kind__name")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_agency = dict(
        Referral.objects.filter(**month_filter)
        .values_list("agency__name")
        .annotate(n=Sum("people"))
        .order_by()
    )
    women, men, children = (totals[k] or 0 for k in ("women", "men", "children"))
    return {
        "activities": totals["activities"],
        "women": women,
        "men": men,
        "children": children,
        "attendance": women + men + children,
        "referrals": sum(by_agency.values()),
        "by_kind": by_kind,
        "by_agency": by_agency,
    }
