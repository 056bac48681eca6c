"""People's own meetings page (/me/trips/<slug>/meetings/): candidates mark the trip's
employers and see their meetings, employers' members see theirs by time, organisers are sent
to the back office, anybody else gets 404."""

import pytest
from django.utils import timezone

from candidates.consents import consent_set
from itineraries.meetings import meeting_book, meeting_cancel, meeting_settings_update
from itineraries.models import Meeting, MeetingPreference
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    EmployerFactory,
    EmployerMemberFactory,
    HiringNeedFactory,
    SlotBookingFactory,
    UserFactory,
)
from tests.itineraries.conftest import local

pytestmark = pytest.mark.django_db


def url(world) -> str:
    return f"/me/trips/{world.trip.slug}/meetings/"


def book(world, application, employer, hour, minute=0, **fields) -> Meeting:
    return meeting_book(
        trip=world.trip,
        actor=world.organiser,
        employer=employer,
        application_id=application.pk,
        starts_at=local(2031, 3, 12, hour, minute),
        by_organiser=True,
        **fields,
    )


def test_candidate_sees_the_employers_with_their_open_roles(client, meeting_world):
    w = meeting_world
    HiringNeedFactory(employer=w.employers[0], role_title="Backendutvecklare")
    HiringNeedFactory(employer=w.employers[0], role_title="Gammal roll", status="closed")
    client.force_login(w.candidates[0])
    response = client.get(url(w))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Åre Data" in page and "Östersund Kod" in page
    assert "Backendutvecklare" in page and "Gammal roll" not in page
    assert "(no wish)" in page and "Must meet" in page
    assert "Your meetings</h2>" not in page  # none yet


def test_candidate_saves_wishes_and_the_api_shows_them(client, bearer, meeting_world):
    w = meeting_world
    are, ostersund = w.employers
    client.force_login(w.candidates[0])
    response = client.post(
        url(w), {f"employer_{are.pk}": "must", f"employer_{ostersund.pk}": "no"}, follow=True
    )
    assert "Your meeting wishes are saved." in response.content.decode()
    assert set(
        MeetingPreference.objects.values_list("employer__name", "side", "level", "by_organiser")
    ) == {("Åre Data", "candidate", "must", False), ("Östersund Kod", "candidate", "no", False)}
    page = client.get(url(w)).content.decode()
    assert '<option value="must" selected>' in page and '<option value="no" selected>' in page
    api = client.get(
        f"/api/v1/trips/{w.trip.slug}/meeting-preferences", headers=bearer(w.candidates[0])
    ).json()
    assert {(p["employer"], p["level"]) for p in api["preferences"]} == {
        (are.slug, "must"),
        (ostersund.slug, "no"),
    }
    # Clearing a wish removes it.
    client.post(url(w), {f"employer_{are.pk}": "", f"employer_{ostersund.pk}": "no"})
    assert list(MeetingPreference.objects.values_list("employer__name", flat=True)) == [
        "Östersund Kod"
    ]


def test_candidate_form_refuses_an_unknown_level(client, meeting_world):
    w = meeting_world
    client.force_login(w.candidates[0])
    response = client.post(url(w), {f"employer_{w.employers[0].pk}": "maybe"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not MeetingPreference.objects.exists()


def test_candidate_sees_their_meetings_but_not_cancelled_ones(client, meeting_world):
    w = meeting_world
    ada = w.applications[0]
    book(w, ada, w.employers[0], 9, 25, table=1)
    cancelled = book(w, ada, w.employers[1], 10, 15)
    meeting_cancel(meeting=cancelled, actor=w.organiser)
    book(w, w.applications[1], w.employers[1], 9, 0)  # somebody else's
    client.force_login(w.candidates[0])
    page = client.get(url(w)).content.decode()
    assert "Your meetings</h2>" in page
    assert "09:25" in page and "09:45" in page and "Åre Data" in page
    assert "10:15" not in page and "09:00" not in page
    assert "The organiser has not published the schedule yet" in page
    # Her printable schedule is linked, and holds the same meeting.
    pdf_url = f"/me/trips/{w.trip.slug}/meetings.pdf"
    assert f'href="{pdf_url}"' in page
    assert client.get(pdf_url)["Content-Type"] == "application/pdf"


def test_candidate_who_does_not_share_sees_why_and_the_consent_link(client, meeting_world):
    w = meeting_world
    candidate = CandidateFactory(name="Dan Dold")
    ApplicationFactory(candidate=candidate, trip=w.trip, status="accepted")
    client.force_login(candidate.user)
    response = client.get(url(w))
    assert response.status_code == 200
    page = response.content.decode()
    assert "you have not chosen to share your profile with this trip's employers" in page
    application = candidate.applications.get()
    assert f'href="/me/#share-{application.pk}"' in page
    assert "Åre Data" not in page
    # A POST saves nothing either.
    client.post(url(w), {f"employer_{w.employers[0].pk}": "must"})
    assert not MeetingPreference.objects.exists()
    # Once they share, the page offers the employers.
    consent_set(candidate=candidate, purpose="share_trip", trip=w.trip, granted=True, via="web")
    assert "Åre Data" in client.get(url(w)).content.decode()


def test_employer_member_sees_their_meetings_by_time(client, meeting_world):
    w = meeting_world
    ada, bo, cia = w.applications
    are = w.employers[0]
    meeting_settings_update(trip=w.trip, actor=w.organiser, tables={are.pk: 2})
    first = book(w, ada, are, 9, 0, table=1)
    book(w, bo, are, 9, 0, table=2)
    book(w, cia, are, 9, 25, table=1)
    book(w, ada, w.employers[1], 9, 25)  # another employer's
    Meeting.objects.filter(pk=first.pk).update(attendance="met")  # as recorded on the day
    client.force_login(w.members[0])
    response = client.get(url(w))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('scope="rowgroup"') == 2  # two times: 09:00 (two tables) and 09:25
    assert page.index("Ada Lind") < page.index("Bo Ek") < page.index("Cia Berg")
    assert "Met" in page and "Östersund Kod" not in page
    assert f'href="/trips/{w.trip.slug}/pack/"' in page


def test_employer_without_meetings_is_sent_to_the_pack(client, meeting_world):
    w = meeting_world
    client.force_login(w.members[1])
    page = client.get(url(w)).content.decode()
    assert "You have no meetings on this trip yet." in page
    assert f'href="/trips/{w.trip.slug}/pack/"' in page


def test_organisers_are_sent_to_the_back_office(client, meeting_world):
    w = meeting_world
    client.force_login(w.organiser)
    response = client.get(url(w))
    assert response.status_code == 302
    assert response.url == f"/manage/trips/{w.trip.slug}/meetings/wishes/"


def test_everybody_else_gets_404(client, meeting_world):
    w = meeting_world
    pending = EmployerFactory(name="Väntar AB")
    SlotBookingFactory(employer=pending, trip=w.trip, status="pending_payment")
    waitlisted = CandidateFactory()
    ApplicationFactory(
        candidate=waitlisted,
        trip=w.trip,
        status="waitlisted",
        share_consent_at=timezone.now(),
        share_consent_version="2026-01",
    )
    others = [
        UserFactory(),
        EmployerMemberFactory(employer=pending).user,
        waitlisted.user,
    ]
    for user in others:
        client.force_login(user)
        assert client.get(url(w)).status_code == 404, user
    client.force_login(w.candidates[0])
    assert client.get("/me/trips/no-such-trip/meetings/").status_code == 404
    client.logout()
    response = client.get(url(w))
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_dashboard_links_each_place_to_its_meetings(client, meeting_world):
    w = meeting_world
    application = w.applications[0]
    ApplicationFactory(candidate=application.candidate, status="submitted")
    client.force_login(w.candidates[0])
    page = client.get("/me/").content.decode()
    assert page.count("Your meetings with the employers") == 1
    assert f'href="/me/trips/{w.trip.slug}/meetings/"' in page


@pytest.mark.parametrize(
    ("language", "words"),
    [("sv", "Vilka vill du träffa?"), ("en", "Whom would you like to meet?")],
)
def test_candidate_page_in_both_languages(client, settings, meeting_world, language, words):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(meeting_world.candidates[0])
    assert words in client.get(url(meeting_world)).content.decode()


@pytest.mark.parametrize(
    ("language", "words"),
    [("sv", "Du har inga möten på resan än."), ("en", "You have no meetings on this trip yet.")],
)
def test_employer_page_in_both_languages(client, settings, meeting_world, language, words):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(meeting_world.members[0])
    assert words in client.get(url(meeting_world)).content.decode()
