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
