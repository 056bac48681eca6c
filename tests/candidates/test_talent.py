from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from candidates.models import InterestRegistration, TripAlert
from candidates.talent import (
    alert_recipients,
    alert_recipients_count,
    interest_confirm,
    interest_confirm_token,
    interest_register,
    talent_database_count,
    unsubscribe,
    unsubscribe_token,
)
from core.exceptions import ValidationFailed
from events.services import trip_transition

from ..factories import CandidateFactory, TripFactory, UserFactory, sector

pytestmark = pytest.mark.django_db


def _register(email="Lisa@Example.test", codes=("it",), **kw):
    return interest_register(email=email, sectors=[sector(c) for c in codes], consent=True, **kw)


def _path(body: str, prefix: str) -> str:
    line = next(line for line in body.splitlines() if prefix in line)
    return line[line.index(prefix) :].strip()


def test_registration_sends_a_confirmation_link_that_confirms(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = _register(language="en")
    assert registration.email == "lisa@example.test"
    assert registration.confirmed_at is None
    assert talent_database_count() == 0
    [message] = mail.outbox
    assert message.to == ["lisa@example.test"]
    assert message.subject == "Confirm your interest in Jämtland"
    token = _path(message.body, "/interest/confirm/").split("/")[3]
    interest_confirm(token=token)
    registration.refresh_from_db()
    assert registration.confirmed_at is not None
    assert talent_database_count() == 1
    assert talent_database_count(sector=sector("ekonomi")) == 0


def test_registering_again_updates_sectors_without_duplicates():
    first = _register(codes=("it",))
    second = _register(email="lisa@example.TEST", codes=("ekonomi", "it"))
    assert first.pk == second.pk
    assert InterestRegistration.objects.count() == 1
    assert sorted(second.sectors.values_list("code", flat=True)) == ["ekonomi", "it"]


def test_consent_is_required():
    with pytest.raises(ValidationFailed, match="consent"):
        interest_register(email="a@b.test", sectors=[sector("it")], consent=False)
    assert not InterestRegistration.objects.exists()


def test_confirmation_link_expires_and_forgeries_fail(django_capture_on_commit_callbacks):
    registration = _register()
    token = interest_confirm_token(registration)
    with pytest.raises(ValidationFailed, match="not valid"):
        interest_confirm(token=token[:-2] + "xx")
    from unittest import mock

    later = timezone.now() + timedelta(days=8)
    with (
        mock.patch("time.time", return_value=later.timestamp()),  # the clock: a boundary
        pytest.raises(ValidationFailed, match="expired"),
    ):
        interest_confirm(token=token)


def test_sign_up_links_the_registration_to_the_account():
    from candidates.services import candidate_create

    registration = _register(email="nils@example.test")
    user = UserFactory(email="nils@example.test")
    candidate_create(user=user, name="Nils", sectors=[sector("it")])
    registration.refresh_from_db()
    assert registration.user == user


def test_publishing_invites_matching_people_once_in_their_language(
    organisation, django_capture_on_commit_callbacks
):
    confirmed = _register(email="confirmed@example.test", codes=("it",), language="en")
    interest_confirm(token=interest_confirm_token(confirmed))
    _register(email="unconfirmed@example.test", codes=("it",))
    other_sector = _register(email="chef@example.test", codes=("restaurang-kock",))
    interest_confirm(token=interest_confirm_token(other_sector))
    in_db = CandidateFactory(
        user__email="dev@example.test",
        email="dev@example.test",
        consent_talent_db_at=timezone.now(),
        consent_talent_db_version="2026-11",
    )
    CandidateFactory(user__email="noconsent@example.test", email="noconsent@example.test")
    trip = TripFactory(organisation=organisation, title="IT till Åre", sectors=[sector("it")])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        trip_transition(trip=trip, actor=None, to_status="published")
    assert sorted(m.to[0] for m in mail.outbox) == [
        "confirmed@example.test",
        in_db.email,
    ]
    english = next(m for m in mail.outbox if m.to == ["confirmed@example.test"])
    assert english.subject == "New trip: IT till Åre"
    assert "/unsubscribe/" in english.body
    assert TripAlert.objects.filter(trip=trip).count() == 2
    assert alert_recipients(trip) == []  # nobody is invited twice


def test_unsubscribe_link_stops_alerts_without_login(organisation):
    registration = _register(email="stop@example.test")
    interest_confirm(token=interest_confirm_token(registration))
    from candidates.talent import unsubscribe_token

    assert unsubscribe(token=unsubscribe_token("STOP@example.test")) == "stop@example.test"
    trip = TripFactory(organisation=organisation, status="published")
    assert alert_recipients(trip) == []
    with pytest.raises(ValidationFailed):
        unsubscribe(token="forged")


def test_alert_recipients_count_agrees_with_the_list_in_one_query(
    organisation, django_assert_num_queries
):
    def registered(email, codes=("it",), confirm=True):
        registration = _register(email=email, codes=codes)
        if confirm:
            interest_confirm(token=interest_confirm_token(registration))
        return registration

    def in_database(email, **fields):
        return CandidateFactory(
            user__email=email.lower(),
            email=email,
            consent_talent_db_at=timezone.now(),
            consent_talent_db_version="2026-11",
            **fields,
        )

    registered("both@example.test")
    in_database("Both@Example.test")  # the same address twice: counted once
    registered("two-sectors@example.test", codes=("it", "restaurang-kock"))
    registered("unconfirmed@example.test", confirm=False)
    registered("chef@example.test", codes=("restaurang-kock",))
    unsubscribe(token=unsubscribe_token(registered("gone@example.test").email))
    in_database("dev@example.test")
    in_database("inactive@example.test", user__is_active=False)
    in_database("alerted@example.test")
    trip = TripFactory(organisation=organisation, sectors=[sector("it"), sector("restaurang-kock")])
    TripAlert.objects.create(trip=trip, email="alerted@example.test")

    with django_assert_num_queries(1):
        count = alert_recipients_count(trip)

    assert [email for email, _language in alert_recipients(trip)] == [
        "both@example.test",
        "chef@example.test",
        "dev@example.test",
        "two-sectors@example.test",
    ]
    assert count == 4
