"""An address that unsubscribed comes back only through a new double opt-in: registering it
again changes nothing stored until the new confirmation link is followed."""

import pytest
from django.core import mail

from candidates.models import InterestRegistration
from candidates.talent import (
    alert_recipients,
    interest_confirm,
    interest_confirm_token,
    interest_register,
    talent_database_count,
    unsubscribe,
    unsubscribe_token,
)
from core.exceptions import ValidationFailed

from ..factories import TripFactory, sector

pytestmark = pytest.mark.django_db


def _register(email="lisa@example.test", codes=("it",), **kw):
    return interest_register(email=email, sectors=[sector(c) for c in codes], consent=True, **kw)


def _confirm_token_in(message) -> str:
    line = next(line for line in message.body.splitlines() if "/interest/confirm/" in line)
    return line[line.index("/interest/confirm/") :].strip().split("/")[3]


def _stored(registration) -> dict:
    row = InterestRegistration.objects.values(
        "name",
        "city",
        "language",
        "consent_at",
        "consent_version",
        "confirmed_at",
        "unsubscribed_at",
    ).get(pk=registration.pk)
    row["sectors"] = sorted(registration.sectors.values_list("code", flat=True))
    return row


@pytest.fixture
def unsubscribed(django_capture_on_commit_callbacks):
    registration = _register(name="Lisa", city="Umeå", codes=("it",))
    interest_confirm(token=interest_confirm_token(registration))
    unsubscribe(token=unsubscribe_token("lisa@example.test"))
    mail.outbox.clear()
    return InterestRegistration.objects.get()


def test_registering_an_unsubscribed_address_again_changes_nothing_stored(
    unsubscribed, organisation, django_capture_on_commit_callbacks
):
    before = _stored(unsubscribed)

    with django_capture_on_commit_callbacks(execute=True):
        _register(
            email="LISA@example.test",
            name="Annan",
            city="Kiruna",
            codes=("ekonomi",),
            language="en",
        )

    assert _stored(unsubscribed) == before
    assert talent_database_count() == 0
    assert alert_recipients(TripFactory(organisation=organisation, status="published")) == []
    [message] = mail.outbox  # a new double opt-in, to the address itself
    assert message.to == ["lisa@example.test"]
    assert message.subject == "Confirm your interest in Jämtland"


def test_the_new_confirmation_link_resubscribes_with_the_new_details(
    unsubscribed, organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _register(name="Lisa Berg", city="Kiruna", codes=("ekonomi",), language="en")
    before = _stored(unsubscribed)

    interest_confirm(token=_confirm_token_in(mail.outbox[-1]))

    after = _stored(unsubscribed)
    assert after["unsubscribed_at"] is None
    assert after["consent_at"] > before["consent_at"]
    assert after["confirmed_at"] > before["confirmed_at"]
    assert (after["name"], after["city"], after["language"], after["sectors"]) == (
        "Lisa Berg",
        "Kiruna",
        "en",
        ["ekonomi"],
    )
    assert talent_database_count() == 1


def test_an_old_confirmation_link_does_not_resubscribe(unsubscribed):
    interest_confirm(token=interest_confirm_token(unsubscribed))

    assert InterestRegistration.objects.get().unsubscribed_at is not None
    assert talent_database_count() == 0


def test_a_resubscription_link_works_only_for_the_unsubscribe_it_was_sent_after(
    unsubscribed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _register(codes=("ekonomi",))
    token = _confirm_token_in(mail.outbox[-1])
    interest_confirm(token=token)
    unsubscribe(token=unsubscribe_token("lisa@example.test"))

    interest_confirm(token=token)  # followed again, after a later unsubscribe

    assert InterestRegistration.objects.get().unsubscribed_at is not None


def test_a_tampered_resubscription_link_is_refused(
    unsubscribed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _register(codes=("ekonomi",))
    token = _confirm_token_in(mail.outbox[-1])
    with pytest.raises(ValidationFailed, match="not valid"):
        interest_confirm(token=token[:-3] + "abc")
    assert InterestRegistration.objects.get().unsubscribed_at is not None
