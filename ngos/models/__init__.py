"""The registry of NGOs (سمن‌ها), their licences and their supervision."""

from .licences import Licence, LicenceQuerySet
from .registry import NGO, PROFILE_CONFIRM_DAYS, FieldOfActivity, LicensingAuthority, NGOQuerySet
from .reminders import NGOReminderLog
from .status import EXPIRING_SOON_DAYS, LicenceStatus, licence_status_for, status_expression
from .supervision import Partnership, SupervisionVisit

__all__ = [
    "EXPIRING_SOON_DAYS",
    "NGO",
    "PROFILE_CONFIRM_DAYS",
    "FieldOfActivity",
    "Licence",
    "LicenceQuerySet",
    "LicenceStatus",
    "LicensingAuthority",
    "NGOQuerySet",
    "NGOReminderLog",
    "Partnership",
    "SupervisionVisit",
    "licence_status_for",
    "status_expression",
]
