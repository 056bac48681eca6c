"""One email per task, rendered in its recipient's language (core.emails)."""

from django.contrib.auth import get_user_model
from django.tasks import task

from core.emails import send_to_user

from .models import TripMessage


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
