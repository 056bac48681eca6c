"""Itinerary PDFs (issue 12.6): the trip programme and personal itineraries of a 2-day trip
with 30 programme items and 8 meetings — seconds to build each (fingerprint + render + store,
as the background task does) and the ratio to WeasyPrint rendering a bare document with the
same number of pages in the same run."""

import statistics
import time
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from candidates.models import Application, Candidate
from core.models import User
from employers.models import Employer, EmployerMembership, SlotBooking
from events.models import Organisation, Trip, TripStatus
from itineraries.documents import (
    itinerary_document_build,
    personal_itinerary_document,
    programme_document,
)
from itineraries.models import Audience, ItemKind, ItineraryItem, Meeting

from .packs import bare_document_seconds
from .registry import Config, benchmark

ITEMS, MEETINGS = 30, 8
REBUILDS = 3
SMOKE_ITEMS, SMOKE_MEETINGS = 6, 2
KINDS = [ItemKind.TRAVEL, ItemKind.ACTIVITY, ItemKind.MEAL, ItemKind.EMPLOYER_VISIT]
AUDIENCES = [Audience.EVERYONE, Audience.EVERYONE, Audience.CANDIDATES, Audience.EMPLOYERS]


@transaction.atomic
def seed_trip(items: int, meetings: int) -> tuple[Trip, User, User]:
    """The trip; a candidate with `meetings` meetings (one per employer); a member of the
    first employer. Day one starts at 08:00 tomorrow in a month."""
    Trip.objects.filter(slug="bench-itinerary").delete()
    User.objects.filter(email__startswith="itinerary-bench-").delete()
    organisation, _ = Organisation.objects.get_or_create(
        slug="bench-itinerary-org",
        defaults={"name": "Bench resekommun", "contact_email": "resa@bench.test"},
    )
    day = timezone.localtime().replace(hour=8, minute=0, second=0, microsecond=0)
    day += timedelta(days=30)
    trip = Trip.objects.create(
        organisation=organisation,
        title="Fjällresan för utvecklare",
        slug="bench-itinerary",
        summary="Två dagar i Östersund och Åre",
        starts_at=day,
        ends_at=day + timedelta(days=1, hours=10),
        application_deadline=day - timedelta(days=10),
        base_locations="Östersund, Åre",
        candidate_capacity=20,
        employer_slots=meetings,
        slot_price_ore=0,
        status=TripStatus.PUBLISHED,
        published_at=timezone.now(),
        contact_phone="+46 63 14 30 00",
        emergency_contact="Anna Berg, +46 70 123 45 67",
    )
    block = ItineraryItem.objects.create(
        trip=trip,
        title="Möten med arbetsgivarna",
        kind=ItemKind.MEETINGS,
        starts_at=day + timedelta(hours=5),
        ends_at=day + timedelta(hours=5, minutes=25 * meetings),
        location_name="Storsjöteatern",
        address="Prästgatan 50, Östersund",
    )
    ItineraryItem.objects.bulk_create(
        ItineraryItem(
            trip=trip,
            title=f"Programpunkt {n}: {['Tåg', 'Skidtur', 'Lunch', 'Företagsbesök'][n % 4]}",
            description="Samling vid entrén. Ta med varma kläder och ytterskor.",
            kind=KINDS[n % 4],
            audience=AUDIENCES[n % 4],
            starts_at=day + timedelta(days=n % 2, minutes=40 * (n // 2)),
            ends_at=day + timedelta(days=n % 2, minutes=40 * (n // 2) + 35),
            location_name="Åre Torg" if n % 3 else "Östersund C",
            address="Storlienvägen 1, Åre",
            latitude="63.399000",
            longitude="13.081000",
            cancelled=n == 5,
        )
        for n in range(items - 1)
    )
    user = User.objects.create(email="itinerary-bench-candidate@bench.test", full_name="Åsa Öberg")
    candidate = Candidate.objects.create(
        user=user,
        name="Åsa Öberg",
        email=user.email,
    )
    application = Application.objects.create(
        candidate=candidate,
        trip=trip,
        motivation="x",
        travelling_from="Stockholm",
        status="accepted",
        share_consent_at=timezone.now(),
        share_consent_version="bench",
        travel="SJ 571 Stockholm C 07:10 → Östersund C 12:05",
        accommodation="Clarion Hotel Grand, Prästgatan 16",
        room_sharing="Enkelrum",
    )
    member = User.objects.create(email="itinerary-bench-employer@bench.test", full_name="Per Ek")
    for n in range(meetings):
        employer = Employer.objects.create(
            organisation=organisation,
            name=f"Arbetsgivare {n} AB",
            slug=f"bench-itinerary-employer-{n}",
            org_number=f"559{n:03d}-0000",
            approved_at=timezone.now(),
        )
        if n == 0:
            EmployerMembership.objects.create(employer=employer, user=member)
        SlotBooking.objects.create(
            employer=employer, trip=trip, status="confirmed", amount_ore=0, team_on_site="Per Ek"
        )
        starts = block.starts_at + timedelta(minutes=25 * n)
        Meeting.objects.create(
            trip=trip,
            application=application,
            employer=employer,
            block=block,
            starts_at=starts,
            ends_at=starts + timedelta(minutes=20),
            table=1,
        )
    return trip, user, member


def _timed_build(document) -> tuple[float, int]:
    start = time.perf_counter()
    built = itinerary_document_build(document_id=document.pk, version=document.version)
    return time.perf_counter() - start, built.pages


def _measured(prepare) -> dict:
    """Fingerprint (`prepare`) + build, first in the process and then the median of
    REBUILDS more (a worker's steady state: fonts and templates loaded), against the median
    of as many bare documents of as many pages."""
    start = time.perf_counter()
    document = prepare().document
    fingerprint = time.perf_counter() - start
    first, pages = _timed_build(document)
    runs = []
    for _ in range(REBUILDS):
        type(document).objects.filter(pk=document.pk).update(state="queued")  # build it again
        start = time.perf_counter()
        document = prepare().document
        again = time.perf_counter() - start
        seconds, pages = _timed_build(document)
        runs.append((again + seconds, again))
    seconds, again = statistics.median(runs)
    bare = statistics.median(bare_document_seconds(pages) for _ in range(REBUILDS))
    return {
        "seconds": round(seconds, 3),
        "first_seconds": round(fingerprint + first, 3),
        "fingerprint_seconds": round(again, 4),
        "pages": pages,
        "bare_seconds": round(bare, 3),
        "ratio_to_bare": round(seconds / bare, 2) if bare else None,
    }


def _summary(name, f):
    parts = [
        f"{label} {f[label]['pages']} pages {f[label]['seconds']:.2f} s "
        f"(first {f[label]['first_seconds']:.2f} s; bare {f[label]['bare_seconds']:.2f} s, "
        f"×{f[label]['ratio_to_bare']:.1f})"
        for label in ("programme", "candidate", "employer")
    ]
    return f"{name}: {f['items']} items, {f['meetings']} meetings — " + "; ".join(parts)


@benchmark("itinerary_pdfs", summary=_summary)
def itinerary_pdfs(config: Config) -> dict:
    items, meetings = (SMOKE_ITEMS, SMOKE_MEETINGS) if config.smoke else (ITEMS, MEETINGS)
    trip, candidate, member = seed_trip(items, meetings)
    import weasyprint  # noqa: F401 - import cost is not part of the build

    bare_document_seconds(1)  # warm up fonts and caches
    figures: dict = {"items": items, "meetings": meetings}
    figures["programme"] = _measured(lambda: programme_document(trip, language="sv"))
    for label, user in (("candidate", candidate), ("employer", member)):
        figures[label] = _measured(
            lambda user=user: personal_itinerary_document(trip, user, language="sv")
        )
    figures["method"] = (
        "programme_document / personal_itinerary_document (fingerprint: data + HTML) then "
        "itinerary_document_build (render + store), as the background task does; seconds "
        "is the median of 3 more builds in the same process (a worker's steady state), "
        "first_seconds the first; vs HTML().write_pdf() of a bare document with the same "
        "page count"
    )
    return figures
