"""An office's monthly return: its month's figures, computed, submitted and reviewed."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from offices.base import TimeStampedModel
from offices.fields import PersianTextField
from offices.formatting import digits_for_reader, jalali_month_label
from offices.jalali import month_bounds, shift_month
from offices.models import FacilitationOffice

DUE_DAY = 5  # a month's return is due by the 5th of the next Jalali month


class MonthlyReturn(TimeStampedModel):
    """One version of an office's return for a Jalali month.

    The figures are computed from the month's activities and referrals when the return
    is submitted (nobody retypes them) and kept as they were. A return sent back is
    corrected and submitted again; once accepted it is locked, and a correction is a new
    version (status "being corrected", then submitted and reviewed like the first). The
    accepted version stays in force meanwhile, and is marked replaced only when the
    correction is accepted: officials always read a month's figures from its one accepted
    version.
    """

    class Status(models.TextChoices):
        CORRECTING = "correcting", _("being corrected")
        # Named as it stands for the office and the officials (a report's "submitted" is
        # another status, in other words).
        SUBMITTED = "submitted", _("awaiting review")
        RETURNED = "returned", _("sent back")
        ACCEPTED = "accepted", _("accepted")
        SUPERSEDED = "superseded", _("replaced by a correction")

    # While a month's latest return is in one of these, its activities cannot change.
    LOCKING = (Status.SUBMITTED, Status.ACCEPTED)
    # A version still in the works: the staff edit it, or an official reviews it.
    OPEN = (Status.CORRECTING, Status.SUBMITTED, Status.RETURNED)

    office = models.ForeignKey(
        FacilitationOffice,
        on_delete=models.PROTECT,
        related_name="returns",
        verbose_name=_("office"),
    )
    jalali_year = models.PositiveSmallIntegerField(
        _("Jalali year"), validators=[MinValueValidator(1390), MaxValueValidator(1500)]
    )
    jalali_month = models.PositiveSmallIntegerField(
        _("Jalali month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    # The figures as submitted (see workspace.figures.month_figures for what each holds).
    activities = models.PositiveIntegerField(_("activities"), default=0)
    attendance = models.PositiveIntegerField(_("attendance"), default=0)
    women = models.PositiveIntegerField(_("women"), default=0)
    men = models.PositiveIntegerField(_("men"), default=0)
    children = models.PositiveIntegerField(_("children"), default=0)
    referrals = models.PositiveIntegerField(_("residents referred"), default=0)
    by_kind = models.JSONField(_("activities by kind"), default=dict, blank=True)
    by_agency = models.JSONField(_("referrals by agency"), default=dict, blank=True)
    narrative = PersianTextField(_("the month in brief"), blank=True)
    needs = PersianTextField(_("needs for next month"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # When the month's return was first submitted: on time or late is judged by it.
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    review_comment = PersianTextField(_("reviewer's comment"), blank=True)
    # Returns kept from the figures administrators typed before the workspace existed.
    typed_in_admin = models.BooleanField(_("typed in the admin"), default=False, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["office", "-jalali_year", "-jalali_month", "-version"]
        verbose_name = _("monthly return")
        verbose_name_plural = _("monthly returns")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "jalali_year", "jalali_month", "version"],
                name="return_one_version_per_office_month",
                violation_error_message=_("This office already has this version of the return."),
            ),
            # A correction is worked on while the accepted version stays in force: a month
            # has at most one version in the works and at most one accepted.
            models.UniqueConstraint(
                fields=["office", "jalali_year", "jalali_month"],
                condition=Q(status__in=["correcting", "submitted", "returned"]),
                name="return_one_open_per_office_month",
                violation_error_message=_(
                    "This office's return for this month is already being worked on."
                ),
            ),
            models.UniqueConstraint(
                fields=["office", "jalali_year", "jalali_month"],
                condition=Q(status="accepted"),
                name="return_one_accepted_per_office_month",
                violation_error_message=_(
                    "This office already has an accepted return for this month."
                ),
            ),
            models.CheckConstraint(
                condition=Q(jalali_month__gte=1, jalali_month__lte=12),
                name="return_month_1_to_12",
                violation_error_message=_("The month must be between 1 and 12."),
            ),
        ]
        indexes = [
            models.Index(fields=["jalali_year", "jalali_month", "status"], name="return_month"),
        ]

    def __str__(self):
        month = digits_for_reader(f"{self.jalali_year}/{self.jalali_month:02d}")
        if self.version > 1:
            return f"{self.office} {month} ({digits_for_reader(self.version)})"
        return f"{self.office} {month}"

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        checked = not ({"jalali_year", "jalali_month"} & (set(exclude or ()) | set(errors)))
        if checked and not self.month_has_ended():
            errors["jalali_month"] = [
                ValidationError(
                    _(
                        "%(month)s has not ended yet: its return can be submitted from the "
                        "first day of the next month."
                    ),
                    code="month_not_ended",
                    params={"month": jalali_month_label(self.month_start)},
                )
            ]
        if errors:
            raise ValidationError(errors)

    def month_has_ended(self, today=None) -> bool:
        return month_bounds(self.jalali_year, self.jalali_month)[1] <= (
            today or timezone.localdate()
        )

    @property
    def month_start(self):
        return month_bounds(self.jalali_year, self.jalali_month)[0]

    @property
    def month_label(self) -> str:
        """«آذر ۱۴۰۵» (in the reader's language)."""
        return jalali_month_label(self.month_start)

    @property
    def is_locked(self) -> bool:
        return self.status in self.LOCKING

    @property
    def due_on(self) -> datetime.date:
        """The last day the month's return is on time: the 5th of the next Jalali month."""
        start_of_next = month_bounds(*shift_month(self.jalali_year, self.jalali_month, 1))[0]
        return start_of_next + datetime.timedelta(days=DUE_DAY - 1)

    @property
    def submitted_late(self) -> bool | None:
        """Whether the month's first submission came after the due day (None: not yet sent)."""
        if self.first_submitted_at is None:
            return None
        return timezone.localdate(self.first_submitted_at) > self.due_on
