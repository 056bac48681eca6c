"""Core's web views: switching the language."""

from django.conf import settings
from django.views.i18n import set_language as django_set_language

from .services import user_language_set


def set_language(request):
    """Django's language switch, which also remembers the choice on the person's account, so
    that emails, PDFs and calendars they get later are in the language they read the site in."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    user = getattr(request, "user", None)
    if (
        request.method == "POST"
        and user is not None
        and user.is_authenticated
        and language in dict(settings.LANGUAGES)
    ):
        user_language_set(user=user, language=language)
    return response
