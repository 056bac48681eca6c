from django.db import models
from django.tasks import task

from core.emails import send_to_user
from events.models import Trip

from .models import ItineraryItem, Meeting, MeetingStatus
from .selectors import affected_users


@task()
def notify_programme_change(*, trip_id: int, item_id: int, title: str, change: str) -> int:
    """Email everyone whose feed shows the item that it was added/changed/cancelled/removed.

    For a removed item the row is gone; then everyone on the trip with a place is told.
    """
    trip = Trip.objects.filter(pk=trip_id).first()
    if trip is None:
        return 0
    item = ItineraryItem.objects.filter(pk=item_id).select_related("trip").first()
    probe = item or ItineraryItem(trip=trip, audience="everyone")
    sent = 0
    for user in affected_users(item=probe):
        send_to_user(
            user=user,
            template="programme_changed",
            context={"trip": trip, "item": item, "title": title, "change": change},
        )
        sent += 1
    return sent


def _people_of_meetings(meetings) -> dict:
    """user → their meetings among `meetings`: the candidate and the employer's members."""
    from django.contrib.auth import get_user_model  # noqa: PLC0415 -- leaf

    people: dict = {}
    employer_ids = {m.employer_id for m in meetings}
    members: dict[int, list] = {}
    for user in (
        get_user_model()
        .objects.filter(is_active=True, employer_memberships__employer__in=employer_ids)
        .annotate(employer_id=models.F("employer_memberships__employer"))
    ):
        members.setdefault(user.employer_id, []).append(user)
    for meeting in meetings:
        candidate_user = meeting.application.candidate.user
        if candidate_user is not None and candidate_user.is_active:
            people.setdefault(candidate_user, []).append(meeting)
        for user in members.get(meeting.employer_id, []):
            people.setdefault(user, []).append(meeting)
    return people


def _email_meetings(trip_id: int, template: str, context: dict, **meeting_filter) -> int:
    """One email per person with their meetings among the trip's that match the filter."""
    trip = Trip.objects.filter(pk=trip_id).first()
    if trip is None:
        return 0
    meetings = list(
        Meeting.objects.filter(trip=trip, **meeting_filter)
        .select_related("employer", "block", "application__candidate__user")
        .order_by("starts_at", "pk")
    )
    people = _people_of_meetings(meetings)
    for user, own in people.items():
        send_to_user(
            user=user, template=template, context={**context, "trip": trip, "meetings": own}
        )
    return len(people)


@task()
def notify_meeting_changes(*, trip_id: int, meeting_ids: list[int], change: str) -> int:
    """Once the schedule is published: tell each person whose meetings were booked, moved or
    cancelled, in one email listing them (the calendar feed updates by itself)."""
    return _email_meetings(trip_id, "meetings_changed", {"change": change}, pk__in=meeting_ids)


@task()
def notify_schedule_published(*, trip_id: int) -> int:
    """The schedule is published: everyone with meetings gets their own list."""
    return _email_meetings(trip_id, "meetings_published", {}, status=MeetingStatus.SCHEDULED)


@task()
def release_meetings(*, trip_ids: list[int]) -> int:
    """Cancel the meetings of people who no longer take part in these trips: an application
    that left "accepted", a candidate who stopped sharing their profile, a booking that is
    no longer confirmed."""
    from .meetings import meetings_release_departed  # noqa: PLC0415 -- leaf

    return sum(
        meetings_release_departed(trip=trip) for trip in Trip.objects.filter(pk__in=trip_ids)
    )


@task()
def build_itinerary_document(*, document_id: int, version: str) -> str:
    from .documents import itinerary_document_build  # noqa: PLC0415 -- leaf

    document = itinerary_document_build(document_id=document_id, version=version)
    return document.state if document else "gone"


@task()
def refresh_itinerary_documents(*, trip_ids: list[int]) -> int:
    from .documents import itinerary_documents_refresh  # noqa: PLC0415 -- leaf

    return itinerary_documents_refresh(trip_ids=trip_ids)
