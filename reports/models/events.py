"""A report's timeline and its files."""

import os
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from offices.fields import CodeField, PersianTextField
from offices.formatting import digits_for_reader, format_date, format_number
from offices.models import County
from offices.text import isolate

from ..validators import MAX_ATTACHMENTS_PER_REPORT, validate_attachment, validate_not_in_the_future
from .categories import Agency
from .report import IssueReport, Status

# What each step of the workflow did, told in a sentence (see `ReportEvent.summary`).
STEP_PHRASES = {
    "submit": _("The report was submitted"),
    "start_review": _("An official took up the report"),
    "request_info": _("The NGO was asked for more information"),
    "provide_info": _("The NGO answered"),
    "withdraw_request": _("The review went on without the NGO's answer"),
    "resolve": _("The report was resolved"),
    "reject": _("The report was rejected"),
    "confirm": _("The NGO confirmed that the problem was solved"),
    "reopen": _("The NGO reopened the report"),
    "close": _("The report was closed"),
    "mark_duplicate": _("The report was found to be a duplicate"),
}


class ReportEvent(models.Model):
    """One entry on a report's timeline: a transition, a comment or an internal note."""

    class Kind(models.TextChoices):
        TRANSITION = "transition", _("status change")
        COMMENT = "comment", _("comment")
        INTERNAL_NOTE = "internal_note", _("internal note")
        ASSIGNMENT = "assignment", _("assignment")
        EXTENSION = "extension", _("extension of the due date")
        ESCALATION = "escalation", _("escalation")
        SUPPORT = "support", _("support by another NGO")

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
    # The letter that came with the step (an agency's answer, the referral itself).
    letter_number = CodeField(_("letter number"), max_length=50, blank=True)
    letter_date = models.DateField(
        _("letter date"), null=True, blank=True, validators=[validate_not_in_the_future]
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
            # The agency scorecard: referrals and answers in a period, read from the index
            # (an answer's `due_on`, its referral's first due date, tells if it was late).
            models.Index(
                fields=["created_at"],
                include=["agency", "action", "county", "answer_delay", "due_on", "report"],
                condition=models.Q(agency__isnull=False),
                name="event_agency_cover",
            ),
        ]

    def __str__(self):
        return f"{isolate(digits_for_reader(self.report.reference))}: {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if self.county_id is None:
            self.county_id = self.report.county_id
        super().save(*args, **kwargs)

    @property
    def summary(self) -> str:
        """What happened, in a sentence for people: the timeline and the emails say it so."""
        agency = self.agency.name if self.agency_id else gettext("The agency")
        if self.kind == self.Kind.ASSIGNMENT:
            if not self.note:
                return gettext("The report is no longer assigned to anyone")
            return gettext("Assigned to %(name)s") % {"name": self.note}
        if self.kind == self.Kind.EXTENSION and self.due_on:
            return gettext("The time for %(agency)s to answer was extended to %(date)s") % {
                "agency": agency,
                "date": format_date(self.due_on, long=True),
            }
        if self.kind == self.Kind.ESCALATION and self.due_on:
            return gettext(
                "Escalated to the provincial officials: the time for %(agency)s to answer ended "
                "on %(date)s"
            ) % {"agency": agency, "date": format_date(self.due_on, long=True)}
        if self.kind != self.Kind.TRANSITION:
            return self.get_kind_display().capitalize()
        if self.action == "refer":
            if self.due_on is None:
                return gettext("Referred to %(agency)s") % {"agency": agency}
            return gettext("Referred to %(agency)s, to answer by %(date)s") % {
                "agency": agency,
                "date": format_date(self.due_on, long=True),
            }
        if self.action == "agency_accept":
            return gettext("%(agency)s accepted the referral") % {"agency": agency}
        if self.action == "agency_decline" and self.suggested_agency_id:
            return gettext("%(agency)s declined and suggested %(suggested)s instead") % {
                "agency": agency,
                "suggested": self.suggested_agency.name,
            }
        if self.action == "agency_decline":
            return gettext("%(agency)s declined the referral") % {"agency": agency}
        if self.action in STEP_PHRASES:
            return str(STEP_PHRASES[self.action])
        return gettext("Status changed from “%(a)s” to “%(b)s”") % {
            "a": self.get_from_status_display(),
            "b": self.get_to_status_display(),
        }

    @property
    def letter(self) -> str:
        """The letter that came with the step, by its number and date, if it was given."""
        number = isolate(digits_for_reader(self.letter_number)) if self.letter_number else ""
        day = format_date(self.letter_date, long=True) if self.letter_date else ""
        if number and day:
            return gettext("Letter no. %(number)s of %(date)s") % {"number": number, "date": day}
        if number:
            return gettext("Letter no. %(number)s") % {"number": number}
        if day:
            return gettext("Letter of %(date)s") % {"date": day}
        return ""


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
    # The step or answer the file came with; none for the files sent with the report.
    # A file on an internal event is, like the event, for officials only.
    event = models.ForeignKey(
        ReportEvent,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("timeline event"),
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


def check_uploads(files) -> list:
    """The files, if there are not too many and each passes the content checks of the
    new-report form; a ValidationError on "files" naming each refused file otherwise."""
    files = [upload for upload in files if upload]
    if len(files) > MAX_ATTACHMENTS_PER_REPORT:
        message = gettext("At most %(n)s files can be attached.")
        raise ValidationError({"files": message % {"n": format_number(MAX_ATTACHMENTS_PER_REPORT)}})
    errors = []
    for upload in files:
        try:
            validate_attachment(upload)
        except ValidationError as error:
            errors.extend(f"{upload.name}: {m}" for m in error.messages)
    if errors:
        raise ValidationError({"files": errors})
    return files


def save_uploads(*, report, event, files, user) -> list[Attachment]:
    """Keep checked files on a report's event; a file stored before a failure is removed."""
    saved = []
    try:
        for upload in files:
            attachment = Attachment(report=report, event=event, file=upload, uploaded_by=user)
            attachment.save()
            saved.append(attachment)
    except BaseException:
        for attachment in saved:
            attachment.file.storage.delete(attachment.file.name)
        raise
    return saved
