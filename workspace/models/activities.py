"""What an office did: its activities (with their files) and its referrals to agencies."""

import os
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ngos.models import NGO
from offices.base import StoredFile, TimeStampedModel
from offices.collation import persian_order
from offices.fields import PersianCharField, PersianTextField
from offices.formatting import format_number
from offices.jalali import to_jalali
from offices.models import FacilitationOffice, Neighbourhood, PastDatesMixin
from offices.validators import validate_document
from reports.models import Agency

MAX_FILES_PER_ACTIVITY = 5

NOT_IN_FUTURE = _(
    "An activity is recorded once it has been held: the date is after today (%(today)s)."
)
REFERRAL_NOT_IN_FUTURE = _("A referral is recorded once made: the date is after today (%(today)s).")


class ActivityKind(TimeStampedModel):
    """A kind of activity (session, workshop, home visit…): a list administrators keep."""

    name = PersianCharField(_("name"), max_length=100, unique=True)
    active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", persian_order("name")]
        verbose_name = _("activity kind")
        verbose_name_plural = _("activity kinds")

    def __str__(self):
        return self.name


class MonthOfDate(models.Model):
    """The Jalali year and month of the record's date, kept so monthly figures group in
    the database."""

    jalali_year = models.PositiveSmallIntegerField(_("Jalali year"), editable=False)
    jalali_month = models.PositiveSmallIntegerField(_("Jalali month"), editable=False)

    date_field = ""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        day = to_jalali(getattr(self, self.date_field))
        self.jalali_year, self.jalali_month = day.year, day.month
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "jalali_year", "jalali_month"}
        super().save(*args, **kwargs)


class Activity(PastDatesMixin, MonthOfDate, TimeStampedModel):
    """A session, workshop, home visit, class, campaign or service day an office held."""

    past_dates = {"held_on": NOT_IN_FUTURE}
    date_field = "held_on"

    office = models.ForeignKey(
        FacilitationOffice,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("office"),
    )
    held_on = models.DateField(_("date"))
    kind = models.ForeignKey(
        ActivityKind, on_delete=models.PROTECT, related_name="activities", verbose_name=_("kind")
    )
    topic = PersianCharField(_("topic"), max_length=200)
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("neighbourhood"),
    )
    partner_ngo = models.ForeignKey(
        NGO,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="office_activities",
        verbose_name=_("partner NGO"),
    )
    partner_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="office_activities",
        verbose_name=_("partner agency"),
    )
    women = models.PositiveIntegerField(_("women"), default=0)
    men = models.PositiveIntegerField(_("men"), default=0)
    children = models.PositiveIntegerField(_("children"), default=0)
    narrative = PersianTextField(_("what happened"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["office", "-held_on", "-pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [
            models.Index(
                fields=["office", "jalali_year", "jalali_month"], name="activity_office_month"
            ),
            models.Index(fields=["jalali_year", "jalali_month"], name="activity_month"),
        ]

    def __str__(self):
        return self.topic

    @property
    def attendance(self) -> int:
        return self.women + self.men + self.children

    def clean(self):
        super().clean()
        population = self.neighbourhood.population if self.neighbourhood_id else None
        if population and self.attendance > population:
            # Said at the largest number, the one most likely mistyped (women first on a tie).
            field = max(("women", "men", "children"), key=lambda name: getattr(self, name))
            raise ValidationError(
                {
                    field: _(
                        "%(attendance)s people attended, more than the %(population)s who live "
                        "in %(neighbourhood)s: check the numbers."
                    )
                    % {
                        "attendance": format_number(self.attendance),
                        "population": format_number(population),
                        "neighbourhood": self.neighbourhood,
                    }
                }
            )


def activity_file_path(instance, filename):
    """Stored under a random name: the original name is only shown and offered on download."""
    extension = os.path.splitext(filename)[1].lower()[:10]
    return f"activities/{instance.activity.office_id}/{uuid.uuid4().hex}{extension}"


class ActivityFile(StoredFile):
    """A photo or document of an activity; served only to people who may see the office's
    work."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="files", verbose_name=_("activity")
    )
    file = models.FileField(
        _("file"), upload_to=activity_file_path, max_length=255, validators=[validate_document]
    )

    class Meta:
        ordering = ["activity", "created_at"]
        verbose_name = _("activity file")
        verbose_name_plural = _("activity files")


class Referral(PastDatesMixin, MonthOfDate, TimeStampedModel):
    """Residents an office referred to an agency for a service: counted, never named."""

    past_dates = {"referred_on": REFERRAL_NOT_IN_FUTURE}
    date_field = "referred_on"

    class Outcome(models.TextChoices):
        PENDING = "pending", _("awaiting the agency")
        SERVED = "served", _("served")
        REFUSED = "refused", _("not served")
        UNKNOWN = "unknown", _("not known")

    office = models.ForeignKey(
        FacilitationOffice,
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("office"),
    )
    referred_on = models.DateField(_("date"))
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="office_referrals", verbose_name=_("agency")
    )
    service = PersianCharField(
        _("service"),
        max_length=200,
        help_text=_("What the residents were referred for. Do not name a resident."),
    )
    people = models.PositiveIntegerField(
        _("residents referred"), validators=[MinValueValidator(1)], default=1
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("neighbourhood"),
    )
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING
    )
    note = PersianTextField(
        _("note"), blank=True, help_text=_("Do not write a resident's name or national ID.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["office", "-referred_on", "-pk"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            models.Index(
                fields=["office", "jalali_year", "jalali_month"], name="referral_office_month"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(people__gte=1),
                name="referral_at_least_one_resident",
                violation_error_message=_("A referral is of at least one resident."),
            )
        ]

    def __str__(self):
        return f"{self.agency} — {self.service}"
