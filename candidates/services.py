"""Candidate-side writes: profiles and applications. Capacity rules live here, once."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.exceptions import (
    AlreadyExists,
    CapacityExceeded,
    DeadlinePassed,
    InvalidTransition,
    ValidationFailed,
)
from core.models import User
from core.services import user_create
from core.tasks import enqueue_on_commit
from core.transitions import check_transition, status_history_record, status_transition
from events.models import Sector, Trip, TripStatus
from events.services import validation_failed

from .consents import consent_set
from .models import (
    ApplicantNote,
    Application,
    ApplicationStatus,
    Candidate,
    ConsentPurpose,
    ConsentVia,
)
from .talent import interest_link_to_user
from .tasks import (
    email_address,
    email_applicant,
    email_application_status,
    expire_waitlist_offer,
)
from .validators import validate_children_ages, validate_cv

A = ApplicationStatus
# Packs show applications and profiles; the packs app depends on this one, so its rebuild
# task is named by path (see core.tasks).
PACK_REFRESH = "packs.tasks.refresh_pack_documents"
# So are itinerary PDFs (names, meetings, practical information), in the itineraries app.
ITINERARY_REFRESH = "itineraries.tasks.refresh_itinerary_documents"
# Meetings of someone who no longer takes part (withdrawn, stopped sharing) are cancelled.
MEETINGS_RELEASE = "itineraries.tasks.release_meetings"
# Everyone who attended a trip gets a follow-up case (the followup app sits above this one).
FOLLOWUP_OPEN_CASES = "followup.tasks.open_cases"
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
    *,
    user: User,
    name: str,
    sectors: Iterable[Sector],
    consent_talent_db: bool = False,
    via: str = ConsentVia.WEB,
    **fields: Any,
) -> Candidate:
    """Create a profile; the talent-database consent, if given, through consents.consent_set
    (so it has its event)."""
    candidate = Candidate.objects.create(user=user, name=name, email=user.email, **fields)
    candidate.sectors.set(sectors)
    if consent_talent_db:
        consent_set(
            candidate=candidate,
            purpose=ConsentPurpose.TALENT_DB,
            granted=True,
            via=via,
            actor=user,
        )
        candidate.refresh_from_db()

    interest_link_to_user(user=user)
    return candidate


@transaction.atomic
def application_create(*, candidate: Candidate, trip: Trip, **fields: Any) -> Application:
    """Apply to a published trip before its deadline; one application per candidate and trip."""
    trip = Trip.objects.select_for_update().get(pk=trip.pk)
    if trip.status != TripStatus.PUBLISHED:
        raise InvalidTransition(_("This trip is not open for applications."))
    if trip.application_deadline <= timezone.now():
        raise DeadlinePassed(_("The application deadline for this trip has passed."))
    if Application.objects.filter(candidate=candidate, trip=trip).exists():
        raise AlreadyExists(_("You have already applied to this trip."))
    application = Application.objects.create(candidate=candidate, trip=trip, **fields)
    status_history_record(application, from_status="", to_status=A.SUBMITTED, actor=candidate.user)
    enqueue_on_commit(
        email_application_status, application_id=application.pk, status=application.status
    )
    return application


def _live_offers(trip: Trip, now: datetime) -> QuerySet[Application]:
    return Application.objects.filter(trip=trip, status=A.WAITLISTED, offer_expires_at__gt=now)


def _places_taken(trip: Trip, *, now: datetime, excluding: Application | None = None) -> int:
    """Accepted candidates plus places reserved by live waitlist offers."""
    offers = _live_offers(trip, now)
    if excluding is not None:
        offers = offers.exclude(pk=excluding.pk)
    return Application.objects.filter(trip=trip, status=A.ACCEPTED).count() + offers.count()


def _move(application: Application, *, to_status: str, actor: User | None) -> Application:
    status_transition(
        application,
        table=APPLICATION_TRANSITIONS,
        labels=dict(A.choices),
        to_status=to_status,
        actor=actor,
        changes={"offer_expires_at": None},
        update_fields=["updated_at"],
    )
    enqueue_on_commit(
        email_application_status, application_id=application.pk, status=application.status
    )
    enqueue_on_commit(PACK_REFRESH, trip_ids=[application.trip_id])
    enqueue_on_commit(ITINERARY_REFRESH, trip_ids=[application.trip_id])
    enqueue_on_commit(MEETINGS_RELEASE, trip_ids=[application.trip_id])
    if to_status == A.ATTENDED:
        enqueue_on_commit(FOLLOWUP_OPEN_CASES, trip_id=application.trip_id)
    return application


def _accept(
    application: Application, *, trip: Trip, actor: User | None, now: datetime
) -> Application:
    if _places_taken(trip, now=now, excluding=application) >= trip.candidate_capacity:
        raise CapacityExceeded(
            _("The trip is full: all %(n)d places are taken. Waitlist the candidate instead.")
            % {"n": trip.candidate_capacity},
            extra={"capacity": trip.candidate_capacity},
        )
    return _move(application, to_status=A.ACCEPTED, actor=actor)


def _transition_locked(
    application: Application, *, trip: Trip, actor: User | None, to_status: str, now: datetime
) -> Application:
    if trip.status == TripStatus.CANCELLED and to_status != A.WITHDRAWN:
        raise InvalidTransition(
            _("The trip is cancelled: its applications can only be withdrawn."),
            extra={"current_status": application.status},
        )
    if to_status in AFTER_TRIP_STATUSES and trip.starts_at > now:
        raise InvalidTransition(_("Attendance can be recorded only once the trip has started."))
    was_accepted = application.status == A.ACCEPTED
    if to_status == A.ACCEPTED:
        check_transition(
            table=APPLICATION_TRANSITIONS,
            labels=dict(A.choices),
            current=application.status,
            target=to_status,
        )
        application = _accept(application, trip=trip, actor=actor, now=now)
    else:
        application = _move(application, to_status=to_status, actor=actor)
    if was_accepted and to_status == A.WITHDRAWN:
        _offer_next_place(trip=trip, now=now)
    return application


@transaction.atomic
def application_transition(
    *, application: Application, actor: User | None, to_status: str
) -> Application:
    """Move an application along the table. Accepting locks the trip row and checks capacity
    (accepted candidates plus live waitlist offers).

    Side effects: an ApplicationStatusChange row; an email to the candidate after commit;
    when an accepted candidate withdraws, the place is offered to the first waitlisted one.
    Raises InvalidTransition (409) naming the current status, CapacityExceeded (409).
    """
    # Lock the trip first (the capacity parent), then the application: one order everywhere.
    trip = Trip.objects.select_for_update().get(pk=application.trip_id)
    application = Application.objects.select_for_update().get(pk=application.pk)
    return _transition_locked(
        application, trip=trip, actor=actor, to_status=to_status, now=timezone.now()
    )


@transaction.atomic
def applications_bulk_transition(
    *, applications: list[Application], actor: User | None, to_status: str
) -> list[Application]:
    """Move several applications of ONE trip at once, all or nothing (capacity included)."""
    trip_ids = {a.trip_id for a in applications}
    if len(trip_ids) != 1:
        raise InvalidTransition(_("Choose applications of one trip."))
    trip = Trip.objects.select_for_update().get(pk=trip_ids.pop())
    now = timezone.now()
    locked = Application.objects.select_for_update().filter(pk__in=[a.pk for a in applications])
    done = []
    for application in locked.select_related("candidate").order_by("created_at", "id"):
        try:
            done.append(
                _transition_locked(
                    application, trip=trip, actor=actor, to_status=to_status, now=now
                )
            )
        except (InvalidTransition, CapacityExceeded) as error:
            raise type(error)(
                _("%(name)s: %(message)s — nothing was changed.")
                % {"name": application.candidate.name, "message": error.message},
                extra=error.extra,
            ) from error
    return done


def application_withdraw(*, application: Application, actor: User | None) -> Application:
    """The candidate withdraws; allowed until the trip starts."""
    if application.trip.starts_at <= timezone.now():
        raise DeadlinePassed(_("The trip has started; the application can no longer be withdrawn."))
    return application_transition(application=application, actor=actor, to_status=A.WITHDRAWN)


# --- Waitlist offers ------------------------------------------------------------------------

_OFFER_SALT = "candidates.waitlist.offer"


def waitlist_offer_token(application: Application) -> str:
    """The same token for the same offer (no timestamp: the offer carries its own expiry),
    so the email and the dashboard show one link."""
    assert application.offer_expires_at is not None  # only an offer has a token
    return signing.Signer(salt=_OFFER_SALT).sign_object(
        {"a": application.pk, "x": application.offer_expires_at.isoformat()}
    )


def _offer_next_place(*, trip: Trip, now: datetime) -> Application | None:
    """Offer a freed place to the first waitlisted candidate without an offer (we hold the
    trip lock). The offer reserves the place until it expires (WAITLIST_OFFER_DURATION)."""
    _expire_stale_offers(trip=trip, now=now)
    if trip.status == TripStatus.CANCELLED:
        return None  # nothing left to offer
    if _places_taken(trip, now=now) >= trip.candidate_capacity:
        return None
    candidate = (
        Application.objects.select_for_update()
        .filter(trip=trip, status=A.WAITLISTED, offer_expires_at__isnull=True)
        .order_by("updated_at", "id")
        .first()
    )
    if candidate is None:
        return None
    candidate.offer_expires_at = min(now + settings.WAITLIST_OFFER_DURATION, trip.starts_at)
    candidate.save(update_fields=["offer_expires_at", "updated_at"])
    status_history_record(candidate, from_status=A.WAITLISTED, to_status=A.WAITLISTED, actor=None)
    _offer_email_and_expiry(candidate)
    return candidate


def offer_deadline_text(application: Application, *, language: str) -> str:
    """The offer's deadline as its recipient reads it: local time, their language."""
    with translation.override(language or settings.LANGUAGE_CODE):
        return date_format(timezone.localtime(application.offer_expires_at), "j F Y, H:i")


def _offer_email_and_expiry(application: Application) -> None:
    token = waitlist_offer_token(application)
    user = application.candidate.user
    context = {
        "trip_id": application.trip_id,
        "trip_title": application.trip.title,
        "name": application.candidate.name,
        "accept_path": f"/offers/{token}/accept/",
        "decline_path": f"/offers/{token}/decline/",
        "expires_at": offer_deadline_text(application, language=user.language),
        "time_zone": timezone.get_current_timezone_name(),
    }
    enqueue_on_commit(
        email_address,
        email=user.email,
        language=user.language,
        template="waitlist_offer",
        context=context,
    )
    enqueue_on_commit(
        expire_waitlist_offer, run_after=application.offer_expires_at, application_id=application.pk
    )


def _expire_stale_offers(*, trip: Trip, now: datetime) -> None:
    for application in Application.objects.select_for_update().filter(
        trip=trip, status=A.WAITLISTED, offer_expires_at__lte=now
    ):
        _move(application, to_status=A.DECLINED, actor=None)


def waitlist_offer_open(*, token: str) -> Application:
    """The application a waitlist-offer link is for, if the offer is still open (for the
    page that asks to accept or decline). Changes nothing. Raises ValidationFailed for a bad
    link, InvalidTransition or DeadlinePassed for an offer that is no longer open."""
    application = _offer_from_token(token)
    _check_offer_open(application, now=timezone.now())
    return application


def _check_offer_open(application: Application, *, now: datetime) -> None:
    if application.status != A.WAITLISTED or application.offer_expires_at is None:
        raise InvalidTransition(
            _("This offer is no longer open (the application is %(s)s).")
            % {"s": application.get_status_display().lower()},
            extra={"current_status": application.status},
        )
    if application.offer_expires_at <= now:
        raise DeadlinePassed(_("This offer has expired."))


def _offer_from_token(token: str) -> Application:
    try:
        data = signing.Signer(salt=_OFFER_SALT).unsign_object(token)
    except signing.BadSignature as error:
        raise ValidationFailed(_("This link is not valid.")) from error
    application = Application.objects.filter(pk=data.get("a")).first()
    if application is None:
        raise ValidationFailed(_("This link is not valid."))
    return application


def _locked_offer(token: str) -> tuple[Application, Trip]:
    application = _offer_from_token(token)
    trip = Trip.objects.select_for_update().get(pk=application.trip_id)
    application = Application.objects.select_for_update().get(pk=application.pk)
    _check_offer_open(application, now=timezone.now())
    return application, trip


@transaction.atomic
def waitlist_offer_accept(*, token: str) -> Application:
    """The candidate takes the offered place (from the emailed link)."""
    application, trip = _locked_offer(token)
    return _accept(application, trip=trip, actor=application.candidate.user, now=timezone.now())


@transaction.atomic
def waitlist_offer_decline(*, token: str) -> Application:
    """The candidate turns the offered place down; the next waitlisted candidate is offered."""
    application, trip = _locked_offer(token)
    now = timezone.now()
    application = _move(application, to_status=A.WITHDRAWN, actor=application.candidate.user)
    _offer_next_place(trip=trip, now=now)
    return application


@transaction.atomic
def waitlist_offer_expire(*, application_id: int) -> Application | None:
    """An unanswered offer lapses: the application is declined and the next one offered."""
    application = Application.objects.filter(pk=application_id).first()
    if application is None:
        return None
    trip = Trip.objects.select_for_update().get(pk=application.trip_id)
    now = timezone.now()
    _expire_stale_offers(trip=trip, now=now)
    _offer_next_place(trip=trip, now=now)
    return Application.objects.get(pk=application_id)


# --- A cancelled trip ------------------------------------------------------------------------

# Applicants still in the running, or with a place: they are told that the trip is cancelled.
# (Declined and withdrawn applicants have left it already.)
OPEN_APPLICATION_STATUSES = (A.SUBMITTED, A.SHORTLISTED, A.WAITLISTED, A.ACCEPTED)


@dataclass(frozen=True)
class ApplicationsOfCancelledTrip:
    told: int
    offers_ended: int


def applications_trip_cancelled(
    *, trip: Trip, actor: User | None, reason: str = ""
) -> ApplicationsOfCancelledTrip:
    """What a trip's cancellation does to its applications. The caller holds the trip lock
    (`backoffice.services.trip_cancel`, which also moves the trip's status).

    Statuses are kept — they record what was decided; the candidate dashboard shows
    "Trip cancelled" beside them — but every waitlist offer ends (`offer_expires_at` cleared,
    so no place can be taken), and no place is offered again. After commit: one email per
    open applicant (OPEN_APPLICATION_STATUSES) in their language, and the packs are rebuilt.
    """
    applications = list(
        Application.objects.select_for_update()
        .filter(trip=trip, status__in=OPEN_APPLICATION_STATUSES)
        .order_by("created_at", "id")
    )
    now = timezone.now()
    offers_ended = 0
    for application in applications:
        if application.offer_expires_at is not None:  # a lapsed one too: none stays behind
            if application.offer_expires_at > now:
                offers_ended += 1
            application.offer_expires_at = None
            application.save(update_fields=["offer_expires_at", "updated_at"])
        enqueue_on_commit(
            email_applicant,
            application_id=application.pk,
            template="trip_cancelled_applicant",
            context={"reason": reason},
        )
    if applications:
        enqueue_on_commit(PACK_REFRESH, trip_ids=[trip.pk])
        enqueue_on_commit(ITINERARY_REFRESH, trip_ids=[trip.pk])
    return ApplicationsOfCancelledTrip(told=len(applications), offers_ended=offers_ended)


# --- Profiles -------------------------------------------------------------------------------

PROFILE_FIELDS = (
    "name",
    "phone",
    "city",
    "country",
    "headline",
    "years_experience",
    "skills",
    "languages",
    "earliest_move_date",
    "partner_needs_job",
    "partner_occupation",
    "children_ages",
    # Optional, for anonymous statistics only (funder reports).
    "gender",
    "birth_year",
    "born_abroad",
)
CONSENTS = {
    # argument name → its purpose (candidates.consents.consent_set writes each change)
    "consent_talent_db": ConsentPurpose.TALENT_DB,
    "consent_share_household": ConsentPurpose.HOUSEHOLD,
    "consent_share_contact": ConsentPurpose.CONTACT,
    "consent_residence_permit": ConsentPurpose.RESIDENCE_PERMIT,
}


@transaction.atomic
def candidate_profile_update(
    *,
    candidate: Candidate,
    actor: User | None,
    sectors: Iterable[Sector] | None = None,
    cv: File | None = None,
    remove_cv: bool = False,
    residence_permit_status: str | None = None,
    via: str = ConsentVia.WEB,
    **changes: Any,
) -> Candidate:
    """Edit a profile. Consents are booleans (`consent_share_household=True`), each given or
    withdrawn through consents.consent_set (an event with `via`; only changes are recorded),
    all or nothing with the rest of the edit. Without the residence-permit consent the permit
    status is not stored (and is erased when the consent is withdrawn). A CV must pass
    validators.validate_cv. Sharing with a trip's employers is asked per trip (consent_set
    with ConsentPurpose.SHARE_TRIP), not here."""

    consents = {k: changes.pop(k) for k in list(changes) if k in CONSENTS}
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown profile fields: {sorted(unknown)}")
    for name, given in consents.items():
        if given is not None:
            consent_set(
                candidate=candidate, purpose=CONSENTS[name], granted=given, via=via, actor=actor
            )
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    for name, value in changes.items():
        setattr(candidate, name, value)
    if residence_permit_status is not None:
        candidate.residence_permit_status = residence_permit_status
    if candidate.residence_permit_consent_at is None:
        candidate.residence_permit_status = ""
    errors: dict[str, list[str]] = {}
    try:
        validate_children_ages(candidate.children_ages)
    except ValidationError as error:
        errors["children_ages"] = error.messages
    for field in ("skills", "languages"):
        value = getattr(candidate, field)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            errors[field] = [_("Give a list of words.")]
        else:
            setattr(candidate, field, [v.strip() for v in value if v.strip()][:50])
    if candidate.birth_year is not None and not (
        1900 <= candidate.birth_year <= timezone.localdate().year
    ):
        errors["birth_year"] = [
            _("Give a year between 1900 and %(year)d.") % {"year": timezone.localdate().year}
        ]
    if cv is not None:
        try:
            validate_cv(cv)
        except ValidationError as error:
            errors["cv"] = error.messages
    if errors:
        raise ValidationFailed(next(iter(errors.values()))[0], extra={"fields": errors})
    try:
        candidate.full_clean(exclude=["user", "sectors", "cv"])
    except ValidationError as error:
        raise validation_failed(error) from error
    if remove_cv and candidate.cv:
        candidate.cv.delete(save=False)
        candidate.cv = ""
    if cv is not None:
        if candidate.cv:
            candidate.cv.delete(save=False)
        candidate.cv.save("cv.pdf", cv, save=False)
    candidate.save()
    if sectors is not None:
        if not sectors:
            raise ValidationFailed(
                _("Choose at least one sector."), extra={"fields": {"sectors": [_("Required.")]}}
            )
        candidate.sectors.set(sectors)
    trip_ids = sorted(set(candidate.applications.values_list("trip_id", flat=True)))
    if trip_ids:
        enqueue_on_commit(PACK_REFRESH, trip_ids=trip_ids)
        enqueue_on_commit(ITINERARY_REFRESH, trip_ids=trip_ids)
        enqueue_on_commit(MEETINGS_RELEASE, trip_ids=trip_ids)
    return candidate


# --- Organisers' notes ----------------------------------------------------------------------


def applicant_note_add(
    *, application: Application, author: User | None, text: str
) -> ApplicantNote:
    text = text.strip()
    if not text:
        raise ValidationFailed(
            _("The note is empty."), extra={"fields": {"text": [_("Required.")]}}
        )
    return ApplicantNote.objects.create(application=application, author=author, text=text)


# --- Practical information for a participant (issue 12.2) -----------------------------------

PRACTICAL_FIELDS = ("travel", "accommodation", "room_sharing")


@transaction.atomic
def application_practical_set(
    *,
    application: Application,
    actor: User | None,
    travel: str,
    accommodation: str,
    room_sharing: str,
) -> Application:
    """Set the practical information an organiser enters for a participant: travel (train or
    flight), accommodation and room sharing, printed in their itinerary and shown on their
    dashboard. Blank clears a field. Locks the application; a change moves `updated_at`
    (what the itinerary's fingerprint reads), no change saves nothing. The caller checks
    that `actor` organises the trip (the back office's `managed_trip`)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    values = {
        "travel": travel.strip(),
        "accommodation": accommodation.strip(),
        "room_sharing": room_sharing.strip(),
    }
    if all(getattr(application, name) == value for name, value in values.items()):
        return application
    for name, value in values.items():
        setattr(application, name, value)
    others = [f.name for f in Application._meta.concrete_fields if f.name not in PRACTICAL_FIELDS]
    try:
        application.clean_fields(exclude=others)
    except ValidationError as error:
        raise validation_failed(error) from error
    application.save(update_fields=[*PRACTICAL_FIELDS, "updated_at"])
    enqueue_on_commit(ITINERARY_REFRESH, trip_ids=[application.trip_id])
    return application


# --- Web sign-up (added with the web skeleton) ---------------------------------------------


@transaction.atomic
def candidate_sign_up(
    *,
    email: str,
    password: str,
    name: str,
    sectors: Iterable[Sector],
    consent_talent_db: bool = False,
    language: str = "sv",
    via: str = ConsentVia.WEB,
) -> Candidate:
    """Create a login and its candidate profile together, or neither.

    Raises AlreadyExists (naming the `email` field) when the email is taken.
    """

    try:
        with transaction.atomic():
            user = user_create(email=email, password=password, full_name=name, language=language)
    except IntegrityError as error:  # a concurrent sign-up with the same email won the race
        raise AlreadyExists(
            _("An account with this email address already exists."),
            extra={"fields": {"email": [_("Already registered.")]}},
        ) from error
    return candidate_create(
        user=user, name=name, sectors=sectors, consent_talent_db=consent_talent_db, via=via
    )
