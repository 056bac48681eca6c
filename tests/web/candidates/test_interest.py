"""Registering interest without an account: double opt-in and one-click unsubscribe."""

import time
from types import SimpleNamespace

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from candidates.models import InterestRegistration
from tests.factories import CandidateFactory, sector

from ..pages import form_errors, page_text, texts
from .conftest import link_in_mail

pytestmark = pytest.mark.django_db

CONFIRM = r"/interest/confirm/[^/\s]+/"
UNSUBSCRIBE = r"/unsubscribe/[^/\s]+/"


def _register(client, capture, **overrides):
    data = {
        "email": "ella@example.test",
        "sectors": [sector("it").pk, sector("pedagogik").pk],
        "name": "Ella Ek",
        "city": "Malmö",
        "consent": "on",
        **overrides,
    }
    with capture(execute=True):
        return client.post(reverse("interest_register"), data, follow=True)


def test_interest_page_shows_the_consent_text_and_sectors(client):
    response = client.get(reverse("interest_register"))

    text = page_text(response.content)
    assert "Store my email address and sectors in the Jämtland Calling talent database" in text
    assert "Finance and accounting" in text
    assert texts(response.content, "h1") == ["Hear about new trips"]


def test_interest_gives_the_same_answer_for_a_new_and_a_known_email(
    client, django_capture_on_commit_callbacks
):
    first = _register(client, django_capture_on_commit_callbacks)
    client.get(link_in_mail(CONFIRM))
    again = _register(client, django_capture_on_commit_callbacks, name="", city="")

    assert first.redirect_chain == again.redirect_chain == [(reverse("interest_sent"), 302)]
    assert page_text(first.content) == page_text(again.content)
    assert texts(again.content, "h1") == ["Check your inbox"]
    assert InterestRegistration.objects.get().name == "Ella Ek"


def test_interest_for_an_account_holders_email_answers_the_same(
    client, django_capture_on_commit_callbacks
):
    new = _register(client, django_capture_on_commit_callbacks, email="new@example.test")
    CandidateFactory(user__email="known@example.test")
    known = _register(client, django_capture_on_commit_callbacks, email="known@example.test")

    assert page_text(new.content) == page_text(known.content)


def test_interest_without_consent_or_sectors_shows_the_errors(client):
    response = client.post(
        reverse("interest_register"), {"email": "ella@example.test", "sectors": []}
    )

    assert form_errors(response.content) == [
        "Choose at least one sector.",
        "Please accept the consent to be added to the talent database.",
    ]
    assert not InterestRegistration.objects.exists()


def test_confirm_link_from_the_email_confirms(client, django_capture_on_commit_callbacks):
    _register(client, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["ella@example.test"]]

    link = link_in_mail(CONFIRM)
    asked = client.get(link)  # what a mail scanner following the link gets: nothing happens
    assert texts(asked.content, "h1") == ["Confirm your address"]
    assert InterestRegistration.objects.get().confirmed_at is None

    response = client.post(link)

    assert response.status_code == 200
    assert texts(response.content, "h1") == ["Thank you for confirming"]
    assert "ella@example.test is now in the Jämtland Calling talent database" in page_text(
        response.content
    )
    assert InterestRegistration.objects.get().confirmed_at is not None


def test_confirm_link_that_is_tampered_with_says_so(client):
    response = client.get(reverse("interest_confirm", args=["not-a-token"]))

    assert response.status_code == 400
    assert texts(response.content, "p", "message") == ["This confirmation link is not valid."]


def test_confirm_link_older_than_a_week_has_expired(
    client, django_capture_on_commit_callbacks, monkeypatch
):
    _register(client, django_capture_on_commit_callbacks)
    link = link_in_mail(CONFIRM)
    eight_days_later = time.time() + 8 * 24 * 3600
    monkeypatch.setattr(signing, "time", SimpleNamespace(time=lambda: eight_days_later))

    response = client.get(link)

    assert texts(response.content, "p", "message") == [
        "This confirmation link has expired. Register again to get a new one."
    ]
    assert InterestRegistration.objects.get().confirmed_at is None


def test_unsubscribe_link_works_without_logging_in(client, django_capture_on_commit_callbacks):
    _register(client, django_capture_on_commit_callbacks)
    candidate = CandidateFactory(user__email="ella@example.test")

    link = link_in_mail(UNSUBSCRIBE)
    asked = client.get(link)
    assert texts(asked.content, "h1") == ["Unsubscribe?"]
    assert InterestRegistration.objects.get().unsubscribed_at is None

    response = client.post(link)

    assert response.status_code == 200
    assert texts(response.content, "h1") == ["You are unsubscribed"]
    assert "We will not email ella@example.test about new trips any more." in page_text(
        response.content
    )
    assert InterestRegistration.objects.get().unsubscribed_at is not None
    candidate.refresh_from_db()
    assert candidate.alerts_unsubscribed_at is not None


def test_emails_with_an_unsubscribe_link_offer_one_click_unsubscribe(
    client, django_capture_on_commit_callbacks
):
    _register(client, django_capture_on_commit_callbacks)
    message = mail.outbox[-1]
    link = link_in_mail(UNSUBSCRIBE)
    assert message.extra_headers["List-Unsubscribe"] == f"<http://127.0.0.1:8000{link}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # What a mail program sends for its own unsubscribe button (RFC 8058), without a CSRF token.
    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(link, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert InterestRegistration.objects.get().unsubscribed_at is not None


def test_unsubscribe_with_a_bad_link_says_so(client):
    response = client.get(reverse("unsubscribe", args=["nonsense"]))

    assert response.status_code == 400
    assert texts(response.content, "p", "message") == ["This unsubscribe link is not valid."]
