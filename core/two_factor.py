"""Two-factor authentication (issue 14.7): a TOTP authenticator app, with recovery codes for
when the phone is gone. Available to everyone, required for organisers and coordinators
(`two_factor_required`; `core.middleware.TwoFactorMiddleware` sends them to set it up).

Devices are django-otp's: one `TOTPDevice` (unconfirmed until a first code proves the app has
the secret) and one `StaticDevice` holding the unused recovery codes (`StaticToken`s, each
good once). A session that passed the second step carries django-otp's
`DEVICE_ID_SESSION_KEY` (`session_verify`); sessions are server-side, so that mark is trusted
without loading the device on every request.
"""

import re
from base64 import b32encode
from dataclasses import dataclass

import segno
from django.contrib.auth import authenticate
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .exceptions import NotPermitted, ValidationFailed
from .models import User
from .roles import roles_for

RECOVERY_CODE_COUNT = 10
TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"
_TOTP_CODE = re.compile(r"^\d{6}$")


@dataclass(frozen=True)
class TwoFactorStatus:
    enabled: bool  # a confirmed authenticator app
    required: bool
    recovery_codes_left: int


def two_factor_required(user: User) -> bool:
    """Organisers and relocation coordinators must use a second factor: they see other
    people's personal data."""
    roles = roles_for(user)
    return roles.organiser or roles.coordinator


def totp_device_of(user: User) -> TOTPDevice | None:
    """The person's confirmed authenticator app, if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def two_factor_enabled(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def two_factor_status(user: User) -> TwoFactorStatus:
    left = StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
    return TwoFactorStatus(
        enabled=two_factor_enabled(user),
        required=two_factor_required(user),
        recovery_codes_left=left,
    )


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """A new, unconfirmed authenticator secret to scan (any earlier unconfirmed one goes).
    A confirmed device stays in use until the new one is confirmed."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def totp_device_pending(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()


def totp_qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL of the device as an inline SVG QR code (no script, no CDN)."""
    qr = segno.make(device.config_url, error="m")
    return qr.svg_inline(
        scale=5, dark="#111", light="#fff", omitsize=False, title=_("QR code for the app")
    )


def totp_secret_text(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@transaction.atomic
def totp_device_confirm(*, user: User, device: TOTPDevice, code: str) -> TOTPDevice:
    """Confirm the authenticator app with its first code: the device is confirmed, any other
    TOTP device of the person goes, and recovery codes are made if they have none. Raises
    ValidationFailed for a wrong code."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
    if not _TOTP_CODE.match(code.strip()) or not device.verify_token(code.strip()):
        message = _("That code is not right. Enter the 6-digit code your app shows now.")
        raise ValidationFailed(message, {"fields": {"code": [message]}})
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    return device


@transaction.atomic
def recovery_codes_generate(*, user: User) -> list[str]:
    """Ten new recovery codes, replacing any earlier ones; returned this once (they are
    stored as they are, like django-otp's: each is good for one login)."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _devices_delete(user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


@transaction.atomic
def two_factor_turn_off(*, user: User, password: str, request: HttpRequest | None = None) -> None:
    """Stop using two-factor authentication, after the password (checked as a login is, so a
    wrong one counts towards the lockout). Organisers and coordinators may not: it is
    required for them. Raises NotPermitted or ValidationFailed."""
    if two_factor_required(user):
        raise NotPermitted(
            _("Two-factor authentication is required for organisers and coordinators.")
        )
    if authenticate(request, email=user.email, password=password) != user:
        message = _("Wrong password: two-factor authentication is still on.")
        raise ValidationFailed(message, {"fields": {"password": [message]}})
    _devices_delete(user)


def two_factor_devices_delete(*, user: User) -> None:
    """Forget the person's devices (erasure)."""
    _devices_delete(user)


@transaction.atomic
def two_factor_verify(*, user: User, code: str) -> Device | None:
    """The device that accepts `code`: a 6-digit code of the authenticator app, or a
    recovery code (which is used up). None if neither does."""
    code = "".join(code.split()).lower()
    if not code:
        return None
    if _TOTP_CODE.match(code):
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        return device if device is not None and device.verify_token(code) else None
    recovery = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
    return recovery if recovery is not None and recovery.verify_token(code) else None


def session_verify(request: HttpRequest, device: Device) -> None:
    """Mark the session (of `request.user`) as having passed the second step."""
    otp_login(request, device)


def session_is_verified(request: HttpRequest) -> bool:
    return bool(request.session.get(DEVICE_ID_SESSION_KEY))


# Set in a session found not to need the second step (core.middleware.TwoFactorMiddleware), so
# that it is not asked again on every request: its person is asked at their next login, or
# after they take on a role (`session_two_factor_recheck`).
NOT_REQUIRED_KEY = "_two_factor_not_required"


def session_two_factor_recheck(request: HttpRequest) -> None:
    """Have the middleware check again whether this session needs the second step: after the
    person accepted an invitation to organise or to follow up."""
    request.session.pop(NOT_REQUIRED_KEY, None)
