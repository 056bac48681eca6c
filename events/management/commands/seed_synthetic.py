"""Generate large synthetic data sets fast, for load tests and query-count work.

Rows are written with `bulk_create` in batches, bypassing the services (which lock and
validate one row at a time) but keeping every rule they enforce: valid unique organisation
numbers, one application per candidate and trip, accepted applications within a trip's
capacity, active bookings within its employer slots, status histories that follow the
transition tables with increasing timestamps, consents with versions. Users get unusable
passwords without hashing.

Every run gets a tag (`r1`, `r2`, … or `--tag`) that goes into emails, slugs and names,
so running again adds a new, distinct data set instead of failing.
"""

import random
import re
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.text import slugify
from tqdm import tqdm

from candidates.models import (
    CONSENT_TEXT_VERSION,
    Application,
    ApplicationStatus,
    ApplicationStatusChange,
    Candidate,
)
from core.models import User
from employers.models import (
    ACTIVE_BOOKING_STATUSES,
    BookingStatus,
    BookingStatusChange,
    Employer,
    EmployerMembership,
    EmploymentType,
    HiringNeed,
    HiringNeedStatus,
    PaymentMethod,
    RefundState,
    SlotBooking,
)
from events.management import demo_data as data
from events.models import Organisation, OrganisationMembership, Sector, Trip, TripStatus
from events.models import TripStatusChange as TripChange
from events.services import organiser_add

A = ApplicationStatus
B = BookingStatus
S = TripStatus
TAG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PLACE_TAKING = frozenset({A.ACCEPTED, A.ATTENDED, A.NO_SHOW})
EU = {"Italien", "Portugal", "Spanien", "Tyskland", "Österrike", "Grekland", "Polen", "Finland"}

# Final application status weights by the trip's state.
APPLICATION_WEIGHTS = {
    S.PUBLISHED: {
        A.SUBMITTED: 40,
        A.SHORTLISTED: 15,
        A.ACCEPTED: 10,
        A.WAITLISTED: 8,
        A.DECLINED: 20,
        A.WITHDRAWN: 7,
    },
    S.CLOSED: {A.SHORTLISTED: 5, A.ACCEPTED: 25, A.WAITLISTED: 15, A.DECLINED: 45, A.WITHDRAWN: 10},
    S.COMPLETED: {A.ATTENDED: 30, A.NO_SHOW: 4, A.WAITLISTED: 13, A.DECLINED: 45, A.WITHDRAWN: 8},
}
TRIP_STATUS_WEIGHTS = {S.PUBLISHED: 55, S.CLOSED: 10, S.COMPLETED: 20, S.DRAFT: 10, S.CANCELLED: 5}
TRIP_HISTORY = {
    S.DRAFT: [],
    S.PUBLISHED: [(S.DRAFT, S.PUBLISHED)],
    S.CLOSED: [(S.DRAFT, S.PUBLISHED), (S.PUBLISHED, S.CLOSED)],
    S.COMPLETED: [(S.DRAFT, S.PUBLISHED), (S.PUBLISHED, S.CLOSED), (S.CLOSED, S.COMPLETED)],
    S.CANCELLED: [(S.DRAFT, S.CANCELLED)],
}
BOOKING_WEIGHTS = {
    S.PUBLISHED: {B.HELD: 15, B.PENDING_PAYMENT: 20, B.CONFIRMED: 55, B.CANCELLED: 10},
    S.CLOSED: {B.CONFIRMED: 90, B.REFUNDED: 10},
    S.COMPLETED: {B.CONFIRMED: 90, B.REFUNDED: 10},
}
# Steps after "held". Invoice bookings go straight on to pending payment; a booking that stays
# held, or is cancelled from held, is a Stripe Checkout (open, or lapsed).
BOOKING_PATHS = {
    B.HELD: [],
    B.PENDING_PAYMENT: [B.PENDING_PAYMENT],
    B.CONFIRMED: [B.PENDING_PAYMENT, B.CONFIRMED],
    B.CANCELLED: [B.CANCELLED],
    B.REFUNDED: [B.PENDING_PAYMENT, B.CONFIRMED, B.CANCELLED, B.REFUNDED],
}


@dataclass
class TripInfo:
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


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _between(rng: random.Random, lo: datetime, hi: datetime) -> datetime:
    return lo + (hi - lo) * rng.random() if hi > lo else lo


def _local(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


@contextmanager
def _queries_not_logged():
    """With DEBUG on, Django keeps the SQL of every query: megabytes per bulk insert here,
    and it triples the run time. Django reads settings.DEBUG for this on each cursor."""
    previous = settings.DEBUG
    settings.DEBUG = False
    try:
        yield
    finally:
        settings.DEBUG = previous


class Command(BaseCommand):
    help = (
        "Generate a large synthetic data set with bulk inserts: organisations, trips, "
        "employers with hiring needs and bookings, candidates with sectors and applications."
    )

    def add_arguments(self, parser):
        parser.add_argument("--candidates", type=int, default=1000)
        parser.add_argument("--employers", type=int, default=50)
        parser.add_argument(
            "--trips",
            type=int,
            default=20,
            help="New trips; 0 sends applications and bookings to the open existing ones.",
        )
        parser.add_argument(
            "--organisations",
            type=int,
            default=3,
            help="New organisations; 0 spreads trips and employers over the existing ones.",
        )
        parser.add_argument("--seed", type=int, default=None, help="For reproducible data.")
        parser.add_argument(
            "--tag", default="", help="Run tag in emails and slugs (default: next free rN)."
        )
        parser.add_argument("--batch-size", type=int, default=5000)

    def handle(self, *args, **options):
        for name in ("candidates", "employers", "trips", "organisations"):
            if options[name] < 0:
                raise CommandError(f"--{name} must be 0 or more.")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        self.seed = options["seed"]
        self.now = timezone.now()
        self.batch = options["batch_size"]
        self.progress = options["verbosity"] >= 1
        self.tag = self._tag(options["tag"])
        self.domain = f"{self.tag}.synthetic.test"
        self.sectors = {s.code: s.pk for s in Sector.objects.all()}
        self.sector_names = dict(Sector.objects.values_list("code", "name_sv"))
        self.sector_codes = list(data.SECTOR_POOLS)
        self.sector_weights = [data.SECTOR_POOLS[c]["weight"] for c in self.sector_codes]
        self.slugs = {
            name: slugify(name)
            for name in [
                *data.SWEDISH_FIRST,
                *data.SWEDISH_LAST,
                *data.INTERNATIONAL_FIRST,
                *data.INTERNATIONAL_LAST,
            ]
        }
        self.timings: list[tuple[str, float, int]] = []

        with _queries_not_logged():
            self._run(options)
        self._report(options)

    def _run(self, options) -> None:
        organisations = self._phase("organisations", self._organisations, options)
        if not organisations and (options["trips"] or options["employers"]):
            raise CommandError(
                "No organisation to attach trips and employers to: use --organisations."
            )
        trips = self._phase("trips", self._trips, options["trips"], organisations)
        if not trips:
            trips = self._existing_trips()
        employers = self._phase("employers", self._employers, options["employers"], organisations)
        self._phase("bookings", self._bookings, trips, employers)
        self._phase("candidates", self._candidates, options["candidates"], trips)

    # --- plumbing ------------------------------------------------------------------------------

    def _phase(self, name, function, *args):
        # One random stream per phase, so each phase is reproducible on its own.
        self.rng = self._random(name)
        started = time.monotonic()
        result, rows = function(*args)
        self.timings.append((name, time.monotonic() - started, rows))
        return result

    def _random(self, name: str) -> random.Random:
        return random.Random(f"{self.seed}:{name}") if self.seed is not None else random.Random()

    def _bar(self, total: int, desc: str):
        return tqdm(total=total, desc=desc, unit="", disable=not self.progress, file=sys.stderr)

    def _tag(self, tag: str) -> str:
        if tag:
            if not TAG_PATTERN.match(tag) or len(tag) > 20:
                raise CommandError("--tag must be lowercase letters, digits and hyphens (≤ 20).")
            if self._tag_taken(tag):
                raise CommandError(f"Tag {tag!r} was used by an earlier run; choose another.")
            return tag
        n = 1
        while self._tag_taken(f"r{n}"):
            n += 1
        return f"r{n}"

    def _tag_taken(self, tag: str) -> bool:
        prefix = f"syn-{tag}-"
        return (
            User.objects.filter(email__endswith=f"@{tag}.synthetic.test").exists()
            or Organisation.objects.filter(slug__startswith=prefix).exists()
            or Trip.objects.filter(slug__startswith=prefix).exists()
            or Employer.objects.filter(slug__startswith=prefix).exists()
        )

    def _password(self) -> str:
        # What set_unusable_password() stores, minus the cost of a random string per user.
        return f"{UNUSABLE_PASSWORD_PREFIX}{self.rng.getrandbits(160):040x}"

    def _person(self) -> tuple[str, str, bool]:
        """A (name, ascii email part, international) triple."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.03:
            name, ascii_name = rng.choice(data.OTHER_SCRIPT_NAMES)
            return name, ascii_name, True
        if roll < 0.25:
            first, last = rng.choice(data.INTERNATIONAL_FIRST), rng.choice(data.INTERNATIONAL_LAST)
            international = True
        else:
            first, last = rng.choice(data.SWEDISH_FIRST), rng.choice(data.SWEDISH_LAST)
            international = False
        return f"{first} {last}", f"{self.slugs[first]}.{self.slugs[last]}", international

    def _user(self, ascii_name: str, n: int, full_name: str, joined: datetime, language="sv"):
        return User(
            email=f"{ascii_name}.{n}@{self.domain}",
            full_name=full_name,
            language=language,
            password=self._password(),
            date_joined=joined,
        )

    def _sector_codes(self, max_sectors: int = 3) -> list[str]:
        k = self.rng.choices([1, 2, 3][:max_sectors], weights=[70, 25, 5][:max_sectors])[0]
        return list(dict.fromkeys(self.rng.choices(self.sector_codes, self.sector_weights, k=k)))

    def _bulk(self, model, rows: list, **kwargs) -> list:
        if rows:
            model.objects.bulk_create(rows, batch_size=self.batch, **kwargs)
        return rows

    # --- organisations -------------------------------------------------------------------------

    def _organisations(self, options) -> tuple[list[tuple[int, int | None]], int]:
        """Return (organisation id, organiser user id) pairs."""
        count = options["organisations"]
        if count == 0:
            pairs = []
            for org in Organisation.objects.order_by("id"):
                membership = OrganisationMembership.objects.filter(organisation=org).first()
                pairs.append((org.pk, membership.user_id if membership else None))
            return pairs, 0
        pairs = []
        with transaction.atomic():
            for i in range(count):
                base = data.MUNICIPALITIES[i % len(data.MUNICIPALITIES)]
                number = (
                    f" {i // len(data.MUNICIPALITIES) + 1}" if i >= len(data.MUNICIPALITIES) else ""
                )
                org = Organisation.objects.create(
                    name=f"{base}{number} (syntetisk {self.tag})",
                    slug=f"syn-{self.tag}-{i + 1}-{slugify(base)}"[:80],
                    contact_email=f"naringsliv.{i + 1}@{self.domain}",
                )
                name, ascii_name, _ = self._person()
                user = self._user(f"{ascii_name}.o", i + 1, name, self.now - timedelta(days=800))
                user.save()
                organiser_add(organisation=org, user=user)
                pairs.append((org.pk, user.pk))
        return pairs, count * 2

    # --- trips ---------------------------------------------------------------------------------

    def _trips(self, count: int, organisations) -> tuple[list[TripInfo], int]:
        rng, now = self.rng, self.now
        today = timezone.localdate(now)
        trips, sector_sets, actors = [], [], []
        for i in range(count):
            org_id, actor_id = rng.choice(organisations)
            status = _weighted(rng, TRIP_STATUS_WEIGHTS)
            codes = [_weighted(rng, dict(zip(self.sector_codes, self.sector_weights, strict=True)))]
            if rng.random() < 0.2:
                codes = list(dict.fromkeys([*codes, rng.choice(self.sector_codes)]))
            if status == S.COMPLETED:
                start = today - timedelta(days=rng.randint(14, 700))
            elif status == S.CLOSED:
                start = today + timedelta(days=rng.randint(3, 14))
            elif status == S.CANCELLED:
                start = today + timedelta(days=rng.randint(-200, 200))
            else:
                start = today + timedelta(days=rng.randint(22, 330))
            starts_at = _local(start, 8, 30)
            if status == S.CLOSED:
                deadline = _local(today - timedelta(days=rng.randint(1, 3)), 23, 59)
            else:
                deadline = _local(start - timedelta(days=rng.randint(7, 21)), 23, 59)
            if status in (S.PUBLISHED, S.CLOSED):
                published_at = now - timedelta(days=rng.randint(20, 90), hours=rng.randint(0, 23))
            elif status == S.COMPLETED:
                published_at = deadline - timedelta(days=rng.randint(30, 90))
            else:
                published_at = None
            created_at = (published_at or min(now, starts_at)) - timedelta(days=rng.randint(1, 30))
            pool = data.SECTOR_POOLS[codes[0]]
            month = data.MONTHS_SV[start.month - 1]
            place = rng.choice(data.BASE_LOCATIONS)
            title = f"{rng.choice(pool['trip'])}: {place} {month} {start.year}"
            trips.append(
                Trip(
                    organisation_id=org_id,
                    title=title,
                    slug=f"syn-{self.tag}-{i + 1}-{slugify(title)}"[:80].rstrip("-"),
                    summary=(
                        f"Två dagar i Jämtland med fjäll, stad och arbetsgivare inom "
                        f"{self.sector_names[codes[0]].lower()}."
                    ),
                    description=(
                        "Fjällaktivitet, stadsvandring, skolor och bostäder, och möten med "
                        "arbetsgivarna som vill anställa."
                    ),
                    starts_at=starts_at,
                    ends_at=_local(start + timedelta(days=1), 17, 0),
                    base_locations=place,
                    candidate_capacity=rng.randint(8, 20),
                    employer_slots=rng.randint(3, 5),
                    slot_price_ore=rng.choice(
                        [800_000, 1_000_000, 1_200_000, 1_500_000, 2_000_000]
                    ),
                    application_deadline=deadline,
                    international_applicants=rng.random()
                    < (0.6 if codes[0] == "restaurang-kock" else 0.1),
                    status=status,
                    published_at=published_at,
                    created_at=created_at,
                )
            )
            sector_sets.append([self.sectors[c] for c in codes])
            actors.append(actor_id)
        rows = 0
        with transaction.atomic(), self._bar(count, "trips") as bar:
            self._bulk(Trip, trips)
            through = Trip.sectors.through
            links = [
                through(trip_id=trip.pk, sector_id=sid)
                for trip, sids in zip(trips, sector_sets, strict=True)
                for sid in sids
            ]
            self._bulk(through, links)
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
            self._bulk(TripChange, changes)
            rows = len(trips) + len(links) + len(changes)
            bar.update(count)
        infos = [
            TripInfo(
                id=trip.pk,
                status=trip.status,
                sector_ids=sids,
                published_at=trip.published_at,
                deadline=trip.application_deadline,
                starts_at=trip.starts_at,
                capacity=trip.candidate_capacity,
                slots=trip.employer_slots,
                price=trip.slot_price_ore,
                actor_id=actor_id,
            )
            for trip, sids, actor_id in zip(trips, sector_sets, actors, strict=True)
        ]
        return infos, rows

    def _existing_trips(self) -> list[TripInfo]:
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
            if trip.status == S.PUBLISHED and trip.application_deadline <= self.now:
                continue  # no new applications after the deadline
            info = TripInfo(
                id=trip.pk,
                status=trip.status,
                sector_ids=[s.pk for s in trip.sectors.all()],
                published_at=trip.published_at,
                deadline=trip.application_deadline,
                starts_at=trip.starts_at,
                capacity=trip.candidate_capacity,
                slots=trip.employer_slots,
                price=trip.slot_price_ore,
                actor_id=actors.get(trip.organisation_id),
                used=trip.used,
                booked=trip.booked,
            )
            infos.append(info)
        return infos

    # --- employers -----------------------------------------------------------------------------

    def _org_numbers(self, count: int) -> list[str]:
        taken = set(Employer.objects.values_list("org_number", flat=True))
        taken |= {spec.org_number for spec in data.EMPLOYERS}  # keep seed_demo's free too
        rng = self._random("org-numbers")  # retries on clashes must not shift self.rng
        numbers = []
        for _ in range(count):
            for _attempt in range(1000):
                # 5 = aktiebolag; the third digit is ≥ 2 in every organisation number.
                body = f"5{rng.randint(5, 9)}{rng.randint(2, 9)}{rng.randrange(10**6):06d}"
                number = f"{body[:6]}-{body[6:]}{data.luhn_check_digit(body)}"
                if number not in taken:
                    break
            else:
                raise CommandError("Could not find a free organisation number.")
            taken.add(number)
            numbers.append(number)
        return numbers

    def _employers(self, count: int, organisations) -> tuple[list[tuple[int, int, list[int]]], int]:
        """Return (employer id, member user id, sector ids) for the approved employers."""
        rng, now = self.rng, self.now
        numbers = self._org_numbers(count)
        users, employers, sector_sets = [], [], []
        for i in range(count):
            org_id, actor_id = rng.choice(organisations)
            codes = self._sector_codes(max_sectors=2)
            pool = data.SECTOR_POOLS[codes[0]]
            word = rng.choice(pool["employer"]).lower()
            name = f"{rng.choice(data.PLACE_WORDS)}{word} {rng.choice(data.COMPANY_FORMS)}"
            created_at = now - timedelta(days=rng.randint(30, 900), minutes=rng.randint(0, 1440))
            approved = rng.random() < 0.85
            slug = f"syn-{self.tag}-{i + 1}-{slugify(name)}"[:80].rstrip("-")
            employers.append(
                Employer(
                    organisation_id=org_id,
                    org_number=numbers[i],
                    name=name,
                    slug=slug,
                    description=f"{name} söker fler kollegor i Jämtland: {pool['roles'][0]}.",
                    website=f"https://{slug}.example",
                    approved_at=created_at + timedelta(days=rng.randint(1, 10))
                    if approved
                    else None,
                    approved_by_id=actor_id if approved else None,
                    created_at=created_at,
                )
            )
            person, ascii_name, international = self._person()
            users.append(
                self._user(
                    f"{ascii_name}.e",
                    i + 1,
                    person,
                    created_at,
                    "en" if international and rng.random() < 0.5 else "sv",
                )
            )
            sector_sets.append([self.sectors[c] for c in codes])
        with transaction.atomic(), self._bar(count, "employers") as bar:
            self._bulk(User, users)
            self._bulk(Employer, employers)
            memberships = [
                EmployerMembership(employer_id=e.pk, user_id=u.pk, created_at=e.created_at)
                for e, u in zip(employers, users, strict=True)
            ]
            self._bulk(EmployerMembership, memberships)
            through = Employer.sectors.through
            links = [
                through(employer_id=e.pk, sector_id=sid)
                for e, sids in zip(employers, sector_sets, strict=True)
                for sid in sids
            ]
            self._bulk(through, links)
            codes_by_id = {pk: code for code, pk in self.sectors.items()}
            needs = []
            for e, sids in zip(employers, sector_sets, strict=True):
                for _ in range(rng.randint(1, 3)):
                    sid = rng.choice(sids)
                    needs.append(
                        HiringNeed(
                            employer_id=e.pk,
                            role_title=rng.choice(data.SECTOR_POOLS[codes_by_id[sid]]["roles"]),
                            sector_id=sid,
                            positions=rng.randint(1, 4),
                            employment_type=EmploymentType.PERMANENT
                            if rng.random() < 0.8
                            else EmploymentType.FIXED_TERM,
                            status=HiringNeedStatus.OPEN
                            if rng.random() < 0.85
                            else HiringNeedStatus.CLOSED,
                            created_at=e.created_at + timedelta(days=rng.randint(0, 20)),
                        )
                    )
            self._bulk(HiringNeed, needs)
            bar.update(count)
        approved = [
            (e.pk, u.pk, sids)
            for e, u, sids in zip(employers, users, sector_sets, strict=True)
            if e.approved_at is not None
        ]
        rows = len(users) + len(employers) + len(memberships) + len(links) + len(needs)
        return approved, rows

    def _bookings(self, trips: list[TripInfo], employers) -> tuple[None, int]:
        """Book approved employers of this run onto trips, never over a trip's slots."""
        rng, now = self.rng, self.now
        bookable = [t for t in trips if t.status in BOOKING_WEIGHTS]
        if not employers or not bookable:
            return None, 0
        plans = []  # (booking, [(status, time, actor_id)])
        for trip in bookable:
            matching = [e for e in employers if set(e[2]) & set(trip.sector_ids)]
            pool = matching if len(matching) >= 2 else employers
            free = trip.slots - trip.booked
            n = min(len(pool), rng.randint(min(2, free), free)) if free > 0 else 0
            for employer_id, member_id, _ in rng.sample(pool, n):
                status = _weighted(rng, BOOKING_WEIGHTS[trip.status])
                if status == B.HELD:
                    created_at = now - timedelta(minutes=rng.randint(1, 20))
                else:
                    created_at = _between(rng, trip.published_at, min(trip.deadline, now))
                path = BOOKING_PATHS[status]
                invoice = B.PENDING_PAYMENT in path
                booking = SlotBooking(
                    employer_id=employer_id,
                    trip_id=trip.id,
                    status=status,
                    amount_ore=trip.price,
                    payment_method=PaymentMethod.INVOICE if invoice else PaymentMethod.STRIPE,
                    hold_expires_at=created_at + timedelta(minutes=30)
                    if status == B.HELD
                    else None,
                    created_by_id=member_id,
                    created_at=created_at,
                )
                steps, at = [("", B.HELD, created_at, member_id)], created_at
                previous = B.HELD
                for step in path:
                    at = _between(
                        rng, at, max(at, min(at + timedelta(days=10), now, trip.starts_at))
                    )
                    actor = None if step == B.CANCELLED and not invoice else trip.actor_id
                    steps.append((previous, step, at, actor))
                    previous = step
                    if step == B.CONFIRMED:
                        booking.payment_reference = f"faktura-{self.tag}-{trip.id}-{employer_id}"
                        booking.paid_at = booking.confirmation_sent_at = at
                if status == B.REFUNDED:
                    booking.refund_state = RefundState.DONE
                    booking.refund_reference = f"kredit-{self.tag}-{trip.id}-{employer_id}"
                plans.append((booking, steps))
        with transaction.atomic():
            bookings = self._bulk(SlotBooking, [b for b, _ in plans])
            changes = [
                BookingStatusChange(
                    booking_id=booking.pk, from_status=a, to_status=b, created_at=t, actor_id=actor
                )
                for booking, (_, steps) in zip(bookings, plans, strict=True)
                for a, b, t, actor in steps
            ]
            self._bulk(BookingStatusChange, changes)
        return None, len(bookings) + len(changes)

    # --- candidates ----------------------------------------------------------------------------

    def _candidates(self, count: int, trips: list[TripInfo]) -> tuple[None, int]:
        open_trips = [t for t in trips if t.status in APPLICATION_WEIGHTS and t.published_at]
        by_sector: dict[int, list[TripInfo]] = {}
        for trip in open_trips:
            for sid in trip.sector_ids:
                by_sector.setdefault(sid, []).append(trip)
        rows = 0
        with self._bar(count, "candidates") as bar:
            for start in range(0, count, self.batch):
                size = min(self.batch, count - start)
                with transaction.atomic():
                    rows += self._candidate_batch(start, size, open_trips, by_sector)
                bar.update(size)
        return None, rows

    def _candidate_batch(self, start: int, size: int, open_trips, by_sector) -> int:
        rng, now = self.rng, self.now
        today = timezone.localdate(now)
        users, candidates, sector_sets, plans = [], [], [], []
        for n in range(start + 1, start + size + 1):
            name, ascii_name, international = self._person()
            codes = self._sector_codes()
            sids = [self.sectors[c] for c in codes]
            abroad = rng.random() < (0.5 if "restaurang-kock" in codes else 0.05)
            if abroad:
                city, country = rng.choice(data.ABROAD)
                permit = "citizen" if country in EU else "needs_permit"
            else:
                city = rng.choices(data.SWEDISH_CITIES, data.SWEDISH_CITY_WEIGHTS)[0]
                country = "Sverige"
                if international:
                    permit = rng.choices(
                        ["temporary", "permanent", "citizen", ""], weights=[45, 30, 15, 10]
                    )[0]
                else:
                    permit = "citizen" if rng.random() < 0.4 else ""
            # Applications first: the profile must predate them.
            chosen = self._choose_trips(sids, open_trips, by_sector)
            applications = []
            for trip in chosen:
                submitted = _between(rng, trip.published_at, min(trip.deadline, now))
                applications.append((trip, submitted))
            created_at = now - timedelta(days=rng.uniform(1, 730))
            if applications:
                created_at = min(created_at, *(t - timedelta(hours=1) for _, t in applications))
            pool = data.SECTOR_POOLS[codes[0]]
            share = rng.random() < 0.7
            partner = rng.choice(data.PARTNER_OCCUPATIONS) if rng.random() < 0.45 else ""
            children = (
                sorted(rng.randint(0, 17) for _ in range(rng.randint(1, 3)))
                if rng.random() < 0.35
                else []
            )
            user = self._user(
                ascii_name,
                n,
                name,
                created_at,
                "en" if abroad or (international and rng.random() < 0.5) else "sv",
            )
            users.append(user)
            candidates.append(
                Candidate(
                    name=name,
                    email=user.email,
                    phone=f"070-174 06 {rng.randint(5, 99):02d}" if rng.random() < 0.3 else "",
                    city=city,
                    country=country,
                    headline=rng.choice(pool["headlines"]),
                    years_experience=int(rng.triangular(0, 30, 5)),
                    skills=rng.sample(pool["skills"], rng.randint(2, 4)),
                    languages=list(rng.choice(data.LANGUAGE_SETS)),
                    earliest_move_date=today + timedelta(days=rng.randint(30, 365))
                    if rng.random() < 0.7
                    else None,
                    partner_needs_job=bool(partner) and rng.random() < 0.6,
                    partner_occupation=partner,
                    children_ages=children,
                    residence_permit_status=permit,
                    residence_permit_consent_at=created_at if permit else None,
                    consent_talent_db_at=created_at,
                    consent_talent_db_version=CONSENT_TEXT_VERSION,
                    consent_share_at=created_at if share else None,
                    consent_share_version=CONSENT_TEXT_VERSION if share else "",
                    consent_share_household_at=created_at if share and rng.random() < 0.4 else None,
                    consent_share_contact_at=created_at if share and rng.random() < 0.6 else None,
                    created_at=created_at,
                )
            )
            sector_sets.append(sids)
            plans.append(applications)

        self._bulk(User, users)
        for user, candidate in zip(users, candidates, strict=True):
            candidate.user_id = user.pk
        self._bulk(Candidate, candidates)
        through = Candidate.sectors.through
        links = [
            through(candidate_id=c.pk, sector_id=sid)
            for c, sids in zip(candidates, sector_sets, strict=True)
            for sid in sids
        ]
        self._bulk(through, links)

        apps, histories = [], []
        for candidate, user, applications in zip(candidates, users, plans, strict=True):
            for trip, submitted in applications:
                final, steps = self._application_path(trip, submitted, user.pk)
                apps.append(
                    Application(
                        candidate_id=candidate.pk,
                        trip_id=trip.id,
                        motivation="Jag vill flytta till Jämtland och jobba nära fjällen.",
                        travelling_from=f"{candidate.city}, {candidate.country}",
                        dietary_needs=rng.choice(data.DIETARY),
                        status=final,
                        created_at=submitted,
                    )
                )
                histories.append(steps)
        self._bulk(Application, apps)
        changes = [
            ApplicationStatusChange(
                application_id=app.pk, from_status=a, to_status=b, actor_id=actor, created_at=t
            )
            for app, steps in zip(apps, histories, strict=True)
            for a, b, t, actor in steps
        ]
        self._bulk(ApplicationStatusChange, changes)
        return len(users) + len(candidates) + len(links) + len(apps) + len(changes)

    def _choose_trips(self, sids, open_trips, by_sector) -> list[TripInfo]:
        if not open_trips:
            return []
        k = self.rng.choices([0, 1, 2, 3], weights=[35, 40, 18, 7])[0]
        if k == 0:
            return []
        matching = {t.id: t for sid in sids for t in by_sector.get(sid, [])}
        pool = list(matching.values()) or open_trips
        chosen = self.rng.sample(pool, min(k, len(pool)))
        return [t for t in chosen if min(t.deadline, self.now) > t.published_at]

    def _application_path(self, trip: TripInfo, submitted: datetime, user_id: int):
        """The final status and its history: (from, to, when, actor) rows from the table."""
        rng = self.rng
        final = _weighted(rng, APPLICATION_WEIGHTS[trip.status])
        if final in PLACE_TAKING:
            if trip.used >= trip.capacity:
                final = A.DECLINED if trip.status == S.COMPLETED else A.WAITLISTED
            else:
                trip.used += 1
        if final == A.SUBMITTED:
            path = []
        elif final == A.SHORTLISTED:
            path = [A.SHORTLISTED]
        elif final in (A.ACCEPTED, A.WAITLISTED, A.DECLINED, A.WITHDRAWN):
            path = ([A.SHORTLISTED] if rng.random() < 0.4 else []) + [final]
        else:  # attended or no-show, after being accepted
            path = ([A.SHORTLISTED] if rng.random() < 0.4 else []) + [A.ACCEPTED, final]
        limit = min(self.now, trip.decided_by) if trip.status != S.PUBLISHED else self.now
        steps = [("", A.SUBMITTED, submitted, user_id)]
        previous, at = A.SUBMITTED, submitted
        for step in path:
            if step in (A.ATTENDED, A.NO_SHOW):
                at = trip.starts_at + timedelta(hours=2)
            else:
                at = _between(rng, at, min(at + timedelta(days=14), max(limit, at)))
            actor = user_id if step == A.WITHDRAWN else trip.actor_id
            steps.append((previous, step, at, actor))
            previous = step
        return final, steps

    # --- report --------------------------------------------------------------------------------

    def _report(self, options) -> None:
        total = sum(seconds for _, seconds, _ in self.timings)
        rows = sum(n for _, _, n in self.timings)
        self.stdout.write(
            self.style.SUCCESS(
                f"Synthetic data set {self.tag!r} (seed {options['seed']}): {rows:,} rows in "
                f"{total:.1f} s."
            )
        )
        for name, seconds, n in self.timings:
            self.stdout.write(f"  {name:<14} {n:>10,} rows  {seconds:7.1f} s")
