"""The monthly report is made by the task queue's worker (`manage.py db_worker`)."""

import logging

from django.core.files.base import ContentFile
from django.utils import timezone
from django_tasks import task

from .models import MonthlyReport
from .monthly_report import render_pdf

logger = logging.getLogger(__name__)


@task()
def make_monthly_report(report_id: int) -> None:
    """Draw the requested report and keep its PDF; a failure is kept on the report (and
    logged for the administrators), never lost."""
    report = (
        MonthlyReport.objects.select_related("county")
        .filter(pk=report_id, status=MonthlyReport.Status.QUEUED)
        .first()
    )
    if report is None:
        return
    try:
        pdf = render_pdf(report)
    except Exception as error:  # anything at all: the request must end ready or failed
        logger.exception("Monthly report %s could not be made", report_id)
        report.status = MonthlyReport.Status.FAILED
        report.error = f"{type(error).__name__}: {error}"[:2000]
    else:
        report.file.save(report.download_name, ContentFile(pdf), save=False)
        report.size = len(pdf)
        report.status = MonthlyReport.Status.READY
    report.finished_at = timezone.now()
    report.save()
