"""The Stripe boundary: the only module that imports `stripe`.

Services call these functions outside database locks. With no STRIPE_SECRET_KEY the app is in
invoice mode and nothing here is called.
"""

from dataclasses import dataclass

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
    """StripeObjects are not dicts in stripe 16: convert (recursively) before reading."""
    return obj.to_dict() if hasattr(obj, "to_dict") else dict(obj)


def _session(obj) -> CheckoutSession:
    obj = _plain(obj)
    metadata = obj.get("metadata") or {}
    intent = obj.get("payment_intent")
    if intent is not None and not isinstance(intent, str):
        intent = intent.get("id")
    return CheckoutSession(
        id=obj["id"],
        url=obj.get("url"),
        status=obj.get("status"),
        payment_status=obj.get("payment_status"),
        payment_intent=intent,
        booking_id=metadata.get("booking_id"),
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
    return _session(obj)


def checkout_session_retrieve(session_id: str) -> CheckoutSession:
    try:
        return _session(_client().v1.checkout.sessions.retrieve(session_id))
    except stripe.StripeError as error:
        raise PaymentProviderError(str(error.user_message or error)) from error


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
    """Bad signature or malformed body: answer 400 and change nothing."""


@dataclass(frozen=True)
class WebhookEvent:
    id: str
    type: str
    object: dict


def webhook_event_parse(payload: bytes, signature: str | None) -> WebhookEvent:
    """Verify the Stripe-Signature header with STRIPE_WEBHOOK_SECRET and parse the event."""
    if not settings.STRIPE_WEBHOOK_SECRET:
        raise InvalidWebhook("Webhooks are not configured (STRIPE_WEBHOOK_SECRET is unset).")
    if not signature:
        raise InvalidWebhook("Missing Stripe-Signature header.")
    try:
        event = stripe.Webhook.construct_event(payload, signature, settings.STRIPE_WEBHOOK_SECRET)
    except ValueError as error:
        raise InvalidWebhook("Malformed JSON.") from error
    except stripe.SignatureVerificationError as error:
        raise InvalidWebhook("Invalid signature.") from error
    try:
        plain = _plain(event)
        return WebhookEvent(id=plain["id"], type=plain["type"], object=plain["data"]["object"])
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        raise InvalidWebhook("Not a Stripe event.") from error


def session_from_event(event: WebhookEvent) -> CheckoutSession:
    return _session(event.object)
