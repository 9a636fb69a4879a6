"""The offices' work as officials see it: an office's last twelve Jalali months, and per
county the returns due now, the overdue ones and the offices still without premises.

Each function takes `today` so the figures can be checked on any day; each runs a
fixed number of queries whatever the number of offices, activities or returns.
"""

import datetime

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from offices.collation import persian_order, persian_sort_key
from offices.formatting import jalali_month_label
from offices.jalali import month_bounds, shift_month, to_jalali
from offices.models import FacilitationOffice
from workspace.models import Activity, MonthlyReturn, PremisesRequest, Referral
from workspace.services.months import due_date, last_ended_month

Status = MonthlyReturn.Status
NOT_SUBMITTED = (Status.CORRECTING, Status.RETURNED)

# A month's state on the office page when no return says it.
IN_PROGRESS = "in_progress"
NOT_YET_DUE = "not_yet_due"
OVERDUE = "overdue"
NOT_OPEN = "not_open"
MONTH_STATES = {
    NOT_OPEN: _("before the office opened"),
    IN_PROGRESS: _("month in progress"),
    NOT_YET_DUE: _("not submitted yet, not yet due"),
    OVERDUE: _("not submitted, overdue"),
}


def _since(year: int, month: int) -> Q:
    """Rows of that Jalali month or later (nothing is recorded for a month to come)."""
    return Q(jalali_year__gt=year) | Q(jalali_year=year, jalali_month__gte=month)


# -- an office's months --------------------------------------------------------------


def office_months(office: FacilitationOffice, today: datetime.date, months: int = 12) -> dict:
    """The office's last `months` Jalali months, today's included, oldest first.

    A month's figures are its accepted return's; a month without an accepted return shows
    the activities and referrals recorded so far, marked not accepted. The activities by
    kind and the residents referred by agency are summed over the months the same way.
    Three queries: the returns, the activities and the referrals, each grouped by month.
    """
    now = to_jalali(today)
    first = shift_month(now.year, now.month, -(months - 1))
    window = Q(office=office) & _since(*first)
    # A month has at most one accepted version (its figures are the officials') and at most
    # one still in the works (a first return, or a correction while the accepted one stands).
    accepted_versions, open_versions = {}, {}
    for r in MonthlyReturn.objects.filter(window).exclude(status=Status.SUPERSEDED):
        kept = accepted_versions if r.status == Status.ACCEPTED else open_versions
        kept[(r.jalali_year, r.jalali_month)] = r
    live: dict = {}
    for year, month, kind, n, women, men, children in (
        Activity.objects.filter(window)
        .order_by()
        .values_list("jalali_year", "jalali_month", "kind__name")
        .annotate(n=Count("pk"), w=Sum("women"), m=Sum("men"), c=Sum("children"))
    ):
        figures = live.setdefault((year, month), _empty())
        figures["activities"] += n
        figures["women"] += women or 0
        figures["men"] += men or 0
        figures["children"] += children or 0
        figures["by_kind"][kind] = n
    for year, month, agency, people in (
        Referral.objects.filter(window)
        .order_by()
        .values_list("jalali_year", "jalali_month", "agency__name")
        .annotate(people=Sum("people"))
    ):
        figures = live.setdefault((year, month), _empty())
        figures["referrals"] += people or 0
        figures["by_agency"][agency] = people or 0

    rows, by_kind, by_agency = [], {}, {}
    for back in range(months - 1, -1, -1):
        year, month = shift_month(now.year, now.month, -back)
        accepted = accepted_versions.get((year, month))
        current = open_versions.get((year, month), accepted)
        if accepted is not None:
            figures = {**_from_return(accepted), "attendance": accepted.attendance}
        else:
            figures = live.get((year, month), _empty())
            figures["attendance"] = figures["women"] + figures["men"] + figures["children"]
        for name, n in figures["by_kind"].items():
            by_kind[name] = by_kind.get(name, 0) + n
        for name, n in figures["by_agency"].items():
            by_agency[name] = by_agency.get(name, 0) + n
        rows.append(
            {
                **figures,
                "year": year,
                "month": month,
                "label": jalali_month_label(month_bounds(year, month)[0]),
                "accepted": accepted is not None,
                "accepted_version": accepted,
                # Returns typed in the admin before the workspace kept only the total.
                "breakdown": figures["women"] + figures["men"] + figures["children"]
                == figures["attendance"],
                "return": current,
                **_month_state(current, year, month, today, office.opened_on),
            }
        )
    return {
        "rows": rows,
        "by_kind": _ranked(by_kind),
        "by_agency": _ranked(by_agency),
        "charts": _office_charts(rows),
    }


def _empty() -> dict:
    return {
        "activities": 0,
        "women": 0,
        "men": 0,
        "children": 0,
        "referrals": 0,
        "by_kind": {},
        "by_agency": {},
    }


def _from_return(monthly_return: MonthlyReturn) -> dict:
    return {
        "activities": monthly_return.activities,
        "women": monthly_return.women,
        "men": monthly_return.men,
        "children": monthly_return.children,
        "referrals": monthly_return.referrals,
        "by_kind": dict(monthly_return.by_kind or {}),
        "by_agency": dict(monthly_return.by_agency or {}),
    }


def _month_state(current, year: int, month: int, today: datetime.date, opened_on) -> dict:
    """The month's return status (its value and label), or where a month without one stands."""
    if current is not None:
        return {"state": current.status, "state_label": current.get_status_display()}
    end = month_bounds(year, month)[1]
    if opened_on and end <= opened_on:
        state = NOT_OPEN  # no return is owed for a month that ended before the office opened
    elif end > today:
        state = IN_PROGRESS
    elif today > due_date(year, month):
        state = OVERDUE
    else:
        state = NOT_YET_DUE
    return {"state": state, "state_label": MONTH_STATES[state]}


def _ranked(counts: dict) -> list[tuple[str, int]]:
    """(name, number) largest first, then in Persian alphabetical order; zeros left out."""
    rows = [(name, n) for name, n in counts.items() if n]
    return sorted(rows, key=lambda row: (-row[1], persian_sort_key(str(row[0]))))


def _office_charts(rows: list[dict]) -> dict:
    """Two stacked bar charts (attendance, activities): accepted and not yet accepted."""
    labels = [row["label"] for row in rows]

    def split(key):
        return [
            {
                "label": str(_("accepted return")),
                "values": [row[key] if row["accepted"] else 0 for row in rows],
            },
            {
                "label": str(_("not yet accepted")),
                "values": [0 if row["accepted"] else row[key] for row in rows],
            },
        ]

    return {
        "chart-office-attendance": {"labels": labels, "series": split("attendance")},
        "chart-office-activities": {"labels": labels, "series": split("activities")},
    }


# -- the dashboard: per county ---------------------------------------------------------


def returns_by_county(offices, today: datetime.date) -> dict:
    """Per county, for the active offices among `offices`: the returns of the month due now.

    The month due now is the last ended Jalali month; its returns are due by the 5th of
    the current month. Per county, each active office in one of: accepted (its accepted
    version, which stands while a correction is under way), first return submitted and
    awaiting review, or not submitted (none, being written, or sent back) — overdue after
    the due date, not yet due before. Counted in one grouped query.
    """
    year, month = last_ended_month(today)
    due = due_date(year, month)
    month_end = month_bounds(year, month)[1]
    versions = MonthlyReturn.objects.filter(
        office=OuterRef("pk"), jalali_year=year, jalali_month=month
    )
    # An office opened after the month ended owes no return for it.
    expected = Q(opened_on__isnull=True) | Q(opened_on__lt=month_end)
    # Spelt out rather than negated: the status is NULL for an office with no open version.
    not_submitted = Q(accepted=False) & (
        Q(open_status__isnull=True) | Q(open_status__in=NOT_SUBMITTED)
    )
    rows = list(
        offices.filter(status=FacilitationOffice.Status.ACTIVE)
        .annotate(
            accepted=Exists(versions.filter(status=Status.ACCEPTED)),
            open_status=Subquery(
                versions.filter(status__in=MonthlyReturn.OPEN).values("status")[:1]
            ),
        )
        .order_by()
        .values("county_id", county_name=F("county__name"))
        .annotate(
            active=Count("pk"),
            accepted_returns=Count("pk", filter=Q(accepted=True)),
            awaiting=Count("pk", filter=Q(accepted=False, open_status=Status.SUBMITTED)),
            missing=Count("pk", filter=expected & not_submitted),
            without_premises=Count("pk", filter=~Q(premises=FacilitationOffice.Premises.DEDICATED)),
        )
        .order_by(persian_order("county__name"))
    )
    overdue_now = today > due
    for row in rows:
        row["accepted"] = row.pop("accepted_returns")
        row["overdue"] = row["missing"] if overdue_now else 0
        row["not_yet_due"] = 0 if overdue_now else row["missing"]
    return {
        "year": year,
        "month": month,
        "label": jalali_month_label(month_bounds(year, month)[0]),
        "due": due,
        "overdue_now": overdue_now,
        "rows": rows,
        "totals": {
            key: sum(row[key] for row in rows)
            for key in (
                "active",
                "accepted",
                "awaiting",
                "overdue",
                "not_yet_due",
                "without_premises",
            )
        },
    }


def waiting_for_premises(offices, today: datetime.date) -> list[FacilitationOffice]:
    """Active offices without dedicated premises, the longest waiting first; one query.

    The wait runs from the day the office has been without dedicated premises: the date
    its present premises date from, else the day it opened (None when neither is known);
    asking for premises does not shorten it. Each office has `waiting_since`,
    `waited_days`, and its open premises request, a separate fact: `requested_on` and
    `request_step` (both None without an open request).
    """
    open_request = PremisesRequest.objects.filter(
        office=OuterRef("pk"), step__in=PremisesRequest.OPEN
    ).order_by("-requested_on")
    waiting = list(
        offices.filter(status=FacilitationOffice.Status.ACTIVE)
        .exclude(premises=FacilitationOffice.Premises.DEDICATED)
        .select_related("county")
        .annotate(
            requested_on=Subquery(open_request.values("requested_on")[:1]),
            request_step=Subquery(open_request.values("step")[:1]),
        )
        .annotate(waiting_since=Coalesce("premises_since", "opened_on"))
        .order_by(F("waiting_since").asc(nulls_last=True), "code")
    )
    steps = dict(PremisesRequest.Step.choices)
    for office in waiting:
        since = office.waiting_since
        office.waited_days = (today - since).days if since else None
        office.request_step_label = steps.get(office.request_step) if office.request_step else None
    return waiting


def longest_waits(waiting: list[FacilitationOffice]) -> dict[int, FacilitationOffice]:
    """Per county, its office waiting longest (the list is already longest first)."""
    longest: dict = {}
    for office in waiting:
        if office.waited_days is not None:
            longest.setdefault(office.county_id, office)
    return longest


def offices_work(offices, today: datetime.date) -> dict:
    """The dashboard's section on the offices' work; two queries."""
    returns = returns_by_county(offices, today)
    waiting = waiting_for_premises(offices, today)
    longest = longest_waits(waiting)
    for row in returns["rows"]:
        row["longest_wait"] = longest.get(row["county_id"])
    return {**returns, "waiting": waiting}
