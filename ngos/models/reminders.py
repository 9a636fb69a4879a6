"""The reminders sent to NGOs' managers, so that none is sent twice."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from offices.formatting import format_date

from .registry import NGO


class NGOReminderLog(models.Model):
    """One reminder email sent to one manager about one NGO (written by `ngos.reminders`).

    `about` names what the reminder is about — a licence (`licence:<id>`) or the
    profile as last confirmed (`profile:<date>`) — so each is sent once per person.
    """

    class Kind(models.TextChoices):
        LICENCE_60 = "licence_60", _("licence expires within 60 days")
        LICENCE_30 = "licence_30", _("licence expires within 30 days")
        PROFILE_STALE = "profile_stale", _("profile not confirmed for a year")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    ngo = models.ForeignKey(NGO, on_delete=models.CASCADE, related_name="+", verbose_name=_("NGO"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    about = models.CharField(_("about"), max_length=50)
    sent_on = models.DateField(_("sent on"))
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("NGO reminder sent")
        verbose_name_plural = _("NGO reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "ngo", "kind", "about"], name="ngo_reminder_once_per_subject"
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.get_kind_display()} — {format_date(self.sent_on)}"
