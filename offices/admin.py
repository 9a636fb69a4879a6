"""Admin for counties, neighbourhoods, facilitation offices and their people.

Every foreign key to a table that can grow (neighbourhoods, offices, NGOs,
reports, users) is an autocomplete, and every changelist selects its related
rows in the same query, so pages stay quick however much data there is.
"""

import re

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from .admin_dates import display_for_field
from .fields import CodeField, PhoneField
from .forms import DigitsIntegerField, JalaliDateField, JalaliDateInput, jalali_date_formfield
from .inputs import ReaderDigitsInput
from .models import (
    County,
    FacilitationOffice,
    Facilitator,
    Neighbourhood,
    PremisesChange,
)
from .selectors import search_matches
from .services import office_change_premises
from .text import normalize_digits, normalize_text

_NUMBER = re.compile(r"[0-9/-]+")


def normalize_search(term: str) -> str:
    """A search as the saved text is written (DESIGN.md §5).

    Arabic ي/ك become Persian ی/ک; a number typed in Persian digits, such as a
    report reference or a national ID, becomes the ASCII digits codes are kept in.
    """
    words = normalize_text(term).split(" ")
    return " ".join(
        normalize_digits(word) if _NUMBER.fullmatch(normalize_digits(word)) else word
        for word in words
    )


class PersianSearchMixin:
    """Admin search (and autocomplete) that finds Persian text however it was typed.

    Records with a search text (reports, NGOs, offices) are searched in it, as their
    lists are (offices.selectors.search_matches): every word, in any digit script,
    a space for a ZWNJ, a reference with or without its dash and direction marks.
    """

    def get_search_results(self, request, queryset, search_term):
        fields = {field.name for field in queryset.model._meta.concrete_fields}
        if "search_text" in fields and search_term.strip():
            return queryset.filter(search_matches(search_term)), False
        return super().get_search_results(request, queryset, normalize_search(search_term))


class AdminReaderDigitsInput(ReaderDigitsInput):
    """The admin's text box for a code or phone, in the reader's digits."""

    def __init__(self, attrs=None):
        super().__init__({"class": "vTextField", **(attrs or {})})


class JalaliDatesMixin:
    """Dates are typed in the Jalali calendar, with the Jalali date picker."""

    formfield_overrides = {
        models.DateField: {"form_class": JalaliDateField, "widget": JalaliDateInput},
        # Counts in the reader's digits, typed back in any script (a number box refuses Persian).
        models.IntegerField: {
            "form_class": DigitsIntegerField,
            "widget": AdminReaderDigitsInput(
                attrs={"class": "vIntegerField", "inputmode": "numeric"}
            ),
        },
        CodeField: {"widget": AdminReaderDigitsInput},
        PhoneField: {"widget": AdminReaderDigitsInput},
    }

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if type(db_field) is models.DateField:  # past-only dates: no future day in the picker
            return jalali_date_formfield(db_field, **kwargs)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class LogModelAdmin(JalaliDatesMixin, PersianSearchMixin, admin.ModelAdmin):
    """The base for append-only logs (a report's timeline): they are their own history."""

    view_on_site = False


class ReadableHistory(HistoricalRecordContextHelper):
    """A record's history shows each changed value as its page does: a status by its
    label, a date in the reader's calendar, a count in the reader's digits."""

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        field = self.model._meta.get_field(change.field)
        if value is None or field.is_relation or isinstance(value, list):
            return value
        return display_for_field(value, field, "")


class ProjectModelAdmin(JalaliDatesMixin, PersianSearchMixin, SimpleHistoryAdmin):
    """The base of every admin page in the project: each record shows its change history."""

    # Records' own pages come with the interface issues; until then "view on
    # site" would only lead back to the admin.
    view_on_site = False

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableHistory(self.model, historical_record)


@admin.register(County)
class CountyAdmin(ProjectModelAdmin):
    list_display = ("name", "name_en", "code", "neighbourhood_count", "office_count")
    search_fields = ("name", "name_en", "code")
    # A grouped queryset ignores Meta.ordering; autocomplete pages need one.
    ordering = County._meta.ordering

    def get_queryset(self, request):
        # The province has a few dozen counties: two grouped joins cost nothing here.
        return (
            super()
            .get_queryset(request)
            .annotate(
                neighbourhood_count=Count("neighbourhoods", distinct=True),
                office_count=Count("offices", distinct=True),
            )
        )

    @admin.display(description=_("neighbourhoods"), ordering="neighbourhood_count")
    def neighbourhood_count(self, obj):
        return obj.neighbourhood_count

    @admin.display(description=_("offices"), ordering="office_count")
    def office_count(self, obj):
        return obj.office_count


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(ProjectModelAdmin):
    list_display = ("name", "county", "kind", "population", "households")
    list_filter = ("kind", "county")
    list_select_related = ("county",)
    search_fields = ("name", "county__name")


class ProjectInline(JalaliDatesMixin, admin.TabularInline):
    """The base of every inline table in the project."""


class ReadOnlyInline(ProjectInline):
    """A history shown as it happened: never added to, changed or deleted here."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class FacilitatorInline(ProjectInline):
    model = Facilitator
    fields = ("name", "role", "phone", "active")
    extra = 0


class PremisesHistoryInline(ReadOnlyInline):
    """The office's premises history; it grows only when the office's premises change."""

    model = PremisesChange
    fields = ("premises", "since", "address", "note", "created_at")

    def get_queryset(self, request):
        # Each row's title shows its office.
        return super().get_queryset(request).select_related("office")


class FacilitationOfficeForm(forms.ModelForm):
    """The office form; a new office, or a change of premises, adds to the premises history."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.adding = self.instance._state.adding  # still known after the instance is saved

    def premises_recorded(self) -> bool:
        """Whether saving this form adds a row to the office's premises history."""
        return self.adding or "premises" in self.changed_data

    def premises_recorded_since(self):
        """The date typed with the change, else today, but not before the office opens."""
        typed = self.adding or "premises_since" in self.changed_data
        if typed and self.cleaned_data.get("premises_since"):
            return self.cleaned_data["premises_since"]
        return max(filter(None, [timezone.localdate(), self.cleaned_data.get("opened_on")]))

    def clean(self):
        cleaned = super().clean()
        # The rule of `office_change_premises`, checked here so that it is shown
        # next to the field instead of failing the save.
        opened_on = cleaned.get("opened_on")
        if self.premises_recorded() and opened_on and self.premises_recorded_since() < opened_on:
            self.add_error(
                "premises_since", _("The premises cannot change before the office opened.")
            )
        return cleaned


@admin.register(FacilitationOffice)
class FacilitationOfficeAdmin(ProjectModelAdmin):
    form = FacilitationOfficeForm
    # What fits a 1366 px screen beside the filters; the rest is on each office's page.
    list_display = (
        "code",
        "name",
        "county",
        "status",
        "premises",
        "premises_since",
        "opened_on",
        "active_facilitator_count",
    )
    list_filter = ("status", "premises", "county")
    list_select_related = ("county",)
    search_fields = ("code", "name", "address")
    # A grouped queryset ignores Meta.ordering; autocomplete pages need one.
    ordering = FacilitationOffice._meta.ordering
    autocomplete_fields = ("neighbourhoods",)
    fieldsets = (
        (None, {"fields": ("code", "name", "county", "neighbourhoods", "status", "opened_on")}),
        (
            _("Premises"),
            {
                "fields": ("premises", "premises_since", "address"),
                "description": _(
                    "A change of premises is added to the premises history below, from "
                    "the date given with it, else from today (or the opening day, if later)."
                ),
            },
        ),
        (_("Contact and location"), {"fields": ("phone", "latitude", "longitude", "notes")}),
    )
    # The ngos app adds the partnerships inline (offices may not import ngos).
    inlines = [FacilitatorInline, PremisesHistoryInline]

    def get_queryset(self, request):
        # A province has tens of offices, each with a handful of rows: grouped joins are cheap.
        return (
            super()
            .get_queryset(request)
            .annotate(
                neighbourhood_count=Count("neighbourhoods", distinct=True),
                active_facilitator_count=Count(
                    "facilitators", filter=Q(facilitators__active=True), distinct=True
                ),
            )
        )

    @admin.display(description=_("neighbourhoods served"), ordering="neighbourhood_count")
    def neighbourhood_count(self, obj):
        return obj.neighbourhood_count

    @admin.display(description=_("active facilitators"), ordering="active_facilitator_count")
    def active_facilitator_count(self, obj):
        return obj.active_facilitator_count

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if form.premises_recorded():
            office_change_premises(
                office=obj, premises=obj.premises, since=form.premises_recorded_since()
            )


@admin.register(PremisesChange)
class PremisesChangeAdmin(ProjectModelAdmin):
    """The premises history across offices; rows are added by changing an office's premises."""

    list_display = ("office", "premises", "since", "created_at")
    list_filter = ("premises", "office__county")
    list_select_related = ("office",)
    search_fields = ("office__name", "office__code", "address", "note")
    # The kind of premises and its office are what the office's record says; only
    # the date and notes of an entry may be corrected here.
    readonly_fields = ("office", "premises", "created_at")

    def has_add_permission(self, request):
        return False


@admin.register(Facilitator)
class FacilitatorAdmin(ProjectModelAdmin):
    list_display = ("name", "office", "role", "phone", "active")
    list_filter = ("role", "active", "office__county")
    list_select_related = ("office",)
    search_fields = ("name", "phone", "office__name", "office__code")
    autocomplete_fields = ("office",)
