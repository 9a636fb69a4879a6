"""A report's timeline and its files."""

import os
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from offices.fields import PersianTextField
from offices.models import County
from offices.text import isolate

from ..validators import validate_attachment
from .categories import Agency
from .report import IssueReport, Status


class ReportEvent(models.Model):
    """One entry on a report's timeline: a transition, a comment or an internal note."""

    class Kind(models.TextChoices):
        TRANSITION = "transition", _("status change")
        COMMENT = "comment", _("comment")
        INTERNAL_NOTE = "internal_note", _("internal note")
        ASSIGNMENT = "assignment", _("assignment")

    report = models.ForeignKey(
        IssueReport, on_delete=models.CASCADE, related_name="events", verbose_name=_("report")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    action = models.CharField(_("action"), max_length=30, blank=True)
    from_status = models.CharField(
        _("from status"), max_length=20, choices=Status.choices, blank=True
    )
    to_status = models.CharField(_("to status"), max_length=20, choices=Status.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="report_events",
        verbose_name=_("by"),
    )
    note = PersianTextField(_("note"), blank=True)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agency"),
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    suggested_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agency suggested instead"),
    )
    visible_to_ngo = models.BooleanField(_("visible to the NGO"), default=True)
    # The report's county, kept with each event so a county's scorecard reads one index.
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="+", editable=False, db_index=False
    )
    # For an agency's answer: how long after the referral it came (the scorecard's median).
    answer_delay = models.DurationField(
        _("time since the referral"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["report", "created_at", "pk"]
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="internal_note") | Q(visible_to_ngo=False),
                name="event_internal_note_hidden_from_ngo",
                violation_error_message=_("An internal note is never visible to the NGO."),
            ),
        ]
        indexes = [
            models.Index(fields=["report", "created_at"], name="event_report_created"),
            models.Index(fields=["action", "created_at"], name="event_action_created"),
            # The agency scorecard: referrals and answers in a period, read from the index.
            models.Index(
                fields=["created_at"],
                include=["agency", "action", "county", "answer_delay"],
                condition=models.Q(agency__isnull=False),
                name="event_agency_cover",
            ),
        ]

    def __str__(self):
        return f"{isolate(self.report.reference)}: {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if self.county_id is None:
            self.county_id = self.report.county_id
        super().save(*args, **kwargs)


def attachment_path(instance, filename):
    # A random stored name: nothing about the report or its author can be guessed from it.
    extension = os.path.splitext(filename)[1].lower()[:10]
    return f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


class Attachment(models.Model):
    """A file on a report; served only to people who may see the report."""

    report = models.ForeignKey(
        IssueReport,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("report"),
    )
    file = models.FileField(
        _("file"), upload_to=attachment_path, max_length=255, validators=[validate_attachment]
    )
    original_name = models.CharField(_("original file name"), max_length=255, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), default=0, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "created_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name or self.file.name

    def save(self, *args, **kwargs):
        if self.file:
            self.size = self.file.size
            if not self.original_name:
                self.original_name = self.file.name.rsplit("/", 1)[-1][:255]
        super().save(*args, **kwargs)
