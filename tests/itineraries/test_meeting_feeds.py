"""Meetings in the personal calendar feed, read back with vobject as calendar apps would."""

import pytest
import vobject
from django.db import connection
from django.test.utils import CaptureQueriesContext

from itineraries.meetings import meeting_cancel, meeting_move
from itineraries.services import calendar_token_regenerate

from ..factories import CandidateFactory
from .conftest import book_meeting as book
from .conftest import local

pytestmark = pytest.mark.django_db


def feed(client, user, **headers):
    response = client.get(f"/calendar/{calendar_token_regenerate(user=user).key}.ics", **headers)
    assert response.status_code == 200, response.content
    return response


def meeting_events(response) -> dict:
    calendar = vobject.readOne(response.content.decode())
    events = calendar.vevent_list if hasattr(calendar, "vevent") else []
    return {e.summary.value: e for e in events if e.uid.value.startswith("meeting-")}


@pytest.fixture
def booked(meeting_world):
    w = meeting_world
    w.block.location_name = "Campus Östersund"
    w.block.address = "Kunskapens väg 8"
    w.block.save()
    w.candidates[0].language = w.members[0].language = "en"
    w.candidates[0].save()
    w.members[0].save()
    ada, bo, _cia = w.applications
    mine = book(w, w.employers[0], ada, 9, 0)
    theirs = book(w, w.employers[1], bo, 9, 0)
    return w, mine, theirs


def test_candidate_sees_their_meeting_named_by_the_employer(client, booked):
    w, mine, _theirs = booked
    events = meeting_events(feed(client, w.candidates[0]))
    assert set(events) == {"Meeting: Åre Data (table 1)"}
    event = events["Meeting: Åre Data (table 1)"]
    assert event.uid.value == f"meeting-{mine.uid}@jamtland-calling"
    assert event.uid.value != f"{w.block.uid}@jamtland-calling"
    assert event.dtstart.value == local(2031, 3, 12, 9, 0)
    assert event.dtend.value == local(2031, 3, 12, 9, 20)
    assert event.location.value == "Campus Östersund, Kunskapens väg 8"
    assert event.status.value == "CONFIRMED"
    assert event.sequence.value == "0"


def test_employer_member_sees_their_employers_meetings_named_by_the_candidate(client, booked):
    w, _mine, _theirs = booked
    assert set(meeting_events(feed(client, w.members[0]))) == {"Meeting: Ada Lind (table 1)"}


def test_a_meeting_is_named_in_the_feed_owners_language(client, booked):
    w, _mine, _theirs = booked
    w.members[1].language = "sv"
    w.members[1].save()
    events = meeting_events(feed(client, w.members[1], HTTP_ACCEPT_LANGUAGE="en"))
    assert set(events) == {"Möte: Bo Ek (bord 1)"}


def test_nobody_else_sees_the_meeting(client, booked):
    w, _mine, _theirs = booked
    # Cia has no meetings; a stranger has no feed items at all.
    assert meeting_events(feed(client, w.candidates[2])) == {}
    assert meeting_events(feed(client, CandidateFactory().user)) == {}


def test_moving_a_meeting_raises_its_sequence_and_changes_the_etag(client, booked):
    w, mine, _theirs = booked
    first = feed(client, w.candidates[0])
    etag = first["ETag"]
    assert (
        client.get(
            f"/calendar/{calendar_token_regenerate(user=w.candidates[0]).key}.ics",
            HTTP_IF_NONE_MATCH=etag,
        ).status_code
        == 304
    )
    meeting_move(meeting=mine, actor=w.organiser, starts_at=local(2031, 3, 12, 9, 50))
    moved = feed(client, w.candidates[0], HTTP_IF_NONE_MATCH=etag)
    assert moved["ETag"] != etag
    event = meeting_events(moved)["Meeting: Åre Data (table 1)"]
    assert event.uid.value == f"meeting-{mine.uid}@jamtland-calling"
    assert event.sequence.value == "1"
    assert event.dtstart.value == local(2031, 3, 12, 9, 50)


def test_a_cancelled_meeting_stays_in_the_feed_as_cancelled(client, booked):
    w, mine, _theirs = booked
    etag = feed(client, w.members[0])["ETag"]
    meeting_cancel(meeting=mine, actor=w.organiser)
    response = feed(client, w.members[0], HTTP_IF_NONE_MATCH=etag)
    event = meeting_events(response)["Meeting: Ada Lind (table 1)"]
    assert event.status.value == "CANCELLED"
    assert event.sequence.value == "1"


def test_a_new_meeting_changes_the_etag(client, booked):
    w, _mine, _theirs = booked
    etag = feed(client, w.candidates[0])["ETag"]
    book(w, w.employers[1], w.applications[0], 9, 25)
    response = feed(client, w.candidates[0], HTTP_IF_NONE_MATCH=etag)
    assert set(meeting_events(response)) == {
        "Meeting: Åre Data (table 1)",
        "Meeting: Östersund Kod (table 1)",
    }


def test_feed_queries_do_not_grow_with_meetings(client, meeting_world, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    w = meeting_world
    url = f"/calendar/{calendar_token_regenerate(user=w.members[0]).key}.ics"

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    book(w, w.employers[0], w.applications[0], 9, 0)
    small = queries()
    book(w, w.employers[0], w.applications[1], 9, 25)
    book(w, w.employers[0], w.applications[2], 9, 50)
    assert queries() == small
