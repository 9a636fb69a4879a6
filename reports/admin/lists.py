"""The reference lists reports point at, NGOs with their report counts, and the reminder log."""

from django.contrib import admin
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from ngos.admin import NGOAdmin
from ngos.models import NGO
from offices.admin import JalaliDatesMixin, LogModelAdmin, ProjectModelAdmin

from ..models import Agency, Category, IssueReport, ReferenceCounter, ReminderLog, ReportSupport


def report_count(field: str):
    """The number of reports pointing at each row through `field`, one indexed count per row."""
    reports = (
        IssueReport.objects.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(reports, output_field=IntegerField()), 0)


@admin.register(Category)
class CategoryAdmin(ProjectModelAdmin):
    list_display = ("name", "kind", "name_en", "default_due_days", "position", "active", "reports")
    list_filter = ("kind", "active")
    search_fields = ("name", "name_en")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(report_count=report_count("category"))

    @admin.display(description=_("reports"), ordering="report_count")
    def reports(self, obj):
        return obj.report_count


@admin.register(Agency)
class AgencyAdmin(ProjectModelAdmin):
    list_display = ("name", "name_en", "email", "phone", "active", "reports")
    list_filter = ("active",)
    search_fields = ("name", "name_en", "email")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(report_count=report_count("agency"))

    @admin.display(description=_("referred reports"), ordering="report_count")
    def reports(self, obj):
        return obj.report_count


@admin.register(ReferenceCounter)
class ReferenceCounterAdmin(admin.ModelAdmin):
    """The last report number given in each Jalali year; kept by the reports themselves."""

    list_display = ("jalali_year", "last")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# The NGO admin lives in the ngos app, which may not import this one; the count
# of each NGO's reports is added to it from here.
admin.site.unregister(NGO)


@admin.register(NGO)
class NGOWithReportsAdmin(NGOAdmin):
    list_display = (*NGOAdmin.list_display, "reports")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(report_count=report_count("ngo"))

    @admin.display(description=_("reports"), ordering="report_count")
    def reports(self, obj):
        return obj.report_count


@admin.register(ReminderLog)
class ReminderLogAdmin(JalaliDatesMixin, admin.ModelAdmin):
    """Which reminder emails went to whom, day by day (written by send_reminders)."""

    list_display = ("sent_on", "user", "kind", "report_count", "created_at")
    list_filter = ("kind",)
    list_select_related = ("user",)
    search_fields = ("user__username", "user__email")
    ordering = ("-sent_on", "-pk")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReportSupport)
class ReportSupportAdmin(LogModelAdmin):
    """NGOs standing behind other NGOs' reports; added on the new-report form, each with its
    entry on the report's timeline, so only removed or read here."""

    list_display = ("report", "ngo", "added_by", "created_at")
    list_select_related = ("report", "ngo", "added_by")
    search_fields = ("ngo__name", "report__reference", "note")
    readonly_fields = ("report", "ngo", "added_by", "created_at")
    fields = ("report", "ngo", "note", "added_by", "created_at")
    ordering = ("-pk",)
    show_full_result_count = False

    def has_add_permission(self, request):
        return False
