"""Issue 14.7: two-factor authentication — set up, the code step of logging in (TOTP or a
recovery code, each once), wrong codes counting towards the lockout, required for organisers
and coordinators, optional for everyone else, and the API token with `otp`."""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.exceptions import NotPermitted, ValidationFailed
from core.models import ApiToken
from core.two_factor import (
    recovery_codes_generate,
    totp_device_confirm,
    totp_device_start,
    two_factor_required,
    two_factor_turn_off,
    two_factor_verify,
)
from followup.models import CoordinatorMembership

from ..factories import CandidateFactory, OrganisationFactory, OrganiserFactory, UserFactory
from ..signin import totp_code

pytestmark = pytest.mark.django_db
PASSWORD = "pw-for-tests-1"  # the factories' password
JSON = "application/json"
LOCKED = "Too many failed login attempts. Try again in 15 minutes, or reset your password."


def wrong_code(device: TOTPDevice) -> str:
    """A 6-digit code the app shows in none of the steps accepted now."""
    accepted = {totp_code(device, steps) for steps in (-1, 0, 1)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in accepted)


def confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def en_client() -> Client:
    client = Client(headers={"Accept-Language": "en"})
    client.cookies["django_language"] = "en"
    return client


def password_step(client, user, next_url=""):
    data = {"username": user.email, "password": PASSWORD}
    url = reverse("login") + (f"?next={next_url}" if next_url else "")
    if next_url:
        data["next"] = next_url
    return client.post(url, data)


@pytest.fixture
def coordinator():
    user = UserFactory()
    CoordinatorMembership.objects.create(organisation=OrganisationFactory(), user=user)
    return user


# --- services ---------------------------------------------------------------------------------


def test_device_start_and_confirm_with_the_apps_code():
    user = UserFactory()
    device = totp_device_start(user=user)
    assert device.confirmed is False

    confirmed = totp_device_confirm(user=user, device=device, code=totp_code(device))

    assert confirmed.confirmed is True
    assert list(TOTPDevice.objects.filter(user=user).values_list("confirmed", flat=True)) == [True]


def test_device_confirm_with_a_wrong_code_is_refused():
    user = UserFactory()
    device = totp_device_start(user=user)
    wrong = wrong_code(device)

    with pytest.raises(ValidationFailed) as error:
        totp_device_confirm(user=user, device=device, code=wrong)

    assert error.value.extra["fields"] == {
        "code": ["That code is not right. Enter the 6-digit code your app shows now."]
    }
    assert TOTPDevice.objects.get(pk=device.pk).confirmed is False


def test_recovery_codes_are_ten_and_each_works_once():
    user = UserFactory()
    confirmed_device(user)
    codes = recovery_codes_generate(user=user)
    assert len(codes) == len(set(codes)) == 10

    assert two_factor_verify(user=user, code=codes[0]) is not None
    assert two_factor_verify(user=user, code=codes[0]) is None
    assert StaticToken.objects.filter(device__user=user).count() == 9


def test_new_recovery_codes_replace_the_old_ones():
    user = UserFactory()
    old = recovery_codes_generate(user=user)
    new = recovery_codes_generate(user=user)

    assert two_factor_verify(user=user, code=old[0]) is None
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)


def test_required_for_organisers_and_coordinators_only(coordinator):
    assert two_factor_required(OrganiserFactory().user) is True
    assert two_factor_required(coordinator) is True
    assert two_factor_required(CandidateFactory().user) is False
    assert two_factor_required(UserFactory()) is False


def test_turn_off_is_refused_for_an_organiser():
    organiser = OrganiserFactory().user
    confirmed_device(organiser)

    with pytest.raises(NotPermitted):
        two_factor_turn_off(user=organiser, password=PASSWORD)

    assert TOTPDevice.objects.filter(user=organiser).exists()


def test_turn_off_needs_the_password_and_removes_the_devices():
    user = CandidateFactory().user
    confirmed_device(user)
    recovery_codes_generate(user=user)

    with pytest.raises(ValidationFailed):
        two_factor_turn_off(user=user, password="not-it")
    two_factor_turn_off(user=user, password=PASSWORD)

    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticToken.objects.filter(device__user=user).exists()


# --- the set-up page --------------------------------------------------------------------------


def test_setup_page_shows_a_qr_code_and_the_secret_and_confirms():
    user = CandidateFactory().user
    client = en_client()
    client.force_login(user)

    page = client.get(reverse("account_security_setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    body = page.content.decode()
    assert "<svg" in body and "<script" not in body.split("<main", 1)[1].split("</main>")[0]
    secret = page.context["secret"].replace(" ", "")
    assert len(secret) == 32  # 20 bytes in base32
    response = client.post(reverse("account_security_setup"), {"code": totp_code(device)})

    assert response.status_code == 200
    assert len(response.context["codes"]) == 10
    assert TOTPDevice.objects.get(pk=device.pk).confirmed is True
    assert client.session.get("otp_device_id") == device.persistent_id


def test_setup_page_with_a_wrong_code_says_so():
    user = CandidateFactory().user
    client = en_client()
    client.force_login(user)
    client.get(reverse("account_security_setup"))
    device = TOTPDevice.objects.get(user=user)

    response = client.post(
        reverse("account_security_setup"),
        {"code": wrong_code(device)},
    )

    assert "That code is not right." in response.content.decode()
    assert TOTPDevice.objects.get(pk=device.pk).confirmed is False


# --- logging in in two steps ------------------------------------------------------------------


def test_login_with_a_device_asks_for_the_code_keeping_next():
    user = CandidateFactory().user
    device = confirmed_device(user)
    client = en_client()

    first = password_step(client, user, next_url="/trips/")
    assert first.status_code == 302
    assert first["Location"] == reverse("login_code") + "?next=%2Ftrips%2F"
    assert "_auth_user_id" not in client.session  # not logged in yet
    assert client.get(reverse("candidate_dashboard")).status_code == 302

    second = client.post(reverse("login_code"), {"code": totp_code(device), "next": "/trips/"})

    assert second.status_code == 302 and second["Location"] == "/trips/"
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get(reverse("candidate_dashboard")).status_code == 200


def test_login_with_a_recovery_code_uses_it_up():
    user = CandidateFactory().user
    confirmed_device(user)
    codes = recovery_codes_generate(user=user)
    client = en_client()

    password_step(client, user)
    response = client.post(reverse("login_code"), {"code": codes[3].upper()}, follow=True)

    assert response.status_code == 200
    assert "You used a recovery code; 9 are left." in response.content.decode()
    other = en_client()
    password_step(other, user)
    again = other.post(reverse("login_code"), {"code": codes[3]})
    assert again.status_code == 200
    assert "That code is not right." in again.content.decode()
    assert "_auth_user_id" not in other.session


def test_wrong_codes_count_towards_the_lockout():
    user = CandidateFactory().user
    device = confirmed_device(user)
    wrong = wrong_code(device)
    client = en_client()
    password_step(client, user)

    for _ in range(9):
        response = client.post(reverse("login_code"), {"code": wrong})
        assert response.status_code == 200
    tenth = client.post(reverse("login_code"), {"code": wrong})
    eleventh = client.post(reverse("login_code"), {"code": totp_code(device)})

    assert tenth.status_code == 429
    assert eleventh.status_code == 429
    assert LOCKED in eleventh.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_code_step_without_the_password_step_goes_back_to_login():
    response = en_client().get(reverse("login_code"))

    assert response.status_code == 302
    assert response["Location"] == reverse("login")


# --- enforcement ------------------------------------------------------------------------------


@pytest.mark.two_factor_enforced
def test_an_organiser_without_a_device_is_sent_to_set_one_up():
    organiser = OrganiserFactory().user
    client = en_client()
    client.force_login(organiser)

    page = client.get(reverse("manage:trip_list"))
    api = client.get("/api/v1/me")

    assert page.status_code == 302
    assert page["Location"] == reverse("account_security_setup") + "?next=%2Fmanage%2F"
    assert api.status_code == 403
    assert api.json() == {
        "detail": "Two-factor authentication is required: log in with your code on the "
        "website first, or use a bearer token."
    }
    setup = client.get(reverse("account_security_setup"))
    assert setup.status_code == 200
    assert "Organisers and coordinators must use two-factor authentication" in (
        setup.content.decode()
    )
    device = TOTPDevice.objects.get(user=organiser)
    client.post(reverse("account_security_setup"), {"code": totp_code(device)})
    assert client.get(reverse("manage:trip_list")).status_code == 200


@pytest.mark.two_factor_enforced
def test_a_coordinator_without_a_device_is_sent_to_set_one_up(coordinator):
    client = en_client()
    client.force_login(coordinator)

    response = client.get(reverse("followup_case_list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_security_setup"))


@pytest.mark.two_factor_enforced
def test_an_organiser_with_a_device_but_an_unverified_session_is_asked_for_the_code():
    organiser = OrganiserFactory().user
    device = confirmed_device(organiser)
    client = en_client()
    client.force_login(organiser)

    response = client.get(reverse("manage:trip_list"))
    assert response["Location"] == reverse("login_code") + "?next=%2Fmanage%2F"
    done = client.post(reverse("login_code"), {"code": totp_code(device), "next": "/manage/"})

    assert done["Location"] == "/manage/"
    assert client.get(reverse("manage:trip_list")).status_code == 200


@pytest.mark.two_factor_enforced
def test_a_session_that_has_not_passed_the_code_may_not_replace_or_turn_off_the_app():
    """A session from before the person set up their app elsewhere: the pages that change the
    second factor ask for the code first (else they would bypass it)."""
    user = CandidateFactory().user
    confirmed_device(user)
    client = en_client()
    client.force_login(user)

    for name in ("account_security_setup", "account_recovery_codes", "account_two_factor_off"):
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login_code") + "?next="), name
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_an_organiser_logging_in_with_the_password_only_is_sent_to_set_up():
    organiser = OrganiserFactory().user
    client = en_client()

    password_step(client, organiser)
    response = client.get(reverse("manage:trip_list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_security_setup"))
    # The pages that stay open: privacy, accessibility, logging out.
    assert client.get(reverse("privacy")).status_code == 200
    assert client.get(reverse("accessibility")).status_code == 200


def test_a_candidate_may_go_without_two_factor():
    user = CandidateFactory().user
    client = en_client()

    password_step(client, user)

    assert client.get(reverse("candidate_dashboard")).status_code == 200
    security = client.get(reverse("account_security"))
    assert "Off: logging in takes only your password." in security.content.decode()


def test_the_turn_off_page_refuses_an_organiser():
    client = en_client()
    client.force_login(OrganiserFactory().user)

    response = client.post(reverse("account_two_factor_off"), {"password": PASSWORD})

    assert response.status_code == 403
    assert TOTPDevice.objects.filter(confirmed=True).exists()


# --- the API token ----------------------------------------------------------------------------


def _token(client, user, **extra):
    body = {"email": user.email, "password": PASSWORD, **extra}
    return client.post("/api/v1/auth/token", body, content_type=JSON)


def test_api_token_of_an_account_with_a_device_needs_the_code():
    user = CandidateFactory().user
    device = confirmed_device(user)
    client = en_client()

    missing = _token(client, user)
    wrong = _token(client, user, otp=wrong_code(device))
    right = _token(client, user, otp=totp_code(device))

    assert missing.status_code == 401
    assert missing.json() == {
        "detail": "This account uses two-factor authentication: send the code of your app as otp."
    }
    assert wrong.status_code == 401
    assert wrong.json() == {"detail": "Wrong two-factor code."}
    assert right.status_code == 201
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {right.json()['token']}"})
    assert me.json()["email"] == user.email


def test_api_token_wrong_codes_lock_out_with_429():
    user = CandidateFactory().user
    device = confirmed_device(user)
    wrong = wrong_code(device)
    client = en_client()

    answers = [_token(client, user, otp=wrong).status_code for _ in range(10)]
    after = _token(client, user, otp=totp_code(device))

    assert answers == [401] * 9 + [429]
    assert after.status_code == 429
    assert after.json() == {"detail": LOCKED}
    assert not ApiToken.objects.exists()


def test_api_token_of_an_organiser_without_two_factor_is_refused():
    organiser = OrganiserFactory().user

    response = _token(en_client(), organiser)

    assert response.status_code == 401
    assert "need two-factor authentication" in response.json()["detail"]


def test_api_token_operation_declares_its_statuses():
    schema = en_client().get("/api/v1/openapi.json").json()
    responses = schema["paths"]["/api/v1/auth/token"]["post"]["responses"]

    assert {"201", "401", "429"} <= set(responses)


def test_the_code_step_and_the_security_page_read_swedish():
    from django.utils import translation

    user = CandidateFactory().user
    confirmed_device(user)
    client = Client()  # Swedish, the default
    with translation.override("sv"):
        password_step(client, user)
        code_page = client.get(reverse("login_code")).content.decode()
        client.post(reverse("login_code"), {"code": totp_code(TOTPDevice.objects.get(user=user))})
        security = client.get(reverse("account_security")).content.decode()

    assert "Ange din kod" in code_page
    assert "Tvåstegsverifiering" in security and "Säkerhet" in security
