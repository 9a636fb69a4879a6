"""Exports of a filtered report list, in the user's scope, as CSV or Excel."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from .. import exports, roles
from .reports import filtered_reports


def _reports_to_export(request):
    access = roles.access_for(request.user)
    if not (access.is_official or access.is_manager):
        raise PermissionDenied
    _form, reports = filtered_reports(request)
    return reports.order_by("-submitted_at", "-pk")


def _filename(extension):
    return f"reports-{timezone.localdate().isoformat()}.{extension}"


@login_required
def report_export_csv(request):
    """Download the reports of the current list as CSV (opens in Excel, Persian intact)."""
    rows = exports.export_rows(_reports_to_export(request))
    return exports.csv_response(rows, _filename("csv"))


@login_required
def report_export_xlsx(request):
    """Download the reports of the current list as an Excel workbook, right to left."""
    rows = exports.export_rows(_reports_to_export(request))
    return exports.xlsx_response(rows, _filename("xlsx"))
