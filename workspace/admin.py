"""The offices' workspace in the admin: administrators correct what the offices kept."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from offices.admin import ProjectInline, ProjectModelAdmin
from offices.admin_filters import jalali_month_filter
from offices.formatting import jalali_month_label

from .models import Activity, ActivityFile, ActivityKind, MonthlyReturn, PremisesRequest, Referral


@admin.register(ActivityKind)
class ActivityKindAdmin(ProjectModelAdmin):
    list_display = ("name", "position", "active")
    list_editable = ("position", "active")
    list_filter = ("active",)
    search_fields = ("name",)


class ActivityFileInline(ProjectInline):
    model = ActivityFile
    fields = ("file", "original_name")
    extra = 0
    max_num = 5


@admin.register(Activity)
class ActivityAdmin(ProjectModelAdmin):
    list_display = ("topic", "office", "held_on", "kind", "women", "men", "children")
    list_filter = ("kind", "office__county", jalali_month_filter("held_on", _("held in")))
    list_select_related = ("office", "kind")
    search_fields = ("topic", "office__name", "office__code")
    autocomplete_fields = ("office", "neighbourhood", "partner_ngo", "partner_agency")
    exclude = ("recorded_by",)
    inlines = [ActivityFileInline]


@admin.register(Referral)
class ReferralAdmin(ProjectModelAdmin):
    list_display = ("office", "referred_on", "agency", "service", "people", "outcome")
    list_filter = ("outcome", "agency", "office__county")
    list_select_related = ("office", "agency")
    search_fields = ("service", "office__name", "office__code")
    autocomplete_fields = ("office", "neighbourhood", "agency")
    exclude = ("recorded_by",)


@admin.register(MonthlyReturn)
class MonthlyReturnAdmin(ProjectModelAdmin):
    list_display = ("office", "month", "version", "status", "activities", "attendance")
    list_filter = ("status", "jalali_year", "office__county")
    list_select_related = ("office",)
    search_fields = ("office__name", "office__code")
    autocomplete_fields = ("office",)
    readonly_fields = ("submitted_by", "reviewed_by")

    @admin.display(description=_("month"), ordering="jalali_year")
    def month(self, obj):
        return jalali_month_label(obj.month_start)


@admin.register(PremisesRequest)
class PremisesRequestAdmin(ProjectModelAdmin):
    list_display = ("office", "step", "requested_on", "offered_on", "decided_on", "move_on")
    list_filter = ("step", "office__county")
    list_select_related = ("office",)
    search_fields = ("office__name", "office__code", "need", "offer_address")
    autocomplete_fields = ("office", "offer_agency")
    exclude = ("updated_by",)
