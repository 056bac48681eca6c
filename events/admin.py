from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import OrganisationScopedAdmin, status_action, status_history_inline

from .models import Organisation, OrganisationMembership, Sector, Trip, TripStatus, TripStatusChange
from .services import trip_transition


class OrganisationMembershipInline(admin.TabularInline):
    model = OrganisationMembership
    extra = 0
    fields = ["user", "created_at"]
    readonly_fields = ["user", "created_at"]
    verbose_name_plural = _("organisers (added with the organiser_add service)")

    def has_add_permission(self, request, obj=None):
        return False  # organiser_add also makes them staff and grants the admin permissions


@admin.register(Organisation)
class OrganisationAdmin(OrganisationScopedAdmin):
    organisation_path = ""
    list_display = ["name", "slug", "contact_email", "website"]
    search_fields = ["name", "slug", "contact_email"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OrganisationMembershipInline]


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["code", "name_sv", "name_en", "position"]
    search_fields = ["code", "name_sv", "name_en"]
    ordering = ["position", "code"]


@admin.register(Trip)
class TripAdmin(OrganisationScopedAdmin):
    scoped_foreign_keys = {"organisation": ""}
    list_display = [
        "title",
        "organisation",
        "starts_at",
        "status",
        "candidate_capacity",
        "employer_slots",
    ]
    list_filter = ["status", ("organisation", admin.RelatedOnlyFieldListFilter), "sectors"]
    search_fields = ["title", "slug", "summary", "base_locations"]
    list_select_related = ["organisation"]
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["status", "published_at", "created_at", "updated_at"]
    inlines = [status_history_inline(TripStatusChange)]
    # Cancelling is final and asks for confirmation, so it lives in the back office only.
    actions = [
        status_action(
            trip_transition,
            "trip",
            TripStatus.PUBLISHED,
            _("Publish"),
            _("%(count)d trips published."),
        ),
        status_action(
            trip_transition,
            "trip",
            TripStatus.CLOSED,
            _("Close applications"),
            _("%(count)d trips closed."),
        ),
        status_action(
            trip_transition,
            "trip",
            TripStatus.COMPLETED,
            _("Mark as completed"),
            _("%(count)d trips completed."),
        ),
    ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "sectors":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)
