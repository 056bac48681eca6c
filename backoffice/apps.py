from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AppConfig):
    name = "backoffice"
    verbose_name = _("Back office")

    def ready(self):
        # Retention's receiver of user_logged_in (a login clears the inactivity reminder).
        from . import retention  # noqa: F401, PLC0415 -- connects the signal receiver
