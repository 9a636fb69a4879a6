"""Reports, their timeline events and attachments."""

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from offices.admin import LogModelAdmin, ProjectInline, ProjectModelAdmin, ReadOnlyInline
from offices.admin_filters import jalali_month_filter
from offices.formatting import format_number

from ..models import Attachment, Category, IssueReport, ReportEvent, Status
from ..services import report_record_submission
from ..validators import MAX_ATTACHMENTS_PER_REPORT
from ..workflow import TRANSITIONS, Action

# What each timeline action is called; "submit" is made by `report_submit`, not a transition.
ACTION_LABELS = {Action.SUBMIT: _("Submit the report")} | {
    action: transition.label for action, transition in TRANSITIONS.items()
}


class CategoryKindFilter(admin.SimpleListFilter):
    title = _("category kind")
    parameter_name = "category_kind"

    def lookups(self, request, model_admin):
        return Category.Kind.choices

    def queryset(self, request, queryset):
        if self.value() in Category.Kind.values:
            return queryset.filter(category__kind=self.value())
        return queryset


class ActionFilter(admin.SimpleListFilter):
    # From the workflow's list: a DISTINCT over every event would read the whole table.
    title = _("action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return list(ACTION_LABELS.items())

    def queryset(self, request, queryset):
        if self.value() in ACTION_LABELS:
            return queryset.filter(action=self.value())
        return queryset


class ActionLabelMixin:
    @admin.display(description=_("action"), ordering="action")
    def action_label(self, event):
        return ACTION_LABELS.get(event.action, event.action)


class ReportEventInline(ActionLabelMixin, ReadOnlyInline):
    """The report's timeline, shown as it happened; it is never edited."""

    model = ReportEvent
    fields = (
        "created_at",
        "kind",
        "action_label",
        "from_status",
        "to_status",
        "actor",
        "note",
        "agency",
        "due_on",
        "visible_to_ngo",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("report", "actor", "agency")


class AttachmentInline(ProjectInline):
    model = Attachment
    fields = ("file", "original_name", "size", "uploaded_by", "created_at")
    readonly_fields = ("size", "uploaded_by", "created_at")
    extra = 0
    max_num = MAX_ATTACHMENTS_PER_REPORT

    def get_formset(self, request, obj=None, **kwargs):
        # Refuse more files than a report may have, not only hide the "add" link.
        kwargs.setdefault("validate_max", True)
        return super().get_formset(request, obj, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by")


class IssueReportForm(forms.ModelForm):
    """The report form; the admin builds its fields from the fieldsets."""

    def clean(self):
        cleaned = super().clean()
        neighbourhood, office = cleaned.get("neighbourhood"), cleaned.get("office")
        if (
            {"neighbourhood", "office"} & set(self.changed_data)
            and neighbourhood
            and office
            and not office.neighbourhoods.filter(pk=neighbourhood.pk).exists()
        ):
            self.add_error("office", _("This office does not serve the chosen neighbourhood."))
        return cleaned


# Set by the workflow only; shown on a report's page, absent when adding one.
WORKFLOW_FIELDS = (
    "status",
    "status_changed_at",
    "agency",
    "due_on",
    "duplicate_of",
    "rejection_reason",
    "first_resolved_at",
)


@admin.register(IssueReport)
class IssueReportAdmin(ProjectModelAdmin):
    form = IssueReportForm
    # What fits a 1366 px screen beside the filters (category and county are filters).
    list_display = (
        "reference",
        "title",
        "ngo",
        "status",
        "severity",
        "agency",
        "due_on",
        "age",
    )
    list_filter = (
        "status",
        "severity",
        CategoryKindFilter,
        "county",
        "agency",
        jalali_month_filter("submitted_at", _("submitted in")),
    )
    list_select_related = ("ngo", "agency")
    search_fields = ("reference", "title", "ngo__name")
    autocomplete_fields = (
        "ngo",
        "submitted_by",
        "category",
        "neighbourhood",
        "office",
        "assigned_to",
    )
    # Otherwise every load of the list counts all the reports as well as the matching ones.
    show_full_result_count = False

    def get_fieldsets(self, request, obj=None):
        report = (
            None,
            {
                "fields": [
                    "ngo",
                    "submitted_by",
                    "category",
                    "title",
                    "description",
                    "severity",
                    "people_affected",
                    "observed_on",
                ]
            },
        )
        place = (
            _("Place"),
            {
                "fields": ["neighbourhood", "office"],
                "description": _(
                    "The report's county is the neighbourhood's, else the office's, "
                    "else that of the NGO's seat."
                ),
            },
        )
        if obj is None:
            # A new report is submitted now; its time is not typed.
            return [report, place, (_("Follow-up"), {"fields": ["assigned_to"]})]
        report[1]["fields"][:0] = ["reference", "county"]
        workflow = (
            _("Workflow"),
            {
                "fields": list(WORKFLOW_FIELDS),
                "description": _(
                    "The status changes only through the report workflow, which records "
                    "every change on the timeline below."
                ),
            },
        )
        dates = (_("Dates"), {"fields": ["submitted_at", "created_at", "updated_at", "age"]})
        return [report, place, (_("Follow-up"), {"fields": ["assigned_to"]}), workflow, dates]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return (
            "reference",
            "county",
            *WORKFLOW_FIELDS,
            "submitted_at",
            "created_at",
            "updated_at",
            "age",
        )

    def get_inlines(self, request, obj):
        # A new report's timeline starts when it is saved.
        return [AttachmentInline] if obj is None else [ReportEventInline, AttachmentInline]

    @admin.display(description=_("age (days)"), ordering="-submitted_at")
    def age(self, obj):
        return format_number((timezone.localdate() - timezone.localdate(obj.submitted_at)).days)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        # As `report_submit` does: a new report starts as submitted, and its
        # timeline starts with the submission (the admin view is one transaction).
        obj.status = Status.SUBMITTED
        obj.status_changed_at = obj.submitted_at
        super().save_model(request, obj, form, change)
        report_record_submission(report=obj, actor=request.user)

    def save_formset(self, request, form, formset, change):
        if formset.model is Attachment:
            for attachment in formset.save(commit=False):
                if attachment._state.adding:
                    attachment.uploaded_by = request.user
                attachment.save()
            for attachment in formset.deleted_objects:
                attachment.delete()
            return
        super().save_formset(request, form, formset, change)


@admin.register(ReportEvent)
class ReportEventAdmin(ActionLabelMixin, LogModelAdmin):
    """Every report's timeline in one list; entries are written by the workflow only."""

    # What fits a 1366 px screen beside the filters (the kind is a filter).
    list_display = (
        "report",
        "action_label",
        "from_status",
        "to_status",
        "actor",
        "created_at",
    )
    list_filter = ("kind", ActionFilter, "visible_to_ngo")
    list_select_related = ("report", "actor")
    search_fields = ("report__reference", "note")
    # Newest first by the primary key: no index serves "created_at" across all reports.
    ordering = ("-pk",)
    show_full_result_count = False
    fields = (
        "report",
        "created_at",
        "kind",
        "action_label",
        "from_status",
        "to_status",
        "actor",
        "note",
        "agency",
        "due_on",
        "letter_number",
        "letter_date",
        "visible_to_ngo",
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    # Deleting stays allowed: the admin refuses to delete a report (with its
    # timeline) when its events may not be deleted.


@admin.register(Attachment)
class AttachmentAdmin(ProjectModelAdmin):
    list_display = ("__str__", "report", "size", "uploaded_by", "created_at")
    list_select_related = ("report", "uploaded_by")
    search_fields = ("original_name", "report__reference")
    autocomplete_fields = ("report",)
    readonly_fields = ("size", "uploaded_by", "created_at")
    ordering = ("-pk",)
    show_full_result_count = False

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
