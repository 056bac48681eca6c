"""Password reset: the web process answers the same for any address and sends nothing itself;
a background task looks the address up and emails the link (to SITE_URL)."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory

from .pages import page_text, texts

pytestmark = pytest.mark.django_db


def _ask(client, email, capture):
    with capture() as callbacks, CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("password_reset"), {"email": email}, follow=True)
    return response, callbacks, [q["sql"] for q in queries.captured_queries]


def test_known_and_unknown_addresses_get_the_same_answer_and_the_same_work(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="known@example.test")

    known = _ask(client, "known@example.test", django_capture_on_commit_callbacks)
    unknown = _ask(client, "nobody@example.test", django_capture_on_commit_callbacks)

    for response, callbacks, queries in (known, unknown):
        assert texts(response.content, "h1") == ["Check your email"]
        assert len(callbacks) == 1  # one task enqueued, whatever the address
        assert not any("core_user" in sql for sql in queries)  # no lookup in the web process
    assert page_text(known[0].content) == page_text(unknown[0].content)
    assert mail.outbox == []  # nothing is sent by the web process


def test_the_task_emails_the_link_to_an_account_only(
    client, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://jobb.example.se"
    UserFactory(email="known@example.test")
    UserFactory(email="inactive@example.test", is_active=False)

    for email in ("Known@Example.test", "nobody@example.test", "inactive@example.test"):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("password_reset"), {"email": email})

    [message] = mail.outbox
    assert message.to == ["known@example.test"]
    assert message.subject == "Choose a new password for Jämtland Calling"
    assert "https://jobb.example.se/accounts/reset/" in message.body
