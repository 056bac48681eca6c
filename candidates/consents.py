"""Consents (issue 14.1): the wording people agree to, the one service that gives or
withdraws a consent (`consent_set`, writing a ConsentEvent each time), reading them, and
their renewal after 24 months. Each stored consent records CONSENT_TEXT_VERSION: bump the
version in models.py whenever a text here changes."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core import signing
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from core.exceptions import InvalidTransition, ValidationFailed
from core.models import User
from core.tasks import enqueue_on_commit
from events.models import Trip

from .models import (
    CONSENT_TEXT_VERSION,
    Application,
    ApplicationStatus,
    Candidate,
    ConsentEvent,
    ConsentPurpose,
    ConsentVia,
    InterestRegistration,
)
from .tasks import email_address

TALENT_DB_CONSENT_TEXT = _(
    "Keep my profile in the Jämtland Calling talent database, so that the organisers can "
    "contact me about future trips and jobs in Jämtland that match my sectors. I can withdraw "
    "this consent at any time and my profile is then no longer used for this purpose."
)
INTEREST_CONSENT_TEXT = _(
    "Store my email address and sectors in the Jämtland Calling talent database and email me "
    "when a trip for my sectors is published. Every email has a link to unsubscribe."
)
SHARE_TRIP_CONSENT_TEXT = _(
    "Share my profile (name, headline, sectors, experience, skills, languages, earliest move "
    "date and CV) with the employers taking part in this trip, in their candidate pack and for "
    "meetings. Asked for each trip; I can withdraw it at any time."
)
SHARE_HOUSEHOLD_CONSENT_TEXT = _(
    "Also share my household's needs (my partner's job search, my children's school and "
    "preschool) with those employers."
)
SHARE_CONTACT_CONSENT_TEXT = _("Also share my email address and phone number with those employers.")
RESIDENCE_PERMIT_CONSENT_TEXT = _(
    "Store my residence permit status, so that organisers can help with the conditions of "
    "employment. It is shared with employers only if I also share my profile."
)


# --- Consent per purpose, with history (issue 14.1) ------------------------------------------
#
# `consent_set` is the one place a consent is given or withdrawn: it changes the current state
# (on the profile, on the application for sharing with one trip's employers, on the interest
# registration for someone without a profile) and writes a ConsentEvent with the purpose, the
# text version, the time and how (web, API, an organiser on the person's behalf, the system).

P = ConsentPurpose
# Packs, itineraries and meetings read these consents; those apps sit above this one, so their
# tasks are named by path (core.tasks; the same names as in services.py).
PACK_REFRESH = "packs.tasks.refresh_pack_documents"
ITINERARY_REFRESH = "itineraries.tasks.refresh_itinerary_documents"
MEETINGS_RELEASE = "itineraries.tasks.release_meetings"

# Purpose → (timestamp field, version field or None) on the candidate's profile.
PROFILE_CONSENT_FIELDS: dict[str, tuple[str, str | None]] = {
    P.TALENT_DB: ("consent_talent_db_at", "consent_talent_db_version"),
    P.HOUSEHOLD: ("consent_share_household_at", None),
    P.CONTACT: ("consent_share_contact_at", None),
    P.RESIDENCE_PERMIT: ("residence_permit_consent_at", None),
}
# A trip's employers may be shared with while the application is in the running or has a place.
SHAREABLE_STATUSES = frozenset(
    {
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.SHORTLISTED,
        ApplicationStatus.WAITLISTED,
        ApplicationStatus.ACCEPTED,
        ApplicationStatus.ATTENDED,
    }
)
CONSENT_RENEWAL_AFTER = timedelta(days=730)  # 24 months
CONSENT_LAPSE_AFTER = timedelta(days=30)  # unrenewed talent-database consent lapses then
_RENEW_SALT = "candidates.consent.renew"


def _record(
    *,
    candidate: Candidate | None,
    registration: InterestRegistration | None,
    purpose: str,
    granted: bool,
    via: str,
    actor: User | None,
    trip_id: int | None = None,
    now: datetime,
) -> ConsentEvent:
    return ConsentEvent.objects.create(
        candidate=candidate,
        registration=registration,
        trip_id=trip_id,
        purpose=purpose,
        granted=granted,
        text_version=CONSENT_TEXT_VERSION,
        via=via,
        actor=actor,
        created_at=now,
    )


@transaction.atomic
def consent_set(
    *,
    purpose: str,
    granted: bool,
    via: str,
    candidate: Candidate | None = None,
    registration: InterestRegistration | None = None,
    trip: Trip | None = None,
    actor: User | None = None,
    renew: bool = False,
) -> ConsentEvent | None:
    """Give (`granted=True`) or withdraw one consent of one person — a candidate profile, or
    an interest registration without one (talent database only) — and record the event.

    `trip` is required for P.SHARE_TRIP: the candidate's consent to share their profile with
    that trip's employers, stored on their application (granted only while it is in the
    running or has a place). Withdrawing the residence-permit consent erases the stored status.
    For a registration, withdrawing unsubscribes it from trip alerts; granting brings it back.
    A consent already in the asked state changes nothing and returns None, unless `renew`
    (a renewal, or a registration's consent given again): then its time is refreshed and an
    event written.

    Locks the profile/application/registration row. After commit: the packs (and, for
    sharing, itineraries and meetings) of the trips concerned are rebuilt, so a withdrawal
    removes the data from them at once. Raises ValidationFailed (422) for a purpose that does
    not apply, InvalidTransition (409) for sharing with a trip the person has left.
    """
    if purpose not in P.values or via not in ConsentVia.values:
        raise ValidationFailed(_gettext("Unknown consent."))
    if (candidate is None) == (registration is None):
        raise ValueError("Give exactly one of candidate or registration.")
    now = timezone.now()
    if registration is not None:
        return _registration_set(
            registration,
            purpose=purpose,
            granted=granted,
            via=via,
            actor=actor,
            renew=renew,
            now=now,
        )
    assert candidate is not None
    if purpose == P.SHARE_TRIP:
        return _share_set(
            candidate, trip=trip, granted=granted, via=via, actor=actor, renew=renew, now=now
        )
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    at_field, version_field = PROFILE_CONSENT_FIELDS[purpose]
    current = getattr(candidate, at_field) is not None
    if current == granted and not (granted and renew):
        return None
    changed = [at_field, "updated_at"]
    setattr(candidate, at_field, now if granted else None)
    if version_field:
        setattr(candidate, version_field, CONSENT_TEXT_VERSION if granted else "")
        changed.append(version_field)
    if purpose == P.RESIDENCE_PERMIT and not granted:
        candidate.residence_permit_status = ""
        changed.append("residence_permit_status")
    candidate.save(update_fields=changed)
    event = _record(
        candidate=candidate,
        registration=None,
        purpose=purpose,
        granted=granted,
        via=via,
        actor=actor,
        now=now,
    )
    if purpose != P.TALENT_DB:
        trip_ids = sorted(set(candidate.applications.values_list("trip_id", flat=True)))
        if trip_ids:
            enqueue_on_commit(PACK_REFRESH, trip_ids=trip_ids)
    return event


def _share_set(
    candidate: Candidate,
    *,
    trip: Trip | None,
    granted: bool,
    via: str,
    actor: User | None,
    renew: bool,
    now: datetime,
) -> ConsentEvent | None:
    if trip is None:
        raise ValidationFailed(
            _gettext("Choose the trip whose employers may see the profile."),
            extra={"fields": {"trip": [_gettext("Required.")]}},
        )
    application = (
        Application.objects.select_for_update().filter(candidate=candidate, trip=trip).first()
    )
    if application is None:
        raise ValidationFailed(
            _gettext("There is no application to this trip."),
            extra={"fields": {"trip": [_gettext("Not a trip applied to.")]}},
        )
    current = application.share_consent_at is not None
    if current == granted and not (granted and renew):
        return None
    if granted and application.status not in SHAREABLE_STATUSES:
        raise InvalidTransition(
            _gettext("The application is %(s)s: there is nothing to share with this trip.")
            % {"s": application.get_status_display().lower()},
            extra={"current_status": application.status},
        )
    application.share_consent_at = now if granted else None
    application.share_consent_version = CONSENT_TEXT_VERSION if granted else ""
    application.save(update_fields=["share_consent_at", "share_consent_version", "updated_at"])
    event = _record(
        candidate=candidate,
        registration=None,
        purpose=P.SHARE_TRIP,
        granted=granted,
        via=via,
        actor=actor,
        trip_id=trip.pk,
        now=now,
    )
    enqueue_on_commit(PACK_REFRESH, trip_ids=[trip.pk])
    enqueue_on_commit(ITINERARY_REFRESH, trip_ids=[trip.pk])
    enqueue_on_commit(MEETINGS_RELEASE, trip_ids=[trip.pk])
    return event


def _registration_set(
    registration: InterestRegistration,
    *,
    purpose: str,
    granted: bool,
    via: str,
    actor: User | None,
    renew: bool,
    now: datetime,
) -> ConsentEvent | None:
    if purpose != P.TALENT_DB:
        raise ValidationFailed(
            _gettext("An interest registration has only the talent-database consent.")
        )
    registration = InterestRegistration.objects.select_for_update().get(pk=registration.pk)
    current = registration.unsubscribed_at is None
    if current == granted and not (granted and renew):
        return None
    if granted:
        registration.consent_at = now
        registration.consent_version = CONSENT_TEXT_VERSION
        registration.unsubscribed_at = None
    else:
        registration.unsubscribed_at = now
    registration.save(update_fields=["consent_at", "consent_version", "unsubscribed_at"])
    return _record(
        candidate=None,
        registration=registration,
        purpose=P.TALENT_DB,
        granted=granted,
        via=via,
        actor=actor,
        now=now,
    )


# --- Reading consents -------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsentState:
    purpose: str
    granted: bool
    given_at: datetime | None
    text_version: str
    trip: Trip | None = None

    @property
    def label(self) -> str:
        return str(ConsentPurpose(self.purpose).label)


def consent_states(candidate: Candidate) -> list[ConsentState]:
    """The current state of each consent of `candidate`: one per profile purpose, then one
    per application (sharing with that trip's employers), newest trip first."""
    states = []
    for purpose, (at_field, version_field) in PROFILE_CONSENT_FIELDS.items():
        given_at = getattr(candidate, at_field)
        version = getattr(candidate, version_field) if version_field else ""
        if given_at is not None and not version:
            version = _last_version(candidate, purpose)
        states.append(ConsentState(purpose, given_at is not None, given_at, version))
    for application in candidate.applications.select_related("trip").order_by(
        "-trip__starts_at", "-id"
    ):
        states.append(
            ConsentState(
                P.SHARE_TRIP,
                application.share_consent_at is not None,
                application.share_consent_at,
                application.share_consent_version,
                application.trip,
            )
        )
    return states


def _last_version(candidate: Candidate, purpose: str) -> str:
    event = (
        ConsentEvent.objects.filter(candidate=candidate, purpose=purpose, granted=True)
        .order_by("-created_at", "-id")
        .first()
    )
    return event.text_version if event else CONSENT_TEXT_VERSION


def consent_history(*, candidate: Candidate | None = None, registrations=()) -> list[ConsentEvent]:
    """Every consent event of a person (their profile's and their interest registrations'),
    oldest first."""
    q = Q(registration__in=list(registrations))
    if candidate is not None:
        q |= Q(candidate=candidate)
    return list(
        ConsentEvent.objects.filter(q).select_related("trip", "actor").order_by("created_at", "id")
    )


# --- Renewal after 24 months; the talent-database consent lapses unrenewed ---------------------


def consent_renewal_token(*, candidate=None, registration=None, purposes: list[str]) -> str:
    data = {"p": purposes}
    if candidate is not None:
        data["c"] = candidate.pk
    else:
        data["r"] = registration.pk
    return signing.dumps(data, salt=_RENEW_SALT, compress=True)


@dataclass(frozen=True)
class RenewalRequest:
    candidate: Candidate | None
    registration: InterestRegistration | None
    purposes: list[str]


def consent_renewal_check(*, token: str) -> RenewalRequest:
    """Whose consents a renewal link renews, changing nothing. Raises ValidationFailed."""
    try:
        data = signing.loads(token, salt=_RENEW_SALT)
    except signing.BadSignature as error:
        raise ValidationFailed(_gettext("This renewal link is not valid.")) from error
    purposes = [p for p in data.get("p", []) if p in PROFILE_CONSENT_FIELDS]
    if "c" in data:
        candidate = Candidate.objects.filter(pk=data["c"], user__is_active=True).first()
        if candidate is None:
            raise ValidationFailed(_gettext("This renewal link is not valid."))
        return RenewalRequest(candidate, None, purposes)
    registration = InterestRegistration.objects.filter(pk=data.get("r")).first()
    if registration is None:
        raise ValidationFailed(_gettext("This renewal link is not valid."))
    return RenewalRequest(None, registration, [P.TALENT_DB])


@transaction.atomic
def consent_renew(*, token: str, via: str = ConsentVia.WEB) -> RenewalRequest:
    """One click renews the consents a renewal email asked about (a lapsed talent-database
    consent is given again): each gets a fresh time and an event."""
    request = consent_renewal_check(token=token)
    for purpose in request.purposes:
        consent_set(
            candidate=request.candidate,
            registration=request.registration,
            purpose=purpose,
            granted=True,
            via=via,
            actor=request.candidate.user if request.candidate else None,
            renew=True,
        )
    return request


def _due_purposes(candidate: Candidate, cutoff: datetime) -> list[str]:
    """The profile consents of `candidate` to ask about now: granted before `cutoff` and not
    already old when they were last asked (one request per consent and cycle — a renewed
    consent has a time after the request, and is asked again 24 months later)."""
    asked = candidate.consent_renewal_asked_at
    due = []
    for purpose, (at_field, _v) in PROFILE_CONSENT_FIELDS.items():
        given_at = getattr(candidate, at_field)
        if given_at is None or given_at >= cutoff:
            continue
        if asked is None or given_at >= asked - CONSENT_RENEWAL_AFTER:
            due.append(purpose)
    return due


@dataclass(frozen=True)
class RenewalRun:
    asked: int
    lapsed: int


def consent_renewals_send(*, now: datetime | None = None) -> RenewalRun:
    """Ask everyone whose consents are older than CONSENT_RENEWAL_AFTER to renew them — each
    person once a cycle (`consent_renewal_asked_at` after their oldest consent) — by email
    with a one-click link; then let the talent-database consent lapse of those asked more
    than CONSENT_LAPSE_AFTER ago who did not renew (an event via=system: no more trip alerts
    or suggestions). Profiles and interest registrations without one alike. For cron, daily;
    running it again sends nothing twice. Emails are enqueued after commit."""
    now = now or timezone.now()
    cutoff = now - CONSENT_RENEWAL_AFTER
    asked = 0
    old = Q()
    for at_field, _v in PROFILE_CONSENT_FIELDS.values():
        old |= Q(**{f"{at_field}__lt": cutoff})
    for candidate in Candidate.objects.filter(old, user__is_active=True).select_related("user"):
        purposes = _due_purposes(candidate, cutoff)
        if not purposes:
            continue
        with transaction.atomic():
            Candidate.objects.filter(pk=candidate.pk).update(consent_renewal_asked_at=now)
            _email_renewal(
                email=candidate.email,
                language=candidate.user.language,
                name=candidate.name,
                purposes=purposes,
                token=consent_renewal_token(candidate=candidate, purposes=purposes),
            )
        asked += 1
    registrations = InterestRegistration.objects.filter(
        Q(user__isnull=True) | Q(user__candidate__isnull=True),
        confirmed_at__isnull=False,
        unsubscribed_at__isnull=True,
        consent_at__lt=cutoff,
    ).filter(
        Q(consent_renewal_asked_at__isnull=True)
        | Q(consent_at__gte=F("consent_renewal_asked_at") - CONSENT_RENEWAL_AFTER)
    )
    for registration in registrations:
        with transaction.atomic():
            InterestRegistration.objects.filter(pk=registration.pk).update(
                consent_renewal_asked_at=now
            )
            _email_renewal(
                email=registration.email,
                language=registration.language,
                name=registration.name,
                purposes=[P.TALENT_DB],
                token=consent_renewal_token(registration=registration, purposes=[P.TALENT_DB]),
            )
        asked += 1
    return RenewalRun(asked=asked, lapsed=consents_lapse(now=now))


def consents_lapse(*, now: datetime) -> int:
    """The talent-database consent of everyone asked to renew it (it was older than
    CONSENT_RENEWAL_AFTER when asked) more than CONSENT_LAPSE_AFTER ago, who has not renewed
    since, lapses (ConsentEvent via=system, granted=False)."""
    deadline = now - CONSENT_LAPSE_AFTER
    lapsed = 0
    for candidate in Candidate.objects.filter(
        consent_renewal_asked_at__lte=deadline,
        consent_talent_db_at__lt=F("consent_renewal_asked_at") - CONSENT_RENEWAL_AFTER,
    ):
        consent_set(candidate=candidate, purpose=P.TALENT_DB, granted=False, via=ConsentVia.SYSTEM)
        # The address's interest registrations stop getting alerts with it.
        for registration in InterestRegistration.objects.filter(
            Q(user_id=candidate.user_id) | Q(email__iexact=candidate.email),
            unsubscribed_at__isnull=True,
        ):
            consent_set(
                registration=registration,
                purpose=P.TALENT_DB,
                granted=False,
                via=ConsentVia.SYSTEM,
            )
        lapsed += 1
    for registration in InterestRegistration.objects.filter(
        consent_renewal_asked_at__lte=deadline,
        unsubscribed_at__isnull=True,
        consent_at__lt=F("consent_renewal_asked_at") - CONSENT_RENEWAL_AFTER,
    ):
        consent_set(
            registration=registration, purpose=P.TALENT_DB, granted=False, via=ConsentVia.SYSTEM
        )
        lapsed += 1
    return lapsed


def _email_renewal(*, email: str, language: str, name: str, purposes: list[str], token: str):
    enqueue_on_commit(
        email_address,
        email=email,
        language=language or "sv",
        template="consent_renewal",
        context={
            "name": name,
            "purposes": purposes,
            "renew_path": f"/consents/renew/{token}/",
            "privacy_path": "/privacy/",
        },
    )
