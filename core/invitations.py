"""The rules every kind of invitation shares (`core.models.Invitation`): making, issuing,
accepting and withdrawing them. The apps' services call these inside their own transaction,
with the row of what the invitation is to locked; the apps' tasks send the emails."""

import secrets
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .emails import send_to_address
from .exceptions import DeadlinePassed, InvalidTransition, NotPermitted
from .models import Invitation, User

INVITATION_VALIDITY = timedelta(days=14)


def invitation_email_normalize(email: str) -> str:
    return email.strip().lower()


def invitation_create[InvitationT: Invitation](
    model: type[InvitationT],
    *,
    email: str,
    invited_by: User,
    language: str,
    now: datetime | None = None,
    **target,
) -> InvitationT:
    """A new invitation of `model` to `target` (e.g. `employer=…`), valid for
    INVITATION_VALIDITY. An open invitation of the same address to the same target is
    withdrawn first: its link stops working. The caller enqueues the email."""
    now = now or timezone.now()
    email = invitation_email_normalize(email)
    model.objects.filter(
        email=email, accepted_at__isnull=True, revoked_at__isnull=True, **target
    ).update(revoked_at=now)
    return model.objects.create(
        email=email,
        invited_by=invited_by,
        language=language,
        created_at=now,
        expires_at=now + INVITATION_VALIDITY,
        **target,
    )


def invitation_is_pending(invitation: Invitation, *, now: datetime | None = None) -> bool:
    return invitation.is_open and invitation.expires_at > (now or timezone.now())


def invitation_token_issue(invitation: Invitation) -> str:
    """Make the link's one-time token and store its hash; returns the token. Called by the
    email task just before sending, so the token is kept nowhere but in the email. A newer
    token replaces an older one (only the last email's link works)."""
    token = secrets.token_urlsafe(32)
    invitation.token_hash = Invitation.hash_token(token)
    invitation.save(update_fields=["token_hash"])
    return token


def invitation_language(invitation: Invitation) -> str:
    """The language to email the invitation in: the account's, if the address has one (only
    the email task asks, so no page's answer depends on it), else the one invited in."""
    account = User.objects.filter(email__iexact=invitation.email, is_active=True).first()
    return account.language if account else invitation.language


def invitation_by_token[InvitationT: Invitation](
    queryset: QuerySet[InvitationT], token: str
) -> InvitationT | None:
    """The invitation whose link carries `token`, in any state, or None."""
    if not token or len(token) > 100:
        return None
    return queryset.filter(token_hash=Invitation.hash_token(token)).first()


def invitation_accept_check(invitation: Invitation, *, user: User, now: datetime) -> None:
    """Raise the domain error that stops `user` accepting `invitation` now, if any: it was
    withdrawn, accepted already or has expired (409), or it is for another address (403)."""
    if invitation.revoked_at is not None:
        raise InvalidTransition(_("This invitation has been withdrawn."))
    if invitation.accepted_at is not None:
        raise InvalidTransition(_("This invitation has already been accepted."))
    if invitation.expires_at <= now:
        raise DeadlinePassed(
            _("This invitation expired on %(date)s. Ask for a new one.")
            % {"date": formats.date_format(timezone.localtime(invitation.expires_at), "j F Y")}
        )
    if user.email.lower() != invitation.email.lower():
        raise NotPermitted(
            _(
                "This invitation is for %(invited)s, but you are logged in as %(you)s. Log in "
                "as %(invited)s to accept it."
            )
            % {"invited": invitation.email, "you": user.email}
        )


def invitation_mark_accepted(invitation: Invitation, *, user: User, now: datetime) -> None:
    invitation.accepted_at = now
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])


def invitation_revoke(invitation: Invitation, *, now: datetime | None = None) -> None:
    """Withdraw an open invitation: its link stops working. Nothing happens to one that was
    accepted or withdrawn already."""
    if invitation.is_open:
        invitation.revoked_at = now or timezone.now()
        invitation.save(update_fields=["revoked_at"])


def invitation_email_send(
    invitation: Invitation | None, *, template: str, url_name: str, context: dict[str, Any]
) -> bool:
    """Email an invitation's link (for the tasks of each kind), unless it is gone or no
    longer pending. The link's token is made here, just before sending, so it is stored
    nowhere else; the email is in the language of the address's account if it has one, else
    in the inviter's. The template gets `invitation`, `inviter` and `url` besides `context`."""
    if invitation is None or not invitation_is_pending(invitation):
        return False
    path = reverse(url_name, kwargs={"token": invitation_token_issue(invitation)})
    send_to_address(
        email=invitation.email,
        language=invitation_language(invitation),
        template=template,
        context={
            "invitation": invitation,
            "inviter": invitation.invited_by,
            "url": f"{settings.SITE_URL}{path}",
            **context,
        },
    )
    return True
