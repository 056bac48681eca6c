from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from . import checks  # noqa: F401, PLC0415 -- registers the system checks


class AdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with our site (core.admin_site.AdminSite) as `admin.site`."""

    default = False  # CoreConfig is this module's config for the app "core"
    default_site = "core.admin_site.AdminSite"
