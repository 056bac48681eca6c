"""Background work of the follow-up app, one email or job per task (core.emails):
coordinator invitation emails, cases for everyone who attended a trip (enqueued by path from
candidates.services, see docs/architecture.md), feedback requests after a trip."""

from django.contrib.auth import get_user_model
from django.tasks import task

from core.emails import send_to_user
from core.invitations import invitation_email_send
from employers.models import Employer
from events.models import Trip

from .models import CoordinatorInvitation


@task()
def email_coordinator_invitation(*, invitation_id: int) -> bool:
    """Email the invitation's link (template `coordinator_invitation`) unless it was
    accepted, withdrawn or has expired meanwhile."""
    invitation = (
        CoordinatorInvitation.objects.select_related("organisation", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    return invitation_email_send(
        invitation,
        template="coordinator_invitation",
        url_name="followup_coordinator_invitation",
        context={"organisation": invitation.organisation} if invitation else {},
    )


@task()
def open_cases(*, trip_id: int) -> int:
    """A follow-up case for everyone who attended the trip and has none yet (enqueued when
    an application is marked attended); returns how many were made or linked."""
    from .services import cases_open_for_attended  # noqa: PLC0415 -- services enqueue tasks

    return len(cases_open_for_attended(trip_id=trip_id))


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
