"""One email to one person, kept until it is sent (or has failed for good)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Delivery(models.Model):
    """An email waiting to be sent, being sent, sent, or given up on.

    Written in the same transaction as the change it tells about, so nothing is lost
    when the mail server is down or the process dies; its `key` (one per event and
    recipient) makes a second attempt to write it a no-op and gives the message a
    fixed Message-ID, so a resend after a crash is recognised as the same email.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    key = models.CharField(_("key"), max_length=255, unique=True)
    to = models.CharField(_("to"), max_length=254)
    from_email = models.CharField(_("from"), max_length=254)
    subject = models.CharField(_("subject"), max_length=998)
    body = models.TextField(_("body"))
    # [[content, mimetype], …]: the HTML part of a password-reset email, say.
    alternatives = models.JSONField(_("alternative parts"), default=list, blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("email delivery")
        verbose_name_plural = _("email deliveries")
        indexes = [models.Index(fields=["status", "created_at"], name="delivery_status_created")]

    def __str__(self):
        return f"{self.to}: {self.subject}"
