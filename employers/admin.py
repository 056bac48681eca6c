from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.admin import (
    OrganisationScopedAdmin,
    run_service_action,
    status_action,
    status_history_inline,
)

from .models import (
    BookingStatus,
    BookingStatusChange,
    Employer,
    EmployerMembership,
    HiringNeed,
    SlotBooking,
)
from .services import booking_transition, employer_approve_and_notify


class EmployerMembershipInline(admin.TabularInline):
    model = EmployerMembership
    extra = 0
    fields = ["user", "created_at"]
    readonly_fields = fields
    verbose_name_plural = _("members")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Employer)
class EmployerAdmin(OrganisationScopedAdmin):
    scoped_foreign_keys = {"organisation": ""}
    list_display = ["name", "org_number", "organisation", "approved_at", "created_at"]
    list_filter = [
        ("approved_at", admin.EmptyFieldListFilter),
        ("organisation", admin.RelatedOnlyFieldListFilter),
        "sectors",
    ]
    search_fields = ["name", "org_number", "slug"]
    list_select_related = ["organisation"]
    readonly_fields = ["approved_at", "approved_by", "created_at"]
    inlines = [EmployerMembershipInline]
    actions = ["approve"]

    def has_add_permission(self, request):
        return False  # employers sign up themselves (employer_register)

    @admin.action(description=_("Approve the selected employers"))
    def approve(self, request, queryset):
        run_service_action(
            self,
            request,
            queryset,
            lambda employer: employer_approve_and_notify(employer=employer, actor=request.user),
            _("%(count)d employers approved."),
        )


@admin.register(HiringNeed)
class HiringNeedAdmin(OrganisationScopedAdmin):
    organisation_path = "employer__organisation"
    scoped_foreign_keys = {"employer": "organisation"}
    list_display = ["role_title", "employer", "sector", "positions", "employment_type", "status"]
    list_filter = ["status", "employment_type", "sector"]
    search_fields = ["role_title", "employer__name"]
    list_select_related = ["employer", "sector"]
    readonly_fields = ["status", "created_at", "updated_at"]


@admin.register(SlotBooking)
class SlotBookingAdmin(OrganisationScopedAdmin):
    organisation_path = "trip__organisation"
    scoped_foreign_keys = {"trip": "organisation", "employer": "organisation"}
    list_display = [
        "employer",
        "trip",
        "status",
        "amount_ore",
        "payment_method",
        "refund_state",
        "hold_expires_at",
        "created_at",
    ]
    list_filter = [
        "status",
        "payment_method",
        "refund_state",
        ("trip", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["employer__name", "trip__title", "payment_reference"]
    list_select_related = ["employer", "trip"]
    readonly_fields = [
        "employer",
        "trip",
        "status",
        "amount_ore",
        "hold_expires_at",
        "created_by",
        "created_at",
        "updated_at",
    ]
    inlines = [status_history_inline(BookingStatusChange)]
    actions = [
        status_action(
            booking_transition,
            "booking",
            BookingStatus.CONFIRMED,
            _("Confirm (payment received)"),
            _("%(count)d bookings confirmed."),
        ),
        status_action(
            booking_transition,
            "booking",
            BookingStatus.CANCELLED,
            pgettext_lazy("booking", "Cancel"),
            _("%(count)d bookings cancelled."),
        ),
    ]

    def has_add_permission(self, request):
        return False  # employers book through booking_hold, which checks capacity
