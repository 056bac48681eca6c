"""The one-page printable meeting schedules, read back with pypdf."""

import io
import re

import pytest
from pypdf import PdfReader

from itineraries.meetings import meeting_cancel

from ..factories import CandidateFactory
from .conftest import book_meeting as book

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheduled(meeting_world):
    w = meeting_world
    w.block.location_name = "Mittuniversitetet"
    w.block.address = "Kunskapens väg 8"
    w.block.save()
    ada, bo, cia = w.applications
    w.ada_are = book(w, w.employers[0], ada, 9, 0)
    w.bo_are = book(w, w.employers[0], bo, 9, 25)
    w.ada_ostersund = book(w, w.employers[1], ada, 9, 25)
    w.cia_ostersund = book(w, w.employers[1], cia, 9, 50)
    return w


def pdf_of(response) -> tuple[PdfReader, str]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_candidate_prints_their_own_schedule(client, scheduled):
    w = scheduled
    client.force_login(w.candidates[0])
    response = client.get(f"/me/trips/{w.trip.slug}/meetings.pdf")
    reader, text = pdf_of(response)
    assert response["Content-Disposition"] == (
        'inline; filename="meetings-trip-ada-lind-meetings.pdf"'
    )
    assert len(reader.pages) == 1
    assert "Meeting schedule: Ada Lind" in text and "IT-resan" in text
    rows = [line for line in text.splitlines() if line.startswith("Wed ")]
    assert rows == [
        "Wed 12 March 09:00–09:20 Åre Data 1 Mittuniversitetet, Kunskapens väg 8",
        "Wed 12 March 09:25–09:45 Östersund Kod 1 Mittuniversitetet, Kunskapens väg 8",
    ]
    assert "Bo Ek" not in text and "Cia Berg" not in text


def test_employer_member_prints_their_employers_schedule(client, scheduled):
    w = scheduled
    meeting_cancel(meeting=w.bo_are, actor=w.organiser)
    client.force_login(w.members[0])
    response = client.get(f"/me/trips/{w.trip.slug}/meetings.pdf")
    _reader, text = pdf_of(response)
    assert (
        f'filename="meetings-trip-{w.employers[0].slug}-meetings.pdf"'
        in (response["Content-Disposition"])
    )
    assert "Meeting schedule: Åre Data" in text
    assert "Ada Lind" in text
    assert "Bo Ek" not in text  # cancelled
    assert "Cia Berg" not in text and "Östersund Kod" not in text


def test_schedule_is_in_the_readers_language(client, scheduled):
    w = scheduled
    w.candidates[1].language = "sv"
    w.candidates[1].save()
    client.force_login(w.candidates[1])
    _reader, text = pdf_of(
        client.get(f"/me/trips/{w.trip.slug}/meetings.pdf", HTTP_ACCEPT_LANGUAGE="sv")
    )
    assert "Mötesschema: Bo Ek" in text
    assert "ons 12 mars 09:25–09:45 Åre Data 1" in text


def test_nobody_else_gets_a_schedule(client, scheduled):
    w = scheduled
    url = f"/me/trips/{w.trip.slug}/meetings.pdf"
    assert client.get(url).status_code == 302  # to the login
    client.force_login(CandidateFactory().user)
    assert client.get(url).status_code == 404
    client.force_login(w.candidates[0])
    assert client.get("/me/trips/no-such-trip/meetings.pdf").status_code == 404


def test_a_person_without_meetings_gets_the_empty_schedule(client, meeting_world):
    client.force_login(meeting_world.candidates[2])
    _reader, text = pdf_of(client.get(f"/me/trips/{meeting_world.trip.slug}/meetings.pdf"))
    assert "No meetings are scheduled yet." in text


def test_organiser_prints_any_employers_and_candidates_schedule(client, scheduled):
    w = scheduled
    client.force_login(w.organiser)
    base = f"/manage/trips/{w.trip.slug}/meetings"
    response = client.get(f"{base}/{w.employers[1].slug}.pdf")
    _reader, text = pdf_of(response)
    assert "Meeting schedule: Östersund Kod" in text
    assert "Ada Lind" in text and "Cia Berg" in text and "Bo Ek" not in text
    response = client.get(f"{base}/candidates/{w.applications[2].pk}.pdf")
    _reader, text = pdf_of(response)
    assert response["Content-Disposition"] == (
        'inline; filename="meetings-trip-cia-berg-meetings.pdf"'
    )
    assert "Meeting schedule: Cia Berg" in text and "Östersund Kod" in text
    assert "Åre Data" not in text
    assert client.get(f"{base}/no-such-employer.pdf").status_code == 404
    assert client.get(f"{base}/candidates/999999.pdf").status_code == 404


def test_another_trips_candidate_is_not_found(client, scheduled, published_trip):
    from ..factories import ApplicationFactory

    w = scheduled
    elsewhere = ApplicationFactory(trip=published_trip, status="accepted")
    client.force_login(w.organiser)
    url = f"/manage/trips/{w.trip.slug}/meetings/candidates/{elsewhere.pk}.pdf"
    assert client.get(url).status_code == 404


def test_names_in_every_script_are_drawn_with_real_glyphs(client, meeting_world):
    from django.utils import timezone

    from itineraries.meetings import meeting_settings_update

    from ..factories import ApplicationFactory
    from ..packs.test_packs import NAMES_IN_SCRIPTS, _families_with_glyphs_for, _squashed

    w = meeting_world
    employer = w.employers[0]
    meeting_settings_update(trip=w.trip, actor=w.organiser, tables={employer.pk: 2})
    applications = [
        ApplicationFactory(
            candidate=CandidateFactory(name=name),
            trip=w.trip,
            status="accepted",
            share_consent_at=timezone.now(),
            share_consent_version="2026-01",
        )
        for name in NAMES_IN_SCRIPTS
    ]
    for index, application in enumerate(applications):
        minutes = 9 * 60 + 25 * (index // 2)
        book(w, employer, application, minutes // 60, minutes % 60)
    client.force_login(w.organiser)
    response = client.get(
        f"/manage/trips/{w.trip.slug}/meetings/candidates/{applications[0].pk}.pdf"
    )
    assert (
        f'filename="meetings-trip-candidate-{applications[0].pk}-meetings.pdf"'
        in (response["Content-Disposition"])
    )
    client.force_login(w.members[0])
    reader, text = pdf_of(client.get(f"/me/trips/{w.trip.slug}/meetings.pdf"))
    assert len(reader.pages) == 1
    embedded = set()
    for font in (reader.pages[0]["/Resources"].get("/Font") or {}).values():
        base = str(font.get_object()["/BaseFont"]).split("+")[-1]
        embedded.add(_squashed(re.sub(r"-(Bold|Regular|Oblique|Italic)$", "", base)))
    # (Shaped scripts such as Devanagari do not extract back letter for letter.)
    assert "王小明" in text and "김민준" in text and "Åsa Öberg" in text
    for name in NAMES_IN_SCRIPTS:
        assert _families_with_glyphs_for(name) & embedded, (name, embedded)
