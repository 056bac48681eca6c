"""The printable trip programme (issue 12.1): a public A4 PDF of a published trip's
programme in the reader's language, built on request from the current items.

Caching by fingerprint and the background build of issue 12.3 are not here yet.
"""

from django.db.models import QuerySet
from django.utils import timezone, translation

from core.pdf import render_pdf
from events.models import Trip

from .models import Audience, ItineraryItem

# Items for one employer are that employer's; every other audience is part of the programme.
PROGRAMME_AUDIENCES = (Audience.EVERYONE, Audience.CANDIDATES, Audience.EMPLOYERS)


def programme_items(trip: Trip) -> QuerySet[ItineraryItem]:
    return ItineraryItem.objects.filter(trip=trip, audience__in=PROGRAMME_AUDIENCES).order_by(
        "starts_at", "ends_at", "id"
    )


def programme_filename(trip: Trip) -> str:
    return f"{trip.slug}-programme-{translation.get_language() or 'sv'}.pdf"


def programme_pdf(trip: Trip) -> bytes:
    """The programme day by day, cancelled items struck through and marked, in the active
    language."""
    items = list(programme_items(trip))
    return render_pdf(
        "pdf/programme.html",
        {"trip": trip, "items": items, "generated_at": timezone.now()},
        tagged=True,
    )
