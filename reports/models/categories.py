"""What a report is about, and where it can be referred."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from offices.base import TimeStampedModel
from offices.collation import persian_order
from offices.fields import PersianCharField, PersianTextField, PhoneField
from offices.validators import validate_phone


class Category(TimeStampedModel):
    """What a report is about: one of the social harms, or a need of NGOs."""

    class Kind(models.TextChoices):
        HARM = "harm", _("social harm")
        NEED = "need", _("NGO need")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = PersianCharField(_("name"), max_length=150)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)
    description = PersianTextField(_("description"), blank=True)
    default_due_days = models.PositiveSmallIntegerField(
        _("default days to answer a referral"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    position = models.PositiveSmallIntegerField(_("position in lists"), default=0)
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "position", persian_order("name")]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "name"],
                name="category_unique_name_per_kind",
                violation_error_message=_("A category of this kind and name already exists."),
            ),
            models.CheckConstraint(
                condition=Q(default_due_days__gte=1, default_due_days__lte=365),
                name="category_due_days_1_to_365",
                violation_error_message=_("The default days must be between 1 and 365."),
            ),
        ]

    def __str__(self):
        return self.name


class Agency(TimeStampedModel):
    """An executive agency (دستگاه اجرایی) that reports are referred to."""

    name = PersianCharField(_("name"), max_length=200, unique=True)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = PhoneField(_("phone"), blank=True, validators=[validate_phone])
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = [persian_order("name")]
        verbose_name = _("executive agency")
        verbose_name_plural = _("executive agencies")

    def __str__(self):
        return self.name
