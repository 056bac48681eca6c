from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import Trip, TripStatus, TripStatusChange

from ..factories import OrganiserFactory, TripFactory, UserFactory, sector

pytestmark = pytest.mark.django_db

JSON = "application/json"


def trip_payload(**overrides):
    start = timezone.now() + timedelta(days=60)
    data = {
        "title": "Läkare till Östersund",
        "sectors": ["halso-sjukvard"],
        "summary": "Två dagar med sjukhuset och fjällen",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(days=2)).isoformat(),
        "base_locations": "Östersund",
        "candidate_capacity": 12,
        "employer_slots": 4,
        "slot_price_ore": 2_000_000,
        "application_deadline": (start - timedelta(days=14)).isoformat(),
    }
    data.update(overrides)
    return data


def test_sectors_lists_the_seeded_sectors_in_order(client):
    response = client.get("/api/v1/sectors")
    assert response.status_code == 200
    assert [s["code"] for s in response.json()] == [
        "ekonomi",
        "ingenjor-industri",
        "it",
        "vard-omsorg",
        "halso-sjukvard",
        "pedagogik",
        "restaurang-kock",
        "yrkesforare",
        "ovrigt",
    ]
    assert response.json()[6] == {
        "code": "restaurang-kock",
        "name_sv": "Restaurang/kock",
        "name_en": "Restaurant and chefs",
    }


def test_trip_list_shows_published_trips_only_to_the_public(client):
    published = TripFactory(status=TripStatus.PUBLISHED, title="Utvecklare till Åre")
    TripFactory(status=TripStatus.DRAFT, title="Hemligt utkast")
    TripFactory(status=TripStatus.CANCELLED, title="Inställd")
    body = client.get("/api/v1/trips").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["slug"] == published.slug
    assert item["title"] == "Utvecklare till Åre"
    assert item["sectors"] == ["it"]
    assert item["status"] == "published"
    assert item["url"] == f"/trips/{published.slug}/"
    assert item["organisation"] == {
        "slug": published.organisation.slug,
        "name": published.organisation.name,
    }


def test_trip_list_filters_by_sector(client):
    TripFactory(status=TripStatus.PUBLISHED, title="IT-resan", sectors=[sector("it")])
    TripFactory(status=TripStatus.PUBLISHED, title="Ekonomresan", sectors=[sector("ekonomi")])
    body = client.get("/api/v1/trips?sector=ekonomi").json()
    assert [t["title"] for t in body["items"]] == ["Ekonomresan"]


def test_trip_list_paginates(client):
    for _ in range(23):
        TripFactory(status=TripStatus.PUBLISHED)
    first = client.get("/api/v1/trips").json()
    second = client.get("/api/v1/trips?page=2").json()
    assert (first["count"], len(first["items"]), len(second["items"])) == (23, 20, 3)
    assert not {t["slug"] for t in first["items"]} & {t["slug"] for t in second["items"]}


def test_trip_list_items_say_what_the_trip_page_says(client):
    trip = TripFactory(
        status=TripStatus.PUBLISHED, sectors=[sector("it"), sector("ekonomi")], title="Resan"
    )

    item = client.get("/api/v1/trips").json()["items"][0]

    assert item == client.get(f"/api/v1/trips/{trip.slug}").json()


def test_trip_list_query_count_does_not_grow_with_trips(client, django_assert_num_queries):
    TripFactory.create_batch(2, status=TripStatus.PUBLISHED)
    # The page's fingerprint and the count (core.conditional.cached_public_list); the first
    # time at this version, the count again, the page of trips with their organisation, and
    # their sector codes; then the page from the cache.
    with django_assert_num_queries(5):
        assert len(client.get("/api/v1/trips").json()["items"]) == 2
    with django_assert_num_queries(2):
        assert len(client.get("/api/v1/trips").json()["items"]) == 2
    TripFactory.create_batch(40, status=TripStatus.PUBLISHED, sectors=[sector("it")])
    with django_assert_num_queries(5):
        assert len(client.get("/api/v1/trips").json()["items"]) == 20
    with django_assert_num_queries(2):
        assert len(client.get("/api/v1/trips").json()["items"]) == 20


def test_organisers_also_see_their_own_drafts_but_not_others(client, organiser, bearer):
    own_draft = TripFactory(organisation=organiser.organisation_, title="Vårt utkast")
    TripFactory(title="Andras utkast")
    body = client.get("/api/v1/trips", headers=bearer(organiser)).json()
    assert [t["slug"] for t in body["items"]] == [own_draft.slug]


def test_trip_detail_of_a_draft_is_404_for_other_organisers(client, bearer):
    draft = TripFactory()
    stranger = OrganiserFactory().user
    response = client.get(f"/api/v1/trips/{draft.slug}", headers=bearer(stranger))
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_trip_detail_of_own_draft(client, organiser, bearer):
    draft = TripFactory(organisation=organiser.organisation_, title="Kockar")
    response = client.get(f"/api/v1/trips/{draft.slug}", headers=bearer(organiser))
    assert response.status_code == 200
    assert response.json()["title"] == "Kockar"


def test_organiser_creates_a_draft_trip(client, organiser, bearer):
    response = client.post(
        "/api/v1/trips", trip_payload(), content_type=JSON, headers=bearer(organiser)
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["slug"] == "lakare-till-ostersund"
    assert body["status"] == "draft"
    assert body["sectors"] == ["halso-sjukvard"]
    trip = Trip.objects.get(slug="lakare-till-ostersund")
    assert trip.organisation == organiser.organisation_
    assert trip.candidate_capacity == 12


def test_trip_create_naive_times_are_read_as_stockholm_time(client, organiser, bearer):
    payload = trip_payload(
        starts_at="2031-10-25T09:00:00",
        ends_at="2031-10-26T17:00:00",
        application_deadline="2031-10-01T12:00:00",
    )
    response = client.post("/api/v1/trips", payload, content_type=JSON, headers=bearer(organiser))
    assert response.status_code == 201, response.json()
    trip = Trip.objects.get()
    assert timezone.localtime(trip.starts_at).isoformat() == "2031-10-25T09:00:00+02:00"
    assert timezone.localtime(trip.ends_at).isoformat() == "2031-10-26T17:00:00+01:00"


def test_trip_create_rejects_end_before_start_with_field_error(client, organiser, bearer):
    start = timezone.now() + timedelta(days=30)
    payload = trip_payload(ends_at=(start - timedelta(hours=1)).isoformat())
    payload["starts_at"] = start.isoformat()
    response = client.post("/api/v1/trips", payload, content_type=JSON, headers=bearer(organiser))
    assert response.status_code == 422
    body = response.json()
    assert "trip_ends_after_start" in body["detail"] or "end" in body["detail"].lower()
    assert Trip.objects.count() == 0


def test_trip_create_schema_errors_name_the_fields(client, organiser, bearer):
    payload = trip_payload(candidate_capacity=0, sectors=[])
    response = client.post("/api/v1/trips", payload, content_type=JSON, headers=bearer(organiser))
    assert response.status_code == 422
    assert set(response.json()["fields"]) == {"candidate_capacity", "sectors"}
    assert response.json()["detail"].startswith("Invalid input.")


def test_trip_create_unknown_sector_is_a_field_error(client, organiser, bearer):
    payload = trip_payload(sectors=["astronaut"])
    response = client.post("/api/v1/trips", payload, content_type=JSON, headers=bearer(organiser))
    assert response.status_code == 422
    assert response.json() == {
        "detail": "Unknown sector: astronaut.",
        "fields": {"sectors": ["Unknown code: astronaut"]},
    }


def test_trip_create_duplicate_slug_is_a_field_error(client, organiser, bearer):
    TripFactory(slug="fjallresan")
    response = client.post(
        "/api/v1/trips",
        trip_payload(slug="fjallresan"),
        content_type=JSON,
        headers=bearer(organiser),
    )
    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["slug"]
    assert Trip.objects.filter(slug="fjallresan").count() == 1


def test_trip_create_needs_an_organiser(client, bearer):
    response = client.post(
        "/api/v1/trips", trip_payload(), content_type=JSON, headers=bearer(UserFactory())
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "Only organisers can create trips."}


def test_trip_create_anonymous_is_401(client):
    response = client.post("/api/v1/trips", trip_payload(), content_type=JSON)
    assert response.status_code == 401
    assert "Authentication required" in response.json()["detail"]


def test_trip_create_with_session_needs_csrf(organiser):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(organiser)
    response = client.post("/api/v1/trips", trip_payload(), content_type=JSON)
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert Trip.objects.count() == 0


def test_organiser_patches_own_trip(client, organiser, bearer):
    trip = TripFactory(organisation=organiser.organisation_)
    response = client.patch(
        f"/api/v1/trips/{trip.slug}",
        {"title": "Ny titel", "sectors": ["ekonomi", "it"]},
        content_type=JSON,
        headers=bearer(organiser),
    )
    assert response.status_code == 200, response.json()
    assert response.json()["title"] == "Ny titel"
    assert sorted(response.json()["sectors"]) == ["ekonomi", "it"]


def test_patch_of_another_organisations_trip_is_404_and_changes_nothing(client, bearer):
    trip = TripFactory(status=TripStatus.PUBLISHED, title="Orörd")
    stranger = OrganiserFactory().user
    response = client.patch(
        f"/api/v1/trips/{trip.slug}",
        {"title": "Kapad"},
        content_type=JSON,
        headers=bearer(stranger),
    )
    assert response.status_code == 404
    trip.refresh_from_db()
    assert trip.title == "Orörd"


def test_patch_that_breaks_dates_is_422_and_keeps_data(client, organiser, bearer):
    trip = TripFactory(organisation=organiser.organisation_)
    response = client.patch(
        f"/api/v1/trips/{trip.slug}",
        {"application_deadline": (trip.starts_at + timedelta(days=1)).isoformat()},
        content_type=JSON,
        headers=bearer(organiser),
    )
    assert response.status_code == 422
    assert "application_deadline" in response.json()["detail"] or response.json()["fields"]
    refreshed = Trip.objects.get(pk=trip.pk)
    assert refreshed.application_deadline == trip.application_deadline


def test_transition_publishes_and_records_actor(client, organiser, bearer):
    trip = TripFactory(organisation=organiser.organisation_)
    response = client.post(
        f"/api/v1/trips/{trip.slug}/transition",
        {"status": "published"},
        content_type=JSON,
        headers=bearer(organiser),
    )
    assert response.status_code == 200
    assert response.json()["status"] == "published"
    change = TripStatusChange.objects.get(trip=trip)
    assert (change.from_status, change.to_status, change.actor) == ("draft", "published", organiser)


def test_forbidden_transition_is_409_naming_current_status(client, organiser, bearer):
    trip = TripFactory(organisation=organiser.organisation_)
    response = client.post(
        f"/api/v1/trips/{trip.slug}/transition",
        {"status": "completed"},
        content_type=JSON,
        headers=bearer(organiser),
    )
    assert response.status_code == 409
    body = response.json()
    assert body["current_status"] == "draft"
    assert "Draft (draft)" in body["detail"]
    assert "Allowed from here: cancelled, published." in body["detail"]
    trip.refresh_from_db()
    assert trip.status == "draft"


def test_transition_to_unknown_status_is_422(client, organiser, bearer):
    trip = TripFactory(organisation=organiser.organisation_)
    response = client.post(
        f"/api/v1/trips/{trip.slug}/transition",
        {"status": "archived"},
        content_type=JSON,
        headers=bearer(organiser),
    )
    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["status"]


def test_malformed_json_is_a_clear_4xx(client, organiser, bearer):
    response = client.post(
        "/api/v1/trips", "{not json", content_type=JSON, headers=bearer(organiser)
    )
    assert 400 <= response.status_code < 500
    assert response.json()["detail"]


def test_absurd_page_numbers_are_a_clear_422(client):
    response = client.get("/api/v1/trips?page=932138535579648564133888")
    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["page"]
    assert client.get("/api/v1/trips?page=999999").json()["items"] == []


EDGE_TIMES = [
    "9999-12-31T23:00:00-05:00",  # after the last datetime Python has, in UTC
    "0001-01-01T00:30:00+05:00",  # before the first one
    "0001-01-01T00:30:00",  # naive: read as Stockholm time, before year 1 in UTC
    "9999-12-31T23:30:00",
    "9999-12-31T12:00:00+00:00",  # representable, but a calendar feed around it is not
]


@pytest.mark.parametrize("edge", EDGE_TIMES)
def test_trip_create_with_times_at_the_edge_of_the_calendar_is_422(client, organiser, bearer, edge):
    for field in ("starts_at", "ends_at", "application_deadline", "booking_refund_cutoff"):
        response = client.post(
            "/api/v1/trips",
            trip_payload(**{field: edge}),
            content_type=JSON,
            headers=bearer(organiser),
        )
        assert response.status_code == 422, (field, response.content)
        assert list(response.json()["fields"]) == [field]
    assert not Trip.objects.exists()


@pytest.mark.parametrize("edge", EDGE_TIMES)
def test_trip_patch_with_times_at_the_edge_of_the_calendar_is_422(client, organiser, bearer, edge):
    trip = TripFactory(organisation=organiser.organisation_)
    before = Trip.objects.values().get(pk=trip.pk)
    response = client.patch(
        f"/api/v1/trips/{trip.slug}",
        {"starts_at": edge},
        content_type=JSON,
        headers=bearer(organiser),
    )
    assert response.status_code == 422, response.content
    assert list(response.json()["fields"]) == ["starts_at"]
    assert Trip.objects.values().get(pk=trip.pk) == before


# --- Whom to call during the trip: for its organisers, not the public -------------------------


def test_organiser_creates_a_trip_with_phone_and_emergency_contact(client, organiser, bearer):
    payload = trip_payload(
        contact_phone="+46 70-174 06 05", emergency_contact="Eva Fjäll, 070-174 06 06"
    )
    response = client.post("/api/v1/trips", payload, content_type=JSON, headers=bearer(organiser))

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["contact_phone"], body["emergency_contact"]) == (
        "+46 70-174 06 05",
        "Eva Fjäll, 070-174 06 06",
    )
    trip = Trip.objects.get()
    assert (trip.contact_phone, trip.emergency_contact) == (
        "+46 70-174 06 05",
        "Eva Fjäll, 070-174 06 06",
    )


def test_patching_the_phone_changes_only_it_and_can_clear_it(client, organiser, bearer):
    trip = TripFactory(organisation=organiser.organisation_, emergency_contact="Eva, 112")
    url = f"/api/v1/trips/{trip.slug}"

    set_it = client.patch(
        url, {"contact_phone": "063-14 00 00"}, content_type=JSON, headers=bearer(organiser)
    )
    assert set_it.status_code == 200, set_it.json()
    assert set_it.json()["contact_phone"] == "063-14 00 00"
    trip.refresh_from_db()
    assert (trip.contact_phone, trip.emergency_contact) == ("063-14 00 00", "Eva, 112")

    cleared = client.patch(url, {"contact_phone": ""}, content_type=JSON, headers=bearer(organiser))
    assert cleared.status_code == 200, cleared.json()
    trip.refresh_from_db()
    assert trip.contact_phone == ""


@pytest.mark.parametrize("phone", ["ring Eva", "12345", "070-174 06 05 ext. 2", "1" * 41])
def test_an_invalid_phone_is_422_naming_the_field_and_changes_nothing(
    client, organiser, bearer, phone
):
    trip = TripFactory(organisation=organiser.organisation_, contact_phone="063-14 00 00")
    before = Trip.objects.values().get(pk=trip.pk)
    response = client.patch(
        f"/api/v1/trips/{trip.slug}",
        {"contact_phone": phone, "title": "Ny titel"},
        content_type=JSON,
        headers=bearer(organiser),
    )
    assert response.status_code == 422, response.content
    assert list(response.json()["fields"]) == ["contact_phone"]
    assert Trip.objects.values().get(pk=trip.pk) == before

    created = client.post(
        "/api/v1/trips",
        trip_payload(contact_phone=phone),
        content_type=JSON,
        headers=bearer(organiser),
    )
    assert created.status_code == 422
    assert list(created.json()["fields"]) == ["contact_phone"]
    assert Trip.objects.count() == 1


def test_the_public_trip_api_leaves_out_whom_to_call(client, organiser, bearer):
    trip = TripFactory(
        status=TripStatus.PUBLISHED,
        organisation=organiser.organisation_,
        contact_phone="063-14 00 00",
        emergency_contact="Eva Fjäll, 070-174 06 06",
    )
    detail = client.get(f"/api/v1/trips/{trip.slug}").json()
    listed = client.get("/api/v1/trips").json()["items"][0]

    assert detail["slug"] == listed["slug"] == trip.slug
    for body in (detail, listed):
        assert "contact_phone" not in body
        assert "emergency_contact" not in body
