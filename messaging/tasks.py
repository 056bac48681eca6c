"""One email per task, rendered in its recipient's language (core.emails)."""

from django.contrib.auth import get_user_model
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from candidates.models import Application, ApplicationStatus
from candidates.services import offer_deadline_text, waitlist_offer_token
from candidates.talent import unsubscribe_token
from core.emails import send_to_address, send_to_user
from events.models import Trip
from itineraries.documents import itinerary_attachment
from itineraries.selectors import calendar_token_active, items_for_user

from .models import OrganiserDigest, TripMessage
from .selectors import digest_content, trip_applicant_emails


def _active_user(user_id: int):
    return get_user_model().objects.filter(pk=user_id, is_active=True).first()


@task()
def send_trip_message(*, message_id: int, user_id: int) -> bool:
    """An organiser's message to one person; their language for the text around it."""
    message = TripMessage.objects.filter(pk=message_id).select_related("trip").first()
    user = _active_user(user_id)
    if message is None or user is None:
        return False
    send_to_user(
        user=user, template="trip_message", context={"message": message, "trip": message.trip}
    )
    return True


@task()
def send_trip_reminder(*, trip_id: int, user_id: int) -> bool:
    """The trip starts soon: this person's programme and how to have it in their calendar,
    with their personal itinerary attached as a PDF in their language."""
    trip = Trip.objects.filter(pk=trip_id).first()
    user = _active_user(user_id)
    if trip is None or user is None:
        return False
    items = items_for_user(user).filter(trip=trip, cancelled=False).order_by("starts_at", "pk")
    token = calendar_token_active(user)
    calendar_path = reverse("personal_feed", kwargs={"key": token.key}) if token else ""
    itinerary = itinerary_attachment(trip, user, language=user.language)
    send_to_user(
        user=user,
        template="trip_reminder",
        context={
            "trip": trip,
            "items": list(items),
            "calendar_path": calendar_path,
            "my_calendar_path": reverse("my_calendar"),
            "itinerary_attached": itinerary is not None,
        },
        attachments=[(itinerary[0], itinerary[1], "application/pdf")] if itinerary else [],
    )
    return True


@task()
def send_waitlist_offer_reminder(*, application_id: int) -> bool:
    """Half the time of a waitlist offer has gone and it is unanswered: say so, once."""
    application = (
        Application.objects.filter(
            pk=application_id,
            status=ApplicationStatus.WAITLISTED,
            offer_expires_at__gt=timezone.now(),
        )
        .select_related("trip", "candidate__user")
        .first()
    )
    if application is None or not application.candidate.user.is_active:
        return False
    user = application.candidate.user
    token = waitlist_offer_token(application)
    send_to_user(
        user=user,
        template="waitlist_offer_reminder",
        context={
            "trip": application.trip,
            "accept_path": reverse("offer_accept", kwargs={"token": token}),
            "decline_path": reverse("offer_decline", kwargs={"token": token}),
            "expires_at": offer_deadline_text(application, language=user.language),
            "time_zone": timezone.get_current_timezone_name(),
        },
    )
    return True


@task()
def send_deadline_reminder_batch(*, trip_id: int, recipients: list[list[str]]) -> int:
    """Applications close soon: one batch of the talent pool, skipping anyone who has applied
    since the batch was made."""
    trip = Trip.objects.filter(pk=trip_id).first()
    if trip is None:
        return 0
    applied = trip_applicant_emails(trip=trip)
    sent = 0
    for email, language in recipients:
        if email.lower() in applied:
            continue
        send_to_address(
            email=email,
            language=language,
            template="deadline_reminder",
            context={
                "trip": trip,
                "unsubscribe_path": reverse(
                    "unsubscribe", kwargs={"token": unsubscribe_token(email)}
                ),
            },
        )
        sent += 1
    return sent


@task()
def send_organiser_digest(*, digest_id: int, user_id: int) -> bool:
    """The daily digest to one organiser."""
    digest = OrganiserDigest.objects.filter(pk=digest_id).select_related("organisation").first()
    user = _active_user(user_id)
    if digest is None or user is None:
        return False
    content = digest_content(
        organisation=digest.organisation, since=digest.covered_from, until=digest.covered_until
    )
    send_to_user(
        user=user,
        template="organiser_digest",
        context={
            "organisation": digest.organisation,
            "digest": digest,
            "content": content,
            "new_applications": [
                (trip, count, reverse("manage:applicant_list", kwargs={"slug": trip.slug}))
                for trip, count in content.new_applications
            ],
            "employers_path": reverse("manage:employer_list"),
            "refunds_path": reverse("manage:refunds"),
            "cancellations": [
                (change, reverse("manage:trip_bookings", kwargs={"slug": change.booking.trip.slug}))
                for change in content.cancellations
            ],
        },
    )
    return True
