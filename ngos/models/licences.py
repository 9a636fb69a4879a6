"""NGOs' activity licences: entered by administrators, or uploaded by the NGO and verified."""

import datetime
import os
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from offices.base import TimeStampedModel
from offices.fields import CodeField, PersianTextField
from offices.formatting import format_code
from offices.models import PastDatesMixin
from offices.validators import validate_document

from .registry import NGO, LicensingAuthority
from .status import EXPIRING_SOON_DAYS, LicenceStatus, licence_status_for, status_expression


class Verification(models.TextChoices):
    """Whether a licence counts: one an NGO uploads counts once an official verifies it."""

    VERIFIED = "verified", _("verified")
    AWAITING = "awaiting", _("awaiting verification")
    RETURNED = "returned", _("returned to the NGO")


class LicenceQuerySet(models.QuerySet):
    def verified(self):
        """The licences that count: entered by the office, or uploaded and verified."""
        return self.filter(verification=Verification.VERIFIED)

    def with_status(self, today: datetime.date | None = None):
        return self.annotate(
            licence_status=status_expression("expires_on", today or timezone.localdate())
        )

    def expiring_soon(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.verified().filter(
            expires_on__gte=today,
            expires_on__lte=today + datetime.timedelta(days=EXPIRING_SOON_DAYS),
        )


def licence_document_path(instance, filename):
    # A random stored name: nothing about the NGO can be guessed from it.
    extension = os.path.splitext(filename)[1].lower()[:10]
    return f"licences/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


class Licence(PastDatesMixin, TimeStampedModel):
    """An NGO's activity licence (پروانه فعالیت). Its status is derived, never stored.

    Licences entered by the office are verified; a renewed licence that an NGO's
    manager uploads waits for an official, who verifies it or returns it with a
    reason. Until verified it does not count (`verified()`).
    """

    Verification = Verification
    past_dates = {"issued_on": _("A licence cannot be issued after today (%(today)s).")}

    ngo = models.ForeignKey(
        NGO, on_delete=models.CASCADE, related_name="licences", verbose_name=_("NGO")
    )
    authority = models.ForeignKey(
        LicensingAuthority,
        on_delete=models.PROTECT,
        related_name="licences",
        verbose_name=_("issuing authority"),
    )
    number = CodeField(_("licence number"), max_length=50)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"))
    verification = models.CharField(
        _("verification"),
        max_length=20,
        choices=Verification.choices,
        default=Verification.VERIFIED,
    )
    document = models.FileField(
        _("scanned licence"),
        upload_to=licence_document_path,
        max_length=255,
        blank=True,
        validators=[validate_document],
    )
    document_name = models.CharField(_("original file name"), max_length=255, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    return_reason = PersianTextField(_("reason for returning"), blank=True)

    objects = LicenceQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["ngo", "-expires_on"]
        verbose_name = _("licence")
        verbose_name_plural = _("licences")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gt=F("issued_on")),
                name="licence_expires_after_issue",
                violation_error_message=_("The expiry date must be after the issue date."),
            ),
            # A returned upload stays on record and the NGO may send the same number again.
            models.UniqueConstraint(
                fields=["authority", "number"],
                condition=~Q(verification="returned"),
                name="licence_number_unique_per_authority",
                violation_error_message=_(
                    "This authority already issued a licence with this number."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["expires_on"], name="licence_expires_on"),
            models.Index(fields=["ngo", "expires_on"], name="licence_ngo_expires_on"),
        ]

    def __str__(self):
        return f"{format_code(self.number)} — {self.ngo}"

    @property
    def is_verified(self) -> bool:
        return self.verification == Verification.VERIFIED

    def status_on(self, today: datetime.date | None = None) -> str:
        return licence_status_for(self.expires_on, today or timezone.localdate())

    @property
    def status(self) -> str:
        # Lists annotate the status in the database (`with_status`); reuse it when present.
        return getattr(self, "licence_status", None) or self.status_on()

    def get_status_display(self) -> str:
        """The licence's status; one not verified (yet) says so instead."""
        if not self.is_verified:
            return self.get_verification_display()
        return LicenceStatus(self.status).label
