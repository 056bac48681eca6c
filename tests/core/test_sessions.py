"""Issue 14.7: a person's sessions — recorded with a coarse address, listed with this device
marked, signed out one by one or all others — and a password change or reset ending every
other session and all API tokens."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core.models import ApiToken, UserSession
from core.services import api_token_create
from core.user_sessions import account_credentials_revoke, anonymised_ip

from ..factories import CandidateFactory

pytestmark = pytest.mark.django_db
PASSWORD = "pw-for-tests-1"
NEW_PASSWORD = "fjallvandring-2041"
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"
CHROME_ANDROID = (
    "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/140.0 Mobile Safari/537.36"
)


def logged_in(user, *, agent: str, ip: str) -> Client:
    """A browser that logged in through the form."""
    client = Client(headers={"Accept-Language": "en", "User-Agent": agent}, REMOTE_ADDR=ip)
    client.cookies["django_language"] = "en"
    response = client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


@pytest.fixture
def anna():
    return CandidateFactory().user


def test_addresses_are_kept_only_to_their_network():
    assert anonymised_ip("192.0.2.77") == "192.0.2.0/24"
    assert anonymised_ip("2001:db8:1234:5678::1") == "2001:db8:1234::/48"
    assert anonymised_ip("not an address") == ""


def test_each_signed_in_session_is_recorded_once_with_browser_and_network(anna):
    laptop = logged_in(anna, agent=FIREFOX, ip="192.0.2.77")
    laptop.get(reverse("candidate_dashboard"))
    laptop.get(reverse("candidate_dashboard"))

    rows = list(UserSession.objects.filter(user=anna))
    assert len(rows) == 1
    assert rows[0].session_key == laptop.session.session_key
    assert (rows[0].browser, rows[0].ip) == ("Firefox · Linux", "192.0.2.0/24")


def test_sessions_page_lists_them_with_this_device_marked(anna):
    logged_in(anna, agent=CHROME_ANDROID, ip="198.51.100.5")
    laptop = logged_in(anna, agent=FIREFOX, ip="192.0.2.77")

    page = laptop.get(reverse("account_sessions"))

    body = page.content.decode()
    rows = re.findall(r"<th scope=\"row\">(.*?)</th>", body, re.S)
    assert sorted(re.sub(r"<[^>]+>", "", row).strip() for row in rows) == [
        "Chrome · Android",
        "Firefox · Linux This device",
    ]
    assert "198.51.100.0/24" in body and "192.0.2.0/24" in body


def test_signing_out_one_session(anna):
    phone = logged_in(anna, agent=CHROME_ANDROID, ip="198.51.100.5")
    laptop = logged_in(anna, agent=FIREFOX, ip="192.0.2.77")
    phone_row = UserSession.objects.get(session_key=phone.session.session_key)

    response = laptop.post(reverse("account_session_revoke"), {"session": phone_row.pk})

    assert response.status_code == 302
    assert phone.get(reverse("candidate_dashboard")).status_code == 302  # to the login
    assert laptop.get(reverse("candidate_dashboard")).status_code == 200
    assert not UserSession.objects.filter(pk=phone_row.pk).exists()


def test_another_persons_session_cannot_be_signed_out(anna):
    bert = CandidateFactory().user
    berts = logged_in(bert, agent=FIREFOX, ip="192.0.2.8")
    laptop = logged_in(anna, agent=FIREFOX, ip="192.0.2.77")
    berts_row = UserSession.objects.get(user=bert)

    laptop.post(reverse("account_session_revoke"), {"session": berts_row.pk})

    assert berts.get(reverse("candidate_dashboard")).status_code == 200


def test_signing_out_all_other_sessions(anna):
    phone = logged_in(anna, agent=CHROME_ANDROID, ip="198.51.100.5")
    tablet = logged_in(anna, agent=CHROME_ANDROID, ip="198.51.100.6")
    laptop = logged_in(anna, agent=FIREFOX, ip="192.0.2.77")

    laptop.post(reverse("account_session_revoke"), {"others": "1"})

    assert phone.get(reverse("candidate_dashboard")).status_code == 302
    assert tablet.get(reverse("candidate_dashboard")).status_code == 302
    assert laptop.get(reverse("candidate_dashboard")).status_code == 200
    assert list(UserSession.objects.values_list("session_key", flat=True)) == [
        laptop.session.session_key
    ]


def test_logging_out_removes_the_sessions_row(anna):
    laptop = logged_in(anna, agent=FIREFOX, ip="192.0.2.77")

    laptop.post(reverse("logout"))

    assert not UserSession.objects.exists()


def test_password_change_ends_other_sessions_and_tokens_and_emails(
    anna, django_capture_on_commit_callbacks
):
    phone = logged_in(anna, agent=CHROME_ANDROID, ip="198.51.100.5")
    laptop = logged_in(anna, agent=FIREFOX, ip="192.0.2.77")
    _token, key = api_token_create(user=anna)
    bearer = {"Authorization": f"Bearer {key}"}
    assert laptop.get("/api/v1/me", headers=bearer).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = laptop.post(
            reverse("account_password_change"),
            {
                "old_password": PASSWORD,
                "new_password1": NEW_PASSWORD,
                "new_password2": NEW_PASSWORD,
            },
        )

    assert response.status_code == 302
    assert laptop.get(reverse("candidate_dashboard")).status_code == 200  # this one stays
    assert phone.get(reverse("candidate_dashboard")).status_code == 302
    assert Client().get("/api/v1/me", headers=bearer).status_code == 401
    assert ApiToken.objects.get().revoked_at is not None
    assert list(UserSession.objects.values_list("session_key", flat=True)) == [
        laptop.session.session_key
    ]
    # In the person's language (Swedish, the factories' default).
    assert [message.subject for message in mail.outbox] == [
        "Ditt lösenord hos Jämtland Calling har ändrats"
    ]
    assert mail.outbox[0].to == [anna.email]


def test_password_reset_ends_every_session_and_token(anna, django_capture_on_commit_callbacks):
    laptop = logged_in(anna, agent=FIREFOX, ip="192.0.2.77")
    anna.refresh_from_db()  # the reset token covers the last login
    _token, key = api_token_create(user=anna)
    uid = urlsafe_base64_encode(force_bytes(anna.pk))
    token = default_token_generator.make_token(anna)
    stranger = Client(headers={"Accept-Language": "en"})
    form = stranger.get(
        reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token}), follow=True
    )

    with django_capture_on_commit_callbacks(execute=True):
        done = stranger.post(
            form.redirect_chain[-1][0],
            {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )

    assert done.status_code == 302
    assert laptop.get(reverse("candidate_dashboard")).status_code == 302
    assert Client().get("/api/v1/me", headers={"Authorization": f"Bearer {key}"}).status_code == 401
    assert not Session.objects.filter(session_key=laptop.session.session_key).exists()
    assert len(mail.outbox) == 1


def test_credentials_revoke_keeps_the_named_session(anna):
    phone = logged_in(anna, agent=CHROME_ANDROID, ip="198.51.100.5")
    laptop = logged_in(anna, agent=FIREFOX, ip="192.0.2.77")
    api_token_create(user=anna)
    api_token_create(user=anna)

    revoked = account_credentials_revoke(user=anna, keep_session_key=laptop.session.session_key)

    assert (revoked.sessions, revoked.tokens) == (1, 2)
    assert phone.get(reverse("candidate_dashboard")).status_code == 302


def test_an_expired_session_is_not_listed(anna):
    phone = logged_in(anna, agent=CHROME_ANDROID, ip="198.51.100.5")
    laptop = logged_in(anna, agent=FIREFOX, ip="192.0.2.77")
    Session.objects.filter(session_key=phone.session.session_key).update(
        expire_date=timezone.now() - timedelta(minutes=1)
    )

    page = laptop.get(reverse("account_sessions"))

    assert [row.session_key for row in page.context["sessions"]] == [laptop.session.session_key]
