from django import forms
from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.admin import OrganisationScopedAdmin, run_service_action
from core.exceptions import ApplicationError
from core.forms import add_domain_error

from .forms import coordinate_field
from .models import ItineraryItem, Meeting
from .services import (
    ITEM_FIELDS,
    itinerary_item_cancel,
    itinerary_item_create,
    itinerary_item_delete,
    itinerary_item_update,
)


class _DryRun(Exception):
    """Rolls back a service call made only to check the admin form."""


def _save_through_services(form, *, actor) -> ItineraryItem:
    """Create or change the item with the services, so that `sequence`, `updated_at` and the
    notifications follow every edit (calendar feeds are versioned by them)."""
    data = form.cleaned_data
    if form.instance.pk is None:
        fields = {name: data[name] for name in ITEM_FIELDS}
        return itinerary_item_create(trip=data["trip"], actor=actor, **fields)
    changes = {
        name: data[name] for name in (*ITEM_FIELDS, "cancelled") if name in form.changed_data
    }
    if not changes:
        return form.instance
    return itinerary_item_update(item=form.instance, actor=actor, **changes)


class ItineraryItemAdminForm(forms.ModelForm):
    actor = None  # set per request by ItineraryItemAdmin.get_form

    latitude = coordinate_field(_("Latitude"), 90, "")
    longitude = coordinate_field(_("Longitude"), 180, "")

    class Meta:
        model = ItineraryItem
        fields = ["trip", *ITEM_FIELDS, "cancelled"]

    def clean(self):
        """The services' rules (inside the trip's dates …) as form errors: try the save, undo it."""
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            with transaction.atomic():  # a savepoint: its on_commit notifications are dropped
                _save_through_services(self, actor=self.actor)
                raise _DryRun
        except _DryRun:
            pass
        except ApplicationError as error:
            add_domain_error(self, error)
        return cleaned


@admin.register(ItineraryItem)
class ItineraryItemAdmin(OrganisationScopedAdmin):
    form = ItineraryItemAdminForm
    organisation_path = "trip__organisation"
    scoped_foreign_keys = {"trip": "organisation", "employer": "organisation"}
    list_display = ["trip", "title", "starts_at", "kind", "audience", "cancelled"]
    list_filter = [
        ("trip", admin.RelatedOnlyFieldListFilter),
        "kind",
        "audience",
        "cancelled",
    ]
    search_fields = ["title", "location_name", "trip__title"]
    list_select_related = ["trip"]
    date_hierarchy = "starts_at"
    readonly_fields = ["uid", "sequence", "created_at", "updated_at"]
    actions = ["cancel_items"]

    def get_readonly_fields(self, request, obj=None):
        # An item never moves to another trip (its UID belongs to that trip's feeds).
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "trip"] if obj is not None else fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user
        return form

    def save_model(self, request, obj, form, change):
        saved = _save_through_services(form, actor=request.user)
        # The admin goes on with `obj` (log entry, redirect): give it the saved identity.
        obj.pk, obj.uid, obj.sequence, obj.updated_at = (
            saved.pk,
            saved.uid,
            saved.sequence,
            saved.updated_at,
        )

    def delete_model(self, request, obj):
        itinerary_item_delete(item=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for item in queryset.select_related("trip"):
            itinerary_item_delete(item=item, actor=request.user)

    @admin.action(description=_("Cancel the selected items"))
    def cancel_items(self, request, queryset):
        run_service_action(
            self,
            request,
            queryset,
            lambda item: itinerary_item_cancel(item=item, actor=request.user),
            _("%(count)d items cancelled."),
        )


@admin.register(Meeting)
class MeetingAdmin(OrganisationScopedAdmin):
    """Meetings to look up; they are made and changed in the back office's meeting grid or
    the API, whose services keep calendars, packs and emails in step."""

    organisation_path = "trip__organisation"
    list_display = ["trip", "starts_at", "employer", "table", "application", "status", "locked"]
    list_filter = [("trip", admin.RelatedOnlyFieldListFilter), "status", "source", "locked"]
    search_fields = ["employer__name", "application__candidate__name", "trip__title"]
    list_select_related = ["trip", "employer", "application__candidate"]
    date_hierarchy = "starts_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
