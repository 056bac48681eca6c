"""Load the demo world: two municipalities, four trips, eight employers, forty candidates.

Idempotent: every row is looked up by a natural key (email, slug, organisation number,
candidate + trip, employer + trip) and only created when missing; existing rows are never
changed. Writes go through the services, except for the completed past trip (services refuse
to publish a trip that has started), which is written directly with a consistent history.
"""

import time
from datetime import date, datetime, timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from candidates.models import (
    CONSENT_TEXT_VERSION,
    Application,
    ApplicationStatus,
    ApplicationStatusChange,
    Candidate,
    InterestRegistration,
)
from candidates.services import application_create, application_transition, candidate_create
from core.exceptions import ApplicationError
from core.models import User
from core.services import user_create
from employers.models import (
    BookingStatus,
    BookingStatusChange,
    Employer,
    EmployerMembership,
    HiringNeed,
    PaymentMethod,
    RefundState,
    SlotBooking,
)
from employers.services import (
    booking_hold,
    booking_transition,
    employer_approve,
    employer_register,
    hiring_need_create,
)
from events.management import demo_data as data
from events.models import (
    Organisation,
    OrganisationMembership,
    Sector,
    Trip,
    TripStatus,
    TripStatusChange,
)
from events.services import organiser_add, trip_create, trip_transition

A = ApplicationStatus
B = BookingStatus

# The steps after "submitted" that lead an application to its final status (future trips).
APPLICATION_PATHS: dict[str, list[str]] = {
    A.SUBMITTED: [],
    A.SHORTLISTED: [A.SHORTLISTED],
    A.ACCEPTED: [A.SHORTLISTED, A.ACCEPTED],
    A.WAITLISTED: [A.SHORTLISTED, A.WAITLISTED],
    A.DECLINED: [A.DECLINED],
    A.WITHDRAWN: [A.WITHDRAWN],
}
# The same for the completed trip, with the offsets (from the deadline) when each happened.
# The deadline is 23:59 on the day two weeks before the 08:30 start.
_DECIDED = timedelta(days=1, hours=9, minutes=1)  # two mornings after the deadline
_ON_THE_DAY = timedelta(days=13, hours=9, minutes=31)  # an hour into the trip
PAST_APPLICATION_PATHS: dict[str, list[tuple[str, timedelta]]] = {
    A.ATTENDED: [(A.ACCEPTED, _DECIDED), (A.ATTENDED, _ON_THE_DAY)],
    A.NO_SHOW: [(A.ACCEPTED, _DECIDED), (A.NO_SHOW, _ON_THE_DAY)],
    A.DECLINED: [(A.DECLINED, _DECIDED)],
    A.WITHDRAWN: [(A.ACCEPTED, _DECIDED), (A.WITHDRAWN, timedelta(days=9, hours=19, minutes=41))],
}

# Bookings per (trip, employer): one list of status steps after "held" per booking, in order.
# With "pending_payment" it is an invoice booking; without, a Stripe Checkout hold.
BOOKINGS: list[tuple[str, str, list[list[str]]]] = [
    ("it", "frosokod", [[B.PENDING_PAYMENT, B.CONFIRMED]]),
    # A card payment abandoned (the hold lapsed), then an invoice booking awaiting payment.
    ("it", "fjallmolnet", [[B.CANCELLED], [B.PENDING_PAYMENT]]),
    ("it", "storsjoenergi", [[]]),  # in Stripe Checkout right now
    ("ekonom", "storsjoenergi", [[B.PENDING_PAYMENT, B.CONFIRMED]]),
    ("ekonom", "revisionsbyran", [[B.PENDING_PAYMENT, B.CONFIRMED]]),
    ("kock", "arefjallkrog", [[B.PENDING_PAYMENT, B.CONFIRMED]]),
    # Paid, then cancelled by the organiser with a refund, refunded by credit note.
    ("kock", "tegefjall", [[B.PENDING_PAYMENT, B.CONFIRMED, B.CANCELLED, B.REFUNDED]]),
]
PAST_BOOKINGS = ["frosokod", "fjallmolnet", "storsjoenergi"]


def _local(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


class Command(BaseCommand):
    help = (
        "Load demo data (Östersund and Åre, four trips, employers, candidates, applications "
        "and bookings in every status) and the demo logins. Safe to run again."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        self.now = timezone.now()
        self.created: dict[str, int] = {}
        self.skipped: list[str] = []
        with transaction.atomic():
            queued_before = len(transaction.get_connection().run_on_commit)
            self.sectors = {s.code: s for s in Sector.objects.all()}
            self.organisations = self._organisations()
            self.trips = self._trips()
            self.employers = self._employers()
            self.candidates = self._candidates()
            self._applications()
            self._bookings()
            self._programmes()
            self._interest_registrations()
            self.dropped = self._drop_notifications(queued_before)
        self._summary(time.monotonic() - started)

    @staticmethod
    def _drop_notifications(queued_before: int) -> int:
        """Forget what the services queued for after commit: emails about status changes and
        trip alerts to the talent database. The demo people are fictional, and `make run`
        would otherwise send them about a hundred emails on its first start."""
        queued = transaction.get_connection().run_on_commit
        dropped = len(queued) - queued_before
        del queued[queued_before:]
        return dropped

    # --- helpers ---------------------------------------------------------------------------

    def _count(self, kind: str, n: int = 1) -> None:
        self.created[kind] = self.created.get(kind, 0) + n

    def _user(self, email: str, full_name: str, language: str = "sv", demo: bool = False):
        user = User.objects.filter(email=email.lower()).first()
        if user is None:
            # Only the three demo logins get a password; everyone else cannot log in.
            user = user_create(
                email=email,
                password=data.DEMO_PASSWORD if demo else None,
                full_name=full_name,
                language=language,
            )
            self._count("users")
        return user

    # --- organisations and trips -----------------------------------------------------------

    def _organisations(self) -> dict[str, tuple[Organisation, User]]:
        result = {}
        for spec in data.ORGANISATIONS:
            organisation, created = Organisation.objects.get_or_create(
                slug=spec.slug,
                defaults={
                    "name": spec.name,
                    "contact_email": spec.contact_email,
                    "website": spec.website,
                },
            )
            if created:
                self._count("organisations")
            organiser = self._user(
                spec.organiser_email,
                spec.organiser_name,
                demo=spec.organiser_email == data.ORGANISER_EMAIL,
            )
            if not OrganisationMembership.objects.filter(
                organisation=organisation, user=organiser
            ).exists():
                organiser_add(organisation=organisation, user=organiser)
                self._count("organisers")
            result[spec.slug] = (organisation, organiser)
        return result

    def _trip_fields(self, spec: data.TripSpec) -> dict:
        start_day = timezone.localdate(self.now) + timedelta(days=spec.days_from_now)
        starts_at = _local(start_day, 8, 30)
        return {
            "title": spec.title,
            "summary": spec.summary,
            "description": spec.description,
            "starts_at": starts_at,
            "ends_at": _local(start_day + timedelta(days=1), 17, 0),
            "base_locations": spec.base_locations,
            "candidate_capacity": spec.candidate_capacity,
            "employer_slots": spec.employer_slots,
            "slot_price_ore": spec.slot_price_ore,
            "application_deadline": _local(
                start_day - timedelta(days=spec.deadline_days_before), 23, 59
            ),
            "international_applicants": spec.international_applicants,
        }

    def _trips(self) -> dict[str, Trip]:
        trips = {}
        for spec in data.FUTURE_TRIPS:
            trip = Trip.objects.filter(slug=spec.slug).first()
            if trip is None:
                organisation, organiser = self.organisations[spec.organisation]
                trip = trip_create(
                    organisation=organisation,
                    actor=organiser,
                    sectors=[self.sectors[code] for code in spec.sectors],
                    slug=spec.slug,
                    **self._trip_fields(spec),
                )
                trip = trip_transition(trip=trip, actor=organiser, to_status=TripStatus.PUBLISHED)
                self._count("trips")
            trips[spec.key] = trip
        trips[data.PAST_TRIP.key] = self._past_trip(data.PAST_TRIP)
        return trips

    def _past_trip(self, spec: data.TripSpec) -> Trip:
        """The completed first trip, written directly: services only publish future trips."""
        trip = Trip.objects.filter(slug=spec.slug).first()
        if trip is not None:
            return trip
        organisation, organiser = self.organisations[spec.organisation]
        fields = self._trip_fields(spec)
        published_at = fields["application_deadline"] - timedelta(days=40)
        completed_at = fields["ends_at"] + timedelta(days=1)
        trip = Trip(
            organisation=organisation,
            slug=spec.slug,
            status=TripStatus.COMPLETED,
            published_at=published_at,
            created_at=published_at - timedelta(days=10),
            **fields,
        )
        trip.full_clean(exclude=["sectors"])
        trip.save()
        trip.sectors.set([self.sectors[code] for code in spec.sectors])
        S = TripStatus
        history = [
            (S.DRAFT, S.PUBLISHED, published_at),
            (S.PUBLISHED, S.CLOSED, fields["application_deadline"]),
            (S.CLOSED, S.COMPLETED, completed_at),
        ]
        TripStatusChange.objects.bulk_create(
            TripStatusChange(trip=trip, from_status=a, to_status=b, actor=organiser, created_at=t)
            for a, b, t in history
        )
        self._count("trips")
        return trip

    # --- employers ---------------------------------------------------------------------------

    def _employers(self) -> dict[str, tuple[Employer, User]]:
        result = {}
        for spec in data.EMPLOYERS:
            organisation, organiser = self.organisations[spec.organisation]
            member = self._user(
                spec.member_email, spec.member_name, demo=spec.member_email == data.EMPLOYER_EMAIL
            )
            employer = Employer.objects.filter(org_number=spec.org_number).first()
            if employer is None:
                employer = employer_register(
                    organisation=organisation,
                    user=member,
                    name=spec.name,
                    org_number=spec.org_number,
                    sectors=[self.sectors[code] for code in spec.sectors],
                    description=spec.description,
                    website=spec.website,
                )
                self._count("employers")
                if spec.approved:
                    employer = employer_approve(employer=employer, actor=organiser)
            elif not EmployerMembership.objects.filter(employer=employer, user=member).exists():
                EmployerMembership.objects.create(employer=employer, user=member)
            existing = set(employer.hiring_needs.values_list("role_title", flat=True))
            for need in spec.hiring_needs:
                if need.role_title not in existing:
                    hiring_need_create(
                        employer=employer,
                        role_title=need.role_title,
                        sector=self.sectors[need.sector],
                        positions=need.positions,
                        employment_type=need.employment_type,
                        description=need.description,
                    )
                    self._count("hiring needs")
            result[spec.key] = (employer, member)
        return result

    # --- candidates and applications -----------------------------------------------------------

    def _candidates(self) -> dict[str, tuple[data.CandidateSpec, Candidate]]:
        result = {}
        today = timezone.localdate(self.now)
        for spec in data.CANDIDATES:
            user = self._user(
                spec.email, spec.name, spec.language, demo=spec.email == data.CANDIDATE_EMAIL
            )
            candidate = Candidate.objects.filter(user=user).first()
            if candidate is None:
                household = bool(spec.partner_occupation or spec.children)
                move = (
                    today.replace(day=1) + timedelta(days=31 * spec.move_in_months)
                    if spec.move_in_months is not None
                    else None
                )
                candidate = candidate_create(
                    user=user,
                    name=spec.name,
                    sectors=[self.sectors[code] for code in spec.sectors],
                    consent_talent_db=True,
                    phone=spec.phone,
                    city=spec.city,
                    country=spec.country,
                    headline=spec.headline,
                    years_experience=spec.years,
                    skills=list(spec.skills),
                    languages=list(spec.languages),
                    earliest_move_date=move.replace(day=1) if move else None,
                    partner_needs_job=spec.partner_needs_job,
                    partner_occupation=spec.partner_occupation,
                    children_ages=list(spec.children),
                    residence_permit_status=spec.permit,
                    residence_permit_consent_at=self.now if spec.permit else None,
                    consent_share_at=self.now,
                    consent_share_version=CONSENT_TEXT_VERSION,
                    consent_share_household_at=self.now if household else None,
                    consent_share_contact_at=self.now,
                )
                self._count("candidates")
            result[spec.email] = (spec, candidate)
        return result

    def _applications(self) -> None:
        organiser_for = {spec.key: self.organisations[spec.organisation][1] for spec in data.TRIPS}
        for index, (spec, candidate) in enumerate(self.candidates.values()):
            for trip_key, status in spec.applications:
                trip = self.trips[trip_key]
                if Application.objects.filter(candidate=candidate, trip=trip).exists():
                    continue
                fields = {
                    "motivation": data.MOTIVATIONS[trip_key],
                    "travelling_from": f"{spec.city}, {spec.country}",
                    "dietary_needs": data.DIETARY[index % len(data.DIETARY)],
                    "accessibility_needs": "Behöver hiss" if index % 17 == 5 else "",
                }
                if trip_key == data.PAST_TRIP.key:
                    self._past_application(candidate, trip, status, organiser_for[trip_key], fields)
                    continue
                try:
                    application = application_create(candidate=candidate, trip=trip, **fields)
                    for step in APPLICATION_PATHS[status]:
                        actor = candidate.user if step == A.WITHDRAWN else organiser_for[trip_key]
                        application = application_transition(
                            application=application, actor=actor, to_status=step
                        )
                except ApplicationError as error:
                    # e.g. a re-run after the deadline when a row was deleted by hand.
                    self.skipped.append(f"application {candidate} → {trip}: {error}")
                    continue
                self._count("applications")

    def _past_application(self, candidate, trip, status, organiser, fields) -> None:
        deadline = trip.application_deadline
        submitted_at = trip.published_at + timedelta(
            days=3 + candidate.pk % 20, hours=10, minutes=16
        )
        application = Application.objects.create(
            candidate=candidate, trip=trip, status=status, created_at=submitted_at, **fields
        )
        rows = [
            ApplicationStatusChange(
                application=application,
                from_status="",
                to_status=A.SUBMITTED,
                actor=candidate.user,
                created_at=submitted_at,
            )
        ]
        previous = A.SUBMITTED
        for step, offset in PAST_APPLICATION_PATHS[status]:
            rows.append(
                ApplicationStatusChange(
                    application=application,
                    from_status=previous,
                    to_status=step,
                    actor=candidate.user if step == A.WITHDRAWN else organiser,
                    created_at=deadline + offset,
                )
            )
            previous = step
        ApplicationStatusChange.objects.bulk_create(rows)
        self._count("applications")

    # --- bookings ------------------------------------------------------------------------------

    def _bookings(self) -> None:
        for number, (trip_key, employer_key, plans) in enumerate(BOOKINGS, start=101):
            trip = self.trips[trip_key]
            employer, member = self.employers[employer_key]
            organiser = self.organisations[trip.organisation.slug][1]
            if SlotBooking.objects.filter(employer=employer, trip=trip).exists():
                continue
            try:
                for steps in plans:
                    self._booking(trip, employer, member, organiser, steps, number)
            except ApplicationError as error:
                self.skipped.append(f"booking {employer} → {trip}: {error}")
        self._past_bookings()

    def _booking(self, trip, employer, member, organiser, steps, number) -> None:
        """Through booking_hold/booking_transition, then the payment fields those leave to the
        payment flow (`employers.bookings`), which would also email the members: no emails."""
        # A hold only lives on its own while a Stripe Checkout is open; invoices skip it.
        invoice = B.PENDING_PAYMENT in steps
        method = PaymentMethod.INVOICE if invoice else PaymentMethod.STRIPE
        booking = booking_hold(employer=employer, trip=trip, actor=member, payment_method=method)
        for step in steps:
            booking = booking_transition(
                booking=booking,
                # A lapsed hold is released by the system; organisers record payments.
                actor=None if step == B.CANCELLED and not invoice else organiser,
                to_status=step,
                payment_reference=f"Faktura {self.now:%Y}-{number}" if step == B.CONFIRMED else "",
            )
        paid = {}
        if B.CONFIRMED in steps:
            paid = {"paid_at": self.now, "confirmation_sent_at": self.now}
        if B.REFUNDED in steps:
            paid |= {
                "refund_state": RefundState.DONE,
                "refund_reference": f"Kreditfaktura {self.now:%Y}-{number}",
            }
        if paid:
            SlotBooking.objects.filter(pk=booking.pk).update(**paid)
        self._count("bookings")

    def _past_bookings(self) -> None:
        trip = self.trips[data.PAST_TRIP.key]
        organiser = self.organisations[data.PAST_TRIP.organisation][1]
        for n, key in enumerate(PAST_BOOKINGS):
            employer, member = self.employers[key]
            if SlotBooking.objects.filter(employer=employer, trip=trip).exists():
                continue
            held_at = trip.published_at + timedelta(days=2 + n, hours=9, minutes=14)
            paid_at = held_at + timedelta(days=12)
            booking = SlotBooking.objects.create(
                employer=employer,
                trip=trip,
                status=B.CONFIRMED,
                amount_ore=trip.slot_price_ore,
                payment_method=PaymentMethod.INVOICE,
                payment_reference=f"Faktura {held_at:%Y}-{n + 1:03d}",
                paid_at=paid_at,
                confirmation_sent_at=paid_at,
                created_by=member,
                created_at=held_at,
            )
            history = [
                ("", B.HELD, member, held_at),
                (B.HELD, B.PENDING_PAYMENT, member, held_at),
                (B.PENDING_PAYMENT, B.CONFIRMED, organiser, paid_at),
            ]
            BookingStatusChange.objects.bulk_create(
                BookingStatusChange(
                    booking=booking, from_status=a, to_status=b, actor=actor, created_at=at
                )
                for a, b, actor, at in history
            )
            self._count("bookings")

    # --- interest registrations ----------------------------------------------------------------

    # (day 0/1, start, end, title, kind, audience, place, latitude, longitude, cancelled)
    PROGRAMME = [
        (
            0,
            (8, 30),
            (9, 0),
            "Samling vid Åre station",
            "travel",
            "everyone",
            "Åre station",
            "63.398300",
            "13.081800",
            False,
        ),
        (
            0,
            (9, 30),
            (13, 0),
            "Topptur på Åreskutan med guide",
            "activity",
            "everyone",
            "Åreskutan",
            "63.433000",
            "13.086000",
            False,
        ),
        (
            0,
            (13, 0),
            (14, 0),
            "Lunch vid vindskyddet",
            "meal",
            "everyone",
            "Rödkullen",
            "63.421500",
            "13.073000",
            False,
        ),
        (0, (14, 30), (16, 0), "Snöskovandring", "activity", "candidates", "Åre by", "", "", True),
        (
            0,
            (16, 0),
            (18, 0),
            "Fika och presentationer med arbetsgivarna",
            "employer_visit",
            "everyone",
            "Åre Torg",
            "63.398900",
            "13.081200",
            False,
        ),
        (
            0,
            (19, 0),
            (22, 0),
            "Middag i fjällstuga",
            "meal",
            "everyone",
            "Fjällgården",
            "63.404000",
            "13.092000",
            False,
        ),
        (
            0,
            (22, 0),
            (23, 30),
            "Incheckning på hotellet",
            "accommodation",
            "everyone",
            "Holiday Club Åre",
            "63.397500",
            "13.072800",
            False,
        ),
        (
            1,
            (8, 30),
            (9, 30),
            "Frukost med utsikt över Storsjön",
            "meal",
            "everyone",
            "Östersund, Stortorget",
            "63.177000",
            "14.636000",
            False,
        ),
        (
            1,
            (9, 30),
            (12, 0),
            "Möten med arbetsgivarna",
            "meetings",
            "everyone",
            "Campus Östersund",
            "63.180000",
            "14.650000",
            False,
        ),
        (
            1,
            (9, 30),
            (10, 0),
            "Arbetsgivarnas förberedelse",
            "meetings",
            "employers",
            "Campus Östersund",
            "",
            "",
            False,
        ),
        (1, (12, 0), (13, 0), "Lunch", "meal", "everyone", "Jazzköket", "", "", False),
        (
            1,
            (13, 0),
            (15, 0),
            "Stadsvandring med skola och förskola",
            "activity",
            "candidates",
            "Östersund centrum",
            "",
            "",
            False,
        ),
        (
            1,
            (13, 0),
            (14, 30),
            "Besök hos Frösö Kod AB",
            "employer_visit",
            "employer",
            "Frösön",
            "63.183000",
            "14.560000",
            False,
        ),
        (
            1,
            (15, 0),
            (16, 30),
            "Bostadsvisning med inflyttarkoordinatorn",
            "activity",
            "candidates",
            "Lugnvik",
            "",
            "",
            False,
        ),
        (
            1,
            (16, 30),
            (17, 0),
            "Hemresa från Östersund C",
            "travel",
            "everyone",
            "Östersund C",
            "63.171900",
            "14.640600",
            False,
        ),
    ]

    def _programmes(self) -> None:
        """The IT trip's two days, with items for every audience and one cancelled item.
        Written directly (no change emails); existing items are left alone."""
        from decimal import Decimal

        from employers.models import Employer
        from itineraries.models import ItineraryItem

        trip = self.trips[data.IT_TRIP.key]
        if ItineraryItem.objects.filter(trip=trip).exists():
            return
        day0 = timezone.localdate(trip.starts_at)
        visited = Employer.objects.filter(name="Frösö Kod AB").first()
        for offset, start, end, title, kind, audience, place, lat, lon, cancelled in self.PROGRAMME:
            if audience == "employer" and visited is None:
                continue
            day = day0 + timedelta(days=offset)
            ItineraryItem.objects.create(
                trip=trip,
                title=title,
                starts_at=_local(day, *start),
                ends_at=_local(day, *end),
                kind=kind,
                audience=audience,
                employer=visited if audience == "employer" else None,
                location_name=place,
                latitude=Decimal(lat) if lat else None,
                longitude=Decimal(lon) if lon else None,
                cancelled=cancelled,
            )
            self._count("programme items")

    def _interest_registrations(self) -> None:
        for n, spec in enumerate(data.INTERESTS):
            if InterestRegistration.objects.filter(email=spec.email.lower()).exists():
                continue
            registered = self.now - timedelta(days=30 - 4 * n)
            registration = InterestRegistration.objects.create(
                email=spec.email,
                name=spec.name,
                city=spec.city,
                language=spec.language,
                consent_at=registered,
                consent_version=CONSENT_TEXT_VERSION,
                confirmed_at=registered + timedelta(minutes=7) if spec.confirmed else None,
                unsubscribed_at=registered + timedelta(days=3) if spec.unsubscribed else None,
                created_at=registered,
            )
            registration.sectors.set([self.sectors[code] for code in spec.sectors])
            self._count("interest registrations")

    # --- output --------------------------------------------------------------------------------

    def _summary(self, seconds: float) -> None:
        out = self.stdout
        if self.created:
            made = ", ".join(f"{n} {kind}" for kind, n in self.created.items())
            out.write(self.style.SUCCESS(f"Demo data seeded in {seconds:.1f} s: created {made}."))
        else:
            out.write(self.style.SUCCESS(f"Demo data already present ({seconds:.1f} s)."))
        for line in self.skipped:
            out.write(self.style.WARNING(f"Skipped {line}"))
        if self.dropped:
            out.write(f"  ({self.dropped} emails/alerts the services queued were not sent.)")

        def by_status(qs) -> str:
            rows = qs.values("status").annotate(n=Count("id")).order_by("status")
            return ", ".join(f"{row['status']} {row['n']}" for row in rows)

        approved = Employer.objects.filter(approved_at__isnull=False).count()
        confirmed = InterestRegistration.objects.filter(confirmed_at__isnull=False).count()
        out.write(f"  Organisations:  {Organisation.objects.count()}")
        out.write(f"  Trips:          {by_status(Trip.objects)}")
        out.write(
            f"  Employers:      {Employer.objects.count()} ({approved} approved), "
            f"{HiringNeed.objects.count()} hiring needs"
        )
        out.write(f"  Candidates:     {Candidate.objects.count()}")
        out.write(f"  Applications:   {by_status(Application.objects)}")
        out.write(f"  Bookings:       {by_status(SlotBooking.objects)}")
        out.write(
            f"  Interest:       {InterestRegistration.objects.count()} ({confirmed} confirmed)"
        )
        out.write("")
        out.write(f'Demo logins (password "{data.DEMO_PASSWORD}"):')
        rows = [
            (f"organiser ({data.OSTERSUND.name})", data.ORGANISER_EMAIL),
            (f"employer ({data.EMPLOYERS[0].name})", data.EMPLOYER_EMAIL),
            (f"candidate ({data.CANDIDATES[0].name})", data.CANDIDATE_EMAIL),
        ]
        width = max(len(role) for role, _ in rows)
        out.write(f"  {'role'.ljust(width)}  email")
        for role, email in rows:
            out.write(f"  {role.ljust(width)}  {email}")
