"""/api/v1/cases: the web's rules, the caseload's filters, optimistic locking, stages, the
contact log."""

from datetime import timedelta

import pytest
from django.utils import timezone

from followup.models import FollowUpCase

from .conftest import make_case

pytestmark = pytest.mark.django_db

API = "/api/v1/cases"


@pytest.fixture
def as_coordinator(client, coordinator, bearer):
    headers = bearer(coordinator)

    def call(method, path, data=None, **params):
        kwargs = {"headers": headers, "content_type": "application/json"}
        if method == "get":
            return client.get(path, params, headers=headers)
        return getattr(client, method)(path, data or {}, **kwargs)

    return call


def test_anonymous_401_candidate_403_other_organisation_404(
    client, bearer, organisation, candidate_user, other_coordinator, other_organiser
):
    case = make_case(organisation)

    assert client.get(API).status_code == 401
    assert client.get(API, headers=bearer(candidate_user)).status_code == 403
    assert client.get(f"{API}/{case.pk}", headers=bearer(candidate_user)).status_code == 403
    for outsider in (other_coordinator, other_organiser):
        headers = bearer(outsider)
        assert client.get(API, headers=headers).json()["count"] == 0
        assert client.get(f"{API}/{case.pk}", headers=headers).status_code == 404
        patch = client.patch(
            f"{API}/{case.pk}",
            {"version": 1, "name": "Hacked"},
            headers=headers,
            content_type="application/json",
        )
        assert patch.status_code == 404
    case.refresh_from_db()
    assert case.name == "Alva Berg"


def test_organiser_of_the_organisation_works_its_cases(client, bearer, organiser, organisation):
    case = make_case(organisation, name="Org Case")

    response = client.get(f"{API}/{case.pk}", headers=bearer(organiser))

    assert response.status_code == 200
    assert response.json()["name"] == "Org Case"


def test_list_filters_and_pagination(as_coordinator, coordinator, organisation):
    make_case(organisation, name="Mina Mine", assignee=coordinator, email="mina@ex.test")
    make_case(organisation, name="Nils Nobody", stage="offer", source="email")

    def shown(**params):
        body = as_coordinator("get", API, **params).json()
        return sorted(item["name"] for item in body["items"])

    assert shown() == ["Mina Mine", "Nils Nobody"]
    assert shown(assignee="me") == ["Mina Mine"]
    assert shown(assignee="nobody") == ["Nils Nobody"]
    assert shown(stage="offer") == ["Nils Nobody"]
    assert shown(source="email") == ["Nils Nobody"]
    assert shown(q="mina@") == ["Mina Mine"]
    assert shown(trip="no-such-trip") == []
    page = as_coordinator("get", API, page_size=1, page=2).json()
    assert page["count"] == 2 and len(page["items"]) == 1
    assert as_coordinator("get", API, assignee="someone").status_code == 422


def test_create_with_validation_and_duplicates(as_coordinator, organisation, coordinator):
    payload = {
        "name": "Bo Ek",
        "email": "Bo@Example.test",
        "source": "phone",
        "assignee": coordinator.pk,
        "partner_looking_for_work": True,
        "children": [{"age": 2, "need": "preschool"}],
        "housing_need": "buy",
    }

    created = as_coordinator("post", API, payload)

    assert created.status_code == 201
    body = created.json()
    assert body["email"] == "bo@example.test"
    assert body["assignee_name"] == "Cecilia Coordinator"
    assert body["stage"] == "in_contact"
    assert body["version"] == 1
    assert body["history"][0]["to_stage"] == "in_contact"

    duplicate = as_coordinator("post", API, {**payload, "name": "Bo again"})
    assert duplicate.status_code == 422
    assert duplicate.json()["existing_case"] == body["id"]
    assert "already has an open case" in duplicate.json()["detail"]

    bad_child = as_coordinator("post", API, {**payload, "email": "", "children": [{"age": 40}]})
    assert bad_child.status_code == 422
    assert "children.0.age" in bad_child.json()["fields"]
    bad_email = as_coordinator("post", API, {**payload, "email": "nope"})
    assert bad_email.json()["fields"]["email"] == ["Enter a valid email address."]
    from_trip = as_coordinator("post", API, {**payload, "email": "", "source": "trip"})
    assert from_trip.status_code == 422
    assert FollowUpCase.objects.count() == 1


def test_assignee_must_follow_up_the_organisation(as_coordinator, other_coordinator):
    response = as_coordinator(
        "post", API, {"name": "X", "source": "phone", "assignee": other_coordinator.pk}
    )

    assert response.status_code == 422
    assert "assignee" in response.json()["fields"]


def test_two_patches_from_the_same_version(client, bearer, organisation, coordinator, organiser):
    case = make_case(organisation)
    url = f"{API}/{case.pk}"

    def patch(user, data):
        return client.patch(url, data, headers=bearer(user), content_type="application/json")

    first = patch(coordinator, {"version": 1, "phone": "111", "housing_where": "Åre"})
    second = patch(organiser, {"version": 1, "phone": "222"})

    assert first.status_code == 200
    assert first.json()["version"] == 2
    assert second.status_code == 409
    assert second.json()["current_version"] == 2
    assert "Someone else changed this case" in second.json()["detail"]
    case.refresh_from_db()
    assert (case.phone, case.housing_where, case.version) == ("111", "Åre", 2)
    missing = patch(organiser, {"phone": "333"})
    assert missing.status_code == 422
    assert "version" in missing.json()["fields"]


def test_stage_change_history_and_closing(as_coordinator, organisation):
    case = make_case(organisation)
    url = f"{API}/{case.pk}/stage"

    no_reason = as_coordinator("post", url, {"stage": "closed"})
    moved = as_coordinator("post", url, {"stage": "offer", "note": "Offer from Fjällbygg"})
    stale = as_coordinator("post", url, {"stage": "hired", "version": 1})
    closed = as_coordinator("post", url, {"stage": "closed", "closed_reason": "no_housing"})

    assert no_reason.status_code == 422
    assert "closed_reason" in no_reason.json()["fields"]
    assert moved.status_code == 200
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2
    body = closed.json()
    assert (body["stage"], body["closed_reason"]) == ("closed", "no_housing")
    history = [(h["from_stage"], h["to_stage"], h["actor"], h["note"]) for h in body["history"]]
    assert history == [
        ("in_contact", "offer", "Cecilia Coordinator", "Offer from Fjällbygg"),
        ("offer", "closed", "Cecilia Coordinator", ""),
    ]


def test_contact_log(as_coordinator, organisation):
    case = make_case(organisation)
    url = f"{API}/{case.pk}/contacts"
    earlier = (timezone.now() - timedelta(days=2)).isoformat()

    older = as_coordinator("post", url, {"occurred_at": earlier, "channel": "phone", "note": "A"})
    newer = as_coordinator("post", url, {"channel": "email", "note": "B"})
    future = as_coordinator(
        "post",
        url,
        {"occurred_at": (timezone.now() + timedelta(days=2)).isoformat(), "channel": "phone"},
    )
    tip = as_coordinator("post", url, {"channel": "job_tip"})

    assert older.status_code == newer.status_code == 201
    assert newer.json()["author"] == "Cecilia Coordinator"
    assert future.status_code == 422
    assert "occurred_at" in future.json()["fields"]
    assert tip.status_code == 422
    log = as_coordinator("get", url).json()
    assert [entry["note"] for entry in log["items"]] == ["B", "A"]
