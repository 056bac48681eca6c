"""Background work of the follow-up: coordinator invitation emails, cases for everyone who
attended a trip (enqueued by path from candidates.services, see docs/architecture.md)."""

from django.tasks import task

from core.invitations import invitation_email_send

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
