"""Who officials are: a governorate official's role, province-wide or one county."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from offices.base import TimeStampedModel
from offices.formatting import format_datetime
from offices.models import County
from offices.text import isolate


class Official(TimeStampedModel):
    """A governorate official's role: province-wide or one county, and whether read-only.

    NGO managers are linked through `NGO.managers`; administrators are superusers.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", _("provincial official")
        COUNTY = "county", _("county official")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="official",
        verbose_name=_("user"),
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    county = models.ForeignKey(
        County,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officials",
        verbose_name=_("county"),
        help_text=_("Only for county officials: the county whose records they see."),
    )
    read_only = models.BooleanField(
        _("read only"),
        default=False,
        help_text=_("Sees everything in scope but cannot triage, refer or resolve reports."),
    )
    job_title = models.CharField(_("job title"), max_length=150, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("official role")
        verbose_name_plural = _("official roles")
        constraints = [
            models.CheckConstraint(
                condition=Q(level="province", county__isnull=True)
                | Q(level="county", county__isnull=False),
                name="official_county_iff_county_level",
                violation_error_message=_(
                    "A county official needs a county; a provincial official has none."
                ),
            ),
        ]

    def __str__(self):
        if self.level == self.Level.COUNTY and self.county_id:
            return f"{self.get_level_display()} — {self.county}"
        return str(self.get_level_display())


class PasswordResetRequest(models.Model):
    """One request for a password-reset email, by address, so an address can be limited."""

    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("password reset request")
        verbose_name_plural = _("password reset requests")
        indexes = [models.Index(fields=["address", "created_at"], name="reset_address_time")]

    def __str__(self):
        return f"{isolate(self.address or '')} {format_datetime(self.created_at)}"


class OfficeStaff(TimeStampedModel):
    """A facilitator or manager of one facilitation office, who keeps its workspace.

    An office is run with partner NGOs; a manager of the lead partner may also be
    office staff. Only active staff have the role; leaving staff keep their records.
    """

    class Position(models.TextChoices):
        MANAGER = "manager", _("office manager")
        FACILITATOR = "facilitator", _("facilitator")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="office_staff",
        verbose_name=_("user"),
    )
    office = models.ForeignKey(
        "offices.FacilitationOffice",
        on_delete=models.PROTECT,
        related_name="staff",
        verbose_name=_("office"),
    )
    position = models.CharField(
        _("position"),
        max_length=20,
        choices=Position.choices,
        default=Position.FACILITATOR,
        help_text=_("Office managers also keep the office's list of facilitators."),
    )
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("office staff role")
        verbose_name_plural = _("office staff roles")
        indexes = [models.Index(fields=["office", "active"], name="staff_office_active")]

    def __str__(self):
        return f"{self.get_position_display()} — {self.office}"
