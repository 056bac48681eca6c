import pytest
from django.core import mail

from candidates.models import Application, InterestRegistration

from ..factories import ApplicationFactory, CandidateFactory, OrganiserFactory, TripFactory

pytestmark = pytest.mark.django_db
JSON = "application/json"


def test_interest_answers_the_same_for_new_and_known_addresses(
    client, django_capture_on_commit_callbacks
):
    payload = {"email": "ann@example.test", "sectors": ["it"], "consent": True}
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post("/api/v1/interest", payload, content_type=JSON)
        second = client.post(
            "/api/v1/interest", {**payload, "sectors": ["ekonomi"]}, content_type=JSON
        )
    assert first.status_code == second.status_code == 202
    assert first.json() == second.json()
    assert InterestRegistration.objects.get().sectors.get().code == "ekonomi"
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"email": "not-an-email", "sectors": ["it"], "consent": True}, "email"),
        ({"email": "a@b.test", "sectors": [], "consent": True}, "sectors"),
        ({"email": "a@b.test", "sectors": ["it"], "consent": False}, "consent"),
        ({"email": "a@b.test", "sectors": ["rymd"], "consent": True}, "sectors"),
    ],
)
def test_interest_validation_names_the_field(client, payload, field):
    response = client.post("/api/v1/interest", payload, content_type=JSON)
    assert response.status_code == 422
    assert list(response.json()["fields"]) == [field]
    assert not InterestRegistration.objects.exists()


def test_profile_get_and_patch(client, bearer):
    candidate = CandidateFactory(name="Olena Kovalenko")
    headers = bearer(candidate.user)
    response = client.patch(
        "/api/v1/me/profile",
        {
            "headline": "Barnmorska",
            "sectors": ["halso-sjukvard", "vard-omsorg"],
            "languages": ["ukrainska", "engelska", "svenska"],
            "children_ages": [4, 9],
            "consent_share_household": True,
            "earliest_move_date": "2027-03-01",
        },
        content_type=JSON,
        headers=headers,
    )
    assert response.status_code == 200, response.json()
    body = client.get("/api/v1/me/profile", headers=headers).json()
    assert body["name"] == "Olena Kovalenko"
    assert body["headline"] == "Barnmorska"
    assert sorted(body["sectors"]) == ["halso-sjukvard", "vard-omsorg"]
    assert body["children_ages"] == [4, 9]
    assert body["consent_share_household"] is True
    assert body["consent_residence_permit"] is False
    assert body["earliest_move_date"] == "2027-03-01"
    assert 0 < body["completeness"] < 100


def test_profile_for_a_non_candidate_is_403(client, organiser, bearer):
    response = client.get("/api/v1/me/profile", headers=bearer(organiser))
    assert response.status_code == 403
    assert "Only candidates" in response.json()["detail"]


def test_apply_list_and_withdraw(client, bearer, published_trip):
    candidate = CandidateFactory()
    headers = bearer(candidate.user)
    response = client.post(
        "/api/v1/me/applications",
        {
            "trip": published_trip.slug,
            "motivation": "Jag vill bo nära fjällen och jobba med IT.",
            "travelling_from": "Göteborg",
        },
        content_type=JSON,
        headers=headers,
    )
    assert response.status_code == 201, response.json()
    created = response.json()
    assert (created["status"], created["trip"]) == ("submitted", published_trip.slug)
    assert [h["to_status"] for h in created["history"]] == ["submitted"]
    again = client.post(
        "/api/v1/me/applications",
        {"trip": published_trip.slug, "motivation": "En gång till!!", "travelling_from": "x"},
        content_type=JSON,
        headers=headers,
    )
    assert again.status_code == 409
    assert again.json()["detail"] == "You have already applied to this trip."
    withdrawn = client.post(f"/api/v1/me/applications/{created['id']}/withdraw", headers=headers)
    assert withdrawn.json()["status"] == "withdrawn"
    listing = client.get("/api/v1/me/applications", headers=headers).json()
    assert [(a["trip"], a["status"]) for a in listing["items"]] == [
        (published_trip.slug, "withdrawn")
    ]


def test_someone_elses_application_cannot_be_withdrawn(client, bearer):
    other = ApplicationFactory()
    response = client.post(
        f"/api/v1/me/applications/{other.pk}/withdraw", headers=bearer(CandidateFactory().user)
    )
    assert response.status_code == 404
    assert Application.objects.get(pk=other.pk).status == "submitted"


def test_organiser_lists_filters_and_transitions(client, organiser, published_trip, bearer):
    senior = ApplicationFactory(
        trip=published_trip, candidate__years_experience=12, candidate__city="Malmö"
    )
    ApplicationFactory(trip=published_trip, candidate__years_experience=2, candidate__city="Umeå")
    headers = bearer(organiser)
    body = client.get(
        f"/api/v1/trips/{published_trip.slug}/applications?min_experience=5", headers=headers
    ).json()
    assert [a["id"] for a in body["items"]] == [senior.pk]
    assert body["items"][0]["city"] == "Malmö"
    sorted_body = client.get(
        f"/api/v1/trips/{published_trip.slug}/applications?sort=-experience", headers=headers
    ).json()
    assert [a["years_experience"] for a in sorted_body["items"]] == [12, 2]
    response = client.post(
        f"/api/v1/applications/{senior.pk}/transition",
        {"status": "accepted"},
        content_type=JSON,
        headers=headers,
    )
    assert response.json()["status"] == "accepted"
    conflict = client.post(
        f"/api/v1/applications/{senior.pk}/transition",
        {"status": "shortlisted"},
        content_type=JSON,
        headers=headers,
    )
    assert conflict.status_code == 409
    assert conflict.json()["current_status"] == "accepted"
    assert "Accepted (accepted)" in conflict.json()["detail"]


def test_other_organisations_applicants_are_404(client, bearer):
    application = ApplicationFactory()
    stranger = OrganiserFactory().user
    headers = bearer(stranger)
    assert (
        client.get(
            f"/api/v1/trips/{application.trip.slug}/applications", headers=headers
        ).status_code
        == 404
    )
    response = client.post(
        f"/api/v1/applications/{application.pk}/transition",
        {"status": "accepted"},
        content_type=JSON,
        headers=headers,
    )
    assert response.status_code == 404


def test_full_trip_accept_is_409_with_message(client, organiser, bearer):
    trip = TripFactory(
        organisation=organiser.organisation_, status="published", candidate_capacity=1
    )
    ApplicationFactory(trip=trip, status="accepted")
    late = ApplicationFactory(trip=trip)
    response = client.post(
        f"/api/v1/applications/{late.pk}/transition",
        {"status": "accepted"},
        content_type=JSON,
        headers=bearer(organiser),
    )
    assert response.status_code == 409
    assert "all 1 places are taken" in response.json()["detail"]
