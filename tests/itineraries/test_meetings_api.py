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


def _put(client, url, body, headers):
    return client.put(url, body, content_type="application/json", headers=headers)


def test_organisers_see_everyones_wishes_and_override_them(client, bearer, meeting_world):
    w = meeting_world
    url = f"/api/v1/trips/{w.trip.slug}/meeting-preferences"
    ada = w.applications[0]
    _put(
        client, url, {"preferences": [{"application": ada.pk, "level": "no"}]}, bearer(w.members[0])
    )
    _put(
        client,
        url,
        {"preferences": [{"employer": w.employers[1].slug, "level": "want"}]},
        bearer(w.candidates[0]),
    )
    everyone = client.get(url, headers=bearer(w.organiser)).json()["preferences"]
    assert {(p["employer"], p["side"], p["level"]) for p in everyone} == {
        (w.employers[0].slug, "employer", "no"),
        (w.employers[1].slug, "candidate", "want"),
    }
    # Each person sees only their own side.
    own = client.get(url, headers=bearer(w.members[0])).json()["preferences"]
    assert [(p["side"], p["level"]) for p in own] == [("employer", "no")]
    assert client.get(url, headers=bearer(w.members[1])).json()["preferences"] == []

    response = _put(
        client,
        url,
        {
            "preferences": [
                {
                    "application": ada.pk,
                    "employer": w.employers[0].slug,
                    "side": "employer",
                    "level": "must",
                }
            ]
        },
        bearer(w.organiser),
    )
    assert response.status_code == 200, response.json()
    own = client.get(url, headers=bearer(w.members[0])).json()["preferences"]
    assert [(p["level"], p["by_organiser"]) for p in own] == [("must", True)]

    missing_side = _put(
        client,
        url,
        {"preferences": [{"application": ada.pk, "level": "want"}]},
        bearer(w.organiser),
    )
    assert missing_side.status_code == 422


def test_wishes_about_people_outside_the_trip_are_refused(client, bearer, meeting_world):
    from ..factories import ApplicationFactory

    w = meeting_world
    url = f"/api/v1/trips/{w.trip.slug}/meeting-preferences"
    submitted = ApplicationFactory(trip=w.trip, status="submitted")
    response = _put(
        client,
        url,
        {"preferences": [{"application": submitted.pk, "level": "must"}]},
        bearer(w.members[0]),
    )
    assert response.status_code == 422
    assert "not a candidate who meets employers" in response.json()["detail"]
    response = _put(
        client,
        url,
        {"preferences": [{"employer": "nobody", "level": "must"}]},
        bearer(w.candidates[0]),
    )
    assert response.status_code == 422
    response = _put(
        client,
        url,
        {"preferences": [{"application": w.applications[0].pk, "level": "maybe"}]},
        bearer(w.members[0]),
    )
    assert response.status_code == 422
    # Nothing was stored by the refused requests.
    assert client.get(url, headers=bearer(w.organiser)).json()["preferences"] == []


def test_people_without_a_part_in_the_trip_get_404(client, bearer, meeting_world):
    from ..factories import EmployerMemberFactory, OrganiserFactory, UserFactory

    w = meeting_world
    outsiders = [UserFactory(), EmployerMemberFactory().user, OrganiserFactory().user]
    for user in outsiders:
        for path in ("meetings", "meeting-preferences", "meeting-settings"):
            response = client.get(f"/api/v1/trips/{w.trip.slug}/{path}", headers=bearer(user))
            assert response.status_code == 404, (user, path)
        response = client.post(
            f"/api/v1/trips/{w.trip.slug}/meetings/schedule", headers=bearer(user)
        )
        assert response.status_code == 404
    # A member of a booked employer is not an organiser.
    response = client.post(
        f"/api/v1/trips/{w.trip.slug}/meetings/schedule", headers=bearer(w.members[0])
    )
    assert response.status_code == 403


def test_settings_cut_the_blocks_into_slots_and_set_tables(client, bearer, meeting_world):
    w = meeting_world
    url = f"/api/v1/trips/{w.trip.slug}/meeting-settings"
    settings = client.get(url, headers=bearer(w.members[0])).json()
    assert (settings["meeting_minutes"], settings["break_minutes"]) == (20, 5)
    assert [s["starts_at"][11:16] for s in settings["slots"]] == [
        "08:00",
        "08:25",
        "08:50",
        "09:15",
        "09:40",
    ]
    response = client.patch(
        url,
        {
            "meeting_minutes": 30,
            "break_minutes": 0,
            "tables": [{"employer": w.employers[1].slug, "tables": 3}],
        },
        content_type="application/json",
        headers=bearer(w.organiser),
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert [s["starts_at"][11:16] for s in body["slots"]] == ["08:00", "08:30", "09:00", "09:30"]
    assert {t["employer"]: t["tables"] for t in body["tables"]} == {
        w.employers[0].slug: 1,
        w.employers[1].slug: 3,
    }
    for bad in (
        {"meeting_minutes": 2},
        {"tables": [{"employer": "nobody", "tables": 2}]},
        {"tables": [{"employer": w.employers[0].slug, "tables": 0}]},
    ):
        response = client.patch(
            url, bad, content_type="application/json", headers=bearer(w.organiser)
        )
        assert response.status_code == 422, bad
    response = client.patch(
        url, {"self_booking": True}, content_type="application/json", headers=bearer(w.members[0])
    )
    assert response.status_code == 403


def test_schedule_without_a_meeting_block_says_what_to_add(client, bearer, meeting_world):
    w = meeting_world
    w.block.delete()
    response = client.post(
        f"/api/v1/trips/{w.trip.slug}/meetings/schedule", headers=bearer(w.organiser)
    )
    assert response.status_code == 422
    assert "Meetings block" in response.json()["detail"]


def test_organisers_move_lock_and_record_attendance(client, bearer, meeting_world, clock):
    w = meeting_world
    url = f"/api/v1/trips/{w.trip.slug}/meetings"
    ada, bo = w.applications[:2]
    first = client.post(
        url,
        {
            "application": ada.pk,
            "employer": w.employers[0].slug,
            "starts_at": local(2031, 3, 12, 9, 0).isoformat(),
        },
        content_type="application/json",
        headers=bearer(w.organiser),
    )
    assert first.status_code == 201, first.json()
    meeting = first.json()
    response = client.patch(
        f"/api/v1/meetings/{meeting['id']}",
        {"starts_at": local(2031, 3, 12, 9, 50).isoformat(), "locked": True},
        content_type="application/json",
        headers=bearer(w.organiser),
    )
    assert response.status_code == 200, response.json()
    moved = response.json()
    assert moved["starts_at"][11:16] == "08:50" and moved["locked"] and moved["sequence"] == 1
    early = client.patch(
        f"/api/v1/meetings/{meeting['id']}",
        {"attendance": "candidate_no_show"},
        content_type="application/json",
        headers=bearer(w.organiser),
    )
    assert early.status_code == 422
    clock.set(local(2031, 3, 12, 10, 0))
    late = client.patch(
        f"/api/v1/meetings/{meeting['id']}",
        {"attendance": "candidate_no_show"},
        content_type="application/json",
        headers=bearer(w.organiser),
    )
    assert late.status_code == 200 and late.json()["attendance"] == "candidate_no_show"
    # The automatic schedule keeps the locked meeting where it is and fits Bo around it.
    client.put(
        f"/api/v1/trips/{w.trip.slug}/meeting-preferences",
        {"preferences": [{"application": bo.pk, "level": "must"}]},
        content_type="application/json",
        headers=bearer(w.members[0]),
    )
    report = client.post(f"{url}/schedule", headers=bearer(w.organiser)).json()
    assert report["cancelled"] == 0  # the locked meeting was not requested, but stays
    times = {
        m["candidate_name"]: m["starts_at"][11:16]
        for m in client.get(url, headers=bearer(w.organiser)).json()["items"]
    }
    assert times["Ada Lind"] == "08:50"
    assert "Bo Ek" in times and times["Bo Ek"] != "08:50"


def test_cancelling_the_block_or_the_trip_cancels_its_meetings(client, bearer, meeting_world):
    from backoffice.services import trip_cancel
    from itineraries.services import itinerary_item_cancel

    w = meeting_world
    url = f"/api/v1/trips/{w.trip.slug}/meetings"
    for application, slot in zip(w.applications[:2], (9, 10), strict=True):
        response = client.post(
            url,
            {
                "application": application.pk,
                "employer": w.employers[0].slug,
                "starts_at": local(2031, 3, 12, slot, 15 if slot == 10 else 0).isoformat(),
            },
            content_type="application/json",
            headers=bearer(w.organiser),
        )
        assert response.status_code == 201, response.json()
    itinerary_item_cancel(item=w.block, actor=w.organiser)
    assert client.get(url, headers=bearer(w.organiser)).json()["items"] == []
    assert set(Meeting.objects.values_list("status", "sequence")) == {("cancelled", 1)}

    block = w.block
    block.cancelled = False
    block.save()
    client.post(
        url,
        {
            "application": w.applications[2].pk,
            "employer": w.employers[1].slug,
            "starts_at": local(2031, 3, 12, 9, 0).isoformat(),
        },
        content_type="application/json",
        headers=bearer(w.organiser),
    )
    trip_cancel(trip=w.trip, actor=w.organiser)
    assert not Meeting.objects.filter(status="scheduled").exists()


def test_meetings_go_when_their_people_leave_the_trip(
    client, bearer, meeting_world, django_capture_on_commit_callbacks
):
    from candidates.services import application_withdraw
    from employers.bookings import booking_cancel
    from employers.models import SlotBooking

    w = meeting_world
    url = f"/api/v1/trips/{w.trip.slug}/meetings"

    def book(application, employer, hour, minute):
        response = client.post(
            url,
            {
                "application": application.pk,
                "employer": employer.slug,
                "starts_at": local(2031, 3, 12, hour, minute).isoformat(),
            },
            content_type="application/json",
            headers=bearer(w.organiser),
        )
        assert response.status_code == 201, response.json()

    book(w.applications[0], w.employers[0], 9, 0)
    book(w.applications[1], w.employers[1], 9, 0)
    book(w.applications[2], w.employers[1], 9, 25)
    with django_capture_on_commit_callbacks(execute=True):
        application_withdraw(application=w.applications[0], actor=w.candidates[0])

    def names():
        meetings = client.get(url, headers=bearer(w.organiser)).json()["items"]
        return sorted(m["candidate_name"] for m in meetings)

    assert names() == ["Bo Ek", "Cia Berg"]
    booking = SlotBooking.objects.get(trip=w.trip, employer=w.employers[1])
    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(
            booking=booking, actor=w.organiser, by_organiser=True, refund=False, notify=False
        )
    assert names() == []


def test_unmet_must_meets_are_explained_and_a_rerun_moves_nothing(client, bearer, meeting_world):
    w = meeting_world
    url = f"/api/v1/trips/{w.trip.slug}"
    ada, bo, cia = w.applications
    # One slot only: a 100-minute meeting in the two-hour block.
    client.patch(
        f"{url}/meeting-settings",
        {"meeting_minutes": 100},
        content_type="application/json",
        headers=bearer(w.organiser),
    )
    for member in w.members:
        _put(
            client,
            f"{url}/meeting-preferences",
            {"preferences": [{"application": ada.pk, "level": "must"}]},
            bearer(member),
        )
    _put(
        client,
        f"{url}/meeting-preferences",
        {"preferences": [{"employer": w.employers[1].slug, "level": "must"}]},
        bearer(w.candidates[0]),
    )
    report = client.post(f"{url}/meetings/schedule", headers=bearer(w.organiser)).json()
    # The mutual must-meet (Ada and Östersund Kod) wins the only slot.
    assert report["meetings"] == 1 and report["objective"] == report["bound"]
    assert report["optimal"] is True
    meetings = client.get(f"{url}/meetings", headers=bearer(w.organiser)).json()["items"]
    assert [(m["candidate_name"], m["employer"]) for m in meetings] == [
        ("Ada Lind", w.employers[1].slug)
    ]
    [unmet] = report["unmet_must"]
    assert (unmet["candidate_name"], unmet["employer"], unmet["reason"]) == (
        "Ada Lind",
        w.employers[0].slug,
        "candidate_full",
    )
    assert "Ada Lind has no free slot left" in unmet["explanation"]

    again = client.post(f"{url}/meetings/schedule", headers=bearer(w.organiser)).json()
    assert (again["moved"], again["created"], again["cancelled"]) == (0, 0, 0)
    assert client.get(f"{url}/meetings", headers=bearer(w.organiser)).json()["items"] == meetings
