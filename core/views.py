"""Pages shared by the apps: the page an invitation link opens, serving a stored logo,
switching the language."""

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.db import IntegrityError, transaction
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.i18n import set_language as django_set_language

from .exceptions import ApplicationError
from .forms import InvitedAccountForm
from .images import logo_content_type
from .invitations import invitation_is_pending
from .models import Invitation
from .services import user_create, user_language_set
from .two_factor import session_two_factor_recheck


def _gone_reason(invitation: Invitation) -> str:
    if invitation.accepted_at is not None:
        return "accepted"
    return "revoked" if invitation.revoked_at is not None else "expired"


def invitation_page(
    request: HttpRequest,
    invitation: Invitation | None,
    *,
    accept: Callable[..., object],
    title: str,
    about: str,
    accepted_message: str,
    done_url: str,
) -> HttpResponse:
    """What an invitation link opens, for every kind of invitation.

    Unknown links answer 404 and used, withdrawn or expired ones 410, each with a page that
    says so. For a pending one: visitors log in (coming back here) or sign up with the
    invited address (POST action=signup: the account is made and logged in, nothing is
    accepted yet); whoever is logged in as that address accepts with a button (POST
    action=accept calls `accept(invitation=…, user=…)`, the app's service, then goes to
    `done_url`); someone logged in as another address is told so, with a way to log out.
    """
    template = "core/invitation.html"
    if invitation is None:
        return render(request, template, {"state": "unknown"}, status=404)
    if not invitation_is_pending(invitation, now=timezone.now()):
        context = {"state": _gone_reason(invitation), "invitation": invitation, "title": title}
        return render(request, template, context, status=410)

    action = request.POST.get("action") if request.method == "POST" else None
    user = request.user
    form, error, status = None, "", 200
    if not user.is_authenticated:
        data = request.POST if action == "signup" else None
        form = InvitedAccountForm(data, email=invitation.email)
        if action == "signup" and form.is_valid():
            try:
                with transaction.atomic():
                    user = user_create(
                        email=invitation.email,
                        password=form.cleaned_data["password1"],
                        full_name=form.cleaned_data["full_name"],
                        language=translation.get_language() or "sv",
                    )
            except IntegrityError:  # made concurrently with the same address
                form.add_error(
                    None, _("An account with this email address already exists. Log in instead.")
                )
            else:
                login(request, user)
                messages.success(request, _("Your account is ready. Now accept the invitation."))
                return redirect(request.get_full_path())
    elif action == "accept":
        try:
            accept(invitation=invitation, user=user)
        except ApplicationError as failure:
            error, status = failure.message, failure.status_code
        else:
            # Organisers and coordinators must use a second factor: the middleware asks now.
            session_two_factor_recheck(request)
            messages.success(request, accepted_message)
            return redirect(done_url)
    context = {
        "state": "pending",
        "invitation": invitation,
        "title": title,
        "about": about,
        "form": form,
        "error": error,
        "is_invitee": user.is_authenticated and user.email.lower() == invitation.email,
    }
    return render(request, template, context, status=status)


def logo_response(logo: FieldFile) -> FileResponse:
    """Serve a stored logo if its content is a PNG, JPEG or WebP image (404 otherwise): only
    the file named on the row is read, inline, sandboxed, cached privately for an hour."""
    try:
        file = logo.open("rb")
    except (OSError, ValueError):
        raise Http404 from None
    content_type = logo_content_type(file.read(16))
    if content_type is None:
        file.close()
        raise Http404
    file.seek(0)
    response = FileResponse(file, content_type=content_type)
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


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
