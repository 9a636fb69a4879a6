"""The issue report itself: its states, its reference number and its scope."""

import datetime

import jdatetime
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.access import report_filter
from ngos.models import NGO
from offices.base import AdminPageMixin, TimeStampedModel
from offices.fields import CodeField, PersianCharField, PersianTextField
from offices.formatting import digits_for_reader, format_number
from offices.models import County, FacilitationOffice, Neighbourhood
from offices.text import isolate, reference_search_text, search_text

from ..validators import validate_not_in_the_future
from .categories import Agency, Category


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    UNDER_REVIEW = "under_review", _("under review")
    AWAITING_INFO = "awaiting_info", _("awaiting information from the NGO")
    REFERRED = "referred", _("referred")
    IN_PROGRESS = "in_progress", _("in progress")
    RESOLVED = "resolved", _("resolved")
    REJECTED = "rejected", _("rejected")
    CLOSED = "closed", _("closed")


FINISHED_STATES = (Status.RESOLVED, Status.REJECTED, Status.CLOSED)
OPEN_STATES = tuple(s for s in Status if s not in FINISHED_STATES)
REFERRAL_STATES = (Status.REFERRED, Status.IN_PROGRESS)


class Severity(models.TextChoices):
    LOW = "low", _("low")
    MEDIUM = "medium", _("medium")
    HIGH = "high", _("high")
    CRITICAL = "critical", _("critical")


class ReferenceCounter(models.Model):
    """The last sequence number given to a report in one Jalali year."""

    jalali_year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("reference counter")
        verbose_name_plural = _("reference counters")

    def __str__(self):
        return f"{digits_for_reader(self.jalali_year)}: {format_number(self.last)}"

    @classmethod
    def next_reference(cls, jalali_year: int) -> tuple[int, str]:
        """Take the next sequence number of the year; must run inside a transaction.

        The UPDATE locks the counter row until the transaction ends, so concurrent
        submissions queue on it and each gets its own number.
        """
        for _attempt in range(3):
            if cls.objects.filter(jalali_year=jalali_year).update(last=F("last") + 1):
                sequence = cls.objects.get(jalali_year=jalali_year).last
                return sequence, format_reference(jalali_year, sequence)
            try:
                with transaction.atomic():
                    cls.objects.create(jalali_year=jalali_year, last=1)
                return 1, format_reference(jalali_year, 1)
            except IntegrityError:
                continue  # another submission created the year's row first
        raise RuntimeError("could not allocate a report reference")


def format_reference(jalali_year: int, sequence: int) -> str:
    return f"{jalali_year}-{sequence:06d}"


def jalali_year_month(moment: datetime.datetime) -> tuple[int, int]:
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    jdate = jdatetime.date.fromgregorian(date=local.date())
    return jdate.year, jdate.month


class IssueReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The reports this user may see (the rule is `accounts.access.report_filter`)."""
        scope = report_filter(user)
        return self.none() if scope is None else self.filter(scope)

    def open(self):
        """Not resolved, rejected or closed, and not a duplicate (DESIGN.md §3)."""
        return self.filter(status__in=OPEN_STATES, duplicate_of__isnull=True)

    def overdue(self, today: datetime.date | None = None):
        """Referred or in progress, with the due date before today."""
        return self.filter(status__in=REFERRAL_STATES, due_on__lt=today or timezone.localdate())


class IssueReport(AdminPageMixin, TimeStampedModel):
    """A social issue that an NGO reports for the governorate to follow up."""

    reference = CodeField(_("reference"), max_length=20, unique=True, editable=False)
    jalali_year = models.PositiveSmallIntegerField(_("Jalali year"), editable=False)
    sequence = models.PositiveIntegerField(_("sequence"), editable=False)
    ngo = models.ForeignKey(
        NGO, on_delete=models.PROTECT, related_name="reports", verbose_name=_("NGO")
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submitted_reports",
        verbose_name=_("submitted by"),
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="reports", verbose_name=_("category")
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("neighbourhood"),
    )
    office = models.ForeignKey(
        FacilitationOffice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("facilitation office"),
    )
    # Submitted by the office's staff (in the name of its lead partner NGO): the office's
    # staff see and follow it as its submitter.
    from_office = models.BooleanField(_("submitted by the office"), default=False)
    # Derived on save (neighbourhood's county, else office's, else the NGO's seat),
    # so that scoping and county figures are one indexed filter.
    county = models.ForeignKey(
        County,
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("county"),
        editable=False,
    )
    title = PersianCharField(_("title"), max_length=200)
    description = PersianTextField(_("description"))
    # What the NGO proposes (the officials asked NGOs to bring solutions, not only problems).
    proposed_solution = PersianTextField(_("proposed solution"), blank=True)
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.MEDIUM
    )
    people_affected = models.PositiveIntegerField(
        _("people affected (estimate)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(10_000_000)],
    )
    observed_on = models.DateField(
        _("observed on"),
        null=True,
        blank=True,
        validators=[validate_not_in_the_future],
        help_text=_("When the issue was first seen, if known (Jalali, e.g. 1405/09/01)."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_reports",
        verbose_name=_("assigned to"),
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("referred to agency"),
    )
    due_on = models.DateField(_("agency's answer due on"), null=True, blank=True)
    # The due date given when the report was first referred: an extension moves `due_on`,
    # and the scorecards still count a referral late against this first date.
    first_due_on = models.DateField(_("first due date"), null=True, blank=True)
    # When the referral, overdue beyond REFERRAL_ESCALATION_DAYS, went to the province.
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    # An earlier report about the same problem, which could no longer be reopened.
    follows = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followed_by",
        verbose_name=_("follows report"),
    )
    rejection_reason = PersianTextField(_("reason for rejection"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    # Jalali year and month of submission, stored so monthly figures group in the database.
    submitted_jyear = models.PositiveSmallIntegerField(editable=False)
    submitted_jmonth = models.PositiveSmallIntegerField(editable=False)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    first_resolved_at = models.DateTimeField(_("first resolved at"), null=True, blank=True)
    # Bumped by every change to the report; a step taken on a page showing an older
    # version is refused (someone else changed the report in between).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # The key of the form that submitted the report: a second click on "submit"
    # carries the same key and finds this report instead of making another.
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    # Reference (with and without its dash), title, description, proposed solution and the
    # NGO's name as searched (offices.text.search_text), kept by save() and by the NGO's save
    # (reports.signals). Searched with LIKE '%word%' for each word: a trigram GIN
    # index (pg_trgm, gin_trgm_ops) on this one column serves it, added by a migration.
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)

    objects = IssueReportQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("issue report")
        verbose_name_plural = _("issue reports")
        constraints = [
            models.UniqueConstraint(
                fields=["jalali_year", "sequence"], name="report_unique_year_sequence"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=REFERRAL_STATES)
                | Q(agency__isnull=False, due_on__isnull=False),
                name="report_referral_has_agency_and_due_date",
                violation_error_message=_("A referred report needs an agency and a due date."),
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.REJECTED) | ~Q(rejection_reason=""),
                name="report_rejection_has_reason",
                violation_error_message=_("A rejected report needs a reason."),
            ),
            models.CheckConstraint(
                condition=Q(duplicate_of__isnull=True) | ~Q(duplicate_of=F("id")),
                name="report_not_duplicate_of_itself",
                violation_error_message=_("A report cannot be a duplicate of itself."),
            ),
            models.CheckConstraint(
                condition=Q(people_affected__isnull=True) | Q(people_affected__lte=10_000_000),
                name="report_people_affected_plausible",
                violation_error_message=_("The number of people affected is not plausible."),
            ),
        ]
        indexes = [
            # With the id, a county's reports are read from the index (the scorecard's scope).
            models.Index(fields=["county", "status"], include=["id"], name="report_county_cover"),
            models.Index(fields=["category", "status"], name="report_category_status"),
            models.Index(fields=["agency", "status"], name="report_agency_status"),
            models.Index(fields=["ngo", "status"], name="report_ngo_status"),
            models.Index(fields=["neighbourhood", "status"], name="report_neighbourhood_status"),
            models.Index(fields=["office", "status"], name="report_office_status"),
            models.Index(fields=["assigned_to", "status"], name="report_assignee_status"),
            models.Index(fields=["submitted_jyear", "submitted_jmonth"], name="report_jmonth"),
            # Covering indexes (PostgreSQL): the dashboard's counts read only the index.
            models.Index(
                fields=["submitted_at"],
                include=[
                    "status",
                    "category",
                    "county",
                    "duplicate_of",
                    "submitted_jyear",
                    "submitted_jmonth",
                ],
                name="report_submitted_cover",
            ),
            models.Index(
                fields=["status", "due_on"],
                include=["duplicate_of", "county", "agency", "neighbourhood"],
                name="report_status_due_cover",
            ),
            models.Index(
                fields=["first_resolved_at"],
                include=["submitted_at", "county", "agency"],
                name="report_resolved_cover",
            ),
        ]

    def __str__(self):
        return f"{isolate(digits_for_reader(self.reference))} — {self.title}"

    def derive_county_id(self):
        """The neighbourhood's county, else the office's, else the county of the NGO's seat."""
        if self.neighbourhood_id:
            return self.neighbourhood.county_id
        if self.office_id:
            return self.office.county_id
        return self.ngo.county_id

    def build_search_text(self) -> str:
        """What the report is found by; needs its reference (given on the first save).
        Call it before a bulk_create, which skips save()."""
        return search_text(
            reference_search_text(self.reference),
            self.title,
            self.description,
            self.proposed_solution,
            self.ngo.name,
        )

    def save(self, *args, **kwargs):
        moved = self.pk is not None and self.county_id != self.derive_county_id()
        self.county_id = self.derive_county_id()
        self.submitted_jyear, self.submitted_jmonth = jalali_year_month(self.submitted_at)
        with transaction.atomic():
            if not self.reference:
                year = self.submitted_jyear
                self.sequence, self.reference = ReferenceCounter.next_reference(year)
                self.jalali_year = year
            if not self._state.adding:
                self.version += 1  # an edit in the admin, say: open pages are out of date
            fields = kwargs.get("update_fields")
            if fields is None or {
                "reference",
                "title",
                "description",
                "proposed_solution",
                "ngo",
            } & set(fields):
                self.search_text = self.build_search_text()
                if fields is not None:
                    kwargs["update_fields"] = {*fields, "search_text"}
            super().save(*args, **kwargs)
            if moved:  # the timeline follows its report to the other county
                self.events.update(county_id=self.county_id)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATES and self.duplicate_of_id is None

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return bool(
            self.status in REFERRAL_STATES
            and self.due_on
            and self.due_on < (today or timezone.localdate())
        )
