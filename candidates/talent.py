"""The talent database: interest registrations (double opt-in), trip alerts, unsubscribing.

Links in emails carry signed tokens (django.core.signing): a confirmation link expires after
CONFIRM_MAX_AGE; an unsubscribe link works without logging in and does not expire.
Responses never reveal whether an email address was already registered.
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core import signing
from django.db import transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from core.emails import send_to_address
from core.exceptions import DeadlinePassed, ValidationFailed
from core.models import User
from core.tasks import enqueue_on_commit
from events.models import Sector, Trip, TripStatus

from .consents import consent_set
from .models import (
    CONSENT_TEXT_VERSION,
    Candidate,
    ConsentPurpose,
    ConsentVia,
    InterestRegistration,
    TripAlert,
    TripInvitation,
)
from .suggestions import suggestible_candidates, suggestible_registrations
from .tasks import email_address, email_trip_invitation, send_trip_alert_batch

CONFIRM_MAX_AGE = timedelta(days=7)
_CONFIRM_SALT = "candidates.interest.confirm"
_UNSUBSCRIBE_SALT = "candidates.unsubscribe"
ALERT_BATCH_SIZE = 100


def interest_confirm_token(
    registration: InterestRegistration, *, resubscribe: dict | None = None
) -> str:
    """The signed confirmation link's token. For an address that unsubscribed, `resubscribe`
    carries what it asked for (sector ids "s", name "n", city "c", language "l") and which
    unsubscribe it undoes ("x"); none of it is stored before the link is followed."""
    data: dict[str, Any] = {"r": registration.pk, "e": registration.email}
    if resubscribe is not None and registration.unsubscribed_at is not None:
        data["u"] = {**resubscribe, "x": registration.unsubscribed_at.isoformat()}
    return signing.dumps(data, salt=_CONFIRM_SALT, compress=True)


def unsubscribe_token(email: str) -> str:
    return signing.dumps(email.lower(), salt=_UNSUBSCRIBE_SALT, compress=True)


@transaction.atomic
def interest_register(
    *,
    email: str,
    sectors: list[Sector],
    consent: bool,
    name: str = "",
    city: str = "",
    language: str = "sv",
    via: str = ConsentVia.WEB,
) -> InterestRegistration:
    """Register (or update) interest in trips for `sectors`; emails a confirmation link.

    The same email again updates the sectors (and, if unconfirmed, sends a new link). An
    address that unsubscribed changes nothing stored: it gets a new confirmation link, and
    only following it records the consent and brings it back (a new double opt-in). The
    caller must answer the same way whether or not the email existed.
    """
    if not consent:
        raise ValidationFailed(
            _("Please accept the consent to be added to the talent database."),
            extra={"fields": {"consent": [_("Required.")]}},
        )
    if not sectors:
        raise ValidationFailed(
            _("Choose at least one sector."), extra={"fields": {"sectors": [_("Required.")]}}
        )
    email = email.strip().lower()
    now = timezone.now()
    registration = (
        InterestRegistration.objects.select_for_update().filter(email__iexact=email).first()
    )
    context: dict[str, Any] = {
        "sectors": [s.name_sv if language == "sv" else s.name_en for s in sectors]
    }
    if registration is not None and registration.unsubscribed_at is not None:
        asked = {"s": [s.pk for s in sectors], "n": name, "c": city, "l": language}
        token = interest_confirm_token(registration, resubscribe=asked)
        context["confirm_path"] = f"/interest/confirm/{token}/"
        _email_registration(email=email, language=language, template="interest_confirm", **context)
        return registration
    if registration is None:
        registration = InterestRegistration.objects.create(
            email=email,
            name=name,
            city=city,
            language=language,
            consent_at=now,
            consent_version=CONSENT_TEXT_VERSION,
        )
    else:
        registration.name = name or registration.name
        registration.city = city or registration.city
        registration.language = language
        registration.save(update_fields=["name", "city", "language"])
    # The consent is given (again) now: its time, text version and an event.
    consent_set(
        registration=registration,
        purpose=ConsentPurpose.TALENT_DB,
        granted=True,
        via=via,
        renew=True,
    )
    registration.sectors.set(sectors)
    template = "interest_updated" if registration.confirmed_at else "interest_confirm"
    if not registration.confirmed_at:
        context["confirm_path"] = f"/interest/confirm/{interest_confirm_token(registration)}/"
    _email_registration(email=email, language=language, template=template, **context)
    return registration


def _email_registration(*, email: str, language: str, template: str, **context: Any) -> None:
    context["unsubscribe_path"] = f"/unsubscribe/{unsubscribe_token(email)}/"
    enqueue_on_commit(
        email_address, email=email, language=language, template=template, context=context
    )


def interest_confirm_check(*, token: str) -> InterestRegistration:
    """The registration a confirmation link is for, changing nothing (the page that asks to
    confirm with a button: mail scanners follow links, they do not press buttons). Raises
    ValidationFailed if the link is invalid or older than CONFIRM_MAX_AGE."""
    return _registration_for(token, lock=False)[0]


@transaction.atomic
def interest_confirm(*, token: str) -> InterestRegistration:
    """Confirm a registration from its emailed link. Raises ValidationFailed if the link is
    invalid or older than CONFIRM_MAX_AGE."""
    registration, data = _registration_for(token, lock=True)
    if "u" in data:
        return _resubscribe(registration, data["u"])
    if registration.confirmed_at is None:
        registration.confirmed_at = timezone.now()
        registration.save(update_fields=["confirmed_at"])
    return registration


def _registration_for(token: str, *, lock: bool) -> tuple[InterestRegistration, dict[str, Any]]:
    try:
        data = signing.loads(token, salt=_CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired as error:
        raise ValidationFailed(
            _("This confirmation link has expired. Register again to get a new one.")
        ) from error
    except signing.BadSignature as error:
        raise ValidationFailed(_("This confirmation link is not valid.")) from error
    registrations = InterestRegistration.objects.filter(
        pk=data.get("r"), email__iexact=data.get("e", "")
    )
    registration = (registrations.select_for_update() if lock else registrations).first()
    if registration is None:
        raise ValidationFailed(_("This confirmation link is not valid."))
    return registration, data


def unsubscribe_address(*, token: str) -> str:
    """The address an unsubscribe link is for, changing nothing. Raises ValidationFailed."""
    try:
        return str(signing.loads(token, salt=_UNSUBSCRIBE_SALT))
    except signing.BadSignature as error:
        raise ValidationFailed(_("This unsubscribe link is not valid.")) from error


def _resubscribe(registration: InterestRegistration, asked: dict) -> InterestRegistration:
    """Bring back an address that unsubscribed, with what it asked for, if the link was sent
    after its current unsubscribe (a link followed again after a later one does nothing)."""
    unsubscribed_at = registration.unsubscribed_at
    if unsubscribed_at is None or unsubscribed_at.isoformat() != asked.get("x"):
        return registration
    registration.name = asked.get("n") or registration.name
    registration.city = asked.get("c") or registration.city
    registration.language = asked.get("l") or registration.language
    registration.confirmed_at = timezone.now()
    registration.save(update_fields=["name", "city", "language", "confirmed_at"])
    consent_set(
        registration=registration,
        purpose=ConsentPurpose.TALENT_DB,
        granted=True,
        via=ConsentVia.WEB,
    )
    registration.refresh_from_db()
    sectors = Sector.objects.filter(pk__in=asked.get("s") or [])
    if sectors:
        registration.sectors.set(sectors)
    return registration


@transaction.atomic
def unsubscribe(*, token: str) -> str:
    """Stop trip alerts to the address in `token` (registration and candidate profile)."""
    email = unsubscribe_address(token=token)
    now = timezone.now()
    # An interest registration's only consent is the talent database's: withdrawn, with its event.
    for registration in InterestRegistration.objects.filter(
        email__iexact=email, unsubscribed_at__isnull=True
    ):
        consent_set(
            registration=registration,
            purpose=ConsentPurpose.TALENT_DB,
            granted=False,
            via=ConsentVia.WEB,
        )
    Candidate.objects.filter(email__iexact=email, alerts_unsubscribed_at__isnull=True).update(
        alerts_unsubscribed_at=now
    )
    return email


def interest_link_to_user(*, user: User) -> int:
    """A new account takes over the registrations made with its email address."""
    return InterestRegistration.objects.filter(email__iexact=user.email, user__isnull=True).update(
        user=user
    )


def alert_recipients(trip: Trip) -> list[tuple[str, str]]:
    """(email, language) of everyone to invite to `trip`, each address once: confirmed,
    subscribed registrations and candidates in the talent database, in the trip's sectors."""
    sectors = trip.sectors.all()
    registrations = (
        InterestRegistration.objects.filter(
            confirmed_at__isnull=False, unsubscribed_at__isnull=True, sectors__in=sectors
        )
        .values_list("email", "language")
        .distinct()
    )
    candidates = (
        Candidate.objects.filter(
            consent_talent_db_at__isnull=False,
            alerts_unsubscribed_at__isnull=True,
            sectors__in=sectors,
            user__is_active=True,
        )
        .values_list("email", "user__language")
        .distinct()
    )
    already = set(TripAlert.objects.filter(trip=trip).values_list("email", flat=True))
    seen: dict[str, str] = {}
    for email, language in [*candidates, *registrations]:
        key = email.lower()
        if key not in already and key not in seen:
            seen[key] = language or "sv"
    return sorted(seen.items())


def alert_recipients_count(trip: Trip) -> int:
    """`len(alert_recipients(trip))` in one query (a UNION of lower-cased addresses), for the
    publishing confirmation: it does not load the talent database."""
    sectors = trip.sectors.all()
    already = TripAlert.objects.filter(trip=trip).values("email")
    registrations = (
        InterestRegistration.objects.filter(
            confirmed_at__isnull=False, unsubscribed_at__isnull=True, sectors__in=sectors
        )
        .annotate(address=Lower("email"))
        .exclude(address__in=already)
        .values_list("address")
    )
    candidates = (
        Candidate.objects.filter(
            consent_talent_db_at__isnull=False,
            alerts_unsubscribed_at__isnull=True,
            sectors__in=sectors,
            user__is_active=True,
        )
        .annotate(address=Lower("email"))
        .exclude(address__in=already)
        .values_list("address")
    )
    return candidates.union(registrations).count()


def trip_alerts_enqueue(*, trip_id: int) -> int:
    """Split the invitations for a newly published trip into batches of background tasks."""
    trip = Trip.objects.filter(pk=trip_id, status=TripStatus.PUBLISHED).first()
    if trip is None:
        return 0
    recipients = alert_recipients(trip)
    for start in range(0, len(recipients), ALERT_BATCH_SIZE):
        enqueue_on_commit(
            send_trip_alert_batch,
            trip_id=trip.pk,
            recipients=recipients[start : start + ALERT_BATCH_SIZE],
        )
    return len(recipients)


def trip_alert_send(*, trip: Trip, email: str, language: str) -> bool:
    """Send one invitation unless this address already got one for this trip."""
    with transaction.atomic():
        alert, created = TripAlert.objects.get_or_create(trip=trip, email=email.lower())
    if not created:
        return False
    send_to_address(
        email=email,
        language=language,
        template="trip_alert",
        context={"trip": trip, "unsubscribe_path": f"/unsubscribe/{unsubscribe_token(email)}/"},
    )
    return True


def talent_database_count(*, sector: Sector | None = None) -> int:
    """How many people are in the talent database (confirmed or consented), by address."""
    registrations = InterestRegistration.objects.filter(
        confirmed_at__isnull=False, unsubscribed_at__isnull=True
    )
    candidates = Candidate.objects.filter(consent_talent_db_at__isnull=False)
    if sector is not None:
        registrations = registrations.filter(sectors=sector)
        candidates = candidates.filter(sectors=sector)
    emails = {e.lower() for e in registrations.values_list("email", flat=True)}
    emails |= {e.lower() for e in candidates.values_list("email", flat=True)}
    return len(emails)


# --- Organisers' invitations to apply (the suggestions of candidates/suggestions.py) --------


@dataclass(frozen=True)
class TripInvitations:
    """What `trip_invitations_create` did: the new invitations, and how many of the people
    chosen had been invited before (not emailed again)."""

    created: list[TripInvitation]
    already_invited: int


def _id_list(ids: list[int]) -> str:
    return ", ".join(str(i) for i in sorted(set(ids)))


@transaction.atomic
def trip_invitations_create(
    *,
    trip: Trip,
    actor: User,
    candidate_ids: list[int],
    registration_ids: list[int],
) -> TripInvitations:
    """Invite the chosen people of the talent database to apply to `trip`, each once per
    trip: one `TripInvitation` each and, after commit, one email task each
    (`tasks.email_trip_invitation`). People invited before are counted, not emailed again.

    All or nothing: an id that is not someone who may be invited (unknown, already applied,
    no longer consenting — see `suggestions.suggestible_candidates`) raises ValidationFailed
    naming the ids, and nobody is invited. Raises DeadlinePassed unless the trip is published
    and still taking applications. Locks the trip row, so that two organisers inviting at once
    do not both invite the same person.
    """
    if not candidate_ids and not registration_ids:
        raise ValidationFailed(
            _("Choose at least one person to invite."),
            extra={"fields": {"candidates": [_("Required.")]}},
        )
    locked = Trip.objects.select_for_update().get(pk=trip.pk)
    if locked.status != TripStatus.PUBLISHED:
        raise DeadlinePassed(_("Only a published trip can take applications."))
    if locked.application_deadline <= timezone.now():
        raise DeadlinePassed(_("Applications to this trip have closed."))
    candidates = set(
        suggestible_candidates(locked)
        .filter(pk__in=candidate_ids)
        .values_list("pk", flat=True)
        .order_by()
    )
    registrations = set(
        suggestible_registrations(locked)
        .filter(pk__in=registration_ids)
        .values_list("pk", flat=True)
        .order_by()
    )
    bad_candidates = set(candidate_ids) - candidates
    bad_registrations = set(registration_ids) - registrations
    if bad_candidates or bad_registrations:
        fields = {}
        if bad_candidates:
            fields["candidates"] = [
                _("Cannot be invited: %(ids)s.") % {"ids": _id_list(list(bad_candidates))}
            ]
        if bad_registrations:
            fields["registrations"] = [
                _("Cannot be invited: %(ids)s.") % {"ids": _id_list(list(bad_registrations))}
            ]
        raise ValidationFailed(
            _(
                "Some of the people chosen cannot be invited to this trip: they are unknown, "
                "have applied already or are no longer in the talent database. Nobody was "
                "invited."
            ),
            extra={"fields": fields},
        )
    existing = TripInvitation.objects.filter(trip=locked)
    invited_candidates = set(
        existing.filter(candidate__in=candidates).values_list("candidate_id", flat=True)
    )
    invited_registrations = set(
        existing.filter(registration__in=registrations).values_list("registration_id", flat=True)
    )
    created = TripInvitation.objects.bulk_create(
        [
            *(
                TripInvitation(trip=locked, candidate_id=pk, invited_by=actor)
                for pk in sorted(candidates - invited_candidates)
            ),
            *(
                TripInvitation(trip=locked, registration_id=pk, invited_by=actor)
                for pk in sorted(registrations - invited_registrations)
            ),
        ]
    )
    for invitation in created:
        enqueue_on_commit(email_trip_invitation, invitation_id=invitation.pk)
    return TripInvitations(
        created=created, already_invited=len(invited_candidates) + len(invited_registrations)
    )


def trip_invitation_send(*, invitation_id: int) -> bool:
    """Email one invitation, unless it was sent already, or its person applied or left the
    talent database since they were chosen. The link opens the trip's application form: for a
    candidate after logging in; for a registration through signing up as a candidate.

    The invitation is claimed (`sent_at`) by a conditional update before sending, so a task
    run twice sends once; if sending fails, the claim is undone and the error re-raised."""
    invitation = (
        TripInvitation.objects.select_related(
            "trip__organisation", "candidate__user", "registration"
        )
        .filter(pk=invitation_id, sent_at__isnull=True)
        .first()
    )
    if invitation is None:
        return False
    trip = invitation.trip
    apply_path = reverse("trip_apply", kwargs={"slug": trip.slug})
    if invitation.candidate is not None:
        if not suggestible_candidates(trip).filter(pk=invitation.candidate.pk).exists():
            return False
        email = invitation.candidate.email
        language = invitation.candidate.user.language
        link_path = apply_path
    else:
        registration = invitation.registration
        if registration is None or not (
            suggestible_registrations(trip).filter(pk=registration.pk).exists()
        ):
            return False
        email = registration.email
        language = registration.language
        link_path = f"{reverse('signup_candidate')}?{urlencode({'next': apply_path})}"
    claimed = TripInvitation.objects.filter(pk=invitation.pk, sent_at__isnull=True)
    if not claimed.update(sent_at=timezone.now()):
        return False
    try:
        send_to_address(
            email=email,
            language=language or "sv",
            template="trip_invitation",
            context={
                "trip": trip,
                "apply_path": link_path,
                "has_account": invitation.candidate is not None,
                "unsubscribe_path": f"/unsubscribe/{unsubscribe_token(email)}/",
            },
        )
    except Exception:
        TripInvitation.objects.filter(pk=invitation.pk).update(sent_at=None)
        raise
    return True
