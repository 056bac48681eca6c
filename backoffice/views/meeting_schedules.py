"""Back office: the printable meeting schedule (PDF) of any employer or candidate of a trip."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404

from candidates.models import Application
from itineraries.meeting_documents import (
    MeetingSchedule,
    meeting_schedule_filename,
    meeting_schedule_for_application,
    meeting_schedule_for_employer,
    meeting_schedule_pdf,
)
from itineraries.meeting_selectors import meeting_bookings

from ..decorators import managed_trip


def _pdf(schedule: MeetingSchedule) -> HttpResponse:
    response = HttpResponse(meeting_schedule_pdf(schedule), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{meeting_schedule_filename(schedule)}"'
    return response


@managed_trip
def employer_meetings_pdf(request, trip, employer_slug):
    """An employer with a confirmed booking on the trip (the employers who have meetings)."""
    booking = meeting_bookings(trip).filter(employer__slug=employer_slug).first()
    if booking is None:
        raise Http404
    return _pdf(meeting_schedule_for_employer(trip=trip, employer=booking.employer))


@managed_trip
def candidate_meetings_pdf(request, trip, application_id):
    application = get_object_or_404(
        Application.objects.select_related("candidate"), pk=application_id, trip=trip
    )
    return _pdf(meeting_schedule_for_application(trip=trip, application=application))
