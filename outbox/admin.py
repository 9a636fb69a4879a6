"""Outgoing email in the admin: what waits, what failed and why, and "send again"."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from offices.admin import JalaliDatesMixin
from offices.formatting import format_number

from .models import Delivery
from .tasks import send_again


@admin.register(Delivery)
class DeliveryAdmin(JalaliDatesMixin, admin.ModelAdmin):
    list_display = (
        "created_at",
        "to",
        "subject",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
    )
    list_filter = ("status",)
    search_fields = ("to", "subject", "key")
    ordering = ("-created_at", "-pk")
    actions = ["send_again_action"]
    readonly_fields = [f.name for f in Delivery._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send the selected failed or stuck emails again"))
    def send_again_action(self, request, queryset):
        count = send_again(queryset)
        messages.success(
            request,
            ngettext(
                "%(n)s email was put back in the queue.",
                "%(n)s emails were put back in the queue.",
                count,
            )
            % {"n": format_number(count)},
        )
