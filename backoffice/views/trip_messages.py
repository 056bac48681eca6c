"""Back office: a trip's messages — the log of what was sent, compose, preview with the
number of recipients, confirm to send (messaging.services)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language, ngettext
from django.views.decorators.http import require_http_methods

from core.exceptions import ApplicationError
from core.forms import add_domain_error
from core.pagination import page_of
from messaging.forms import TripMessageForm
from messaging.selectors import (
    trip_message_draft,
    trip_message_recipients,
    trip_message_rendered,
    trip_messages,
)
from messaging.services import trip_message_draft_save, trip_message_send

from ..decorators import managed_trip


def _draft_or_404(trip, pk: int):
    message = trip_message_draft(trip=trip, pk=pk)
    if message is None:
        raise Http404
    return message


@managed_trip
def message_list(request, trip):
    page = page_of(request, trip_messages(trip=trip))
    return render(request, "backoffice/messages/message_list.html", {"trip": trip, "page": page})


@require_http_methods(["GET", "POST"])
@managed_trip
def message_compose(request, trip, pk: int | None = None):
    draft = _draft_or_404(trip, pk) if pk is not None else None
    initial = (
        {k: getattr(draft, k) for k in ("audience", "statuses", "subject", "body")}
        if draft
        else None
    )
    form = TripMessageForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            draft = trip_message_draft_save(
                trip=trip, author=request.user, message=draft, **form.cleaned_data
            )
        except ApplicationError as error:
            add_domain_error(form, error)
        else:
            return redirect("manage:message_preview", slug=trip.slug, pk=draft.pk)
    return render(
        request,
        "backoffice/messages/message_form.html",
        {"trip": trip, "form": form, "draft": draft},
    )


@require_http_methods(["GET", "POST"])
@managed_trip
def message_preview(request, trip, pk: int):
    """GET: the email as it will read and how many people get it. POST: send it."""
    draft = _draft_or_404(trip, pk)
    if request.method == "POST":
        try:
            sent = trip_message_send(message=draft, actor=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                ngettext(
                    "The message is on its way to %(count)d person.",
                    "The message is on its way to %(count)d people.",
                    sent.recipient_count,
                )
                % {"count": sent.recipient_count},
            )
            return redirect("manage:message_list", slug=trip.slug)
    recipients = trip_message_recipients(draft)
    count = recipients.count()
    sample = recipients.first() or request.user
    subject, body = trip_message_rendered(message=draft, user=sample, language=get_language())
    return render(
        request,
        "backoffice/messages/message_preview.html",
        {"trip": trip, "draft": draft, "count": count, "subject": subject, "body": body},
    )
