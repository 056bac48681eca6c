import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from candidates.models import CONSENT_TEXT_VERSION, Candidate
from employers.models import Employer
from tests.factories import (
    CandidateFactory,
    EmployerFactory,
    EmployerMemberFactory,
    OrganisationFactory,
    OrganiserFactory,
    UserFactory,
    sector,
)

from .pages import form_errors, page_text, texts

pytestmark = pytest.mark.django_db
User = get_user_model()
PASSWORD = "fjallvandring-2040"


def _candidate_data(**overrides):
    data = {
        "email": "Anna.Berg@Example.test",
        "full_name": "Anna Berg",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "sectors": [sector("it").pk, sector("pedagogik").pk],
        "consent_talent_db": "on",
    }
    return {**data, **overrides}


def test_candidate_signup_creates_account_and_logs_in(client):
    response = client.post(reverse("signup_candidate"), _candidate_data(), follow=True)

    assert response.redirect_chain == [(reverse("candidate_dashboard"), 302)]
    assert texts(response.content, "p", "message") == ["Welcome, Anna Berg! Your account is ready."]
    assert texts(response.content, "span", "site-account__email") == ["anna.berg@example.test"]
    candidate = Candidate.objects.get(user__email="anna.berg@example.test")
    assert candidate.name == "Anna Berg"
    assert {s.code for s in candidate.sectors.all()} == {"it", "pedagogik"}
    assert candidate.consent_talent_db_version == CONSENT_TEXT_VERSION
    assert candidate.consent_talent_db_at is not None
    assert candidate.user.check_password(PASSWORD)
    assert candidate.user.language == "en"  # the language the page was shown in


def test_candidate_signup_continues_to_the_next_page_on_this_site(client):
    signup = reverse("signup_candidate")
    page = client.get(f"{signup}?next=/trips/")
    assert '<input type="hidden" name="next" value="/trips/">' in page.content.decode()
    assert 'href="/accounts/login/?next=/trips/"' in page.content.decode()
    response = client.post(f"{signup}?next=/trips/", _candidate_data())
    assert response.url == "/trips/"


def test_candidate_signup_ignores_a_next_page_elsewhere(client):
    response = client.post(
        reverse("signup_candidate") + "?next=https://evil.test/", _candidate_data()
    )
    assert response.url == reverse("candidate_dashboard")


def test_login_page_links_to_sign_up_with_its_next_page(client):
    page = client.get(reverse("login") + "?next=/trips/x/apply/")
    assert 'href="/accounts/signup/candidate/?next=/trips/x/apply/"' in page.content.decode()


def test_candidate_signup_page_shows_the_consent_text(client):
    response = client.get(reverse("signup_candidate"))

    assert "Keep my profile in the Jämtland Calling talent database" in page_text(response.content)
    assert "Yes, add me to the talent database" in page_text(response.content)


def test_candidate_signup_without_consent_records_none(client):
    client.post(reverse("signup_candidate"), _candidate_data(consent_talent_db=""))

    candidate = Candidate.objects.get()
    assert candidate.consent_talent_db_at is None
    assert candidate.consent_talent_db_version == ""


def test_candidate_signup_with_taken_email_is_a_form_error(client):
    UserFactory(email="anna.berg@example.test")

    response = client.post(reverse("signup_candidate"), _candidate_data())

    assert response.status_code == 200
    assert form_errors(response.content) == [
        "An account with this email address already exists. Log in instead."
    ]
    assert not Candidate.objects.exists()


def test_candidate_signup_with_differing_passwords_and_no_sector(client):
    response = client.post(
        reverse("signup_candidate"), _candidate_data(password2="something-else-9", sectors=[])
    )

    assert form_errors(response.content) == [
        "The two passwords differ.",
        "Choose at least one sector.",
    ]
    assert not User.objects.exists()


def _employer_data(organisation, **overrides):
    data = {
        "email": "erik@fjallbygg.test",
        "full_name": "Erik Nilsson",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "company_name": "Fjällbygg AB",
        "org_number": "5560360793",
        "organisation": organisation.pk,
        "sectors": [sector("ingenjor-industri").pk],
    }
    return {**data, **overrides}


def test_employer_signup_registers_an_unapproved_employer(client):
    organisation = OrganisationFactory(name="Östersunds kommun")

    response = client.post(reverse("signup_employer"), _employer_data(organisation), follow=True)

    assert response.redirect_chain == [(reverse("employer:dashboard"), 302)]
    assert texts(response.content, "p", "message") == [
        "Thank you! Fjällbygg AB is registered with Östersunds kommun. "
        "Your account awaits approval by an organiser."
    ]
    employer = Employer.objects.get()
    assert (employer.name, employer.org_number, employer.organisation) == (
        "Fjällbygg AB",
        "556036-0793",
        organisation,
    )
    assert employer.approved_at is None
    assert [m.email for m in employer.members.all()] == ["erik@fjallbygg.test"]
    assert texts(response.content, "span", "site-account__email") == ["erik@fjallbygg.test"]


def test_employer_signup_with_wrong_check_digit_is_a_form_error(client):
    organisation = OrganisationFactory()

    response = client.post(
        reverse("signup_employer"), _employer_data(organisation, org_number="556036-0794")
    )

    assert form_errors(response.content) == [
        "The organisation number's check digit is wrong. Check for typos."
    ]
    assert not User.objects.exists()


def test_employer_signup_with_registered_org_number_is_a_form_error(client):
    organisation = OrganisationFactory()
    EmployerFactory(org_number="556036-0793")

    response = client.post(
        reverse("signup_employer"), _employer_data(organisation, org_number="556036 0793")
    )

    assert form_errors(response.content) == [
        "An employer with organisation number 556036-0793 is already registered.",
        "Already registered.",
    ]
    assert not User.objects.filter(email="erik@fjallbygg.test").exists()  # rolled back


def test_employer_signup_with_taken_email_is_a_form_error(client):
    organisation = OrganisationFactory()
    UserFactory(email="erik@fjallbygg.test")

    response = client.post(reverse("signup_employer"), _employer_data(organisation))

    assert form_errors(response.content) == [
        "An account with this email address already exists. Log in instead."
    ]
    assert not Employer.objects.exists()


def test_login_with_email_and_password(client):
    UserFactory(email="karin@example.test")  # password "pw-for-tests-1"

    response = client.post(
        reverse("login"),
        {"username": "Karin@Example.test", "password": "pw-for-tests-1"},
        follow=True,
    )

    assert response.redirect_chain == [(reverse("home"), 302)]
    assert texts(response.content, "span", "site-account__email") == ["karin@example.test"]


@pytest.mark.parametrize(
    ("role", "landing"),
    [
        ("organiser", "manage:trip_list"),
        ("employer", "employer:dashboard"),
        ("candidate", "candidate_dashboard"),
    ],
)
def test_login_lands_on_the_persons_own_dashboard(client, role, landing):
    user = {
        "organiser": lambda: OrganiserFactory().user,
        "employer": lambda: EmployerMemberFactory().user,
        "candidate": lambda: CandidateFactory().user,
    }[role]()
    login = {"username": user.email, "password": "pw-for-tests-1"}

    response = client.post(reverse("login"), login)
    assert response.url == reverse(landing)
    client.logout()
    asked = client.post(reverse("login") + "?next=/trips/", login)
    assert asked.url == "/trips/"  # a page asked for still wins


def test_login_with_wrong_password_says_so(client):
    UserFactory(email="karin@example.test")

    response = client.post(
        reverse("login"), {"username": "karin@example.test", "password": "wrong"}
    )

    assert response.status_code == 200
    assert form_errors(response.content) == [
        "Wrong email or password. Note that the password is case-sensitive."
    ]


def test_logout_is_a_post_and_returns_home(client, plain_user):
    client.force_login(plain_user)

    response = client.post(reverse("logout"), follow=True)

    assert response.redirect_chain == [(reverse("home"), 302)]
    assert texts(response.content, "span", "site-account__email") == []
    assert "Log in" in texts(response.content, "div", "site-account")[0]


def test_password_reset_sends_a_link_that_works(
    client, plain_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the email is sent by a task
        response = client.post(reverse("password_reset"), {"email": plain_user.email}, follow=True)

    assert texts(response.content, "h1") == ["Check your email"]
    [email] = mail.outbox
    assert email.subject == "Choose a new password for Jämtland Calling"
    link = next(line for line in email.body.splitlines() if "/accounts/reset/" in line)
    response = client.get(link, follow=True)
    assert texts(response.content, "h1") == ["Choose a new password"]
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "ny-losen-2040-x", "new_password2": "ny-losen-2040-x"},
        follow=True,
    )
    assert texts(response.content, "h1") == ["Password changed"]
    plain_user.refresh_from_db()
    assert plain_user.check_password("ny-losen-2040-x")
