"""Background work of the follow-up app: one email per task (core.emails)."""

from django.contrib.auth import get_user_model
from django.tasks import task

from core.emails import send_to_user
from employers.models import Employer
from events.models import Trip


@task()
def send_feedback_request(*, trip_id: int, user_id: int, employer_id: int | None = None) -> bool:
    """The trip has ended: a link to the person's feedback form — a candidate's own, or for
    an employer's member the page of outcomes and feedback of their employer."""
    trip = Trip.objects.filter(pk=trip_id).first()
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if trip is None or user is None:
        return False
    employer = Employer.objects.filter(pk=employer_id).first() if employer_id else None
    if employer_id and employer is None:
        return False
    send_to_user(
        user=user, template="feedback_request", context={"trip": trip, "employer": employer}
    )
    return True
