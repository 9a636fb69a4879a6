"""Admin for the NGO registry: NGOs, licences, authorities, supervision, partnerships."""

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from offices.admin import (
    FacilitationOfficeAdmin,
    JalaliDatesMixin,
    ProjectInline,
    ProjectModelAdmin,
)
from offices.admin_filters import jalali_month_filter
from offices.formatting import format_date
from offices.models import FacilitationOffice

from .models import (
    NGO,
    FieldOfActivity,
    Licence,
    LicenceStatus,
    LicensingAuthority,
    NGOReminderLog,
    Partnership,
    SupervisionVisit,
)


class LicenceStatusFilter(admin.SimpleListFilter):
    """Filter on the `licence_status` annotation that the admin's queryset carries."""

    title = _("licence status")
    parameter_name = "licence_status"

    def lookups(self, request, model_admin):
        return LicenceStatus.choices

    def queryset(self, request, queryset):
        if self.value() in LicenceStatus.values:
            return queryset.filter(licence_status=self.value())
        return queryset


@admin.register(FieldOfActivity)
class FieldOfActivityAdmin(ProjectModelAdmin):
    list_display = ("name", "name_en", "ngo_count")
    search_fields = ("name", "name_en")
    # A grouped queryset ignores Meta.ordering; autocomplete pages need one.
    ordering = FieldOfActivity._meta.ordering

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(ngo_count=Count("ngos"))

    @admin.display(description=_("NGOs"), ordering="ngo_count")
    def ngo_count(self, obj):
        return obj.ngo_count


@admin.register(LicensingAuthority)
class LicensingAuthorityAdmin(ProjectModelAdmin):
    list_display = ("name", "name_en", "active")
    list_filter = ("active",)
    search_fields = ("name", "name_en")


class LicenceInline(ProjectInline):
    model = Licence
    fields = ("authority", "number", "issued_on", "expires_on", "verification", "status_label")
    readonly_fields = ("status_label",)
    extra = 0

    def get_queryset(self, request):
        # Each row's title shows its NGO; the status is computed by the database.
        return super().get_queryset(request).select_related("ngo").with_status()

    @admin.display(description=_("status"))
    def status_label(self, obj):
        return obj.get_status_display() if obj.pk else ""


class SupervisionVisitInline(ProjectInline):
    model = SupervisionVisit
    fields = ("visited_on", "authority", "outcome", "notes")
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("ngo")


@admin.register(NGO)
class NGOAdmin(ProjectModelAdmin):
    # What fits a 1366 px screen beside the filters; scope and members are on each NGO's page.
    list_display = (
        "name",
        "national_id",
        "county",
        "status",
        "licence_status_label",
        "latest_expiry",
    )
    list_filter = (
        "status",
        LicenceStatusFilter,
        "scope",
        "county",
        "works_with_disabilities",
        "fields",
    )
    list_select_related = ("county",)
    search_fields = ("name", "national_id", "registration_number", "contact_person")
    # A grouped queryset ignores Meta.ordering; autocomplete pages need one.
    ordering = NGO._meta.ordering
    # The users table can be large: managers are chosen by autocomplete, never listed whole.
    autocomplete_fields = ("managers",)
    filter_horizontal = ("fields",)
    readonly_fields = ("licence_status_label", "latest_expiry")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "national_id",
                    "registration_number",
                    "county",
                    "scope",
                    "status",
                    "fields",
                    "founded_on",
                )
            },
        ),
        (
            _("Members"),
            {"fields": ("members", "insured_members", "works_with_disabilities")},
        ),
        (_("Contact"), {"fields": ("contact_person", "phone", "email", "address")}),
        (_("Licence"), {"fields": ("licence_status_label", "latest_expiry")}),
        (_("Manager accounts"), {"fields": ("managers",)}),
    )
    inlines = [LicenceInline, SupervisionVisitInline]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:  # a new NGO has no licence yet
            fieldsets = [fs for fs in fieldsets if "latest_expiry" not in fs[1]["fields"]]
        return fieldsets

    def get_queryset(self, request):
        return super().get_queryset(request).with_licence_status()

    @admin.display(description=_("licence status"), ordering="latest_expiry")
    def licence_status_label(self, obj):
        return LicenceStatus(obj.licence_status).label

    @admin.display(description=_("latest licence expires on"), ordering="latest_expiry")
    def latest_expiry(self, obj):
        if obj.latest_expiry is None:
            return self.get_empty_value_display()
        return format_date(obj.latest_expiry)


@admin.register(Licence)
class LicenceAdmin(ProjectModelAdmin):
    list_display = (
        "number",
        "ngo",
        "authority",
        "issued_on",
        "expires_on",
        "verification",
        "status_label",
    )
    list_filter = (
        LicenceStatusFilter,
        "verification",
        "authority",
        "ngo__county",
        jalali_month_filter("expires_on", _("expires in"), months_back=12, months_ahead=24),
    )
    list_select_related = ("ngo", "authority")
    search_fields = ("number", "ngo__name", "ngo__national_id")
    autocomplete_fields = ("ngo",)
    readonly_fields = ("status_label",)

    def get_queryset(self, request):
        return super().get_queryset(request).with_status()

    @admin.display(description=_("status"), ordering="expires_on")
    def status_label(self, obj):
        return obj.get_status_display() if obj.pk else ""


@admin.register(SupervisionVisit)
class SupervisionVisitAdmin(ProjectModelAdmin):
    list_display = ("ngo", "authority", "visited_on", "outcome")
    list_filter = (
        "outcome",
        "authority",
        "ngo__county",
        jalali_month_filter("visited_on", _("visited in")),
    )
    list_select_related = ("ngo", "authority")
    search_fields = ("ngo__name", "ngo__national_id", "notes")
    autocomplete_fields = ("ngo",)


class PartnershipFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        # The database allows one current lead operator per office; two new rows in
        # one save would only meet that rule at the INSERT, as a server error.
        current_leads = [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("role") == Partnership.Role.LEAD
            and not form.cleaned_data.get("ended_on")
        ]
        if len(current_leads) > 1:
            raise forms.ValidationError(
                _("This office already has a current lead operator; end that partnership first.")
            )


class PartnershipInline(ProjectInline):
    model = Partnership
    formset = PartnershipFormSet
    fields = ("ngo", "role", "started_on", "ended_on")
    autocomplete_fields = ("ngo",)
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("ngo", "office")


@admin.register(Partnership)
class PartnershipAdmin(ProjectModelAdmin):
    list_display = ("ngo", "office", "role", "started_on", "ended_on")
    list_filter = ("role", ("ended_on", admin.EmptyFieldListFilter), "office__county")
    list_select_related = ("ngo", "office")
    search_fields = ("ngo__name", "office__name", "office__code")
    autocomplete_fields = ("ngo", "office")


# The office admin lives in the offices app, which may not import this one; the
# partnerships inline is added to it from here.
admin.site.unregister(FacilitationOffice)


@admin.register(FacilitationOffice)
class FacilitationOfficeWithPartnersAdmin(FacilitationOfficeAdmin):
    inlines = [*FacilitationOfficeAdmin.inlines, PartnershipInline]


@admin.register(NGOReminderLog)
class NGOReminderLogAdmin(JalaliDatesMixin, admin.ModelAdmin):
    """Which reminders went to an NGO's managers (licence expiring, profile unconfirmed):
    written by the daily reminders task, read here; each is sent once."""

    list_display = ("sent_on", "user", "ngo", "kind", "about", "created_at")
    list_filter = ("kind",)
    list_select_related = ("user", "ngo")
    search_fields = ("user__username", "ngo__name")
    ordering = ("-sent_on", "-pk")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
