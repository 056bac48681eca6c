"""The one world the permission matrix (test_permission_matrix.py) requests every URL in.

A published trip of organisation A ("matrix-trip") with: two accepted candidates who share
their profile and has a CV, a meeting block and a booked meeting, a programme item, a draft
message, three employers of organisation A (one with a confirmed invoiced booking and its
invoice, one without a booking, one whose booking was cancelled), a hiring need, a pack mark,
a follow-up case with a task and a contact entry, open invitations (organiser, coordinator,
employer member), a second organiser, a second employer member — and the eleven people of the
matrix's roles, each with a session and an API token.
"""

from datetime import timedelta
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.base import ContentFile
from django.utils import timezone

from core.services import api_token_create
from employers.invoices import invoice_issue
from employers.models import EmployerInvitation
from events.models import OrganiserInvitation
from followup.models import (
    CaseTask,
    ContactEntry,
    CoordinatorInvitation,
    CoordinatorMembership,
    FollowUpCase,
)
from itineraries.models import ItineraryItem, Meeting
from messaging.models import TripMessage
from packs.models import PackMark

from ..factories import (
    BILLING,
    ApplicationFactory,
    CandidateFactory,
    EmployerFactory,
    EmployerMemberFactory,
    HiringNeedFactory,
    OrganisationFactory,
    OrganiserFactory,
    SlotBookingFactory,
    TripFactory,
    UserFactory,
)
from ..signin import mark_session_signed_in

# The roles, in the order of each row's codes.
ROLES = (
    "anonymous",
    "candidate",  # accepted on the trip, shares their profile
    "other_candidate",  # accepted on the same trip, shares their profile too
    "employer_booked",  # member of an employer with a confirmed booking on the trip
    "employer_unbooked",  # member of an approved employer of organisation A, no booking
    "employer_cancelled",  # member of an employer whose booking on the trip was cancelled
    "organiser",  # organiser of organisation A (the trip's)
    "other_organiser",  # organiser of organisation B
    "coordinator",  # follow-up coordinator of organisation A
    "staff",  # is_staff, no organisation
    "superuser",
)

# What only the candidate, the trip's organisers, its booked employers (and the organisation's
# coordinators, for the case) may read. A 200 to anyone else that contains one of them is
# recorded as "200!" (see test_permission_matrix.OUTSIDERS).
SECRETS = (
    "Ada Matrixson",
    "ada.matrixson@example.test",
    "070-555 01 23",
    "Moving north for the skiing and the quiet",
    "Internal: worried about preschool places",
    "Strong Django, weak on CSS",
)

# What organisation A keeps to itself (its follow-up work, its draft messages, whom it
# invited). A 200 to an organiser of organisation B that contains one is "200!" too.
# (Hiring needs are not among them: job_list and the trip's page publish them.)
ORGANISATION_SECRETS = (
    "Call back about housing in Åre",
    "Draft: hotel rooms for the trip",
    "new-organiser@example.test",
)


def _session_key(user) -> str:
    """A logged-in session of `user`, as `Client.force_login` would make it."""
    session = SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    # Organisers' and coordinators' sessions have passed the second step (issue 14.7).
    mark_session_signed_in(session, user, verified=True)
    return session.session_key


def build_world() -> SimpleNamespace:
    now = timezone.now()
    org_a = OrganisationFactory(name="Kommun A", slug="kommun-a", **BILLING)
    org_b = OrganisationFactory(name="Kommun B", slug="kommun-b")
    organiser = OrganiserFactory(organisation=org_a).user
    second_organiser = OrganiserFactory(organisation=org_a)
    other_organiser = OrganiserFactory(organisation=org_b).user
    trip = TripFactory(organisation=org_a, status="published", slug="matrix-trip")
    block = ItineraryItem.objects.create(
        trip=trip,
        title="Meetings",
        kind="meetings",
        audience="everyone",
        starts_at=trip.starts_at + timedelta(hours=1),
        ends_at=trip.starts_at + timedelta(hours=3),
    )
    item = ItineraryItem.objects.create(
        trip=trip,
        title="Fika",
        kind="meal",
        audience="everyone",
        starts_at=trip.starts_at + timedelta(hours=4),
        ends_at=trip.starts_at + timedelta(hours=5),
    )

    candidate = CandidateFactory(
        user=UserFactory(full_name=SECRETS[0], email=SECRETS[1]),
        phone=SECRETS[2],
    )
    candidate.cv.save("matrix-cv.pdf", ContentFile(b"%PDF-1.7\nmatrix"))
    application = ApplicationFactory(
        candidate=candidate,
        trip=trip,
        status="accepted",
        motivation=SECRETS[3],
        share_consent_at=now,
        share_consent_version="2026-01",
    )
    other_candidate = CandidateFactory()
    other_application = ApplicationFactory(
        candidate=other_candidate,
        trip=trip,
        status="accepted",
        motivation="Hiking all year",
        share_consent_at=now,
        share_consent_version="2026-01",
    )

    booked = EmployerFactory(organisation=org_a, name="Booked AB", slug="booked-ab")
    booking = SlotBookingFactory(
        employer=booked,
        trip=trip,
        status="confirmed",
        hold_expires_at=None,
        payment_method="invoice",
    )
    invoice = invoice_issue(booking=booking)
    assert invoice is not None, "the booking's invoice"
    booked_member = EmployerMemberFactory(employer=booked).user
    second_member = EmployerMemberFactory(employer=booked)
    unbooked = EmployerFactory(organisation=org_a, name="Unbooked AB", slug="unbooked-ab")
    unbooked_member = EmployerMemberFactory(employer=unbooked).user
    cancelled = EmployerFactory(organisation=org_a, name="Cancelled AB", slug="cancelled-ab")
    cancelled_booking = SlotBookingFactory(
        employer=cancelled, trip=trip, status="cancelled", hold_expires_at=None
    )
    cancelled_member = EmployerMemberFactory(employer=cancelled).user
    pending_employer = EmployerFactory(organisation=org_a, approved_at=None, slug="pending-ab")
    need = HiringNeedFactory(employer=booked)

    # A trip that has happened: the candidate attended and met the booked employer there.
    past_trip = TripFactory(
        organisation=org_a,
        status="completed",
        slug="matrix-past-trip",
        starts_at=now - timedelta(days=40),
        ends_at=now - timedelta(days=38),
        application_deadline=now - timedelta(days=50),
    )
    past_block = ItineraryItem.objects.create(
        trip=past_trip,
        title="Meetings",
        kind="meetings",
        audience="everyone",
        starts_at=past_trip.starts_at + timedelta(hours=1),
        ends_at=past_trip.starts_at + timedelta(hours=3),
    )
    past_application = ApplicationFactory(
        candidate=candidate, trip=past_trip, status="attended", motivation=SECRETS[3]
    )
    SlotBookingFactory(employer=booked, trip=past_trip, status="confirmed", hold_expires_at=None)
    SlotBookingFactory(employer=cancelled, trip=past_trip, status="cancelled", hold_expires_at=None)
    Meeting.objects.create(
        trip=past_trip,
        application=past_application,
        employer=booked,
        block=past_block,
        starts_at=past_block.starts_at,
        ends_at=past_block.starts_at + timedelta(minutes=20),
    )

    meeting = Meeting.objects.create(
        trip=trip,
        application=application,
        employer=booked,
        block=block,
        starts_at=block.starts_at,
        ends_at=block.starts_at + timedelta(minutes=20),
    )
    PackMark.objects.create(employer=booked, application=application, note=SECRETS[5])
    message = TripMessage.objects.create(
        trip=trip,
        author=organiser,
        audience="applicants",
        subject=ORGANISATION_SECRETS[1],
        body="Välkommen",
    )

    coordinator = UserFactory()
    coordinator_membership = CoordinatorMembership.objects.create(
        organisation=org_a, user=coordinator
    )
    case = FollowUpCase.objects.create(
        organisation=org_a, candidate=candidate, name=candidate.name, source="trip"
    )
    task = CaseTask.objects.create(
        case=case, kind="call_back", title=ORGANISATION_SECRETS[0], due_on=timezone.localdate()
    )
    ContactEntry.objects.create(case=case, channel="phone", note=SECRETS[4])

    expires = now + timedelta(days=7)
    organiser_invitation = OrganiserInvitation.objects.create(
        organisation=org_a, email=ORGANISATION_SECRETS[2], expires_at=expires
    )
    coordinator_invitation = CoordinatorInvitation.objects.create(
        organisation=org_a, email="new-coordinator@example.test", expires_at=expires
    )
    employer_invitation = EmployerInvitation.objects.create(
        employer=booked, email="new-member@example.test", expires_at=expires
    )

    staff = UserFactory(is_staff=True)
    superuser = UserFactory(is_staff=True, is_superuser=True)
    people = {
        "anonymous": None,
        "candidate": candidate.user,
        "other_candidate": other_candidate.user,
        "employer_booked": booked_member,
        "employer_unbooked": unbooked_member,
        "employer_cancelled": cancelled_member,
        "organiser": organiser,
        "other_organiser": other_organiser,
        "coordinator": coordinator,
        "staff": staff,
        "superuser": superuser,
    }
    assert tuple(people) == ROLES
    sessions = {role: user and _session_key(user) for role, user in people.items()}
    tokens = {role: user and api_token_create(user=user)[1] for role, user in people.items()}

    w = SimpleNamespace(**locals())
    w.kwargs = {
        # Values for URL keyword arguments by name; per-pattern overrides in matrix.PK_OF.
        "slug": trip.slug,
        "past_slug": past_trip.slug,
        "org": org_a.slug,
        "employer_slug": booked.slug,
        "application_id": application.pk,
        "booking_id": booking.pk,
        "meeting_id": meeting.pk,
        "item_id": item.pk,
        "invoice_id": invoice.pk,
        "case_id": case.pk,
        "task_id": task.pk,
        "need_id": need.pk,
        "candidate_id": candidate.pk,
        "purpose": "household",
        # Links from emails carry a signed token: without a valid one nobody gets in.
        "token": "not-a-valid-token",
        "key": "not-a-valid-key",
        "uidb64": "MQ",
    }
    return w
