"""Candidate-side writes: profiles and applications. Capacity rules live here, once."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import AlreadyExists, CapacityExceeded, DeadlinePassed, InvalidTransition
from core.transitions import check_transition
from events.models import Trip, TripStatus

from .models import (
    CONSENT_TEXT_VERSION,
    Application,
    ApplicationStatus,
    ApplicationStatusChange,
    Candidate,
)

A = ApplicationStatus
# Organisers move applications along these edges; candidates may only withdraw.
APPLICATION_TRANSITIONS: dict[str, frozenset[str]] = {
    A.SUBMITTED: frozenset({A.SHORTLISTED, A.ACCEPTED, A.WAITLISTED, A.DECLINED, A.WITHDRAWN}),
    A.SHORTLISTED: frozenset({A.ACCEPTED, A.WAITLISTED, A.DECLINED, A.WITHDRAWN}),
    A.WAITLISTED: frozenset({A.ACCEPTED, A.DECLINED, A.WITHDRAWN}),
    A.ACCEPTED: frozenset({A.WITHDRAWN, A.ATTENDED, A.NO_SHOW}),
    A.DECLINED: frozenset(),
    A.WITHDRAWN: frozenset(),
    A.ATTENDED: frozenset(),
    A.NO_SHOW: frozenset(),
}
AFTER_TRIP_STATUSES = frozenset({A.ATTENDED, A.NO_SHOW})


def candidate_create(
    *, user, name: str, sectors, consent_talent_db: bool = False, **fields
) -> Candidate:
    now = timezone.now()
    candidate = Candidate.objects.create(
        user=user,
        name=name,
        email=user.email,
        consent_talent_db_at=now if consent_talent_db else None,
        consent_talent_db_version=CONSENT_TEXT_VERSION if consent_talent_db else "",
        **fields,
    )
    candidate.sectors.set(sectors)
    return candidate


@transaction.atomic
def application_create(*, candidate: Candidate, trip: Trip, **fields) -> Application:
    """Apply to a published trip before its deadline; one application per candidate and trip."""
    trip = Trip.objects.select_for_update().get(pk=trip.pk)
    if trip.status != TripStatus.PUBLISHED:
        raise InvalidTransition(_("This trip is not open for applications."))
    if trip.application_deadline <= timezone.now():
        raise DeadlinePassed(_("The application deadline for this trip has passed."))
    if Application.objects.filter(candidate=candidate, trip=trip).exists():
        raise AlreadyExists(_("You have already applied to this trip."))
    application = Application.objects.create(candidate=candidate, trip=trip, **fields)
    ApplicationStatusChange.objects.create(
        application=application, from_status="", to_status=A.SUBMITTED, actor=candidate.user
    )
    return application


@transaction.atomic
def application_transition(*, application: Application, actor, to_status: str) -> Application:
    """Move an application along the table. Accepting locks the trip row and checks capacity.

    Side effects: one ApplicationStatusChange row. Raises InvalidTransition (409) naming the
    current status, CapacityExceeded (409) when the trip is full.
    """
    # Lock the trip first (the capacity parent), then the application: one order everywhere.
    trip = Trip.objects.select_for_update().get(pk=application.trip_id)
    application = Application.objects.select_for_update().get(pk=application.pk)
    check_transition(
        table=APPLICATION_TRANSITIONS,
        labels=dict(A.choices),
        current=application.status,
        target=to_status,
    )
    if to_status == A.ACCEPTED:
        accepted = Application.objects.filter(trip=trip, status=A.ACCEPTED).count()
        if accepted >= trip.candidate_capacity:
            raise CapacityExceeded(
                _("The trip is full: all %(n)d places are taken. Waitlist the candidate instead.")
                % {"n": trip.candidate_capacity},
                extra={"capacity": trip.candidate_capacity},
            )
    if to_status in AFTER_TRIP_STATUSES and trip.starts_at > timezone.now():
        raise InvalidTransition(_("Attendance can be recorded only once the trip has started."))
    ApplicationStatusChange.objects.create(
        application=application, from_status=application.status, to_status=to_status, actor=actor
    )
    application.status = to_status
    application.save(update_fields=["status", "updated_at"])
    return application


def application_withdraw(*, application: Application, actor) -> Application:
    """The candidate withdraws; allowed until the trip starts."""
    if application.trip.starts_at <= timezone.now():
        raise DeadlinePassed(_("The trip has started; the application can no longer be withdrawn."))
    return application_transition(application=application, actor=actor, to_status=A.WITHDRAWN)


# --- Web sign-up (added with the web skeleton) ---------------------------------------------


@transaction.atomic
def candidate_sign_up(
    *,
    email: str,
    password: str,
    name: str,
    sectors,
    consent_talent_db: bool = False,
    language: str = "sv",
) -> Candidate:
    """Create a login and its candidate profile together, or neither.

    Raises AlreadyExists (naming the `email` field) when the email is taken.
    """
    from django.db import IntegrityError

    from core.services import user_create

    try:
        with transaction.atomic():
            user = user_create(email=email, password=password, full_name=name, language=language)
    except IntegrityError as error:  # a concurrent sign-up with the same email won the race
        raise AlreadyExists(
            _("An account with this email address already exists."),
            extra={"fields": {"email": [_("Already registered.")]}},
        ) from error
    return candidate_create(
        user=user, name=name, sectors=sectors, consent_talent_db=consent_talent_db
    )
