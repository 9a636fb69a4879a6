"""Social-issue reports, what they are about, where they are referred, and their timeline."""

from .categories import Agency, Category
from .events import Attachment, ReportEvent, attachment_path
from .reminders import ReminderLog
from .report import (
    FINISHED_STATES,
    OPEN_STATES,
    REFERRAL_STATES,
    IssueReport,
    IssueReportQuerySet,
    ReferenceCounter,
    Severity,
    Status,
    format_reference,
    jalali_year_month,
)
from .support import ReportSupport

__all__ = [
    "FINISHED_STATES",
    "OPEN_STATES",
    "REFERRAL_STATES",
    "Agency",
    "Attachment",
    "Category",
    "IssueReport",
    "IssueReportQuerySet",
    "ReferenceCounter",
    "ReminderLog",
    "ReportSupport",
    "ReportEvent",
    "Severity",
    "Status",
    "attachment_path",
    "format_reference",
    "jalali_year_month",
]
