"""Meetings and demands in the admin: administrators correct what officials recorded.

A demand's status and answer path change only on its page, which writes each change on
its timeline; here they are shown, with the timeline, as they happened."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from offices.admin import LogModelAdmin, ProjectInline, ProjectModelAdmin, ReadOnlyInline
from offices.admin_filters import jalali_month_filter

from .models import MAX_FILES_PER_MEETING, Demand, DemandEvent, Meeting, MeetingFile, MeetingNGO


class MeetingNGOInline(ProjectInline):
    model = MeetingNGO
    fields = ("ngo", "attended_by")
    autocomplete_fields = ("ngo",)
    extra = 0


class MeetingFileInline(ProjectInline):
    model = MeetingFile
    fields = ("file", "original_name", "size", "created_at")
    readonly_fields = ("size", "created_at")
    extra = 0
    max_num = MAX_FILES_PER_MEETING

    def get_formset(self, request, obj=None, **kwargs):
        # Refuse more files than a meeting may keep, not only hide the "add" link.
        kwargs.setdefault("validate_max", True)
        return super().get_formset(request, obj, **kwargs)


@admin.register(Meeting)
class MeetingAdmin(ProjectModelAdmin):
    list_display = ("title", "held_on", "kind", "county", "place")
    list_filter = ("kind", "county", jalali_month_filter("held_on", _("held in")))
    list_select_related = ("county",)
    search_fields = ("title", "place", "chaired_by")
    autocomplete_fields = ("county", "agencies")
    readonly_fields = ("recorded_by",)
    inlines = [MeetingNGOInline, MeetingFileInline]
    show_full_result_count = False

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


class DemandEventInline(ReadOnlyInline):
    """The demand's timeline, shown as it happened; it is never edited."""

    model = DemandEvent
    fields = ("created_at", "from_status", "to_status", "actor", "note", "agency", "due_on")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor", "agency")


# Set on the demand's page only (each change on its timeline); shown, never typed, here.
ANSWER_FIELDS = (
    "status",
    "responsible_official",
    "agency",
    "commitment",
    "due_on",
    "reason",
    "answered_at",
    "closed_at",
)


@admin.register(Demand)
class DemandAdmin(ProjectModelAdmin):
    list_display = ("__str__", "ngo", "county", "status", "agency", "due_on", "raised_on")
    list_filter = ("status", "county", "agency", jalali_month_filter("raised_on", _("raised in")))
    list_select_related = ("ngo", "county", "agency")
    search_fields = ("text", "ngo__name", "commitment")
    autocomplete_fields = ("ngo", "meeting", "category", "neighbourhood", "reports")
    show_full_result_count = False

    def get_fields(self, request, obj=None):
        fields = ["ngo", "meeting", "raised_on", "category", "text", "neighbourhood", "reports"]
        if obj is None:  # a new demand starts open; it is answered on its page
            return fields
        return [*fields, "county", *ANSWER_FIELDS, "raised_by"]

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else ("county", *ANSWER_FIELDS, "raised_by")

    def get_inlines(self, request, obj):
        return [] if obj is None else [DemandEventInline]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.raised_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(DemandEvent)
class DemandEventAdmin(LogModelAdmin):
    """Every demand's timeline in one list; entries are written on the demands' pages only."""

    list_display = ("demand", "from_status", "to_status", "actor", "created_at")
    list_filter = ("to_status",)
    list_select_related = ("demand", "actor")
    search_fields = ("note", "demand__text")
    ordering = ("-pk",)
    show_full_result_count = False
    fields = (
        "demand",
        "created_at",
        "from_status",
        "to_status",
        "actor",
        "note",
        "agency",
        "due_on",
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
