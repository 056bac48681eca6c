"""The meetings API as organisers, employers and candidates use it."""

import pytest

from itineraries.models import Meeting

from .conftest import local

pytestmark = pytest.mark.django_db


def test_wishes_schedule_and_everyone_sees_their_meetings(client, bearer, meeting_world):
    w = meeting_world
    ada, bo, cia = w.applications
    url = f"/api/v1/trips/{w.trip.slug}"
    response = client.put(
        f"{url}/meeting-preferences",
        {
            "preferences": [
                {"application": ada.pk, "level": "must"},
                {"application": bo.pk, "level": "want"},
                {"application": cia.pk, "level": "no"},
            ]
        },
        content_type="application/json",
        headers=bearer(w.members[0]),
    )
    assert response.status_code == 200, response.json()
    assert {p["level"] for p in response.json()["preferences"]} == {"must", "want", "no"}
    response = client.put(
        f"{url}/meeting-preferences",
        {"preferences": [{"employer": w.employers[0].slug, "level": "must"}]},
        content_type="application/json",
        headers=bearer(w.candidates[2]),
    )
    assert response.status_code == 200, response.json()

    response = client.post(f"{url}/meetings/schedule", headers=bearer(w.organiser))
    assert response.status_code == 200, response.json()
    report = response.json()
    assert report["meetings"] == 2
    # One table: Åre Data meets Ada (a must) first, then Bo; Cia is never scheduled.
    assert report["slots_used"] == report["lower_bound"] == 2

    mine = client.get(f"{url}/meetings", headers=bearer(w.candidates[0])).json()["items"]
    assert [(m["employer"], m["starts_at"][:16]) for m in mine] == [
        (w.employers[0].slug, "2031-03-12T08:00")
    ]
    # Cia must meet Åre Data, but Åre Data is not interested: "no" always wins.
    assert client.get(f"{url}/meetings", headers=bearer(w.candidates[2])).json()["items"] == []
    theirs = client.get(f"{url}/meetings", headers=bearer(w.members[1])).json()["items"]
    assert theirs == []


def test_self_booking_conflicts_are_409_with_a_reason(client, bearer, meeting_world):
    w = meeting_world
    url = f"/api/v1/trips/{w.trip.slug}"
    ada = w.applications[0]
    body = {"application": ada.pk, "starts_at": local(2031, 3, 12, 9, 0).isoformat()}
    response = client.post(
        f"{url}/meetings", body, content_type="application/json", headers=bearer(w.members[0])
    )
    assert response.status_code == 403
    assert "not opened" in response.json()["detail"]
    client.patch(
        f"{url}/meeting-settings",
        {"self_booking": True},
        content_type="application/json",
        headers=bearer(w.organiser),
    )
    response = client.post(
        f"{url}/meetings", body, content_type="application/json", headers=bearer(w.members[0])
    )
    assert response.status_code == 201, response.json()
    assert response.json()["source"] == "booked"
    response = client.post(
        f"{url}/meetings", body, content_type="application/json", headers=bearer(w.members[1])
    )
    assert response.status_code == 409
    assert "Ada Lind already has a meeting at 09:00" in response.json()["detail"]
    odd = {**body, "starts_at": local(2031, 3, 12, 9, 10).isoformat()}
    response = client.post(
        f"{url}/meetings", odd, content_type="application/json", headers=bearer(w.members[1])
    )
    assert response.status_code == 409
    assert "is not a meeting slot" in response.json()["detail"]
    meeting = Meeting.objects.get()
    assert (
        client.delete(f"/api/v1/meetings/{meeting.pk}", headers=bearer(w.members[1])).status_code
        == 404
    )
    assert (
        client.delete(f"/api/v1/meetings/{meeting.pk}", headers=bearer(w.members[0])).status_code
        == 204
    )
    meeting.refresh_from_db()
    assert meeting.status == "cancelled" and meeting.sequence == 1
