"""The Django admin: superusers see everything; organisers only their organisations' rows.

Status fields are read-only everywhere in the admin: status changes go through the services
(admin actions call them), so the transition tables and their side effects always apply.
"""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm as DjangoUserChangeForm
from django.contrib.auth.forms import UserCreationForm as DjangoUserCreationForm
from django.db import models
from django.utils.translation import gettext_lazy as _

from .exceptions import ApplicationError
from .models import ApiToken, StatusChange, User
from .services import api_token_revoke
from .validators import validate_calendar_datetime

admin.site.site_header = _("Jämtland Calling administration")
admin.site.site_title = _("Jämtland Calling")
admin.site.index_title = _("Administration")


class OrganisationScopedAdmin(admin.ModelAdmin):
    """Limit rows and foreign-key choices to the organisations the (non-superuser) user organises.

    `organisation_path` is the lookup from the model to its Organisation ("" for
    Organisation itself); `scoped_foreign_keys` maps a foreign key to the lookup from its
    target to the Organisation.
    """

    organisation_path: str = "organisation"
    scoped_foreign_keys: dict[str, str] = {}
    # Set when organisation_path crosses a to-many relation, which would repeat rows.
    scope_distinct: bool = False

    @staticmethod
    def _member_lookup(path: str) -> str:
        # Organisation.members is the organisers (through OrganisationMembership).
        return f"{path}__members" if path else "members"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        qs = qs.filter(**{self._member_lookup(self.organisation_path): request.user})
        return qs.distinct() if self.scope_distinct else qs

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and isinstance(db_field, models.DateTimeField):
            # As in the back office and the API: no dates that overflow when converted.
            field.validators.append(validate_calendar_datetime)
        return field

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        path = self.scoped_foreign_keys.get(db_field.name)
        if path is not None and not request.user.is_superuser:
            kwargs["queryset"] = db_field.remote_field.model._default_manager.filter(
                **{self._member_lookup(path): request.user}
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def run_service_action(modeladmin, request, queryset, service, success_message):
    """Call `service(obj)` for each selected row; report successes and domain errors."""
    done = 0
    for obj in queryset:
        try:
            service(obj)
        except ApplicationError as error:
            modeladmin.message_user(request, f"{obj}: {error.message}", messages.ERROR)
        else:
            done += 1
    if done:
        modeladmin.message_user(request, success_message % {"count": done}, messages.SUCCESS)


def status_action(service, subject: str, to_status: str, description, done_message):
    """An admin action that moves each selected object to `to_status` through its service:
    `service(<subject>=obj, actor=request.user, to_status=to_status)`, e.g.
    `status_action(trip_transition, "trip", TripStatus.CLOSED, _("Close"), _("%(count)d closed."))`.
    """

    def action(modeladmin, request, queryset):
        run_service_action(
            modeladmin,
            request,
            queryset,
            lambda obj: service(**{subject: obj}, actor=request.user, to_status=to_status),
            done_message,
        )

    action.__name__ = f"make_{to_status}"
    return admin.action(description=description)(action)


class StatusHistoryInline(admin.TabularInline):
    """An object's status history, read-only: rows are written by `core.transitions` only."""

    extra = 0
    fields = ["created_at", "from_status", "to_status", "actor"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = _("status history")

    def has_add_permission(self, request, obj=None):
        return False


def status_history_inline(model: type[StatusChange]) -> type[admin.TabularInline]:
    """The read-only inline of a `StatusChange` model, for its object's admin."""
    return type(f"{model.__name__}Inline", (StatusHistoryInline,), {"model": model})


class SuperuserOnlyAdmin(admin.ModelAdmin):
    """Registered for superusers only, whatever permissions a staff user has."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


class UserCreationForm(DjangoUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class UserChangeForm(DjangoUserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(SuperuserOnlyAdmin, DjangoUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "full_name", "language", "is_staff", "is_superuser", "is_active"]
    list_filter = ["is_staff", "is_superuser", "is_active", "language"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal info"), {"fields": ["full_name", "language"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]


@admin.register(ApiToken)
class ApiTokenAdmin(SuperuserOnlyAdmin):
    list_display = ["prefix", "user", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["prefix", "user__email"]
    list_select_related = ["user"]
    readonly_fields = ["prefix", "user", "created_at", "last_used_at", "revoked_at"]
    fields = readonly_fields
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # tokens are created through the API, which shows the secret once

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        run_service_action(
            self,
            request,
            queryset,
            lambda token: api_token_revoke(token=token),
            _("%(count)d tokens revoked."),
        )
