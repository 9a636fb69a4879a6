from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ngos.models import NGO
from offices.admin import JalaliDatesMixin

from .models import OfficeStaff, Official, PasswordResetRequest

User = get_user_model()


class OfficialInline(admin.StackedInline):
    """A governorate official's role: province or one county, and read-only or not."""

    model = Official
    can_delete = True
    max_num = 1
    extra = 0
    autocomplete_fields = ("county",)
    verbose_name_plural = _("official role")


class OfficeStaffInline(admin.StackedInline):
    """A facilitator's or office manager's role in one facilitation office."""

    model = OfficeStaff
    can_delete = True
    max_num = 1
    extra = 0
    autocomplete_fields = ("office",)
    verbose_name_plural = _("office staff role")


class ManagedNGOInline(admin.TabularInline):
    """The NGOs this user manages (as their NGO manager)."""

    model = NGO.managers.through
    extra = 0
    autocomplete_fields = ("ngo",)
    verbose_name = _("managed NGO")
    verbose_name_plural = _("managed NGOs")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.base_fields["ngo"].label = _("NGO")
        return formset


admin.site.unregister(User)


@admin.register(User)
class ProjectUserAdmin(UserAdmin):
    inlines = [OfficialInline, OfficeStaffInline, ManagedNGOInline]
    list_display = ("username", "full_name", "email", "role", "is_active", "is_superuser")
    list_filter = ("groups", "is_active", "is_superuser", "official__level", "official__county")
    list_select_related = ("official", "official__county", "office_staff__office")

    def get_queryset(self, request):
        # Whether each user manages an NGO, counted in the same query.
        return super().get_queryset(request).annotate(managed=Count("managed_ngos"))

    @admin.display(description=_("full name"))
    def full_name(self, user):
        return user.get_full_name()

    @admin.display(description=_("role"))
    def role(self, user):
        official = getattr(user, "official", None)
        if user.is_superuser:
            return _("administrator")
        if official is not None:
            return str(official)
        staff = getattr(user, "office_staff", None)
        if staff is not None and staff.active:
            return str(staff)
        if getattr(user, "managed", 0):
            return _("NGO manager")
        return ""


@admin.register(Official)
class OfficialAdmin(JalaliDatesMixin, SimpleHistoryAdmin):
    list_display = ("user", "level", "county", "read_only", "job_title")
    list_filter = ("level", "county", "read_only")
    list_select_related = ("user", "county")
    search_fields = ("user__username", "user__first_name", "user__last_name", "job_title")
    autocomplete_fields = ("user", "county")


@admin.register(PasswordResetRequest)
class PasswordResetRequestAdmin(JalaliDatesMixin, admin.ModelAdmin):
    """Requests for a password-reset email, by address (limited per hour); kept for review."""

    list_display = ("created_at", "address")
    search_fields = ("address",)
    ordering = ("-created_at", "-pk")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(OfficeStaff)
class OfficeStaffAdmin(JalaliDatesMixin, SimpleHistoryAdmin):
    list_display = ("user", "office", "position", "active")
    list_filter = ("position", "active", "office__county")
    list_select_related = ("user", "office")
    search_fields = ("user__username", "user__first_name", "user__last_name", "office__name")
    autocomplete_fields = ("user", "office")
