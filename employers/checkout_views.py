"""Stripe's side of booking: the webhook, and the pages Checkout returns the employer to."""

import logging

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import payments
from .bookings import booking_confirm_from_checkout, stripe_event_process
from .models import BookingStatus, SlotBooking

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def stripe_webhook(request):
    """Verify, de-duplicate and apply one Stripe event. 400 changes nothing; else 200.

    A verified body that is not a usable event is acknowledged (Stripe would only retry it),
    logged as a warning, and changes nothing."""
    if request.content_type != "application/json":
        # Stripe sends JSON. A form's body has been parsed (core.middleware) and cannot be
        # read raw any more, so it could never verify.
        return HttpResponseBadRequest(
            "Stripe events are sent as application/json.", content_type="text/plain; charset=utf-8"
        )
    try:
        event = payments.webhook_event_parse(request.body, request.headers.get("Stripe-Signature"))
    except payments.InvalidWebhook as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    except payments.MalformedEvent as error:
        return _malformed_event_ignored(error)
    try:
        outcome = stripe_event_process(event)
    except payments.MalformedEvent as error:
        return _malformed_event_ignored(error)
    logger.info("Stripe event %s (%s): %s", event.id, event.type, outcome)
    return JsonResponse({"received": True, "outcome": outcome})


def _malformed_event_ignored(error: payments.MalformedEvent) -> JsonResponse:
    logger.warning("Stripe webhook: malformed event ignored: %s", error)
    return JsonResponse({"received": True, "outcome": "ignored: malformed event"})


def _members_booking_or_404(request, booking_id: int) -> SlotBooking:
    booking = (
        SlotBooking.objects.select_related("trip", "employer")
        .filter(pk=booking_id, employer__employermembership__user=request.user)
        .first()
    )
    if booking is None:
        raise Http404
    return booking


@login_required
def booking_success(request, booking_id: int):
    """Back from Checkout. Until the booking is confirmed it says "payment being confirmed"
    (and asks Stripe, which may confirm sooner than the webhook)."""
    booking = _members_booking_or_404(request, booking_id)
    if booking.status == BookingStatus.HELD:
        booking = booking_confirm_from_checkout(booking=booking)
    return render(
        request,
        "employers/booking_success.html",
        {"booking": booking, "confirmed": booking.status == BookingStatus.CONFIRMED},
    )


@login_required
def booking_cancelled_checkout(request, booking_id: int):
    """The employer left Checkout without paying; the hold lasts until it expires."""
    booking = _members_booking_or_404(request, booking_id)
    return render(request, "employers/booking_checkout_cancelled.html", {"booking": booking})
