"""The monthly report for the governor's office: a PDF of a Jalali month's figures for a
county or the province, produced by the task queue and kept for download."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.access import PROVINCE_WIDE, Role, access_for
from offices.formatting import jalali_month_label
from offices.jalali import month_bounds
from offices.models import County


def monthly_report_path(instance, filename):
    # A random stored name: people download it under a readable one (`download_name`).
    return f"monthly-reports/{instance.jalali_year}/{uuid.uuid4().hex}.pdf"


class MonthlyReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Every report for the province's officials; a county official's county's only
        (a province-wide report shows other counties' figures); none for anyone else."""
        access = access_for(user)
        if access.role in PROVINCE_WIDE:
            return self
        if access.role == Role.COUNTY:
            return self.filter(county_id=access.county_id)
        return self.none()


class MonthlyReport(models.Model):
    """One request for a month's report. Every request is kept: a report made again after
    late data came in stands beside the first one."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("being made")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    jalali_year = models.PositiveSmallIntegerField(_("Jalali year"))
    jalali_month = models.PositiveSmallIntegerField(_("Jalali month"))
    # Empty for the whole province.
    county = models.ForeignKey(
        County,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("county"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    file = models.FileField(_("file"), upload_to=monthly_report_path, max_length=255, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    # What went wrong, for the administrators; people see only that it failed.
    error = models.TextField(_("error"), blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = MonthlyReportQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        indexes = [
            models.Index(fields=["county", "-requested_at"], name="monthly_report_county"),
        ]

    def __str__(self):
        place = self.county.name if self.county_id else gettext("the whole province")
        return f"{self.month_label} — {place}"

    @property
    def month_label(self) -> str:
        """«آبان ۱۴۰۵» / «Aban 1405»."""
        return jalali_month_label(month_bounds(self.jalali_year, self.jalali_month)[0])

    @property
    def download_name(self) -> str:
        """«monthly-report-1405-08-urmia.pdf»: ASCII, so every browser keeps it as it is."""
        place = self.county.code if self.county_id else "province"
        return f"monthly-report-{self.jalali_year}-{self.jalali_month:02d}-{place}.pdf"
