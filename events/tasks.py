from django.conf import settings
from django.tasks import task
from django.utils import timezone

from core.emails import send_to_address, send_to_user
from core.invitations import invitation_email_send
from core.models import User

from .models import AccessibilityReport, Organisation, OrganiserInvitation


@task()
def email_organiser_invitation(*, invitation_id: int) -> bool:
    """Email the invitation's link (template `organiser_invitation`) unless it was accepted,
    withdrawn or has expired meanwhile (see `core.invitations.invitation_email_send`)."""
    invitation = (
        OrganiserInvitation.objects.select_related("organisation", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    return invitation_email_send(
        invitation,
        template="organiser_invitation",
        url_name="organiser_invitation",
        context={"organisation": invitation.organisation} if invitation else {},
    )


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


@task()
def email_accessibility_report(*, report_id: int) -> bool:
    """Send an accessibility report to its organisation's contact address (in the site's
    language: the organisation's staff read it), with Reply-To the sender when they gave an
    address. Once: a report already sent is not sent again."""
    report = (
        AccessibilityReport.objects.select_related("organisation")
        .filter(pk=report_id, sent_at__isnull=True)
        .first()
    )
    if report is None or not report.organisation.contact_email:
        return False
    send_to_address(
        email=report.organisation.contact_email,
        language=settings.LANGUAGE_CODE,
        template="accessibility_report",
        context={"report": report},
        reply_to=[report.email] if report.email else (),
    )
    AccessibilityReport.objects.filter(pk=report.pk).update(sent_at=timezone.now())
    return True
