"""An office's request for dedicated premises, followed step by step to the move."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from offices.base import TimeStampedModel
from offices.fields import PersianTextField
from offices.models import FacilitationOffice, PastDatesMixin
from reports.models import Agency


class PremisesRequest(PastDatesMixin, TimeStampedModel):
    """What the office needs, the offer received, the decision and the move.

    Steps: requested → offer received → approved or declined → moved. The move writes the
    office's premises and a new entry of its premises history.
    """

    past_dates = {
        "requested_on": _("The request date is after today (%(today)s)."),
        "offered_on": _("The offer date is after today (%(today)s)."),
        "decided_on": _("The decision date is after today (%(today)s)."),
    }

    class Step(models.TextChoices):
        REQUESTED = "requested", _("requested")
        OFFERED = "offered", _("offer received")
        APPROVED = "approved", _("offer accepted")
        DECLINED = "declined", _("offer declined")
        MOVED = "moved", _("moved in")
        WITHDRAWN = "withdrawn", _("withdrawn")

    OPEN = (Step.REQUESTED, Step.OFFERED, Step.APPROVED, Step.DECLINED)

    office = models.ForeignKey(
        FacilitationOffice,
        on_delete=models.PROTECT,
        related_name="premises_requests",
        verbose_name=_("office"),
    )
    step = models.CharField(_("step"), max_length=10, choices=Step.choices, default=Step.REQUESTED)
    requested_on = models.DateField(_("requested on"))
    need = PersianTextField(
        _("what the office needs"),
        help_text=_(
            "Rooms, size, access for people with disabilities, where in the neighbourhood."
        ),
    )
    offered_on = models.DateField(_("offer received on"), null=True, blank=True)
    offer_address = PersianTextField(_("offered premises' address"), blank=True)
    offer_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="premises_offers",
        verbose_name=_("owner agency"),
    )
    offer_size = models.PositiveIntegerField(
        _("size (square metres)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100000)],
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision = PersianTextField(_("decision"), blank=True)
    move_on = models.DateField(_("move date"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["office", "-requested_on", "-pk"]
        verbose_name = _("premises request")
        verbose_name_plural = _("premises requests")
        constraints = [
            models.UniqueConstraint(
                fields=["office"],
                condition=Q(step__in=["requested", "offered", "approved", "declined"]),
                name="premises_one_open_request_per_office",
                violation_error_message=_("This office already has an open premises request."),
            )
        ]

    def __str__(self):
        return f"{self.office} — {self.get_step_display()}"

    @property
    def is_open(self) -> bool:
        return self.step in self.OPEN
