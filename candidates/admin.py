from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import (
    OrganisationScopedAdmin,
    SuperuserOnlyAdmin,
    status_action,
    status_history_inline,
)
from events.selectors import organisations_of_organiser

from .audit import access_record
from .models import (
    AccessAction,
    ApplicantNote,
    Application,
    ApplicationStatus,
    ApplicationStatusChange,
    Candidate,
    InterestRegistration,
)
from .services import application_transition


class AuditedChangeViewMixin:
    """Opening an object's change (or view-only) page is an access to the candidate's data
    (issue 14.5): one AccessLog row, for the organisation the organiser acts for."""

    def audit_target(self, request, obj) -> dict:
        raise NotImplementedError

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and not add:
            opts = obj._meta
            access_record(
                actor=request.user,
                action=AccessAction.ADMIN_VIEW,
                via=f"admin:{opts.app_label}_{opts.model_name}_change",
                **self.audit_target(request, obj),
            )
        return super().render_change_form(  # type: ignore[misc]
            request, context, add=add, change=change, form_url=form_url, obj=obj
        )


@admin.register(Candidate)
class CandidateAdmin(AuditedChangeViewMixin, OrganisationScopedAdmin):
    # Organisers see the candidates who applied to their organisations' trips.
    organisation_path = "applications__trip__organisation"
    scope_distinct = True
    list_display = ["name", "email", "city", "country", "years_experience", "created_at"]
    list_filter = ["sectors", "residence_permit_status", "partner_needs_job"]
    search_fields = ["name", "email", "city", "headline"]
    readonly_fields = [
        "user",
        "consent_talent_db_at",
        "consent_talent_db_version",
        "consent_share_household_at",
        "consent_share_contact_at",
        "residence_permit_consent_at",
        "consent_renewal_asked_at",
        "created_at",
        "updated_at",
    ]

    def has_add_permission(self, request):
        return False  # candidates sign up themselves, which records their consents

    def audit_target(self, request, obj) -> dict:
        organisation = (
            organisations_of_organiser(request.user)
            .filter(trips__applications__candidate=obj)
            .values_list("pk", flat=True)
            .first()
        )
        return {"candidates": obj, "organisation": organisation}


class ApplicantNoteInline(admin.TabularInline):
    """Organisers' internal notes, read-only here (they are written on the applicant page)."""

    model = ApplicantNote
    extra = 0
    fields = ["created_at", "author", "text"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = _("internal notes")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(AuditedChangeViewMixin, OrganisationScopedAdmin):
    organisation_path = "trip__organisation"
    scoped_foreign_keys = {"trip": "organisation"}
    list_display = ["candidate", "trip", "status", "travelling_from", "created_at"]
    list_filter = ["status", ("trip", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["candidate__name", "candidate__email", "trip__title"]
    list_select_related = ["candidate", "trip"]
    readonly_fields = [
        "candidate",
        "trip",
        "status",
        "share_consent_at",
        "share_consent_version",
        "created_at",
        "updated_at",
    ]
    inlines = [status_history_inline(ApplicationStatusChange), ApplicantNoteInline]
    actions = [
        status_action(
            application_transition,
            "application",
            ApplicationStatus.SHORTLISTED,
            _("Shortlist"),
            _("%(count)d applications shortlisted."),
        ),
        status_action(
            application_transition,
            "application",
            ApplicationStatus.ACCEPTED,
            _("Accept"),
            _("%(count)d applications accepted."),
        ),
        status_action(
            application_transition,
            "application",
            ApplicationStatus.WAITLISTED,
            _("Waitlist"),
            _("%(count)d applications waitlisted."),
        ),
        status_action(
            application_transition,
            "application",
            ApplicationStatus.DECLINED,
            _("Decline"),
            _("%(count)d applications declined."),
        ),
    ]

    def has_add_permission(self, request):
        return False  # candidates apply themselves (application_create checks deadline etc.)

    def audit_target(self, request, obj) -> dict:
        organises = (
            organisations_of_organiser(request.user).filter(pk=obj.trip.organisation_id).exists()
        )
        return {
            "candidates": obj.candidate,
            "trip": obj.trip_id,
            "organisation": obj.trip.organisation_id if organises else None,
        }


@admin.register(InterestRegistration)
class InterestRegistrationAdmin(SuperuserOnlyAdmin):
    """The talent database's sign-ups: personal data, so superusers only; read-only because
    consent and confirmation are recorded by the public pages."""

    list_display = ["email", "name", "city", "language", "confirmed_at", "unsubscribed_at"]
    list_filter = ["sectors", "language", "confirmed_at", "unsubscribed_at"]
    search_fields = ["email", "name", "city"]
    readonly_fields = [
        "email",
        "name",
        "city",
        "sectors",
        "language",
        "consent_at",
        "consent_version",
        "confirmed_at",
        "unsubscribed_at",
        "user",
        "created_at",
    ]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False
