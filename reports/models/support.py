"""Other NGOs that see the same problem and stand behind a report instead of filing another."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ngos.models import NGO
from offices.fields import PersianTextField

from .report import IssueReport


class ReportSupport(models.Model):
    """An NGO supporting another NGO's report, with an optional note of what it sees."""

    report = models.ForeignKey(
        IssueReport, on_delete=models.CASCADE, related_name="supports", verbose_name=_("report")
    )
    ngo = models.ForeignKey(
        NGO, on_delete=models.PROTECT, related_name="supported_reports", verbose_name=_("NGO")
    )
    note = PersianTextField(_("note"), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["report", "created_at", "pk"]
        verbose_name = _("supporting NGO")
        verbose_name_plural = _("supporting NGOs")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "ngo"],
                name="report_support_once",
                violation_error_message=_("This NGO already supports this report."),
            )
        ]

    def __str__(self):
        return str(self.ngo)
