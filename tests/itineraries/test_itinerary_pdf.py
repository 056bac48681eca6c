"""A person's own itinerary and the organisers' combined PDF (issue 12.2, 12.4, 12.5), read
back with poppler's pdftotext / pdfinfo and with pypdf."""

import io
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.utils import translation
from pypdf import PdfReader

from itineraries.itinerary_documents import (
    itineraries_combined_pdf,
    itinerary_filename,
    itinerary_for_application,
    itinerary_for_employer,
    itinerary_of_user,
    itinerary_participants,
    itinerary_pdf,
)

from ..factories import ApplicationFactory, CandidateFactory, UserFactory
from .conftest import book_meeting, local, make_item

pytestmark = pytest.mark.django_db


def _poppler(tool: str, pdf: bytes) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        # pdftotext -raw: in the order the text was drawn (a table's rows one after another).
        args = [tool, "-raw", str(path), "-"] if tool == "pdftotext" else [tool, str(path)]
        return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def pages_of(pdf: bytes) -> list[str]:
    """The text of each page, as pdftotext reads it (each page ends with a form feed)."""
    return _poppler("pdftotext", pdf).split("\f")[:-1]


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def world(meeting_world):
    w = meeting_world
    trip = w.trip
    trip.contact_phone = "+46 70 123 45 67"
    trip.emergency_contact = "Lisa Berg, +46 70 765 43 21"
    trip.save()
    trip.organisation.contact_email = "resor@example.test"
    trip.organisation.save()
    w.block.location_name = "Mittuniversitetet"
    w.block.address = "Kunskapens väg 8"
    w.block.save()
    make_item(
        trip,
        title="Tåg till Östersund",
        kind="travel",
        starts_at=local(2031, 3, 12, 7, 0),
        ends_at=local(2031, 3, 12, 8, 30),
    )
    make_item(
        trip,
        title="Middag på Jazzköket",
        kind="meal",
        audience="candidates",
        cancelled=True,
        starts_at=local(2031, 3, 12, 19, 0),
        ends_at=local(2031, 3, 12, 21, 0),
    )
    make_item(
        trip,
        title="Skidtur i Åre",
        kind="activity",
        location_name="Åre",
        latitude="63.399000",
        longitude="13.081000",
        starts_at=local(2031, 3, 13, 10, 0),
        ends_at=local(2031, 3, 13, 12, 0),
    )
    make_item(
        trip,
        title="Arbetsgivarnas frukost",
        audience="employers",
        starts_at=local(2031, 3, 13, 7, 0),
        ends_at=local(2031, 3, 13, 8, 0),
    )
    are, ostersund = w.employers
    make_item(
        trip,
        title="Visning hos Åre Data",
        audience="employer",
        employer=are,
        starts_at=local(2031, 3, 13, 13, 0),
        ends_at=local(2031, 3, 13, 14, 0),
    )
    make_item(
        trip,
        title="Lunch med Östersund Kod",
        audience="employer",
        employer=ostersund,
        starts_at=local(2031, 3, 13, 12, 0),
        ends_at=local(2031, 3, 13, 13, 0),
    )
    are.bookings.filter(trip=trip).update(meeting_tables=2)
    ada, bo, cia = w.applications
    ada.travel = "SJ 7:05 Stockholm–Östersund"
    ada.accommodation = "Hotell Jämteborg, Storgatan 54"
    ada.room_sharing = "Enkelrum"
    ada.save()
    book_meeting(w, are, ada, 9, 25, table=2)
    book_meeting(w, are, bo, 9, 0)
    book_meeting(w, ostersund, bo, 9, 25)
    book_meeting(w, are, cia, 10, 15)
    # Cia then withdraws her consent to share her profile: employers no longer see her.
    cia.share_consent_at = None
    cia.share_consent_version = ""
    cia.save()
    return w


def test_candidates_itinerary_has_their_programme_and_meetings_in_time_order(world):
    w = world
    ada = w.applications[0]
    with translation.override("en"):
        itinerary = itinerary_of_user(trip=w.trip, user=w.candidates[0])
        assert itinerary is not None
        pdf = itinerary_pdf(itinerary)
    assert itinerary == itinerary_for_application(trip=w.trip, application=ada)
    assert itinerary_filename(itinerary) == "meetings-trip-ada-lind-itinerary.pdf"
    pages = pages_of(pdf)
    assert len(pages) == 2  # one page per day
    first, second = flat(pages[0]), flat(pages[1])
    assert "Wednesday 12 March" in first and "Thursday 13 March" in second
    order = [
        first.index(text)
        for text in (
            "07:00–08:30",
            "09:00–11:00",
            "09:25–09:45",
            "19:00–21:00",
        )
    ]
    assert order == sorted(order)
    order = [
        first.index(text)
        for text in ("Tåg till Östersund", "Möten med arbetsgivarna", "Meeting, table 2")
    ]
    assert order == sorted(order)
    assert "09:25–09:45 Meeting, table 2 Mittuniversitetet, Kunskapens väg 8 Åre Data" in first
    assert "19:00–21:00 Middag på Jazzköket (cancelled)" in first
    assert "Skidtur i Åre" in second and "63.39900, 13.08100" in second
    # The running header says whose itinerary a page is.
    assert "Ada Lind" in second and "IT-resan · Updated" in second
    # Whom to call, and what the organiser entered for Ada.
    assert "+46 70 123 45 67" in first and "Lisa Berg, +46 70 765 43 21" in first
    assert "resor@example.test" in first
    assert "SJ 7:05 Stockholm–Östersund" in first and "Hotell Jämteborg" in first
    assert "Enkelrum" in first
    # Nothing of the others: their meetings, the employers' items.
    text = first + second
    for absent in (
        "Bo Ek",
        "Cia Berg",
        "Östersund Kod",
        "09:00–09:20",
        "Arbetsgivarnas frukost",
        "Visning hos",
        "Lunch med",
    ):
        assert absent not in text, absent


def test_employers_itinerary_names_only_the_candidates_its_pack_may_show(world):
    w = world
    are = w.employers[0]
    with translation.override("en"):
        itinerary = itinerary_of_user(trip=w.trip, user=w.members[0])
        assert itinerary is not None and itinerary.role == "employer"
        text = flat("".join(pages_of(itinerary_pdf(itinerary))))
    assert itinerary_filename(itinerary) == f"meetings-trip-{are.slug}-itinerary.pdf"
    place = "Mittuniversitetet, Kunskapens väg 8"
    bo_row = f"09:00–09:20 Meeting, table 1 {place} Bo Ek"
    ada_row = f"09:25–09:45 Meeting, table 2 {place} Ada Lind"
    assert bo_row in text and ada_row in text
    assert text.index(bo_row) < text.index(ada_row)
    # Cia's meeting is not shown: she no longer shares her profile.
    assert "Cia Berg" not in text and "10:15–10:35" not in text
    assert "Arbetsgivarnas frukost" in text and "Visning hos Åre Data" in text
    assert "Lunch med Östersund Kod" not in text
    assert "Middag på Jazzköket" not in text  # for candidates only
    # No team entered on the booking: the employer's members are listed.
    assert "Your team on site" in text and w.members[0].full_name in text


def test_employers_team_on_site_from_the_booking(world):
    w = world
    are = w.employers[0]
    are.bookings.filter(trip=w.trip).update(team_on_site="Karin Holm, 070-111 22 33")
    with translation.override("en"):
        text = flat(
            "".join(pages_of(itinerary_pdf(itinerary_for_employer(trip=w.trip, employer=are))))
        )
    assert "Karin Holm, 070-111 22 33" in text
    assert w.members[0].full_name not in text


def test_itinerary_is_tagged_in_the_readers_language(world):
    w = world
    ada = w.applications[0]
    for language in ("en", "sv"):
        with translation.override(language):
            pdf = itinerary_pdf(itinerary_for_application(trip=w.trip, application=ada))
        assert "Tagged:          yes" in _poppler("pdfinfo", pdf)
        assert PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Lang"] == language
    text = flat("".join(pages_of(pdf)))
    assert "Middag på Jazzköket (inställd)" in text
    assert "onsdag 12 mars" in text and "Vem ringer du" in text


def test_names_in_other_scripts_are_real_text(world):
    w = world
    chinese = ApplicationFactory(
        trip=w.trip, status="accepted", candidate=CandidateFactory(name="王小明")
    )
    arabic = ApplicationFactory(
        trip=w.trip, status="accepted", candidate=CandidateFactory(name="فاطمة")
    )
    with translation.override("en"):
        chinese_it = itinerary_for_application(trip=w.trip, application=chinese)
        arabic_it = itinerary_for_application(trip=w.trip, application=arabic)
        chinese_text = "".join(pages_of(itinerary_pdf(chinese_it)))
        arabic_text = "".join(pages_of(itinerary_pdf(arabic_it)))
    assert "王小明" in chinese_text
    assert "فاطمة" in arabic_text
    assert itinerary_filename(chinese_it) == f"meetings-trip-candidate-{chinese.pk}-itinerary.pdf"


def test_no_meetings_yet_says_they_come_later(meeting_world):
    w = meeting_world
    with translation.override("en"):
        text = flat(
            "".join(
                pages_of(
                    itinerary_pdf(
                        itinerary_for_application(trip=w.trip, application=w.applications[0])
                    )
                )
            )
        )
    assert "Your meetings with employers are not scheduled yet: they are published later" in text
    assert "Meeting, table" not in text


def test_itinerary_of_someone_without_a_place_is_none(world):
    w = world
    assert itinerary_of_user(trip=w.trip, user=UserFactory()) is None
    submitted = ApplicationFactory(trip=w.trip, status="submitted")
    assert itinerary_of_user(trip=w.trip, user=submitted.candidate.user) is None


def test_combined_pdf_has_everyone_each_with_a_bookmark_and_own_pages(world):
    w = world
    with translation.override("en"):
        participants = itinerary_participants(w.trip)
        pdf = itineraries_combined_pdf(w.trip, participants)
    names = ["Ada Lind", "Bo Ek", "Cia Berg", "Åre Data", "Östersund Kod"]
    assert sorted(i.name for i in participants) == sorted(names)
    reader = PdfReader(io.BytesIO(pdf))
    top = [entry for entry in reader.outline if not isinstance(entry, list)]
    assert sorted(entry.title for entry in top) == sorted(names)
    starts = [reader.get_destination_page_number(entry) for entry in top]
    assert starts == sorted(set(starts)) and starts[0] == 0
    pages = pages_of(pdf)
    for entry, start in zip(top, starts, strict=True):
        assert entry.title in pages[start]
    # Bo's pages hold his meetings and no one else's.
    bo = next(entry for entry in top if entry.title == "Bo Ek")
    bo_start = reader.get_destination_page_number(bo)
    bo_end = starts[starts.index(bo_start) + 1]
    assert bo_end - bo_start == 2  # his two days
    # The running header on his second page names him.
    assert "Bo Ek" in pages[bo_start + 1] and "Thursday 13 March" in pages[bo_start + 1]
    bo_text = flat("".join(pages[bo_start:bo_end]))
    assert "Östersund Kod" in bo_text and "Ada Lind" not in bo_text
