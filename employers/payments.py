"""The Stripe boundary: the only module that imports `stripe`.

Services call these functions outside database locks. With no STRIPE_SECRET_KEY the app is in
invoice mode and nothing here is called.
"""

import json
from dataclasses import dataclass
from typing import Any

import stripe
from django.conf import settings


class PaymentProviderError(Exception):
    """Stripe could not be reached or refused the request; nothing was charged."""


def stripe_enabled() -> bool:
    return bool(settings.STRIPE_SECRET_KEY)


def _client() -> stripe.StripeClient:
    options = {"max_network_retries": 2}
    if settings.STRIPE_API_BASE:  # a local fake server in tests
        options = {"base_addresses": {"api": settings.STRIPE_API_BASE}, "max_network_retries": 0}
    return stripe.StripeClient(settings.STRIPE_SECRET_KEY, **options)


@dataclass(frozen=True)
class CheckoutSession:
    id: str
    url: str | None
    status: str | None  # open / complete / expired
    payment_status: str | None  # paid / unpaid / no_payment_required
    payment_intent: str | None
    booking_id: str | None


def _plain(obj) -> dict:
    """StripeObjects are not dicts in stripe 16: convert (recursively) before reading.
    Raises ValueError for anything that is not an object."""
    if hasattr(obj, "to_dict"):
        obj = obj.to_dict()
    if not isinstance(obj, dict):
        raise ValueError(f"expected an object, got {type(obj).__name__}")
    return obj


def _text(obj: dict, key: str, *, required: bool = False) -> str | None:
    """`obj[key]` as a string (None if absent); ValueError if it is something else."""
    value = obj.get(key)
    if isinstance(value, dict):  # an expanded object: its id, which it must have
        value = value.get("id")
        if value is None:
            raise ValueError(f"{key!r} has no id")
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value:
        raise ValueError(f"{key!r} is missing or not a string")
    return value


def _session(obj) -> CheckoutSession:
    """Read a Checkout Session; ValueError if it lacks an id or a field has the wrong type."""
    obj = _plain(obj)
    metadata = obj.get("metadata")
    metadata = {} if metadata is None else metadata
    if not isinstance(metadata, dict):
        raise ValueError("'metadata' is not an object")
    return CheckoutSession(
        id=_text(obj, "id", required=True),
        url=_text(obj, "url"),
        status=_text(obj, "status"),
        payment_status=_text(obj, "payment_status"),
        payment_intent=_text(obj, "payment_intent"),
        booking_id=_text(metadata, "booking_id"),
    )


def checkout_session_create(
    *,
    booking_id: int,
    amount_ore: int,
    trip_title: str,
    customer_email: str,
    success_url: str,
    cancel_url: str,
    expires_at: int,
) -> CheckoutSession:
    """A Checkout Session in SEK with the trip as its line item and the booking id as metadata.

    Idempotent per booking: a retry returns the same session.
    """
    params = {
        "mode": "payment",
        "line_items": [
            {
                "quantity": 1,
                "price_data": {
                    "currency": "sek",
                    "unit_amount": amount_ore,
                    "product_data": {"name": trip_title},
                },
            }
        ],
        "metadata": {"booking_id": str(booking_id)},
        "payment_intent_data": {"metadata": {"booking_id": str(booking_id)}},
        "client_reference_id": str(booking_id),
        "customer_email": customer_email,
        "success_url": success_url,
        "cancel_url": cancel_url,
        "expires_at": expires_at,
    }
    try:
        obj = _client().v1.checkout.sessions.create(
            params=params, options={"idempotency_key": f"booking-{booking_id}-checkout"}
        )
    except stripe.StripeError as error:
        raise PaymentProviderError(str(error.user_message or error)) from error
    try:
        return _session(obj)
    except ValueError as error:
        raise PaymentProviderError(f"Unexpected answer from Stripe: {error}") from error


def checkout_session_retrieve(session_id: str) -> CheckoutSession:
    try:
        return _session(_client().v1.checkout.sessions.retrieve(session_id))
    except stripe.StripeError as error:
        raise PaymentProviderError(str(error.user_message or error)) from error
    except ValueError as error:
        raise PaymentProviderError(f"Unexpected answer from Stripe: {error}") from error


def refund_create(*, payment_intent: str, booking_id: int) -> str:
    """Refund a booking's payment in full; returns the refund id. Idempotent per booking."""
    try:
        refund = _client().v1.refunds.create(
            params={"payment_intent": payment_intent, "metadata": {"booking_id": str(booking_id)}},
            options={"idempotency_key": f"booking-{booking_id}-refund"},
        )
    except stripe.StripeError as error:
        raise PaymentProviderError(str(error.user_message or error)) from error
    return _plain(refund)["id"]


class InvalidWebhook(Exception):
    """Bad signature or a body that is not JSON: answer 400 and change nothing."""


class MalformedEvent(Exception):
    """A correctly signed body that is not an event, or an event without what its type needs
    (an id, a session's metadata …). Stripe would only send it again: acknowledge it, log it,
    change nothing."""


@dataclass(frozen=True)
class WebhookEvent:
    id: str
    type: str
    object: Any  # `data.object`, as sent: read it with session_from_event / charge_from_event


@dataclass(frozen=True)
class Charge:
    id: str
    payment_intent: str | None


def webhook_event_parse(payload: bytes, signature: str | None) -> WebhookEvent:
    """Verify the Stripe-Signature header with STRIPE_WEBHOOK_SECRET, then parse the event.

    Raises InvalidWebhook (unverified or not JSON) or MalformedEvent (verified, not an event).
    """
    if not settings.STRIPE_WEBHOOK_SECRET:
        raise InvalidWebhook("Webhooks are not configured (STRIPE_WEBHOOK_SECRET is unset).")
    if not signature:
        raise InvalidWebhook("Missing Stripe-Signature header.")
    try:
        stripe.WebhookSignature.verify_header(
            payload,
            signature,
            settings.STRIPE_WEBHOOK_SECRET,
            tolerance=stripe.Webhook.DEFAULT_TOLERANCE,
        )
    except stripe.SignatureVerificationError as error:
        raise InvalidWebhook("Invalid signature.") from error
    try:
        data = json.loads(payload)
    except ValueError as error:
        raise InvalidWebhook("Malformed JSON.") from error
    try:
        data = _plain(data)
        event_id = _text(data, "id", required=True)
    except ValueError as error:
        raise MalformedEvent(f"not a Stripe event: {error}") from error
    try:
        return WebhookEvent(
            id=event_id,
            type=_text(data, "type", required=True),
            object=_plain(data.get("data")).get("object"),
        )
    except ValueError as error:
        raise MalformedEvent(f"event {event_id} is not a Stripe event: {error}") from error


def session_from_event(event: WebhookEvent) -> CheckoutSession:
    """The Checkout Session of a `checkout.session.*` event, or MalformedEvent."""
    try:
        return _session(event.object)
    except ValueError as error:
        raise MalformedEvent(f"event {event.id} ({event.type}): {error}") from error


def charge_from_event(event: WebhookEvent) -> Charge:
    """The charge of a `charge.*` event, or MalformedEvent."""
    try:
        obj = _plain(event.object)
        return Charge(
            id=_text(obj, "id", required=True), payment_intent=_text(obj, "payment_intent")
        )
    except ValueError as error:
        raise MalformedEvent(f"event {event.id} ({event.type}): {error}") from error
