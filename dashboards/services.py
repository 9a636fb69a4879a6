"""Writes of the dashboards app: requesting the monthly report for the governor's office."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import PROVINCE_WIDE, official_access
from offices.formatting import digits_for_reader, jalali_month_label
from offices.jalali import month_bounds, to_jalali

from .models import MonthlyReport
from .tasks import make_monthly_report

# The first Jalali year with figures to report (the offices' and NGOs' records start later).
FIRST_YEAR = 1390


def month_refusal(year: int, month: int, today: datetime.date | None = None) -> str | None:
    """Why no report can be made for this month (not ended yet, before the records), or None."""
    if not 1 <= month <= 12:
        return _("Choose a month from Farvardin to Esfand.")
    if year < FIRST_YEAR:
        return _("There are no figures before %(year)s.") % {"year": digits_for_reader(FIRST_YEAR)}
    now = to_jalali(today or timezone.localdate())
    if (year, month) >= (now.year, now.month):
        return _("The report for %(month)s can be made once that month has ended.") % {
            "month": jalali_month_label(month_bounds(year, month)[0])
        }
    return None


def monthly_report_request(*, user, year: int, month: int, county=None) -> MonthlyReport:
    """Queue the report of an ended Jalali month for a county (None: the province).

    Officials only (403 for anyone else): a county official for their own county, a
    provincial official for any county or the province. The request and its task are
    written together: both or neither.
    """
    access = official_access(user)
    # A county official asks for their county; only the province's officials for the province.
    if not (access.covers_county(county.pk) if county else access.role in PROVINCE_WIDE):
        raise ValidationError({"county": _("You can ask for reports of your own county only.")})
    refusal = month_refusal(year, month)
    if refusal:
        raise ValidationError({"month": refusal})
    with transaction.atomic():
        report = MonthlyReport.objects.create(
            jalali_year=year, jalali_month=month, county=county, requested_by=user
        )
        # In the same transaction (the queue is in the database): the worker finds the
        # request once it is committed, and a request is never left without its task.
        make_monthly_report.enqueue(report.pk)
    return report
