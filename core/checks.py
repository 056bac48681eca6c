"""System checks of the deployment (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def site_url_is_set(app_configs, **kwargs) -> list[Error]:
    """Emailed links and Stripe's return addresses are built from SITE_URL; the local
    default (http://127.0.0.1:<PORT>) would send every recipient to their own machine."""
    if settings.SITE_URL_SET:
        return []
    return [
        Error(
            "SITE_URL is not set: links in emails would point to " + settings.SITE_URL + ".",
            hint="Set SITE_URL to the address people open the site on, e.g. https://jobb.example.se.",
            id="core.E001",
        )
    ]
