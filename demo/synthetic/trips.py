from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.text import slugify

from candidates.models import ApplicationStatus
from demo.data.pools import BASE_LOCATIONS, MONTHS_SV, SECTOR_POOLS
from demo.dates import local_datetime
from demo.synthetic.run import SyntheticRun, weighted
from employers.models import ACTIVE_BOOKING_STATUSES
from events.models import OrganisationMembership, Trip, TripStatus
from events.models import TripStatusChange as TripChange

A = ApplicationStatus
S = TripStatus
PLACE_TAKING = frozenset({A.ACCEPTED, A.ATTENDED, A.NO_SHOW})
TRIP_STATUS_WEIGHTS = {S.PUBLISHED: 55, S.CLOSED: 10, S.COMPLETED: 20, S.DRAFT: 10, S.CANCELLED: 5}
TRIP_HISTORY = {
    S.DRAFT: [],
    S.PUBLISHED: [(S.DRAFT, S.PUBLISHED)],
    S.CLOSED: [(S.DRAFT, S.PUBLISHED), (S.PUBLISHED, S.CLOSED)],
    S.COMPLETED: [(S.DRAFT, S.PUBLISHED), (S.PUBLISHED, S.CLOSED), (S.CLOSED, S.COMPLETED)],
    S.CANCELLED: [(S.DRAFT, S.CANCELLED)],
}


@dataclass
class TripInfo:
    """What the later phases need of a trip, and the places and slots they have taken."""

    id: int
    status: str
    sector_ids: list[int]
    published_at: datetime | None
    deadline: datetime
    starts_at: datetime
    capacity: int
    slots: int
    price: int
    actor_id: int | None
    used: int = 0  # applications holding a place (accepted, attended, no-show)
    booked: int = 0  # active bookings (held, pending payment, confirmed)
    decided_by: datetime = field(init=False)

    def __post_init__(self):
        # Organisers decide within a few days of the deadline, always before the start.
        self.decided_by = min(
            self.deadline + timedelta(days=5), self.starts_at - timedelta(hours=1)
        )

    @classmethod
    def of(
        cls, trip: Trip, sector_ids: list[int], actor_id: int | None, used: int = 0, booked: int = 0
    ) -> "TripInfo":
        return cls(
            id=trip.pk,
            status=trip.status,
            sector_ids=sector_ids,
            published_at=trip.published_at,
            deadline=trip.application_deadline,
            starts_at=trip.starts_at,
            capacity=trip.candidate_capacity,
            slots=trip.employer_slots,
            price=trip.slot_price_ore,
            actor_id=actor_id,
            used=used,
            booked=booked,
        )


def trips_generate(run: SyntheticRun, count: int, organisations) -> tuple[list[TripInfo], int]:
    """`count` new trips in every status over `organisations`, with sectors and histories."""
    rng, now = run.rng, run.now
    today = timezone.localdate(now)
    trips, sector_sets, actors = [], [], []
    for i in range(count):
        org_id, actor_id = rng.choice(organisations)
        status = weighted(rng, TRIP_STATUS_WEIGHTS)
        codes = [weighted(rng, dict(zip(run.sector_codes, run.sector_weights, strict=True)))]
        if rng.random() < 0.2:
            codes = list(dict.fromkeys([*codes, rng.choice(run.sector_codes)]))
        if status == S.COMPLETED:
            start = today - timedelta(days=rng.randint(14, 700))
        elif status == S.CLOSED:
            start = today + timedelta(days=rng.randint(3, 14))
        elif status == S.CANCELLED:
            start = today + timedelta(days=rng.randint(-200, 200))
        else:
            start = today + timedelta(days=rng.randint(22, 330))
        starts_at = local_datetime(start, 8, 30)
        if status == S.CLOSED:
            deadline = local_datetime(today - timedelta(days=rng.randint(1, 3)), 23, 59)
        else:
            deadline = local_datetime(start - timedelta(days=rng.randint(7, 21)), 23, 59)
        if status in (S.PUBLISHED, S.CLOSED):
            published_at = now - timedelta(days=rng.randint(20, 90), hours=rng.randint(0, 23))
        elif status == S.COMPLETED:
            published_at = deadline - timedelta(days=rng.randint(30, 90))
        else:
            published_at = None
        created_at = (published_at or min(now, starts_at)) - timedelta(days=rng.randint(1, 30))
        pool = SECTOR_POOLS[codes[0]]
        month = MONTHS_SV[start.month - 1]
        place = rng.choice(BASE_LOCATIONS)
        title = f"{rng.choice(pool['trip'])}: {place} {month} {start.year}"
        trips.append(
            Trip(
                organisation_id=org_id,
                title=title,
                slug=f"syn-{run.tag}-{i + 1}-{slugify(title)}"[:80].rstrip("-"),
                summary=(
                    f"Två dagar i Jämtland med fjäll, stad och arbetsgivare inom "
                    f"{run.sector_names[codes[0]].lower()}."
                ),
                description=(
                    "Fjällaktivitet, stadsvandring, skolor och bostäder, och möten med "
                    "arbetsgivarna som vill anställa."
                ),
                starts_at=starts_at,
                ends_at=local_datetime(start + timedelta(days=1), 17, 0),
                base_locations=place,
                candidate_capacity=rng.randint(8, 20),
                employer_slots=rng.randint(3, 5),
                slot_price_ore=rng.choice([800_000, 1_000_000, 1_200_000, 1_500_000, 2_000_000]),
                application_deadline=deadline,
                international_applicants=rng.random()
                < (0.6 if codes[0] == "restaurang-kock" else 0.1),
                status=status,
                published_at=published_at,
                created_at=created_at,
            )
        )
        sector_sets.append([run.sectors[c] for c in codes])
        actors.append(actor_id)
    rows = 0
    with transaction.atomic(), run.bar(count, "trips") as bar:
        run.bulk(Trip, trips)
        links = run.bulk_sectors(Trip, trips, sector_sets)
        changes = []
        for trip, actor_id in zip(trips, actors, strict=True):
            times = {
                S.PUBLISHED: trip.published_at,
                S.CLOSED: min(trip.application_deadline, now),
                S.COMPLETED: trip.ends_at + timedelta(days=1),
                S.CANCELLED: min(trip.created_at + timedelta(days=2), now),
            }
            for before, after in TRIP_HISTORY[trip.status]:
                changes.append(
                    TripChange(
                        trip_id=trip.pk,
                        from_status=before,
                        to_status=after,
                        actor_id=actor_id,
                        created_at=times[after],
                    )
                )
        run.bulk(TripChange, changes)
        rows = len(trips) + len(links) + len(changes)
        bar.update(count)
    infos = [
        TripInfo.of(trip, sids, actor_id)
        for trip, sids, actor_id in zip(trips, sector_sets, actors, strict=True)
    ]
    return infos, rows


def trips_existing(run: SyntheticRun) -> list[TripInfo]:
    """With --trips 0, applications go to the trips already there, within their capacity."""
    qs = (
        Trip.objects.filter(status__in=[S.PUBLISHED, S.CLOSED, S.COMPLETED])
        .annotate(
            used=Count(
                "applications",
                filter=Q(applications__status__in=PLACE_TAKING),
                distinct=True,
            ),
            booked=Count(
                "bookings",
                filter=Q(bookings__status__in=ACTIVE_BOOKING_STATUSES),
                distinct=True,
            ),
        )
        .prefetch_related("sectors")
    )
    actors = dict(
        OrganisationMembership.objects.order_by("-id").values_list("organisation_id", "user_id")
    )
    infos = []
    for trip in qs:
        if trip.status == S.PUBLISHED and trip.application_deadline <= run.now:
            continue  # no new applications after the deadline
        info = TripInfo.of(
            trip,
            [s.pk for s in trip.sectors.all()],
            actors.get(trip.organisation_id),
            used=trip.used,
            booked=trip.booked,
        )
        infos.append(info)
    return infos
