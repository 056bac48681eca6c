"""Issue 14.3: the ways to "Erase me" — the API, the web page with the password, and
organisers on a person's behalf with a reason."""

from datetime import datetime

import pytest
from django.core import mail
from django.urls import reverse

from candidates.models import Application, Candidate, TripInvitation
from core.models import Erasure, User
from events.models import OrganisationMembership

from ..factories import (
    ApplicationFactory,
    CandidateFactory,
    OrganiserFactory,
    TripFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
API = "/api/v1/me/erase"
JSON = "application/json"
RIGHT = "pw-for-tests-1"  # the factories' password
WRONG_PASSWORD = "Wrong password: nothing was erased."
LOCKED = "Too many failed login attempts. Try again in 15 minutes, or reset your password."


def erase_api(client, password, headers=None, ip="10.0.0.1"):
    return client.post(
        API, {"password": password}, content_type=JSON, headers=headers or {}, REMOTE_ADDR=ip
    )


def erased(user) -> bool:
    user.refresh_from_db()
    return user.erased_at is not None


@pytest.fixture
def ada():
    candidate = CandidateFactory(
        user=UserFactory(email="ada@example.test", full_name="Ada Lind", language="sv"),
        phone="070-123 45 67",
    )
    return candidate.user


# --- API ------------------------------------------------------------------------------------


def test_the_api_erases_with_the_right_password_and_the_token_stops_working(
    client, ada, bearer, django_capture_on_commit_callbacks
):
    headers = bearer(ada)

    with django_capture_on_commit_callbacks(execute=True):
        response = erase_api(client, RIGHT, headers)

    assert response.status_code == 202
    ada.refresh_from_db()
    body = response.json()
    assert body["status"] == "erased"
    assert datetime.fromisoformat(body["erased_at"]) == ada.erased_at.replace(
        microsecond=ada.erased_at.microsecond // 1000 * 1000
    )
    assert Erasure.objects.get(user=ada).via == "api"
    assert client.get("/api/v1/me", headers=headers).status_code == 401
    assert [m.to for m in mail.outbox] == [["ada@example.test"]]


def test_the_api_erases_for_a_session_too(client, ada, django_capture_on_commit_callbacks):
    client.force_login(ada)
    with django_capture_on_commit_callbacks(execute=True):
        response = erase_api(client, RIGHT)
    assert response.status_code == 202
    assert erased(ada)
    assert client.get("/api/v1/me").status_code == 401


def test_a_wrong_password_is_refused_with_403_and_erases_nothing(client, ada, bearer):
    response = erase_api(client, "not it", bearer(ada))

    assert response.status_code == 403
    assert response.json() == {"detail": WRONG_PASSWORD}
    assert not erased(ada)
    assert Candidate.objects.get(user=ada).name == "Ada Lind"
    assert mail.outbox == []


def test_guessing_the_password_is_stopped_by_the_login_lockout(client, ada, bearer):
    headers = bearer(ada)
    for n in range(9):
        assert erase_api(client, f"guess {n}", headers, ip=f"10.0.1.{n}").status_code == 403

    tenth = erase_api(client, "guess 9", headers, ip="10.0.1.9")
    right_but_locked = erase_api(client, RIGHT, headers, ip="10.0.2.1")

    assert tenth.status_code == 429
    assert right_but_locked.status_code == 429
    assert right_but_locked.json() == {"detail": LOCKED}
    assert not erased(ada)
    # The same lockout as the login: the account cannot log in either.
    login = client.post(
        "/api/v1/auth/token", {"email": ada.email, "password": RIGHT}, content_type=JSON
    )
    assert login.status_code == 429


def test_anonymous_callers_get_401_and_a_missing_password_422(client, ada, bearer):
    assert erase_api(client, RIGHT).status_code == 401
    response = client.post(API, {}, content_type=JSON, headers=bearer(ada))
    assert response.status_code == 422
    assert "password" in response.json()["fields"]
    assert not erased(ada)


# --- Web ------------------------------------------------------------------------------------


def test_the_page_says_what_goes_and_what_stays_and_asks_for_the_password(client, ada):
    client.force_login(ada)
    page = client.get(reverse("manage:my_data_erase"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "What is erased" in text
    assert "What stays, without you" in text
    assert "Bookings and invoices, which the law requires us to keep for seven years." in text
    assert 'type="password"' in text
    assert reverse("manage:my_data_export") in text


def test_a_wrong_password_on_the_page_is_a_form_error(client, ada):
    client.force_login(ada)
    page = client.post(reverse("manage:my_data_erase"), {"password": "not it"})
    assert page.status_code == 200
    assert WRONG_PASSWORD in page.content.decode()
    assert not erased(ada)


def test_the_right_password_erases_logs_out_and_emails_in_the_persons_language(
    client, ada, django_capture_on_commit_callbacks
):
    client.force_login(ada)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("manage:my_data_erase"), {"password": RIGHT})

    assert response.status_code == 302
    assert response["Location"] == reverse("manage:my_data_erased")
    done = client.get(response["Location"])
    assert "Your data is erased" in done.content.decode()
    assert erased(ada)
    assert Erasure.objects.get(user=ada).via == "web"
    profile = client.get(reverse("candidate_profile"))
    assert profile.status_code == 302 and reverse("login") in profile["Location"]
    assert not client.login(username="ada@example.test", password=RIGHT)
    relogin = client.post(reverse("login"), {"username": "ada@example.test", "password": RIGHT})
    assert relogin.status_code == 200  # the form again, not a redirect into the site
    [email] = mail.outbox
    assert email.to == ["ada@example.test"]
    assert email.subject == "Dina uppgifter hos Jämtland Calling är raderade"
    assert "Ada" not in email.body


def test_the_confirmation_is_in_english_for_an_english_speaker(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory(language="en")
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("manage:my_data_erase"), {"password": RIGHT})
    assert [m.subject for m in mail.outbox] == ["Your data on Jämtland Calling has been erased"]


def test_the_your_data_places_link_to_the_erasure(client, ada):
    erase = reverse("manage:my_data_erase").encode()
    client.force_login(ada)
    assert erase in client.get(reverse("candidate_profile")).content
    assert erase in client.get(reverse("manage:my_data_export")).content
    membership = OrganiserFactory()
    client.force_login(membership.user)
    page = client.get(
        reverse("manage:organisation_settings", kwargs={"org": membership.organisation.slug})
    )
    assert erase in page.content


def test_the_employer_dashboard_links_to_the_erasure(client, meeting_world):
    client.force_login(meeting_world.members[0])
    assert (
        reverse("manage:my_data_erase").encode()
        in client.get(reverse("employer:dashboard")).content
    )


def test_anonymous_people_are_sent_to_log_in(client):
    page = client.get(reverse("manage:my_data_erase"))
    assert page.status_code == 302
    assert reverse("login") in page["Location"]


# --- Organisers on a person's behalf -------------------------------------------------------


@pytest.fixture
def applicant(organiser, ada):
    trip = TripFactory(organisation=organiser.organisation_, status="published", title="IT-resan")
    return ApplicationFactory(candidate=ada.candidate, trip=trip)


def erase_url(organisation, candidate) -> str:
    return reverse(
        "manage:candidate_erase", kwargs={"org": organisation.slug, "candidate_id": candidate.pk}
    )


def test_the_applicant_page_offers_to_erase_on_the_persons_behalf(client, organiser, applicant):
    client.force_login(organiser)
    page = client.get(reverse("manage:applicant_detail", args=[applicant.trip.slug, applicant.pk]))
    assert erase_url(organiser.organisation_, applicant.candidate).encode() in page.content


def test_the_confirmation_page_shows_what_will_be_erased(client, organiser, applicant):
    client.force_login(organiser)
    page = client.get(erase_url(organiser.organisation_, applicant.candidate))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Erase Ada Lind" in text
    assert "ada@example.test" in text
    assert "IT-resan" in text
    assert 'name="reason"' in text


def test_a_reason_is_required(client, organiser, applicant):
    client.force_login(organiser)
    page = client.post(erase_url(organiser.organisation_, applicant.candidate), {"reason": " "})
    assert page.status_code == 200
    assert "This field is required." in page.content.decode()
    assert not erased(applicant.candidate.user)


def test_an_organiser_erases_with_a_reason_which_is_recorded(
    client, organiser, applicant, django_capture_on_commit_callbacks
):
    client.force_login(organiser)
    url = erase_url(organiser.organisation_, applicant.candidate)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Asked by phone on 2 December"})

    assert response.status_code == 302
    user = applicant.candidate.user
    assert erased(user)
    erasure = Erasure.objects.get(user=user)
    assert (erasure.via, erasure.actor, erasure.reason) == (
        "organiser",
        organiser,
        "Asked by phone on 2 December",
    )
    assert erasure.completed_at is not None
    assert [m.to for m in mail.outbox] == [["ada@example.test"]]
    application = Application.objects.get(pk=applicant.pk)
    # The trip is still to come: the place is given up, the text gone.
    assert (application.status, application.motivation) == ("withdrawn", "")
    # Once erased, there is no one left to erase.
    assert client.get(url).status_code == 404


def test_a_candidate_only_invited_can_be_erased_on_their_behalf(client, organiser, ada):
    trip = TripFactory(organisation=organiser.organisation_, status="published")
    TripInvitation.objects.create(trip=trip, candidate=ada.candidate, invited_by=organiser)
    client.force_login(organiser)
    assert client.get(erase_url(organiser.organisation_, ada.candidate)).status_code == 200


def test_another_organisations_candidate_is_a_404(client, organiser, ada):
    elsewhere = OrganiserFactory()
    ApplicationFactory(
        candidate=ada.candidate, trip=TripFactory(organisation=elsewhere.organisation)
    )
    client.force_login(organiser)
    url = erase_url(organiser.organisation_, ada.candidate)

    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "no"}).status_code == 404
    # Nor may they use the other organisation's address.
    other_url = erase_url(elsewhere.organisation, ada.candidate)
    assert client.post(other_url, {"reason": "no"}).status_code == 404
    assert not erased(ada)


def test_people_who_organise_nothing_are_refused(client, applicant, organiser):
    someone = UserFactory()
    client.force_login(someone)
    url = erase_url(organiser.organisation_, applicant.candidate)
    assert client.post(url, {"reason": "x"}).status_code == 403
    assert not erased(applicant.candidate.user)


def test_a_superuser_erases_on_the_persons_behalf(
    client, organiser, applicant, django_capture_on_commit_callbacks
):
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert not OrganisationMembership.objects.filter(user=admin).exists()
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            erase_url(organiser.organisation_, applicant.candidate), {"reason": "By letter"}
        )
    assert response.status_code == 302
    assert Erasure.objects.get(user=applicant.candidate.user).actor == admin
    assert User.objects.get(pk=applicant.candidate.user_id).is_active is False


def test_the_service_refuses_an_organisers_erasure_without_a_reason(organiser, applicant):
    from backoffice.erasure import person_erase
    from core.exceptions import ValidationFailed

    with pytest.raises(ValidationFailed) as refused:
        person_erase(user=applicant.candidate.user, via="organiser", actor=organiser, reason=" ")
    assert refused.value.extra == {"fields": {"reason": ["A reason is required."]}}
    assert not erased(applicant.candidate.user)
