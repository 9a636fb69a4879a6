"""Which reminder emails went to whom, so a second run on the same day sends nothing new."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from offices.formatting import format_date


class ReminderLog(models.Model):
    """One reminder email sent to one user on one day, so a second run sends nothing new."""

    class Kind(models.TextChoices):
        OVERDUE_DIGEST = "overdue_digest", _("overdue referrals digest")
        AWAITING_NGO = "awaiting_ngo", _("reports awaiting the NGO's answer")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    sent_on = models.DateField(_("sent on"))
    report_count = models.PositiveIntegerField(_("reports listed"), default=0)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "sent_on"], name="reminder_once_per_user_kind_day"
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.get_kind_display()} — {format_date(self.sent_on)}"
