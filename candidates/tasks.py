from django.tasks import task

from core.emails import send_to_address, send_to_user
from events.models import Trip

from .models import Application


@task()
def email_address(*, email: str, language: str, template: str, context: dict) -> None:
    send_to_address(email=email, language=language, template=template, context=context)


@task()
def send_trip_alert_batch(*, trip_id: int, recipients: list[list[str]]) -> int:
    """One batch of trip invitations; each address at most once per trip."""
    from .talent import trip_alert_send  # noqa: PLC0415 -- leaf

    trip = Trip.objects.filter(pk=trip_id).first()
    if trip is None:
        return 0
    return sum(
        trip_alert_send(trip=trip, email=email, language=language) for email, language in recipients
    )


@task()
def enqueue_trip_alerts(*, trip_id: int) -> int:
    from .talent import trip_alerts_enqueue  # noqa: PLC0415 -- leaf

    return trip_alerts_enqueue(trip_id=trip_id)


@task()
def email_application_status(*, application_id: int, status: str) -> bool:
    """Tell the candidate about a status change, in their language."""
    application = (
        Application.objects.select_related("trip", "candidate__user")
        .filter(pk=application_id)
        .first()
    )
    if application is None or not application.candidate.user.is_active:
        return False  # gone, or erased meanwhile (backoffice.erasure withdraws their places)
    send_to_user(
        user=application.candidate.user,
        template="application_status",
        context={"application": application, "trip": application.trip, "status": status},
    )
    return True


@task()
def email_applicant(*, application_id: int, template: str, context: dict) -> bool:
    """One email to the applicant, in their language; the context gets `application` and
    `trip`."""
    application = (
        Application.objects.select_related("trip__organisation", "candidate__user")
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        return False
    send_to_user(
        user=application.candidate.user,
        template=template,
        context={**context, "application": application, "trip": application.trip},
    )
    return True


@task()
def expire_waitlist_offer(*, application_id: int) -> str:
    from .services import waitlist_offer_expire  # noqa: PLC0415 -- leaf

    application = waitlist_offer_expire(application_id=application_id)
    return application.status if application else "gone"


@task()
def email_trip_invitation(*, invitation_id: int) -> bool:
    """An organiser's invitation to apply to a trip, in the recipient's language."""
    from .talent import trip_invitation_send  # noqa: PLC0415 -- leaf

    return trip_invitation_send(invitation_id=invitation_id)
