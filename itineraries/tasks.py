from django.tasks import task

from core.emails import send_to_user
from events.models import Trip

from .models import ItineraryItem
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
