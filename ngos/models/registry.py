"""The registry of NGOs (سمن‌ها): the NGOs, their fields of activity, licensing authorities."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from offices.base import AdminPageMixin, TimeStampedModel
from offices.collation import persian_order
from offices.fields import CodeField, PersianCharField, PersianTextField, PhoneField
from offices.models import County, PastDatesMixin
from offices.text import search_text
from offices.validators import validate_phone

from ..validators import validate_national_id
from .status import LicenceStatus, status_expression

# A profile is confirmed again at least once a year (the NGO is reminded after that).
PROFILE_CONFIRM_DAYS = 365


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
        # Only verified licences count: one the NGO uploaded waits for an official.
        licences = self.model.licences.rel.related_model.objects.verified()
        latest = licences.filter(ngo=OuterRef("pk")).order_by("-expires_on")
        return self.annotate(latest_expiry=Subquery(latest.values("expires_on")[:1])).annotate(
            licence_status=status_expression("latest_expiry", today)
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
    members_with_disabilities = models.PositiveIntegerField(
        _("members with disabilities"), default=0
    )
    works_with_disabilities = models.BooleanField(
        _("works with people with disabilities"), default=False
    )
    disability_jobs = models.PositiveIntegerField(
        _("jobs created for people with disabilities"),
        default=0,
        help_text=_("How many people with disabilities the NGO has employed or helped into work."),
    )
    # Kept by the NGO's managers (the profile page): when they last saved the profile
    # or confirmed it unchanged, and when they last changed something in it.
    profile_confirmed_at = models.DateTimeField(
        _("profile confirmed by the NGO at"), null=True, blank=True, editable=False
    )
    profile_changed_at = models.DateTimeField(
        _("profile changed by the NGO at"), null=True, blank=True, editable=False
    )
    # What the last change by the NGO changed: [{"field", "old", "new"}], shown to officials
    # beside "changed by the NGO on …" (each change is also in the history, with its user).
    profile_changes = models.JSONField(
        _("last changes by the NGO"), default=list, blank=True, editable=False
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

    history = HistoricalRecords(
        m2m_fields=["fields", "managers"], excluded_fields=["search_text", "profile_changes"]
    )

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
            models.CheckConstraint(
                condition=Q(members_with_disabilities__lte=F("members")),
                name="ngo_disabled_not_above_members",
                violation_error_message=_(
                    "Members with disabilities cannot be more than the members."
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

    @property
    def profile_confirmation_due(self) -> bool:
        """Whether the NGO should confirm its figures again: never confirmed, or confirmed
        more than PROFILE_CONFIRM_DAYS ago (when it is also reminded)."""
        if self.profile_confirmed_at is None:
            return True
        confirmed = timezone.localdate(self.profile_confirmed_at)
        return confirmed < timezone.localdate() - datetime.timedelta(days=PROFILE_CONFIRM_DAYS)

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
