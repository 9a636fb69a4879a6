"""Licensing authorities' supervision visits, and NGOs running facilitation offices."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from offices.base import TimeStampedModel
from offices.fields import PersianTextField
from offices.formatting import format_date
from offices.models import FacilitationOffice, PastDatesMixin

from .registry import NGO, LicensingAuthority


class SupervisionVisit(PastDatesMixin, TimeStampedModel):
    """A licensing authority's supervision of an NGO (the "serious supervision")."""

    # A visit is recorded once made, with its outcome: never ahead of time.
    past_dates = {
        "visited_on": _("A visit can be recorded only once made: not after today (%(today)s).")
    }

    class Outcome(models.TextChoices):
        SATISFACTORY = "satisfactory", _("satisfactory")
        NEEDS_IMPROVEMENT = "needs_improvement", _("needs improvement")
        UNSATISFACTORY = "unsatisfactory", _("unsatisfactory")

    ngo = models.ForeignKey(
        NGO, on_delete=models.CASCADE, related_name="supervision_visits", verbose_name=_("NGO")
    )
    authority = models.ForeignKey(
        LicensingAuthority,
        on_delete=models.PROTECT,
        related_name="supervision_visits",
        verbose_name=_("authority"),
    )
    visited_on = models.DateField(_("visited on"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    notes = PersianTextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["ngo", "-visited_on"]
        verbose_name = _("supervision visit")
        verbose_name_plural = _("supervision visits")
        indexes = [models.Index(fields=["ngo", "visited_on"], name="visit_ngo_visited_on")]

    def __str__(self):
        return f"{self.ngo} — {format_date(self.visited_on)}"


class Partnership(TimeStampedModel):
    """An NGO that runs or co-runs a facilitation office over a period.

    An office has at most one current lead operator; co-operators may be many.
    """

    class Role(models.TextChoices):
        LEAD = "lead", _("lead operator")
        PARTNER = "partner", _("co-operator")

    ngo = models.ForeignKey(
        NGO, on_delete=models.CASCADE, related_name="partnerships", verbose_name=_("NGO")
    )
    office = models.ForeignKey(
        FacilitationOffice,
        on_delete=models.CASCADE,
        related_name="partnerships",
        verbose_name=_("office"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.LEAD)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["office", "-started_on"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="partnership_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.UniqueConstraint(
                fields=["office"],
                condition=Q(role="lead", ended_on__isnull=True),
                name="partnership_one_current_lead_per_office",
                violation_error_message=_(
                    "This office already has a current lead operator; end that partnership first."
                ),
            ),
        ]
        indexes = [models.Index(fields=["ngo", "ended_on"], name="partnership_ngo_ended")]

    def __str__(self):
        return f"{self.ngo} — {self.office}"
