"""Exports of a filtered report list, in the user's scope, as CSV or Excel."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import access_for
from offices.jalali import format_jalali

from ..exports import csv_response, export_rows, xlsx_response
from ..selectors import reports_listed


def _reports_to_export(request):
    if not access_for(request.user).has_reports:
        raise PermissionDenied(_("Exports are for officials, NGO managers and office staff."))
    _form, reports = reports_listed(request.user, request.GET)
    return reports.order_by("-submitted_at", "-pk")


def _filename(extension):
    """reports-1405-09-08.xlsx: today's Jalali date (Tehran), in ASCII digits so that every
    browser and file system keeps the name as it is and files sort by date."""
    return f"reports-{format_jalali(timezone.localdate()).replace('/', '-')}.{extension}"


@login_required
def report_export_csv(request):
    """Download the reports of the current list as CSV (opens in Excel, Persian intact)."""
    return csv_response(export_rows(_reports_to_export(request)), _filename("csv"))


@login_required
def report_export_xlsx(request):
    """Download the reports of the current list as an Excel workbook, right to left."""
    return xlsx_response(export_rows(_reports_to_export(request)), _filename("xlsx"))
