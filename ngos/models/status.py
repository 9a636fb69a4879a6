"""An activity licence's status: derived from its expiry date, never stored."""

import datetime

from django.db import models
from django.db.models import Case, Value, When
from django.utils.translation import gettext_lazy as _

# A licence is "expiring soon" from today to today + this many days (DESIGN.md §3).
EXPIRING_SOON_DAYS = 60


class LicenceStatus(models.TextChoices):
    VALID = "valid", _("valid")
    EXPIRING = "expiring", _("expiring soon")
    EXPIRED = "expired", _("expired")
    NONE = "none", _("no licence")


def licence_status_for(expires_on: datetime.date | None, today: datetime.date) -> str:
    """The status of a licence (or of an NGO's latest licence) on a given day."""
    if expires_on is None:
        return LicenceStatus.NONE
    if expires_on < today:
        return LicenceStatus.EXPIRED
    if expires_on <= today + datetime.timedelta(days=EXPIRING_SOON_DAYS):
        return LicenceStatus.EXPIRING
    return LicenceStatus.VALID


def status_expression(field: str, today: datetime.date):
    """The same rule as `licence_status_for`, computed by the database."""
    return Case(
        When(**{f"{field}__isnull": True}, then=Value(LicenceStatus.NONE)),
        When(**{f"{field}__lt": today}, then=Value(LicenceStatus.EXPIRED)),
        When(
            **{f"{field}__lte": today + datetime.timedelta(days=EXPIRING_SOON_DAYS)},
            then=Value(LicenceStatus.EXPIRING),
        ),
        default=Value(LicenceStatus.VALID),
        output_field=models.CharField(),
    )
