"""The printable trip programme (issue 12.1): a public A4 PDF of a published trip's
programme in the reader's language. Built and cached by itineraries.documents."""

from typing import Any

from django.db.models import QuerySet
from django.utils import translation

from events.models import Trip

from .models import Audience, ItineraryItem

PROGRAMME_TEMPLATE = "pdf/programme.html"

# Items for one employer are that employer's; every other audience is part of the programme.
PROGRAMME_AUDIENCES = (Audience.EVERYONE, Audience.CANDIDATES, Audience.EMPLOYERS)


def programme_items(trip: Trip) -> QuerySet[ItineraryItem]:
    return ItineraryItem.objects.filter(trip=trip, audience__in=PROGRAMME_AUDIENCES).order_by(
        "starts_at", "ends_at", "id"
    )


def programme_filename(trip: Trip, language: str | None = None) -> str:
    return f"{trip.slug}-programme-{language or translation.get_language() or 'sv'}.pdf"


def programme_context(trip: Trip) -> dict[str, Any]:
    """The programme day by day, cancelled items struck through and marked (the template
    renders it in the active language; `generated_at` is added when it is built)."""
    return {"trip": trip, "items": list(programme_items(trip))}
