"""The registry of NGOs (سمن‌ها), their licences and their supervision."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from offices.base import AdminPageMixin, TimeStampedModel
from offices.collation import persian_order
from offices.fields import CodeField, PersianCharField, PersianTextField, PhoneField
from offices.formatting import format_code, format_date
from offices.models import County, FacilitationOffice, PastDatesMixin
from offices.text import search_text
from offices.validators import validate_phone

from .validators import validate_national_id

# A licence is "expiring soon" from today to today + this many days (DESIGN.md §3).
EXPIRING_SOON_DAYS = 60


class LicenceStatus(models.TextChoices):
    VALID = "valid", _("valid")
    EXPIRING = "expiring", _("expiring soon")
    EXPIRED = "expired", _("expired")
    NONE = "none", _("no licence")


def licence_status_for(expires_on: datetime.date | None, today: datetime.date) -> str:
    """The status of a licence (or of an NGO's latest licence) on a given day."""
    if expires_on is None:
        return LicenceStatus.NONE
    if expires_on < today:
        return LicenceStatus.EXPIRED
    if expires_on <= today + datetime.timedelta(days=EXPIRING_SOON_DAYS):
        return LicenceStatus.EXPIRING
    return LicenceStatus.VALID


def _status_expression(field: str, today: datetime.date):
    """The same rule as `licence_status_for`, computed by the database."""
    return Case(
        When(**{f"{field}__isnull": True}, then=Value(LicenceStatus.NONE)),
        When(**{f"{field}__lt": today}, then=Value(LicenceStatus.EXPIRED)),
        When(
            **{f"{field}__lte": today + datetime.timedelta(days=EXPIRING_SOON_DAYS)},
            then=Value(LicenceStatus.EXPIRING),
        ),
        default=Value(LicenceStatus.VALID),
        output_field=models.CharField(),
    )


class FieldOfActivity(TimeStampedModel):
    """A field an NGO works in (reference list kept by administrators)."""

    name = PersianCharField(_("name"), max_length=150, unique=True)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = [persian_order("name")]
        verbose_name = _("field of activity")
        verbose_name_plural = _("fields of activity")

    def __str__(self):
        return self.name


class LicensingAuthority(TimeStampedModel):
    """An authority that issues NGO activity licences (مرجع صدور پروانه فعالیت)."""

    name = PersianCharField(_("name"), max_length=200, unique=True)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = [persian_order("name")]
        verbose_name = _("licensing authority")
        verbose_name_plural = _("licensing authorities")

    def __str__(self):
        return self.name


class NGOQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=NGO.Status.ACTIVE)

    def with_licence_status(self, today: datetime.date | None = None):
        """Each NGO with its latest licence expiry and the status that follows from it."""
        today = today or timezone.localdate()
        # A subquery rather than a join with MAX: no GROUP BY, so ordering and other
        # annotations keep working, and each NGO reads one index entry.
        latest = Licence.objects.filter(ngo=OuterRef("pk")).order_by("-expires_on")
        return self.annotate(latest_expiry=Subquery(latest.values("expires_on")[:1])).annotate(
            licence_status=_status_expression("latest_expiry", today)
        )


class NGO(PastDatesMixin, AdminPageMixin, TimeStampedModel):
    """A non-governmental organisation registered in the province (سمن)."""

    past_dates = {"founded_on": _("The founding date cannot be after today (%(today)s).")}

    class Scope(models.TextChoices):
        COUNTY = "county", _("county")
        PROVINCE = "province", _("province")
        NATIONAL = "national", _("national")

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        SUSPENDED = "suspended", _("suspended")
        DISSOLVED = "dissolved", _("dissolved")

    name = PersianCharField(_("name"), max_length=250)
    national_id = CodeField(
        _("national ID"),
        max_length=11,
        unique=True,
        validators=[validate_national_id],
        help_text=_("The 11-digit national ID of the legal entity (شناسه ملی)."),
        error_messages={"unique": _("An NGO with this national ID is already registered.")},
    )
    registration_number = CodeField(_("registration number"), max_length=50, blank=True)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="ngos", verbose_name=_("county of seat")
    )
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices, default=Scope.COUNTY)
    fields = models.ManyToManyField(
        FieldOfActivity, related_name="ngos", blank=True, verbose_name=_("fields of activity")
    )
    contact_person = PersianCharField(_("contact person"), max_length=150, blank=True)
    phone = PhoneField(_("phone"), blank=True, validators=[validate_phone])
    email = models.EmailField(_("email"), blank=True)
    address = PersianTextField(_("address"), blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    members = models.PositiveIntegerField(_("members"), default=0)
    insured_members = models.PositiveIntegerField(_("members with insurance"), default=0)
    works_with_disabilities = models.BooleanField(
        _("works with people with disabilities"), default=False
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="managed_ngos",
        blank=True,
        verbose_name=_("manager accounts"),
    )

    # Name, national ID, registration number and contact person as searched
    # (offices.text.search_text), kept on save.
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)

    objects = NGOQuerySet.as_manager()

    history = HistoricalRecords(m2m_fields=["fields", "managers"], excluded_fields=["search_text"])

    class Meta:
        ordering = [persian_order("name")]
        verbose_name = _("NGO")
        verbose_name_plural = _("NGOs")
        constraints = [
            models.CheckConstraint(
                condition=Q(insured_members__lte=F("members")),
                name="ngo_insured_not_above_members",
                violation_error_message=_(
                    "Members with insurance cannot be more than the members."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["county", "status"], name="ngo_county_status"),
            models.Index(fields=["status"], name="ngo_status"),
            models.Index(fields=["name"], name="ngo_name"),
        ]

    def __str__(self):
        return self.name

    def build_search_text(self) -> str:
        """What the NGO is found by; call it before a bulk_create, which skips save()."""
        return search_text(
            self.name, self.national_id, self.registration_number, self.contact_person
        )

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    @property
    def licence_status_label(self):
        """The licence status's label; needs `NGO.objects.with_licence_status()`."""
        return LicenceStatus(self.licence_status).label


class LicenceQuerySet(models.QuerySet):
    def with_status(self, today: datetime.date | None = None):
        return self.annotate(
            licence_status=_status_expression("expires_on", today or timezone.localdate())
        )

    def expiring_soon(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.filter(
            expires_on__gte=today,
            expires_on__lte=today + datetime.timedelta(days=EXPIRING_SOON_DAYS),
        )


class Licence(PastDatesMixin, TimeStampedModel):
    """An NGO's activity licence (پروانه فعالیت). Its status is derived, never stored."""

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
            models.UniqueConstraint(
                fields=["authority", "number"],
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

    def status_on(self, today: datetime.date | None = None) -> str:
        return licence_status_for(self.expires_on, today or timezone.localdate())

    @property
    def status(self) -> str:
        # Lists annotate the status in the database (`with_status`); reuse it when present.
        return getattr(self, "licence_status", None) or self.status_on()

    def get_status_display(self) -> str:
        return LicenceStatus(self.status).label


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
