"""The monthly reports in the admin: what was asked, by whom, and why one failed."""

from django.contrib import admin

from offices.admin import LogModelAdmin

from .models import MonthlyReport


@admin.register(MonthlyReport)
class MonthlyReportAdmin(LogModelAdmin):
    """Made by the task queue on an official's request; read, or removed, here."""

    list_display = (
        "jalali_year",
        "jalali_month",
        "county",
        "status",
        "requested_by",
        "requested_at",
    )
    list_filter = ("status", "county")
    list_select_related = ("county", "requested_by")
    readonly_fields = (
        "jalali_year",
        "jalali_month",
        "county",
        "requested_by",
        "requested_at",
        "status",
        "file",
        "size",
        "error",
        "finished_at",
    )
    ordering = ("-pk",)
    show_full_result_count = False

    def has_add_permission(self, request):
        return False
