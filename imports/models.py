"""One import of an Excel file: who uploaded which file, what it would change and what it did."""

import os
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def import_file_path(instance, filename):
    # A random stored name: the uploaded file's own name is kept only to be shown.
    extension = os.path.splitext(filename)[1].lower()[:10]
    return f"imports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


class ImportRun(models.Model):
    """An uploaded file, checked (the preview), then imported all at once or not at all."""

    class Kind(models.TextChoices):
        NGOS = "ngos", _("NGOs and their licences")
        NEIGHBOURHOODS = "neighbourhoods", _("neighbourhoods")
        OFFICES = "offices", _("facilitation offices")
        FACILITATORS = "facilitators", _("facilitators of the offices")

    class Status(models.TextChoices):
        CHECKING = "checking", _("being checked")
        READY = "ready", _("ready to import")
        INVALID = "invalid", _("has errors")
        IMPORTING = "importing", _("being imported")
        DONE = "done", _("imported")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=import_file_path, max_length=255)
    file_name = models.CharField(_("file name"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    finished_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CHECKING
    )
    # 0–100, written by the task while it reads and checks the rows.
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    new_count = models.PositiveIntegerField(_("new"), default=0)
    update_count = models.PositiveIntegerField(_("updates"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    # The file's own problem (wrong template, formulas…), when it has one.
    message = models.TextField(_("message"), blank=True)
    # The preview: one entry per row — {"row", "outcome", "label", "errors": [...]}.
    rows = models.JSONField(_("rows"), default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return self.file_name

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.CHECKING, self.Status.IMPORTING)
