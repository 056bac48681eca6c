"""The meeting schedule in packs: the employer's own meetings, the organisers' whole grid,
and the cached PDF rebuilt when a meeting changes."""

import pytest

from itineraries.meetings import meeting_cancel, meeting_move
from packs.models import PackDocument
from tests.itineraries.conftest import book_meeting as book

from ..itineraries.conftest import local, meeting_world  # noqa: F401 -- the fixture
from .test_packs import download, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheduled(meeting_world):  # noqa: F811 -- the fixture imported above
    w = meeting_world
    w.block.location_name = "Mittuniversitetet"
    w.block.save()
    ada, bo, cia = w.applications
    w.ada_are = book(w, w.employers[0], ada, 9, 0)
    w.bo_are = book(w, w.employers[0], bo, 9, 25)
    w.cia_ostersund = book(w, w.employers[1], cia, 9, 0)
    return w


def test_employer_pack_shows_their_schedule_only(
    client, scheduled, django_capture_on_commit_callbacks
):
    w = scheduled
    client.force_login(w.members[0])
    # (Downloading first: opening the page queues the build, which the download runs.)
    pdf, _disposition = download(client, w.trip, django_capture_on_commit_callbacks)
    page = client.get(f"/trips/{w.trip.slug}/pack/").content.decode()
    section = page.split('class="pack__meetings"')[1].split("</section>")[0]
    assert "Meeting schedule" in section
    assert "Ada Lind" in section and "Bo Ek" in section
    assert "Cia Berg" not in section
    assert "09:00–09:20" in section and "Mittuniversitetet" in section
    assert f'href="/me/trips/{w.trip.slug}/meetings.pdf"' in section

    text = text_of(pdf)
    schedule = text.split("Meeting schedule")[1]
    assert "09:00–09:20" in schedule and "09:25–09:45" in schedule
    assert "Ada Lind" in schedule and "Bo Ek" in schedule
    assert "Östersund Kod" not in schedule.split("Candidates")[0]


def test_employer_without_meetings_is_told_they_come_later(client, meeting_world):  # noqa: F811
    client.force_login(meeting_world.members[1])
    page = client.get(f"/trips/{meeting_world.trip.slug}/pack/").content.decode()
    assert "No meetings are scheduled for you yet" in page


def test_organisers_full_pack_shows_the_whole_grid(
    client, scheduled, django_capture_on_commit_callbacks
):
    w = scheduled
    client.force_login(w.organiser)
    pdf, _disposition = download(client, w.trip, django_capture_on_commit_callbacks)
    page = client.get(f"/trips/{w.trip.slug}/pack/").content.decode()
    grid = page.split('class="table meeting-grid"')[1].split("</table>")[0]
    assert grid.count("<tr>") == 6  # the header and five slots
    assert "Åre Data" in grid and "Östersund Kod" in grid
    for employer in w.employers:
        assert f'href="/manage/trips/{w.trip.slug}/meetings/{employer.slug}.pdf"' in page
    schedule = text_of(pdf).split("Meeting schedule")[1]
    rows = [line for line in schedule.splitlines() if line.startswith(("Wed 09", "Wed 10"))]
    assert rows[0].split() == ["Wed", "09:00–09:20", "Ada", "Lind", "Cia", "Berg"]
    assert rows[1].split() == ["Wed", "09:25–09:45", "Bo", "Ek", "–"]
    assert len(rows) == 5


def test_an_employer_with_two_tables_gets_two_columns(client, scheduled):
    from itineraries.meetings import meeting_settings_update

    w = scheduled
    meeting_settings_update(trip=w.trip, actor=w.organiser, tables={w.employers[0].pk: 2})
    client.force_login(w.organiser)
    page = client.get(f"/trips/{w.trip.slug}/pack/").content.decode()
    assert "Åre Data · table 1" in page and "Åre Data · table 2" in page
    assert "Östersund Kod · table" not in page


def test_a_meeting_change_rebuilds_the_cached_pdf(
    client, scheduled, django_capture_on_commit_callbacks
):
    w = scheduled
    client.force_login(w.members[0])
    download(client, w.trip, django_capture_on_commit_callbacks)
    first = PackDocument.objects.get(trip=w.trip, employer=w.employers[0])
    with django_capture_on_commit_callbacks(execute=True):
        meeting_move(meeting=w.bo_are, actor=w.organiser, starts_at=local(2031, 3, 12, 10, 40))
    moved = PackDocument.objects.get(pk=first.pk)
    # Rebuilt in the background (refresh_pack_documents), without anyone opening the pack.
    assert moved.state == "ready" and moved.version != first.version
    assert "10:40–11:00" in text_of(moved.pdf.read())
    with django_capture_on_commit_callbacks(execute=True):
        meeting_cancel(meeting=w.bo_are, actor=w.organiser)
    cancelled = PackDocument.objects.get(pk=first.pk)
    assert cancelled.version != moved.version
    schedule = text_of(cancelled.pdf.read()).split("Meeting schedule")[1].split("Candidates")[0]
    assert "Bo Ek" not in schedule


def test_another_employers_meeting_change_leaves_the_pack_as_it_was(
    client, scheduled, django_capture_on_commit_callbacks
):
    w = scheduled
    client.force_login(w.members[0])
    download(client, w.trip, django_capture_on_commit_callbacks)
    first = PackDocument.objects.get(trip=w.trip, employer=w.employers[0])
    with django_capture_on_commit_callbacks(execute=True):
        meeting_cancel(meeting=w.cia_ostersund, actor=w.organiser)
    assert PackDocument.objects.get(pk=first.pk).version == first.version
