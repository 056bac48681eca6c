"""The organisers' matrix of meeting wishes: both sides per pair, the pair's priority, and
overrides that both sides then see as set by the organiser."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from itineraries.meetings import Wish, meeting_preferences_set
from itineraries.models import MeetingPreference
from tests.factories import ApplicationFactory, CandidateFactory

pytestmark = pytest.mark.django_db


def url(world) -> str:
    return f"/manage/trips/{world.trip.slug}/meetings/wishes/"


def wish(world, application, employer, level, side):
    meeting_preferences_set(
        trip=world.trip,
        actor=None,
        wishes=[Wish(application.pk, employer.pk, level, side=side)],
    )


def test_matrix_shows_both_wishes_and_the_priority_of_each_pair(client, meeting_world):
    w = meeting_world
    ada, bo, cia = w.applications
    are, ostersund = w.employers
    wish(w, ada, are, "must", "employer")
    wish(w, ada, are, "must", "candidate")
    wish(w, bo, are, "must", "employer")
    wish(w, bo, are, "want", "candidate")
    wish(w, cia, ostersund, "must", "employer")
    wish(w, cia, ostersund, "no", "candidate")
    wish(w, cia, are, "want", "candidate")
    client.force_login(w.organiser)
    response = client.get(url(w))
    assert response.status_code == 200
    cells = {
        (application.candidate.name, cell["employer"].name): (
            f"E: {cell['employer_short']} · C: {cell['candidate_short']}",
            cell["tier_label"],
        )
        for application, cells in response.context["form"].rows()
        for cell in cells
    }
    assert cells == {
        ("Ada Lind", "Åre Data"): ("E: must · C: must", "mutual must"),
        ("Ada Lind", "Östersund Kod"): ("E: – · C: –", "none"),
        ("Bo Ek", "Åre Data"): ("E: must · C: want", "one-sided must"),
        ("Bo Ek", "Östersund Kod"): ("E: – · C: –", "none"),
        ("Cia Berg", "Åre Data"): ("E: – · C: want", "want"),
        ("Cia Berg", "Östersund Kod"): ("E: must · C: no", "not interested"),
    }
    page = response.content.decode()
    assert "mutual must" in page and "one-sided must" in page and "not interested" in page


def test_override_is_the_organisers_and_shows_on_the_employers_pack(client, meeting_world):
    w = meeting_world
    ada, bo, _cia = w.applications
    are = w.employers[0]
    wish(w, bo, are, "want", "candidate")
    client.force_login(w.organiser)
    form = client.get(url(w)).context["form"]
    data = {name: field.initial for name, field in form.fields.items()}
    data[f"e_{ada.pk}_{are.pk}"] = "must"
    data[f"c_{bo.pk}_{are.pk}"] = "no"
    response = client.post(url(w), data, follow=True)
    assert "2 wishes changed." in response.content.decode()
    assert set(
        MeetingPreference.objects.values_list(
            "application__candidate__name", "side", "level", "by_organiser", "set_by"
        )
    ) == {
        ("Ada Lind", "employer", "must", True, w.organiser.pk),
        ("Bo Ek", "candidate", "no", True, w.organiser.pk),
    }
    # The employer sees it in their pack, as set by the organiser.
    client.force_login(w.members[0])
    pack = client.get(f"/trips/{w.trip.slug}/pack/").content.decode()
    section = pack[pack.index(f'id="candidate-{ada.pk}"') :]
    section = section[: section.index("</section>")]
    assert '<option value="must" selected>' in section and "Set by the organiser" in section
    # ... and the candidate on their page.
    client.force_login(w.candidates[1])
    page = client.get(f"/me/trips/{w.trip.slug}/meetings/").content.decode()
    assert '<option value="no" selected>' in page and "Set by the organiser" in page


def test_saving_an_unchanged_matrix_changes_nothing(client, meeting_world):
    w = meeting_world
    ada = w.applications[0]
    wish(w, ada, w.employers[0], "want", "employer")
    client.force_login(w.organiser)
    form = client.get(url(w)).context["form"]
    data = {name: field.initial for name, field in form.fields.items()}
    response = client.post(url(w), data, follow=True)
    assert "No wish changed." in response.content.decode()
    assert list(MeetingPreference.objects.values_list("level", "by_organiser")) == [("want", False)]


def test_matrix_explains_who_is_missing_and_empty_states(client, meeting_world):
    w = meeting_world
    ApplicationFactory(candidate=CandidateFactory(name="Dan Dold"), trip=w.trip, status="accepted")
    client.force_login(w.organiser)
    page = client.get(url(w)).content.decode()
    assert "1 candidate with a place does not share their profile" in page
    assert "Dan Dold" not in page
    for application in w.applications:
        application.share_consent_at = None
        application.share_consent_version = ""
        application.save()
    page = client.get(url(w)).content.decode()
    assert "No candidate with a place shares their profile with employers yet." in page


def _candidates(trip, n):
    for i in range(n):
        candidate = CandidateFactory(name=f"Kandidat {i:03}")
        ApplicationFactory(
            candidate=candidate,
            trip=trip,
            status="accepted",
            share_consent_at=timezone.now(),
            share_consent_version="v",
        )


def test_candidates_are_paginated_by_fifty(client, meeting_world):
    w = meeting_world
    _candidates(w.trip, 50)  # 53 in all
    client.force_login(w.organiser)
    first = client.get(url(w))
    assert len(first.context["form"].applications) == 50
    second = client.get(url(w), {"page": 2})
    assert [a.candidate.name for a in second.context["form"].applications] == [
        "Kandidat 047",
        "Kandidat 048",
        "Kandidat 049",
    ]
    # Saving on page 2 comes back to page 2.
    data = {name: field.initial for name, field in second.context["form"].fields.items()}
    response = client.post(f"{url(w)}?page=2", data)
    assert response.status_code == 302 and response.url.endswith("?page=2")


def test_matrix_query_count_does_not_grow_with_candidates(client, meeting_world):
    w = meeting_world
    client.force_login(w.organiser)
    with CaptureQueriesContext(connection) as small:
        client.get(url(w))
    _candidates(w.trip, 20)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url(w)).status_code == 200
    assert len(large) == len(small)


@pytest.mark.parametrize(("language", "words"), [("sv", "Mötesönskemål"), ("en", "Meeting wishes")])
def test_matrix_in_both_languages(client, settings, meeting_world, language, words):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(meeting_world.organiser)
    assert words in client.get(url(meeting_world)).content.decode()
