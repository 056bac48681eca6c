"""Login and token endpoints lock out after 10 failures, per account and per IP, for a
cool-off; the message says so in the reader's language. (django-axes)"""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
JSON = "application/json"
RIGHT = "pw-for-tests-1"  # the factories' password
LOCKED = "Too many failed login attempts. Try again in 15 minutes, or reset your password."


def web_login(client, email, password, ip="10.0.0.1"):
    return client.post(reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=ip)


def api_login(client, email, password, ip="10.0.0.1"):
    return client.post(
        "/api/v1/auth/token",
        {"email": email, "password": password},
        content_type=JSON,
        REMOTE_ADDR=ip,
    )


@pytest.fixture
def anna():
    return UserFactory(email="anna@example.test")


@pytest.mark.parametrize("login", [web_login, api_login], ids=["login form", "token endpoint"])
def test_the_eleventh_attempt_on_an_account_is_refused_even_with_the_right_password(
    client, anna, login
):
    # From different addresses: the account itself is locked, from the tenth failure on.
    for n in range(9):
        assert login(client, "anna@example.test", "wrong", ip=f"10.0.1.{n}").status_code in (
            200,
            401,
        )
    assert login(client, "anna@example.test", "wrong", ip="10.0.1.9").status_code == 429

    response = login(client, "Anna@Example.test", RIGHT, ip="10.0.2.1")

    assert response.status_code == 429
    assert LOCKED in response.content.decode()


@pytest.mark.parametrize("login", [web_login, api_login], ids=["login form", "token endpoint"])
def test_ten_failures_from_one_address_lock_that_address_out(client, anna, login):
    for n in range(10):
        login(client, f"someone{n}@example.test", "wrong", ip="10.0.3.3")

    assert login(client, "anna@example.test", RIGHT, ip="10.0.3.3").status_code == 429
    # Another address can still log in to the same account.
    assert login(client, "anna@example.test", RIGHT, ip="10.0.3.4").status_code in (201, 302)


def test_the_api_lockout_is_in_the_api_error_shape(client, anna):
    for _ in range(10):
        api_login(client, "anna@example.test", "wrong")
    response = api_login(client, "anna@example.test", RIGHT)
    assert response.status_code == 429
    assert response.json() == {"detail": LOCKED}


def test_nine_failures_and_a_success_log_in(client, anna):
    for _ in range(9):
        web_login(client, "anna@example.test", "wrong")
    assert web_login(client, "anna@example.test", RIGHT).status_code == 302


def test_a_success_does_not_reset_the_address_count(client, anna):
    """An attacker with an account of their own cannot clear their address's failures."""
    UserFactory(email="mallory@example.test")
    for n in range(9):
        api_login(client, f"victim{n}@example.test", "wrong", ip="10.0.4.4")
    assert api_login(client, "mallory@example.test", RIGHT, ip="10.0.4.4").status_code == 201
    api_login(client, "victim9@example.test", "wrong", ip="10.0.4.4")

    assert api_login(client, "anna@example.test", RIGHT, ip="10.0.4.4").status_code == 429


def test_the_admin_login_is_locked_out_too(client):
    UserFactory(email="root@example.test", is_staff=True, is_superuser=True)
    for _ in range(10):
        client.post("/admin/login/", {"username": "root@example.test", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "root@example.test", "password": RIGHT})
    assert response.status_code == 429


def test_the_lockout_message_is_swedish_by_default(anna):
    client = Client()  # no Accept-Language: the default language
    for _ in range(10):
        web_login(client, "anna@example.test", "wrong")
    with translation.override("sv"):
        response = web_login(client, "anna@example.test", RIGHT)
    assert response.status_code == 429
    assert "För många misslyckade inloggningsförsök" in response.content.decode()
