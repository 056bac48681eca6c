"""Incremental calendar feeds (issue 15.3): each VEVENT is rendered once per version and
reused, each trip's part of a feed is rebuilt only when it changed, and a conditional poll
costs two queries. Rendering is counted where it is stored: the cache's `set_many` (Django's
API) receives every VEVENT rendered (`ics:ve:` keys)."""

import pytest
import vobject
from django.core.cache import cache

from itineraries.models import ItineraryItem
from itineraries.services import (
    calendar_token_regenerate,
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
from .conftest import book_meeting, local, make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def rendered(monkeypatch):
    """The VEVENT keys stored through `cache.set_many`, request by request (a list per call)."""
    calls: list[list[str]] = []
    original = cache.set_many

    def set_many(data, *args, **kwargs):
        calls.append(sorted(key for key in data if key.startswith("ics:ve:")))
        return original(data, *args, **kwargs)

    monkeypatch.setattr(cache, "set_many", set_many)
    return calls


def summaries(response) -> dict[str, str]:
    """SUMMARY → STATUS of every VEVENT."""
    assert response.status_code == 200, response.content
    calendar = vobject.readOne(response.content.decode())
    events = calendar.vevent_list if hasattr(calendar, "vevent") else []
    return {e.summary.value: e.status.value for e in events}


@pytest.fixture
def two_trips(organisation):
    """A candidate with a place on two published trips of three items each."""
    candidate = CandidateFactory()
    trips = []
    for n, day in enumerate((10, 17)):
        trip = TripFactory(
            organisation=organisation,
            status="published",
            slug=f"resa-{n}",
            starts_at=local(2031, 3, day, 8, 0),
            ends_at=local(2031, 3, day + 2, 18, 0),
            application_deadline=local(2031, 2, 1, 12, 0),
        )
        ApplicationFactory(candidate=candidate, trip=trip, status="accepted")
        for hour in (9, 12, 15):
            make_item(
                trip,
                title=f"Punkt {n}-{hour}",
                starts_at=local(2031, 3, day, hour, 0),
                ends_at=local(2031, 3, day, hour + 1, 0),
            )
        trips.append(trip)
    path = f"/calendar/{calendar_token_regenerate(user=candidate.user).key}.ics"
    return candidate, trips, path


def test_feed_after_one_change_shows_it_and_renders_only_that_event(client, two_trips, rendered):
    _candidate, trips, path = two_trips
    first = client.get(path)
    assert len(rendered[-1]) == 6
    item = ItineraryItem.objects.get(title="Punkt 1-12")
    itinerary_item_update(item=item, actor=None, title="Punkt 1-12 (flyttad)")
    rendered.clear()
    second = client.get(path)
    assert second["ETag"] != first["ETag"]
    assert set(summaries(second)) == {
        "Punkt 0-9",
        "Punkt 0-12",
        "Punkt 0-15",
        "Punkt 1-9",
        "Punkt 1-12 (flyttad)",
        "Punkt 1-15",
    }
    assert [len(keys) for keys in rendered] == [1]


def test_feed_unchanged_but_rebuilt_renders_nothing(client, two_trips, rendered):
    candidate, _trips, path = two_trips
    first = client.get(path)
    # The whole feed leaves the cache (as after its timeout): it is assembled again from the
    # trips' parts, and nothing is rendered.
    cache.delete(f"ics:user:{candidate.user.pk}:{first['ETag'].strip('"')}:testserver")
    rendered.clear()
    assert client.get(path).content == first.content
    assert rendered == []


def test_cancelled_item_is_marked_and_removed_item_disappears(client, two_trips):
    _candidate, _trips, path = two_trips
    client.get(path)
    itinerary_item_cancel(item=ItineraryItem.objects.get(title="Punkt 0-9"), actor=None)
    assert summaries(client.get(path))["Punkt 0-9"] == "CANCELLED"
    ItineraryItem.objects.get(title="Punkt 1-15").delete()
    events = summaries(client.get(path))
    assert "Punkt 1-15" not in events
    assert len(events) == 5


def test_a_trip_leaving_the_feed_takes_its_items_along(client, two_trips):
    candidate, trips, path = two_trips
    client.get(path)
    candidate.applications.filter(trip=trips[1]).update(status="withdrawn")
    assert set(summaries(client.get(path))) == {"Punkt 0-9", "Punkt 0-12", "Punkt 0-15"}


def test_audiences_do_not_mix_between_feeds_of_one_trip(client, two_trips):
    candidate, trips, path = two_trips
    employer = EmployerFactory(name="Fjällkraft AB")
    SlotBookingFactory(trip=trips[0], employer=employer, status="confirmed", hold_expires_at=None)
    member = EmployerMemberFactory(employer=employer).user
    make_item(trips[0], title="Bara kandidater", audience="candidates")
    make_item(trips[0], title="Bara arbetsgivare", audience="employers")
    member_path = f"/calendar/{calendar_token_regenerate(user=member).key}.ics"
    # Either built first, each feed keeps to its own audience.
    member_events = set(summaries(client.get(member_path)))
    candidate_events = set(summaries(client.get(path)))
    assert "Bara arbetsgivare" in member_events and "Bara kandidater" not in member_events
    assert "Bara kandidater" in candidate_events and "Bara arbetsgivare" not in candidate_events


def test_languages_do_not_mix(client, two_trips):
    candidate, trips, path = two_trips
    other = CandidateFactory()
    ApplicationFactory(candidate=other, trip=trips[0], status="accepted")
    candidate.user.language = "sv"
    candidate.user.save()
    other.user.language = "en"
    other.user.save()
    other_path = f"/calendar/{calendar_token_regenerate(user=other.user).key}.ics"
    swedish = client.get(path, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    english = client.get(other_path, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "NAME:Jämtland Calling: mitt program" in swedish.replace("\r\n ", "")
    assert "NAME:Jämtland Calling: my programme" in english.replace("\r\n ", "")


def test_meeting_named_in_each_readers_language(client, meeting_world):
    w = meeting_world
    ada = w.applications[0]
    book_meeting(w, w.employers[0], ada, 9, 0)
    w.candidates[0].language = "sv"
    w.candidates[0].save()
    w.members[0].language = "en"
    w.members[0].save()
    candidate_path = f"/calendar/{calendar_token_regenerate(user=w.candidates[0]).key}.ics"
    member_path = f"/calendar/{calendar_token_regenerate(user=w.members[0]).key}.ics"
    assert "Möte: Åre Data (bord 1)" in summaries(client.get(candidate_path))
    assert "Meeting: Ada Lind (table 1)" in summaries(client.get(member_path))
    w.members[0].language = "sv"
    w.members[0].save()
    assert "Möte: Ada Lind (bord 1)" in summaries(client.get(member_path))


@pytest.mark.parametrize("trips", [1, 4])
def test_conditional_poll_is_304_in_two_queries(
    client, organisation, trips, django_assert_max_num_queries
):
    candidate = CandidateFactory()
    for n in range(trips):
        trip = TripFactory(organisation=organisation, status="published", slug=f"poll-{n}")
        ApplicationFactory(candidate=candidate, trip=trip, status="accepted")
        for _ in range(3):
            make_item(trip)
    path = f"/calendar/{calendar_token_regenerate(user=candidate.user).key}.ics"
    etag = client.get(path)["ETag"]
    with django_assert_max_num_queries(2):
        assert client.get(path, HTTP_IF_NONE_MATCH=etag).status_code == 304
