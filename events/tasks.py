from django.conf import settings
from django.tasks import task
from django.urls import reverse

from core.emails import send_to_address, send_to_user
from core.invitations import invitation_is_pending, invitation_language, invitation_token_issue
from core.models import User

from .models import Organisation, OrganiserInvitation


@task()
def email_organiser_invitation(*, invitation_id: int) -> bool:
    """Email the invitation's link (template `organiser_invitation`) unless it was accepted,
    withdrawn or has expired meanwhile. The link's token is made here, just before sending,
    so it is stored nowhere else. In the language of the address's account if it has one,
    else in the inviter's."""
    invitation = (
        OrganiserInvitation.objects.select_related("organisation", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not invitation_is_pending(invitation):
        return False
    token = invitation_token_issue(invitation)
    path = reverse("organiser_invitation", kwargs={"token": token})
    send_to_address(
        email=invitation.email,
        language=invitation_language(invitation),
        template="organiser_invitation",
        context={
            "invitation": invitation,
            "organisation": invitation.organisation,
            "inviter": invitation.invited_by,
            "url": f"{settings.SITE_URL}{path}",
        },
    )
    return True


@task()
def email_organisers(
    *, organisation_id: int, user_ids: list[int], template: str, actor_id: int | None = None
) -> int:
    """Email these people about the organisation (their removal as organisers), each in their
    language. The context has `organisation` and `actor` (who did it)."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        return 0
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    users = list(User.objects.filter(pk__in=user_ids, is_active=True).order_by("pk"))
    for user in users:
        send_to_user(
            user=user, template=template, context={"organisation": organisation, "actor": actor}
        )
    return len(users)
