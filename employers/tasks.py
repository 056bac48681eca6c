from django.tasks import task

from core.emails import send_to_user

from .models import SlotBooking


@task()
def email_booking_members(*, booking_id: int, template: str, context: dict) -> int:
    """Email every member of the booking's employer (each in their language)."""
    booking = SlotBooking.objects.select_related("trip", "employer").filter(pk=booking_id).first()
    if booking is None:
        return 0
    members = booking.employer.members.filter(is_active=True)
    for user in members:
        send_to_user(user=user, template=template, context={**context, "booking": booking})
    return len(members)


@task()
def release_expired_hold(*, booking_id: int) -> str:
    from .bookings import booking_hold_release_if_expired

    booking = booking_hold_release_if_expired(booking_id=booking_id)
    return booking.status if booking else "gone"


@task()
def refund_booking(*, booking_id: int) -> str:
    from .bookings import booking_refund_send

    booking = booking_refund_send(booking_id=booking_id)
    return booking.refund_state if booking else "gone"
