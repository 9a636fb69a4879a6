"""Meetings of officials with NGOs (and with agencies), and the demands NGOs raise in them
or through their page, followed to an answer on a timeline like a report's."""

import os
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ngos.models import NGO
from offices.base import StoredFile, TimeStampedModel
from offices.fields import PersianCharField, PersianTextField
from offices.models import County, Neighbourhood, PastDatesMixin
from offices.validators import validate_document
from reports.models import Agency, Category, IssueReport

MAX_FILES_PER_MEETING = 10

MEETING_NOT_IN_FUTURE = _("A meeting is recorded once held: the date is after today (%(today)s).")
DEMAND_NOT_IN_FUTURE = _("A demand is recorded once raised: the date is after today (%(today)s).")


class Meeting(PastDatesMixin, TimeStampedModel):
    """A meeting officials held: with the NGOs, with the agencies, an NGO House session…"""

    class Kind(models.TextChoices):
        WITH_NGOS = "with_ngos", _("with NGOs")
        WITH_AGENCIES = "with_agencies", _("with executive agencies")
        NGO_HOUSE = "ngo_house", _("NGO House session")
        OTHER = "other", _("other")

    past_dates = {"held_on": MEETING_NOT_IN_FUTURE}

    held_on = models.DateField(_("date"))
    title = PersianCharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.WITH_NGOS)
    place = PersianCharField(_("place"), max_length=200)
    # Empty for a provincial meeting; a county official records their county's meetings.
    county = models.ForeignKey(
        County,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("county"),
        help_text=_("Leave empty for a meeting of the whole province."),
    )
    chaired_by = PersianCharField(_("chaired by"), max_length=200)
    officials_present = PersianTextField(
        _("officials present"), blank=True, help_text=_("One per line: name and post.")
    )
    agencies = models.ManyToManyField(
        Agency, blank=True, related_name="meetings", verbose_name=_("agencies present")
    )
    ngos = models.ManyToManyField(
        NGO,
        through="MeetingNGO",
        blank=True,
        related_name="meetings",
        verbose_name=_("NGOs present"),
    )
    minutes = PersianTextField(_("minutes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["county", "-held_on"], name="meeting_county_date")]

    def __str__(self):
        return self.title


class MeetingNGO(models.Model):
    """An NGO present at a meeting, with the manager (or member) who attended for it."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("meeting")
    )
    ngo = models.ForeignKey(
        NGO, on_delete=models.PROTECT, related_name="meeting_attendance", verbose_name=_("NGO")
    )
    attended_by = PersianCharField(_("attended by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("NGO present")
        verbose_name_plural = _("NGOs present")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "ngo"],
                name="meeting_ngo_once",
                violation_error_message=_("This NGO is already listed as present."),
            )
        ]

    def __str__(self):
        return str(self.ngo)


def meeting_file_path(instance, filename):
    """Stored under a random name: the original name is only shown and offered on download."""
    extension = os.path.splitext(filename)[1].lower()[:10]
    return f"meetings/{instance.meeting_id}/{uuid.uuid4().hex}{extension}"


class MeetingFile(StoredFile):
    """Minutes signed on paper, photos, the attendance sheet: served only to people who may
    see the meeting."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="files", verbose_name=_("meeting")
    )
    file = models.FileField(
        _("file"), upload_to=meeting_file_path, max_length=255, validators=[validate_document]
    )

    class Meta:
        ordering = ["meeting", "created_at"]
        verbose_name = _("meeting file")
        verbose_name_plural = _("meeting files")


class DemandStatus(models.TextChoices):
    OPEN = "open", _("open")
    COMMITTED = "committed", _("committed")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    NOT_POSSIBLE = "not_possible", _("not possible")


CLOSED_DEMAND_STATUSES = frozenset({DemandStatus.DONE, DemandStatus.NOT_POSSIBLE})


class Demand(PastDatesMixin, TimeStampedModel):
    """What an NGO asked for — in a meeting or through its page — and the answer path: who
    is responsible, what was committed by when, and where it stands."""

    past_dates = {"raised_on": DEMAND_NOT_IN_FUTURE}

    ngo = models.ForeignKey(
        NGO, on_delete=models.PROTECT, related_name="demands", verbose_name=_("NGO")
    )
    # The NGO's county, kept so scope and figures filter in the database.
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="demands", editable=False
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="demands",
        verbose_name=_("meeting"),
    )
    raised_on = models.DateField(_("raised on"))
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="demands", verbose_name=_("category")
    )
    text = PersianTextField(_("the demand"))
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="demands",
        verbose_name=_("neighbourhood"),
        help_text=_("When the demand concerns one neighbourhood."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DemandStatus.choices, default=DemandStatus.OPEN
    )
    responsible_official = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="demands_responsible",
        verbose_name=_("official responsible"),
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="demands",
        verbose_name=_("agency responsible"),
    )
    commitment = PersianTextField(_("commitment made"), blank=True)
    due_on = models.DateField(_("commitment due on"), null=True, blank=True)
    reason = PersianTextField(_("reason it is not possible"), blank=True)
    answered_at = models.DateTimeField(_("first answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    reports = models.ManyToManyField(
        IssueReport, blank=True, related_name="demands", verbose_name=_("related reports")
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        ordering = ["-raised_on", "-pk"]
        verbose_name = _("demand")
        verbose_name_plural = _("demands")
        indexes = [
            models.Index(fields=["county", "status"], name="demand_county_status"),
            models.Index(fields=["ngo", "status"], name="demand_ngo_status"),
            models.Index(fields=["agency", "status"], name="demand_agency_status"),
            models.Index(fields=["status", "due_on"], name="demand_status_due"),
            models.Index(fields=["raised_on"], name="demand_raised_on"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=DemandStatus.NOT_POSSIBLE) | ~Q(reason=""),
                name="demand_not_possible_has_reason",
                violation_error_message=_("Say why the demand is not possible."),
            ),
        ]

    def __str__(self):
        return self.text[:80]

    def save(self, *args, **kwargs):
        if self.ngo_id and not self.county_id:
            self.county_id = NGO.objects.values_list("county_id", flat=True).get(pk=self.ngo_id)
        super().save(*args, **kwargs)

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_DEMAND_STATUSES

    def is_overdue(self, today) -> bool:
        return not self.is_closed and self.due_on is not None and self.due_on < today


class DemandEvent(models.Model):
    """One entry on a demand's timeline: a change of status or of the answer path, or a
    follow-up note."""

    demand = models.ForeignKey(
        Demand, on_delete=models.CASCADE, related_name="events", verbose_name=_("demand")
    )
    from_status = models.CharField(
        _("from status"), max_length=20, choices=DemandStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("to status"), max_length=20, choices=DemandStatus.choices, blank=True
    )
    note = PersianTextField(_("note"), blank=True)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["demand", "created_at", "pk"]
        verbose_name = _("demand event")
        verbose_name_plural = _("demand events")

    def __str__(self):
        return self.get_to_status_display() or self.note[:60]
