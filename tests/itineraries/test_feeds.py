"""Calendar feeds, read back with vobject (an independent parser), as calendar apps would."""

from datetime import UTC, datetime, timedelta

import pytest
import vobject
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import Trip
from events.services import trip_update
from itineraries.services import (
    calendar_token_regenerate,
    calendar_token_revoke,
    itinerary_item_cancel,
    itinerary_item_update,
)

from ..factories import (
    ApplicationFactory,
    CandidateFactory,
    EmployerFactory,
    EmployerMemberFactory,
    SlotBookingFactory,
    TripFactory,
)
from .conftest import local, make_item

pytestmark = pytest.mark.django_db


def parse(response) -> vobject.base.Component:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return vobject.readOne(response.content.decode())


def events_by_title(calendar) -> dict:
    return {e.summary.value: e for e in calendar.vevent_list} if hasattr(calendar, "vevent") else {}


def feed_url(user) -> str:
    return f"/calendar/{calendar_token_regenerate(user=user).key}.ics"


def test_trip_feed_has_correct_local_and_utc_times_across_the_dst_change(client, october_trip):
    make_item(
        october_trip,
        title="Skidbuss till Åre",
        starts_at=local(2030, 10, 26, 10, 0),
        ends_at=local(2030, 10, 26, 12, 0),
        kind="travel",
    )
    make_item(
        october_trip,
        title="Frukost på Storsjöstrand",
        starts_at=local(2030, 10, 27, 10, 0),
        ends_at=local(2030, 10, 27, 11, 0),
    )
    response = client.get("/trips/hostresan/itinerary.ics")
    calendar = parse(response)
    assert response["Content-Disposition"] == 'attachment; filename="hostresan.ics"'
    assert calendar.vtimezone.tzid.value == "Europe/Stockholm"
    assert calendar.contents["x-wr-calname"][0].value == "Höstresan"
    events = events_by_title(calendar)
    saturday = events["Skidbuss till Åre"].dtstart.value
    sunday = events["Frukost på Storsjöstrand"].dtstart.value
    # Same wall-clock time on both days, one hour apart in UTC (CEST → CET).
    assert (saturday.hour, sunday.hour) == (10, 10)
    assert saturday.astimezone(UTC) == datetime(2030, 10, 26, 8, 0, tzinfo=UTC)
    assert sunday.astimezone(UTC) == datetime(2030, 10, 27, 9, 0, tzinfo=UTC)
    assert (saturday.utcoffset(), sunday.utcoffset()) == (timedelta(hours=2), timedelta(hours=1))
    assert "DTSTART;TZID=Europe/Stockholm:20301026T100000" in response.content.decode()


def test_trip_feed_holds_public_items_only(client, october_trip):
    make_item(october_trip, title="Middag för alla")
    make_item(october_trip, title="Kandidatträff", audience="candidates")
    make_item(october_trip, title="Arbetsgivarfrukost", audience="employers")
    assert set(events_by_title(parse(client.get("/trips/hostresan/itinerary.ics")))) == {
        "Middag för alla"
    }


def test_feed_fields_location_geo_status_and_stable_identity(client, october_trip):
    item = make_item(
        october_trip,
        title="Fjällvandring",
        location_name="Åreskutan",
        address="Åre torg 1, 837 52 Åre",
        latitude="63.399800",
        longitude="13.081500",
        kind="activity",
    )
    before = events_by_title(parse(client.get("/trips/hostresan/itinerary.ics")))["Fjällvandring"]
    assert before.location.value == "Åreskutan, Åre torg 1, 837 52 Åre"
    assert before.geo.value == "63.3998;13.0815"
    assert before.status.value == "CONFIRMED"
    assert before.sequence.value == "0"
    assert before.contents["last-modified"][0].value.tzinfo is not None
    assert before.dtstamp.value.tzinfo is not None

    itinerary_item_update(item=item, actor=None, title="Fjällvandring (kortare)")
    itinerary_item_cancel(item=item, actor=None)
    after = events_by_title(parse(client.get("/trips/hostresan/itinerary.ics")))[
        "Fjällvandring (kortare)"
    ]
    assert after.uid.value == before.uid.value == f"{item.uid}@jamtland-calling"
    assert after.sequence.value == "2"
    assert after.status.value == "CANCELLED"


def test_feed_of_a_draft_or_unknown_trip_is_404(client):
    TripFactory(slug="utkast")
    assert client.get("/trips/utkast/itinerary.ics").status_code == 404
    assert client.get("/trips/finns-inte/itinerary.ics").status_code == 404


def test_conditional_requests_answer_304_until_something_changes(client, october_trip):
    item = make_item(october_trip, title="Lunch")
    first = client.get("/trips/hostresan/itinerary.ics")
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get("/trips/hostresan/itinerary.ics", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert (
        client.get("/trips/hostresan/itinerary.ics", HTTP_IF_MODIFIED_SINCE=modified).status_code
        == 304
    )
    itinerary_item_update(item=item, actor=None, title="Lunch på Jazzköket")
    changed = client.get("/trips/hostresan/itinerary.ics", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "Lunch på Jazzköket" in changed.content.decode()


def test_a_new_item_changes_the_etag(client, october_trip):
    make_item(october_trip, title="Lunch")
    etag = client.get("/trips/hostresan/itinerary.ics")["ETag"]
    make_item(october_trip, title="Middag")
    assert client.get("/trips/hostresan/itinerary.ics", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_a_trip_title_with_a_newline_gives_a_one_line_calendar_name(client, october_trip):
    make_item(october_trip, title="Lunch\npå Jazzköket")
    trip_update(trip=october_trip, actor=None, title="Höstresan\r\ntill Jämtland")
    calendar = parse(client.get("/trips/hostresan/itinerary.ics"))
    assert calendar.contents["x-wr-calname"][0].value == "Höstresan till Jämtland"
    assert set(events_by_title(calendar)) == {"Lunch\npå Jazzköket"}


def test_renaming_the_trip_changes_the_feed_and_its_version(client, october_trip):
    make_item(october_trip, title="Lunch")
    first = client.get("/trips/hostresan/itinerary.ics")
    etag, modified = first["ETag"], first["Last-Modified"]
    trip_update(trip=october_trip, actor=None, title="Vinterresan")
    Trip.objects.filter(pk=october_trip.pk).update(updated_at=timezone.now() + timedelta(hours=1))
    for conditional in ({"HTTP_IF_NONE_MATCH": etag}, {"HTTP_IF_MODIFIED_SINCE": modified}):
        renamed = client.get("/trips/hostresan/itinerary.ics", **conditional)
        assert parse(renamed).contents["x-wr-calname"][0].value == "Vinterresan"
        assert renamed["ETag"] != etag


@pytest.fixture
def audiences(october_trip):
    booked = EmployerFactory(name="Fjällkraft AB")
    other = EmployerFactory(name="Annat AB")
    SlotBookingFactory(trip=october_trip, employer=booked, status="confirmed", hold_expires_at=None)
    SlotBookingFactory(trip=october_trip, employer=other, status="confirmed", hold_expires_at=None)
    make_item(october_trip, title="Alla")
    make_item(october_trip, title="Kandidater", audience="candidates")
    make_item(october_trip, title="Arbetsgivare", audience="employers")
    make_item(october_trip, title="Fjällkraft-besök", audience="employer", employer=booked)
    make_item(october_trip, title="Annat-besök", audience="employer", employer=other)
    return booked


def test_accepted_candidate_sees_everyone_and_candidate_items(client, october_trip, audiences):
    candidate = CandidateFactory()
    ApplicationFactory(candidate=candidate, trip=october_trip, status="accepted")
    titles = set(events_by_title(parse(client.get(feed_url(candidate.user)))))
    assert titles == {"Alla", "Kandidater"}


def test_candidate_without_a_place_sees_nothing(client, october_trip, audiences):
    candidate = CandidateFactory()
    ApplicationFactory(candidate=candidate, trip=october_trip, status="waitlisted")
    assert events_by_title(parse(client.get(feed_url(candidate.user)))) == {}


def test_employer_member_sees_everyone_employer_and_own_items(client, october_trip, audiences):
    member = EmployerMemberFactory(employer=audiences).user
    titles = set(events_by_title(parse(client.get(feed_url(member)))))
    assert titles == {"Alla", "Arbetsgivare", "Fjällkraft-besök"}


def test_employer_whose_booking_is_only_held_sees_nothing(client, october_trip, audiences):
    held = EmployerFactory()
    SlotBookingFactory(trip=october_trip, employer=held)
    member = EmployerMemberFactory(employer=held).user
    assert events_by_title(parse(client.get(feed_url(member)))) == {}


def test_personal_feed_carries_no_secret_links(client, october_trip, audiences):
    candidate = CandidateFactory()
    ApplicationFactory(candidate=candidate, trip=october_trip, status="accepted")
    url = feed_url(candidate.user)
    body = client.get(url).content.decode()
    assert url.split("/")[-1].removesuffix(".ics") not in body
    assert "/calendar/" not in body


def test_revoked_regenerated_and_unknown_tokens(client, october_trip):
    candidate = CandidateFactory()
    old = feed_url(candidate.user)
    new = feed_url(candidate.user)
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert client.get(new[:-8] + "xxxx.ics").status_code == 404  # right selector, wrong secret
    calendar_token_revoke(user=candidate.user)
    assert client.get(new).status_code == 404
    assert client.get("/calendar/nonsense.ics").status_code == 404


def _feed_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_feed_queries_do_not_grow_with_items_or_trips(client, organisation):
    candidate = CandidateFactory()
    url = feed_url(candidate.user)

    def add_trip_with_items(n):
        trip = TripFactory(organisation=organisation, status="published")
        ApplicationFactory(candidate=candidate, trip=trip, status="accepted")
        for i in range(n):
            make_item(trip, starts_at=trip.starts_at + timedelta(hours=i), title=f"Punkt {i}")

    add_trip_with_items(2)
    small = _feed_queries(client, url)
    for _ in range(4):
        add_trip_with_items(10)
    assert _feed_queries(client, url) == small


def test_programme_change_on_a_published_trip_emails_the_people_affected(
    october_trip, audiences, django_capture_on_commit_callbacks
):
    candidate = CandidateFactory(user__language="en")
    ApplicationFactory(candidate=candidate, trip=october_trip, status="accepted")
    waitlisted = CandidateFactory()
    ApplicationFactory(candidate=waitlisted, trip=october_trip, status="waitlisted")
    member = EmployerMemberFactory(employer=audiences).user
    item = make_item(october_trip, title="Kandidatlunch", audience="candidates")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        itinerary_item_update(item=item, actor=None, title="Kandidatlunch på Gamla Tingshuset")
    recipients = {m.to[0] for m in mail.outbox}
    assert recipients == {candidate.user.email}
    assert member.email not in recipients
    message = mail.outbox[0]
    assert message.subject == "Programme change: Höstresan"
    assert "Kandidatlunch på Gamla Tingshuset" in message.body
    assert "/trips/hostresan/" in message.body


def test_programme_of_a_draft_trip_sends_no_email(organisation, django_capture_on_commit_callbacks):
    trip = TripFactory(organisation=organisation)
    candidate = CandidateFactory()
    ApplicationFactory(candidate=candidate, trip=trip, status="accepted")
    item = make_item(trip, title="Lunch")
    with django_capture_on_commit_callbacks(execute=True):
        itinerary_item_update(item=item, actor=None, title="Lunch 2")
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("language", "name"),
    [("sv", "Jämtland Calling: mitt program"), ("en", "Jämtland Calling: my programme")],
)
def test_personal_feed_is_named_in_its_owners_language(client, october_trip, language, name):
    candidate = CandidateFactory(user__language=language)
    ApplicationFactory(candidate=candidate, trip=october_trip, status="accepted")
    # The calendar app asks in some other language, or in none at all.
    for asked in ({"HTTP_ACCEPT_LANGUAGE": "en" if language == "sv" else "sv"}, {}):
        calendar = parse(client.get(feed_url(candidate.user), **asked))
        assert calendar.contents["x-wr-calname"][0].value == name
