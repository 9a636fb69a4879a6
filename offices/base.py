import os

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class AdminPageMixin:
    """`get_absolute_url` points at the record's admin page until its own page exists.

    The interface issues give counties, offices, NGOs and reports pages of their
    own; each model then overrides this with its public URL.
    """

    def get_absolute_url(self):
        meta = self._meta
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[self.pk])


class StoredFile(models.Model):
    """A file kept for a record (an activity's photo, a meeting's minutes): stored under a
    random name by the concrete model's `file` field; its original name is only shown and
    offered on download. Served only to people who may see the record."""

    original_name = models.CharField(_("original file name"), max_length=255, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), default=0, editable=False)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.original_name or self.file.name

    def save(self, *args, **kwargs):
        if self.file:
            self.size = self.file.size
            if not self.original_name:
                self.original_name = os.path.basename(self.file.name)
        super().save(*args, **kwargs)

    @classmethod
    def keep(cls, uploads, **owner) -> list:
        """Store the uploads for their owner (e.g. `meeting=m`); if one fails, those already
        stored are removed from the disk before the error goes on (the rows roll back)."""
        saved = []
        try:
            for upload in uploads:
                stored = cls(file=upload, original_name=upload.name[:255], **owner)
                stored.save()
                saved.append(stored)
        except BaseException:
            for stored in saved:
                stored.file.storage.delete(stored.file.name)
            raise
        return saved
