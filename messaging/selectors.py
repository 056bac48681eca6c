"""Who a trip message or reminder goes to, and the messages log."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import translation

from core.models import User
from employers.models import BookingStatus
from events.models import Trip

from .models import MessageAudience, TripMessage

# Employers whose members a message reaches: a booking that is paid or being paid.
MESSAGE_BOOKING_STATUSES = (BookingStatus.CONFIRMED, BookingStatus.PENDING_PAYMENT)


def trip_messages(*, trip: Trip) -> QuerySet[TripMessage]:
    """The log on the trip: messages sent, newest first."""
    return (
        TripMessage.objects.filter(trip=trip, sent_at__isnull=False)
        .select_related("author")
        .order_by("-sent_at", "-id")
    )


def trip_message_draft(*, trip: Trip, pk: int) -> TripMessage | None:
    return TripMessage.objects.filter(trip=trip, pk=pk, sent_at__isnull=True).first()


def applicant_users(*, trip: Trip, statuses: list[str]) -> QuerySet[User]:
    return get_user_model().objects.filter(
        is_active=True,
        candidate__applications__trip=trip,
        candidate__applications__status__in=statuses,
    )


def employer_member_users(*, trip: Trip, statuses: tuple[str, ...]) -> QuerySet[User]:
    return get_user_model().objects.filter(
        is_active=True,
        employer_memberships__employer__bookings__trip=trip,
        employer_memberships__employer__bookings__status__in=statuses,
    )


def message_recipients(*, trip: Trip, audience: str, statuses: list[str]) -> QuerySet[User]:
    """Each person once: applicants with one of `statuses` and/or the active members of
    employers with a confirmed or pending-payment booking."""
    users = get_user_model().objects.none()
    if audience in (MessageAudience.APPLICANTS, MessageAudience.BOTH) and statuses:
        users |= applicant_users(trip=trip, statuses=statuses)
    if audience in (MessageAudience.EMPLOYERS, MessageAudience.BOTH):
        users |= employer_member_users(trip=trip, statuses=MESSAGE_BOOKING_STATUSES)
    return users.distinct().order_by("pk")


def trip_message_recipients(message: TripMessage) -> QuerySet[User]:
    return message_recipients(
        trip=message.trip, audience=message.audience, statuses=list(message.statuses)
    )


def trip_message_rendered(
    *, message: TripMessage, user: User, language: str | None = None
) -> tuple[str, str]:
    """(subject, body) of the email as `user` gets it — in `language` if given (the preview
    is read in the organiser's language), else in the user's own."""
    context: dict[str, object] = {
        "message": message,
        "trip": message.trip,
        "user": user,
        "site_url": settings.SITE_URL,
    }
    with translation.override(language or user.language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string("email/trip_message_subject.txt", context).split())
        body = render_to_string("email/trip_message.txt", context)
    return subject, body
