"""Where people get their itinerary PDFs (issue 12.2, 12.4): their own from the dashboards,
every participant's for the organisers; nobody else's."""

import io

import pytest
from pypdf import PdfReader

from itineraries.models import ItineraryDocument
from tests.factories import OrganiserFactory, UserFactory
from tests.itineraries.conftest import book_meeting, fetch_pdf
from tests.pdfs import pdf_text

pytestmark = pytest.mark.django_db

URL = "/me/trips/meetings-trip/itinerary.pdf"
COMBINED = "/manage/trips/meetings-trip/itineraries.pdf"


@pytest.fixture
def world(meeting_world):
    w = meeting_world
    ada, bo = w.applications[0], w.applications[1]
    book_meeting(w, w.employers[0], ada, 9, 0)
    book_meeting(w, w.employers[1], bo, 9, 25)
    ada.travel = "SJ 571 Stockholm C 07:10"
    ada.save()
    return w


def test_a_candidate_downloads_their_own_itinerary(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.candidates[0])

    response = fetch_pdf(client, URL, django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert 'filename="meetings-trip-ada-lind-itinerary.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.pdf)
    assert "Ada Lind" in text and "Åre Data" in text and "SJ 571 Stockholm C 07:10" in text
    assert "Bo Ek" not in text and "Östersund Kod" not in text  # Bo's meeting is his


def test_an_employer_member_downloads_the_employers_itinerary(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.members[1])

    response = fetch_pdf(client, URL, django_capture_on_commit_callbacks)

    text = pdf_text(response.pdf)
    assert "Östersund Kod" in text and "Bo Ek" in text
    assert "Ada Lind" not in text


def test_the_itinerary_follows_a_moved_meeting(client, world, django_capture_on_commit_callbacks):
    from itineraries.meetings import meeting_cancel

    client.force_login(world.candidates[0])
    fetch_pdf(client, URL, django_capture_on_commit_callbacks)
    meeting = world.applications[0].meetings.get()

    with django_capture_on_commit_callbacks(execute=True):
        meeting_cancel(meeting=meeting, actor=world.organiser)

    # The change rebuilt Ada's document without her asking.
    document = ItineraryDocument.objects.get(user=world.candidates[0])
    assert document.is_current
    response = client.get(URL)
    assert "Åre Data" not in pdf_text(b"".join(response.streaming_content))


def test_nobody_else_has_an_itinerary_there(client, world):
    assert client.get(URL).status_code == 302  # log in first
    client.force_login(UserFactory())
    assert client.get(URL).status_code == 404
    assert client.get("/me/trips/no-such-trip/itinerary.pdf").status_code == 404
    assert not ItineraryDocument.objects.exists()


def test_dashboards_link_to_the_itinerary(client, world):
    client.force_login(world.candidates[0])
    assert f'href="{URL}"' in client.get("/me/").content.decode()
    client.force_login(world.members[0])
    page = client.get("/employer/").content.decode()
    assert f'href="{URL}"' in page and "Your trips" in page


def test_organisers_print_every_participants_itinerary(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.organiser)
    editor = client.get("/manage/trips/meetings-trip/programme/").content.decode()
    assert f'href="{COMBINED}"' in editor

    response = fetch_pdf(client, COMBINED, django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert 'filename="meetings-trip-itineraries.pdf"' in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.pdf))
    titles = [entry.title for entry in reader.outline if not isinstance(entry, list)]
    for name in ("Ada Lind", "Bo Ek", "Cia Berg", "Åre Data", "Östersund Kod"):
        assert any(name in title for title in titles)


def test_another_organisations_organiser_gets_404(client, world):
    client.force_login(OrganiserFactory().user)
    assert client.get(COMBINED).status_code == 404


def test_new_practical_information_and_team_rebuild_the_itineraries(
    client, world, django_capture_on_commit_callbacks
):
    from candidates.services import application_practical_set
    from employers.services import booking_team_on_site_set

    client.force_login(world.candidates[0])
    fetch_pdf(client, URL, django_capture_on_commit_callbacks)
    client.force_login(world.members[0])
    fetch_pdf(client, URL, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        application_practical_set(
            application=world.applications[0],
            actor=world.organiser,
            travel="Flyg SK 2113 Arlanda 08:05",
            accommodation="Hotell Jämteborg",
            room_sharing="",
        )
        booking_team_on_site_set(
            booking=world.employers[0].bookings.get(),
            actor=world.members[0],
            team_on_site="Kim Berg, 070-111 22 33",
        )

    documents = {d.user: d for d in ItineraryDocument.objects.all()}
    for user, expected in (
        (world.candidates[0], "Flyg SK 2113 Arlanda 08:05"),
        (world.members[0], "Kim Berg, 070-111 22 33"),
    ):
        assert documents[user].is_current
        with documents[user].pdf.open("rb") as file:
            assert expected in pdf_text(file.read())


def test_a_new_emergency_contact_reaches_every_itinerary(
    client, world, django_capture_on_commit_callbacks
):
    from events.services import trip_update

    client.force_login(world.candidates[1])
    fetch_pdf(client, URL, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        trip_update(
            trip=world.trip, actor=world.organiser, emergency_contact="Maja Holm, 070-174 06 10"
        )

    document = ItineraryDocument.objects.get(user=world.candidates[1])
    assert document.is_current
    with document.pdf.open("rb") as file:
        assert "Maja Holm, 070-174 06 10" in pdf_text(file.read())
