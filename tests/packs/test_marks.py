"""An employer's mark on a candidate in their pack: the meeting wish (stored as the
employer's MeetingPreference) and the private note."""

import pytest

from itineraries.meetings import Wish, meeting_preferences_set
from itineraries.models import MeetingPreference
from packs.models import PackMark

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def mark_url(world, application) -> str:
    return f"/trips/{world.trip.slug}/pack/marks/{application.pk}/"


def test_pack_wish_is_the_employers_meeting_preference(client, bearer, meeting_world):
    w = meeting_world
    ada, bo, _cia = w.applications
    client.force_login(w.members[0])
    page = client.get(f"/trips/{w.trip.slug}/pack/").content.decode()
    for label in ("(no wish)", "Must meet", "Would like to meet", "Not interested"):
        assert label in page
    response = client.post(mark_url(w, ada), {"wish": "must", "note": "Ring före fredag"})
    assert response.status_code == 302
    assert response.url == f"/trips/{w.trip.slug}/pack/#candidate-{ada.pk}"
    client.post(mark_url(w, bo), {"wish": "no", "note": ""})
    api = client.get(
        f"/api/v1/trips/{w.trip.slug}/meeting-preferences", headers=bearer(w.members[0])
    ).json()
    assert [
        (p["candidate_name"], p["employer"], p["side"], p["level"], p["by_organiser"])
        for p in api["preferences"]
    ] == [
        ("Ada Lind", w.employers[0].slug, "employer", "must", False),
        ("Bo Ek", w.employers[0].slug, "employer", "no", False),
    ]
    assert PackMark.objects.get(application=ada).note == "Ring före fredag"
    page = client.get(f"/trips/{w.trip.slug}/pack/").content.decode()
    assert 'Ada Lind</a> <span class="muted">· Must meet</span>' in page
    # "(no wish)" clears the wish and keeps the note.
    client.post(mark_url(w, ada), {"wish": "", "note": "Ring före fredag"})
    assert not MeetingPreference.objects.filter(application=ada).exists()
    assert PackMark.objects.get(application=ada).note == "Ring före fredag"


def test_pack_wish_refuses_an_unknown_level(client, meeting_world):
    w = meeting_world
    client.force_login(w.members[0])
    response = client.post(mark_url(w, w.applications[0]), {"wish": "maybe"}, follow=True)
    assert "was not saved" in response.content.decode()
    assert not MeetingPreference.objects.exists()
    assert not PackMark.objects.exists()


def test_organisers_wish_stays_theirs_until_the_employer_changes_it(client, meeting_world):
    w = meeting_world
    ada = w.applications[0]
    employer = w.employers[0]
    meeting_preferences_set(
        trip=w.trip,
        actor=w.organiser,
        wishes=[Wish(ada.pk, employer.pk, "want")],
        by_organiser=True,
    )
    client.force_login(w.members[0])
    client.post(mark_url(w, ada), {"wish": "want", "note": "Bara en anteckning"})
    assert MeetingPreference.objects.get().by_organiser is True
    client.post(mark_url(w, ada), {"wish": "must", "note": ""})
    wish = MeetingPreference.objects.get()
    assert (wish.level, wish.by_organiser, wish.set_by) == ("must", False, w.members[0])
