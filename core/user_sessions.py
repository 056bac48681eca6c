"""The person's signed-in sessions (issue 14.7): listed on /account/sessions/, each revocable;
a password change or reset revokes every other session and all API tokens.

`UserSession` rows are recorded by `core.middleware.SessionActivityMiddleware`; Django's
`Session` table has no user column, so these rows are how a person's sessions are found.
(Sessions made before the rows existed still end on a password change: Django checks the
password hash stored in each session.)
"""

import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from .models import ApiToken, User, UserSession

# How often a session's "last seen" is written: at most once a minute per session.
SEEN_RESOLUTION = timedelta(minutes=1)
USER_AGENT_LENGTH = 200


@dataclass(frozen=True)
class Revoked:
    sessions: int
    tokens: int


def anonymised_ip(address: str) -> str:
    """An address only as precise as its network: IPv4 /24, IPv6 /48 ("" if not one)."""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return ""
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def user_session_touch(
    *, user: User, session_key: str, user_agent: str, ip: str, now: datetime
) -> UserSession:
    """Record that the session was used now (created on its first request)."""
    session, created = UserSession.objects.get_or_create(
        session_key=session_key,
        defaults={
            "user": user,
            "created_at": now,
            "last_seen_at": now,
            "user_agent": user_agent[:USER_AGENT_LENGTH],
            "ip": anonymised_ip(ip),
        },
    )
    if not created:
        UserSession.objects.filter(pk=session.pk).update(last_seen_at=now)
        session.last_seen_at = now
    return session


def user_session_rekey(*, old_key: str | None, new_key: str | None) -> None:
    """Keep a session's row when Django gives the session a new key (a password change)."""
    if old_key and new_key and old_key != new_key:
        UserSession.objects.filter(session_key=old_key).update(session_key=new_key)


def user_sessions_of(user: User) -> QuerySet[UserSession]:
    """The person's sessions that are still alive (a row outlives a session that expired),
    most recently used first."""
    alive = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    return UserSession.objects.filter(user=user, session_key__in=alive).order_by(
        "-last_seen_at", "-id"
    )


@transaction.atomic
def user_session_revoke(*, user: User, session_key: str) -> int:
    """Sign one of the person's own sessions out (another person's is left alone). Returns
    how many sessions ended (0 or 1)."""
    keys = list(
        UserSession.objects.filter(user=user, session_key=session_key).values_list(
            "session_key", flat=True
        )
    )
    return _end(keys)


@transaction.atomic
def user_sessions_revoke_others(*, user: User, keep_session_key: str | None) -> int:
    """Sign out every session of the person but `keep_session_key`. Returns the count."""
    keys = UserSession.objects.filter(user=user)
    if keep_session_key:
        keys = keys.exclude(session_key=keep_session_key)
    return _end(list(keys.values_list("session_key", flat=True)))


def _end(keys: list[str]) -> int:
    Session.objects.filter(session_key__in=keys).delete()
    UserSession.objects.filter(session_key__in=keys).delete()
    return len(keys)


@transaction.atomic
def account_credentials_revoke(*, user: User, keep_session_key: str | None = None) -> Revoked:
    """After a password change or reset, or an erasure: every session of the person but
    `keep_session_key` ends, and every API token is revoked (`revoked_at`)."""
    sessions = user_sessions_revoke_others(user=user, keep_session_key=keep_session_key)
    tokens = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    return Revoked(sessions=sessions, tokens=tokens)
