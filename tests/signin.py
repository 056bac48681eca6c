"""Sessions of people as the app would have them after logging in (tests/conftest.py's
`force_login`, the permission matrix's world)."""

import time
from urllib.parse import urljoin

from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.middleware import SEEN_KEY
from core.models import UserSession
from core.two_factor import NOT_REQUIRED_KEY, two_factor_required


def mark_session_signed_in(session, user, *, verified: bool) -> None:
    """Make a logged-in session look as it does after its first request and, with `verified`,
    after the code step of an organiser or coordinator (who gets a confirmed authenticator
    app if they have none): the session's row for /account/sessions/ exists and is fresh,
    so that no test's first request pays for recording it."""
    now = timezone.now()
    required = two_factor_required(user)
    user.__dict__.pop("_roles_cache", None)  # the test's own instance asks afresh later
    if required:
        if verified:
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            if device is None:
                device = TOTPDevice.objects.create(user=user, name="tests", confirmed=True)
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    else:
        session[NOT_REQUIRED_KEY] = True
    UserSession.objects.get_or_create(
        session_key=session.session_key,
        defaults={"user": user, "created_at": now, "last_seen_at": now},
    )
    session[SEEN_KEY] = [session.session_key, now.timestamp()]
    session.save()


def totp_code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the authenticator app shows now (or `steps_ahead` 30-second steps later: each
    code is accepted once, and the next step's is accepted too)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def set_up_two_factor(client, user) -> TOTPDevice:
    """Go through /account/security/setup/ as `client` (logged in as `user`): the page makes
    the secret, the app's first code confirms it."""
    client.get("/account/security/setup/")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post("/account/security/setup/", {"code": totp_code(device)})
    assert response.status_code == 200, response
    device.refresh_from_db()
    assert device.confirmed
    return device


def browser_code_step(page, user) -> None:
    """In a Playwright page just past the password step of an organiser or coordinator: enter
    their authenticator app's code. One without an app was logged in and sent to set one up:
    they are given an app here and open the code step themselves."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
        page.goto(urljoin(page.url, "/accounts/login/code/"))
    page.get_by_label("Code").fill(totp_code(device))
    page.get_by_role("main").get_by_role("button", name="Log in").click()
