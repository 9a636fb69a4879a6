"""Places and the facilitation offices that serve them."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .base import AdminPageMixin, TimeStampedModel
from .collation import persian_order
from .fields import CodeField, PersianCharField, PersianTextField, PhoneField
from .formatting import format_date
from .text import search_text
from .validators import validate_phone

LATITUDE = [MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))]
LONGITUDE = [MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))]


class PastDatesMixin:
    """Dates of what has already happened (a visit, an issue, a founding): none after today.

    `past_dates` maps each such field to its message, which may name today as
    %(today)s. They are checked with the fields, so a form that leaves a field out
    is never refused for it, and the message stands beside the field. Not a field
    validator: "today" moves, and a validator would be frozen into the migrations.
    """

    past_dates: dict = {}

    def latest_allowed(self, field_name: str):
        """The latest date the field may hold (today, unless a model says otherwise)."""
        return timezone.localdate()

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for name, message in self.past_dates.items():
            value = getattr(self, name)
            if name in (exclude or ()) or name in errors or not value:
                continue
            latest = self.latest_allowed(name)
            if value > latest:
                errors[name] = [
                    ValidationError(message, code="future", params={"today": format_date(latest)})
                ]
        if errors:
            raise ValidationError(errors)


class County(AdminPageMixin, TimeStampedModel):
    """A county (شهرستان) of West Azerbaijan province."""

    name = PersianCharField(_("name"), max_length=100, unique=True)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    code = CodeField(
        _("code"),
        max_length=20,
        unique=True,
        help_text=_("A short code, unique in the province, used in office codes."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = [persian_order("name")]
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    def __str__(self):
        return self.name


class Neighbourhood(AdminPageMixin, TimeStampedModel):
    """A neighbourhood (محله), often an informal settlement on a city's edge."""

    class Kind(models.TextChoices):
        INFORMAL = "informal", _("informal settlement")
        MARGINAL = "marginal", _("marginal neighbourhood")
        OTHER = "other", _("other")

    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="neighbourhoods", verbose_name=_("county")
    )
    name = PersianCharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.INFORMAL)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    households = models.PositiveIntegerField(_("households"), null=True, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True, validators=LATITUDE
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True, validators=LONGITUDE
    )

    history = HistoricalRecords()

    class Meta:
        ordering = [persian_order("county__name"), persian_order("name")]
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")
        constraints = [
            models.UniqueConstraint(
                fields=["county", "name"],
                name="neighbourhood_unique_name_in_county",
                violation_error_message=_("This county already has a neighbourhood of this name."),
            ),
            models.CheckConstraint(
                condition=Q(households__isnull=True)
                | Q(population__isnull=True)
                | Q(households__lte=F("population")),
                name="neighbourhood_households_not_above_population",
                violation_error_message=_("Households cannot be more than the population."),
            ),
        ]
        indexes = [models.Index(fields=["county", "kind"], name="neighbourhood_county_kind")]

    def __str__(self):
        return self.name


PREMISES_NOT_IN_FUTURE = _(
    "Premises can be recorded up to today (%(today)s), or from the opening day of an office "
    "that has not opened yet."
)


def latest_premises_date(opened_on):
    """The latest day premises may date from: today, or the opening day if it is later."""
    return max(filter(None, [timezone.localdate(), opened_on]))


class FacilitationOffice(PastDatesMixin, AdminPageMixin, TimeStampedModel):
    """A neighbourhood facilitation and development office (دفتر تسهیل‌گری و توسعه محله)."""

    past_dates = {"premises_since": PREMISES_NOT_IN_FUTURE}

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        ACTIVE = "active", _("active")
        SUSPENDED = "suspended", _("suspended")
        CLOSED = "closed", _("closed")

    class Premises(models.TextChoices):
        DEDICATED = "dedicated", _("dedicated premises")
        SHARED = "shared", _("shared premises")
        TEMPORARY = "temporary", _("temporary premises")
        NONE = "none", _("no premises")

    code = CodeField(_("code"), max_length=30, unique=True)
    name = PersianCharField(_("name"), max_length=200)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="offices", verbose_name=_("county")
    )
    neighbourhoods = models.ManyToManyField(
        Neighbourhood, related_name="offices", blank=True, verbose_name=_("neighbourhoods served")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    premises = models.CharField(
        _("premises"), max_length=20, choices=Premises.choices, default=Premises.NONE
    )
    premises_since = models.DateField(_("premises since"), null=True, blank=True)
    address = PersianTextField(_("address"), blank=True)
    phone = PhoneField(_("phone"), blank=True, validators=[validate_phone])
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True, validators=LATITUDE
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True, validators=LONGITUDE
    )
    notes = PersianTextField(_("notes"), blank=True)
    # Code, name and address as searched (offices.text.search_text), kept on save.
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)

    history = HistoricalRecords(m2m_fields=["neighbourhoods"], excluded_fields=["search_text"])

    class Meta:
        ordering = [persian_order("county__name"), "code"]
        verbose_name = _("facilitation office")
        verbose_name_plural = _("facilitation offices")
        indexes = [
            models.Index(fields=["county", "status"], name="office_county_status"),
            models.Index(fields=["status", "premises"], name="office_status_premises"),
        ]

    def __str__(self):
        return self.name

    def latest_allowed(self, field_name):
        return latest_premises_date(self.opened_on)

    def build_search_text(self) -> str:
        """What the office is found by; call it before a bulk_create, which skips save()."""
        return search_text(self.code, self.name, self.address)

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)


class PremisesChange(PastDatesMixin, models.Model):
    """One entry in an office's premises history: what it had from which date."""

    past_dates = {"since": PREMISES_NOT_IN_FUTURE}

    office = models.ForeignKey(
        FacilitationOffice,
        on_delete=models.CASCADE,
        related_name="premises_history",
        verbose_name=_("office"),
    )
    premises = models.CharField(
        _("premises"), max_length=20, choices=FacilitationOffice.Premises.choices
    )
    since = models.DateField(_("since"))
    address = PersianTextField(_("address"), blank=True)
    note = PersianTextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["office", "-since", "-created_at"]
        verbose_name = _("premises change")
        verbose_name_plural = _("premises history")
        indexes = [models.Index(fields=["office", "since"], name="premises_office_since")]

    def __str__(self):
        return f"{self.office} — {self.get_premises_display()} ({format_date(self.since)})"

    def latest_allowed(self, field_name):
        return latest_premises_date(self.office.opened_on if self.office_id else None)


class Facilitator(PastDatesMixin, TimeStampedModel):
    """A person who works in a facilitation office (kept by the office's manager)."""

    past_dates = {"since": _("The start date is after today (%(today)s).")}

    class Role(models.TextChoices):
        HEAD = "head", _("office head")
        FACILITATOR = "facilitator", _("facilitator")
        SOCIAL_WORKER = "social_worker", _("social worker")
        VOLUNTEER = "volunteer", _("volunteer")

    office = models.ForeignKey(
        FacilitationOffice,
        on_delete=models.CASCADE,
        related_name="facilitators",
        verbose_name=_("office"),
    )
    name = PersianCharField(_("name"), max_length=150)
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.FACILITATOR
    )
    phone = PhoneField(_("phone"), blank=True, validators=[validate_phone])
    since = models.DateField(_("in the office since"), null=True, blank=True)
    training_completed = models.BooleanField(_("facilitators' training completed"), default=False)
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["office", "-active", persian_order("name")]
        verbose_name = _("facilitator")
        verbose_name_plural = _("facilitators")
        indexes = [models.Index(fields=["office", "active"], name="facilitator_office_active")]

    def __str__(self):
        return self.name
