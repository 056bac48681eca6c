"""The meeting pages: the organisers' grid in the back office (settings and tables, the
automatic schedule and its report, moving, locking, cancelling, attendance) and the
employers' booking grid."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from itineraries.meetings import Wish, meeting_book, meeting_preferences_set
from itineraries.models import Meeting, MeetingSettings
from tests.factories import (
    EmployerFactory,
    EmployerMemberFactory,
    SlotBookingFactory,
    TripFactory,
)

from ..pages import form_errors, page_text, texts
from .conftest import local

pytestmark = pytest.mark.django_db

SLUG = "meetings-trip"
AT_9 = local(2031, 3, 12, 9, 0)
AT_925 = local(2031, 3, 12, 9, 25)


def page_url() -> str:
    return reverse("manage:trip_meetings", kwargs={"slug": SLUG})


def action_url(name: str, meeting=None) -> str:
    kwargs = {"slug": SLUG}
    if meeting is not None:
        kwargs["meeting_id"] = meeting.pk
    return reverse(f"manage:{name}", kwargs=kwargs)


def grid_url() -> str:
    return reverse("meeting_grid", kwargs={"slug": SLUG})


def target(moment, table=1) -> str:
    return f"{moment.isoformat()}|{table}"


def flashes(response) -> list[str]:
    return texts(response.content, "p", "message")


def grid_cells(response) -> list[str]:
    return texts(response.content, "td", "meeting-cell")


def book(w, application, employer, moment, **kwargs) -> Meeting:
    return meeting_book(
        trip=w.trip,
        actor=w.organiser,
        employer=employer,
        application_id=application.pk,
        starts_at=moment,
        by_organiser=True,
        **kwargs,
    )


def open_booking(w) -> None:
    MeetingSettings.objects.update_or_create(trip=w.trip, defaults={"self_booking": True})


# The organisers' page ---------------------------------------------------------------------


def test_without_a_meeting_block_the_page_says_how_to_get_slots(organiser_client, organisation):
    TripFactory(organisation=organisation, slug="utan-moten", title="Utan möten")

    response = organiser_client.get(reverse("manage:trip_meetings", kwargs={"slug": "utan-moten"}))

    assert response.status_code == 200
    text = page_text(response.content)
    assert "There are no meeting slots yet." in text
    assert "Add a programme item of kind “Meetings block”" in text
    programme = reverse("manage:programme_editor", kwargs={"slug": "utan-moten"})
    assert f'<a href="{programme}">Add a programme item' in response.content.decode()
    assert "The grid appears once the programme has a meeting block." in text


def test_the_page_lists_the_slots_per_block_and_an_empty_grid(client, meeting_world):
    client.force_login(meeting_world.organiser)

    response = client.get(page_url())

    text = page_text(response.content)
    assert (
        "Möten med arbetsgivarna · Wednesday 12 March 09:00–11:00 5 slots: 09:00–09:20, "
        "09:25–09:45, 09:50–10:10, 10:15–10:35, 10:40–11:00" in text
    )
    assert texts(response.content, "th", "meeting-grid__time") == [
        "Wed 12 Mar 09:00–09:20",
        "09:25–09:45",
        "09:50–10:10",
        "10:15–10:35",
        "10:40–11:00",
    ]
    headers = texts(response.content, "thead")[0]
    assert headers == "Time Åre Data Östersund Kod"
    assert all(cell.startswith("free") for cell in grid_cells(response))
    assert len(grid_cells(response)) == 10


def test_organiser_saves_the_settings_and_the_tables(client, meeting_world):
    w = meeting_world
    client.force_login(w.organiser)
    are, ostersund = w.employers

    response = client.post(
        page_url(),
        {
            "meeting_minutes": "30",
            "break_minutes": "10",
            "self_booking": "on",
            f"tables_{are.pk}": "2",
            f"tables_{ostersund.pk}": "1",
        },
        follow=True,
    )

    assert flashes(response) == ["The meeting settings are saved."]
    settings = MeetingSettings.objects.get(trip=w.trip)
    assert (settings.meeting_minutes, settings.break_minutes, settings.self_booking) == (
        30,
        10,
        True,
    )
    assert texts(response.content, "th", "meeting-grid__time") == [
        "Wed 12 Mar 09:00–09:30",
        "09:40–10:10",
        "10:20–10:50",
    ]
    assert (
        texts(response.content, "thead")[0] == "Time Åre Data Östersund Kod Table 1 Table 2 Table 1"
    )
    assert len(grid_cells(response)) == 9


def test_settings_errors_are_shown_on_the_form(client, meeting_world):
    w = meeting_world
    client.force_login(w.organiser)
    are, ostersund = w.employers

    response = client.post(
        page_url(),
        {
            "meeting_minutes": "3",
            "break_minutes": "5",
            f"tables_{are.pk}": "0",
            f"tables_{ostersund.pk}": "1",
        },
    )

    assert response.status_code == 200
    assert form_errors(response.content) == ["Ensure this value is greater than or equal to 1."]
    response = client.post(
        page_url(),
        {
            "meeting_minutes": "3",
            "break_minutes": "500",
            f"tables_{are.pk}": "1",
            f"tables_{ostersund.pk}": "1",
        },
    )
    assert form_errors(response.content) == [
        "A meeting lasts between 5 and 240 minutes.",
        "A break lasts between 0 and 120 minutes.",
    ]
    assert MeetingSettings.objects.filter(trip=w.trip, meeting_minutes=3).count() == 0


def test_fewer_tables_than_meetings_there_is_refused_with_the_reason(client, meeting_world):
    w = meeting_world
    client.force_login(w.organiser)
    are, ostersund = w.employers
    client.post(
        page_url(),
        {
            "meeting_minutes": 20,
            "break_minutes": 5,
            f"tables_{are.pk}": 2,
            f"tables_{ostersund.pk}": 1,
        },
    )
    book(w, w.applications[0], are, AT_9, table=2)

    response = client.post(
        page_url(),
        {
            "meeting_minutes": 20,
            "break_minutes": 5,
            f"tables_{are.pk}": 1,
            f"tables_{ostersund.pk}": 1,
        },
    )

    assert "Åre Data has 1 meetings at the tables you would remove. Move or cancel them first." in (
        form_errors(response.content)
    )


def test_computing_the_schedule_reports_and_explains_an_unmet_must_meet(client, meeting_world):
    """Ada must meet six employers, but the block has five slots: one must-meet stays unmet,
    and the page says why — also after a reload."""
    w = meeting_world
    ada = w.applications[0]
    employers = list(w.employers)
    for name in ("Brunflo Bygg", "Krokom Kraft", "Strömsund Skog", "Berg Bank"):
        employer = EmployerFactory(name=name, organisation=w.trip.organisation)
        SlotBookingFactory(employer=employer, trip=w.trip, status="confirmed", hold_expires_at=None)
        employers.append(employer)
    meeting_preferences_set(
        trip=w.trip,
        actor=w.organiser,
        wishes=[Wish(ada.pk, e.pk, "must") for e in employers],
        by_organiser=True,
    )
    client.force_login(w.organiser)

    response = client.post(action_url("trip_meetings_schedule"), follow=True)

    assert flashes(response) == [
        "The schedule is computed: 5 meetings. 1 must-meet found no place: see why below."
    ]
    assert Meeting.objects.filter(trip=w.trip, status="scheduled").count() == 5
    cells = grid_cells(response)
    assert sum(cell.startswith("Ada Lind") for cell in cells) == 5
    report = texts(response.content, "div", "schedule-report")[0]
    assert "Meetings 5" in report
    assert "Slots used 5 of 5" in report
    unmet = texts(response.content, "ul", "unmet-list")[0]
    assert unmet.startswith("Ada Lind – ")
    assert unmet.endswith(
        ": Ada Lind has no free slot left: every slot holds a meeting that matters as much or more."
    )
    again = client.get(page_url())
    assert texts(again.content, "ul", "unmet-list") == [unmet]
    run = MeetingSettings.objects.get(trip=w.trip).last_run
    figures = f"(bound {run['bound']})"
    assert figures in report
    assert ("optimal" in report) == (run["objective"] == run["bound"])


def test_computing_without_slots_says_what_to_add(organiser_client, organisation):
    TripFactory(organisation=organisation, slug="utan-moten")

    response = organiser_client.post(
        reverse("manage:trip_meetings_schedule", kwargs={"slug": "utan-moten"}), follow=True
    )

    assert flashes(response) == [
        "The programme has no meeting block long enough for one meeting. Add an item of the "
        "kind “Meetings block”."
    ]


def test_publishing_says_that_changes_email_people(client, meeting_world):
    client.force_login(meeting_world.organiser)

    response = client.post(action_url("trip_meetings_publish"), follow=True)

    assert flashes(response) == [
        "The schedule is published: everyone is told their meetings. From now on, every change "
        "emails the people it concerns."
    ]
    assert "every change to a meeting emails the people it concerns" in page_text(response.content)
    assert "Publish the schedule" not in page_text(response.content)


def test_organiser_adds_a_meeting_in_a_free_cell(client, meeting_world):
    w = meeting_world
    ada, bo, _cia = w.applications
    client.force_login(w.organiser)
    book(w, bo, w.employers[1], AT_9)

    page = client.get(page_url())
    # In Åre Data's 09:00 cell, Bo is busy (meeting Östersund Kod): only Ada and Cia.
    first = grid_cells(page)[0]
    assert first == "free Candidate at 09:00, Åre Data, table 1 Ada Lind Cia Berg Add"

    response = client.post(
        action_url("trip_meeting_add"),
        {"target": target(AT_9), "employer": w.employers[0].pk, "application": ada.pk},
        follow=True,
    )

    assert flashes(response) == ["The meeting is added."]
    meeting = Meeting.objects.get(trip=w.trip, employer=w.employers[0])
    assert (meeting.application, meeting.starts_at, meeting.source) == (ada, AT_9, "booked")
    assert grid_cells(response)[0].startswith("Ada Lind booked")


def test_adding_a_busy_candidate_shows_the_reason(client, meeting_world):
    w = meeting_world
    bo = w.applications[1]
    book(w, bo, w.employers[1], AT_9)
    client.force_login(w.organiser)

    response = client.post(
        action_url("trip_meeting_add"),
        {"target": target(AT_9), "employer": w.employers[0].pk, "application": bo.pk},
        follow=True,
    )

    assert flashes(response) == ["Bo Ek already has a meeting at 09:00."]
    assert Meeting.objects.filter(employer=w.employers[0]).count() == 0


def test_organiser_moves_locks_and_cancels_a_meeting(client, meeting_world):
    w = meeting_world
    ada, bo, _cia = w.applications
    meeting = book(w, ada, w.employers[0], AT_9)
    book(w, ada, w.employers[1], local(2031, 3, 12, 9, 50))
    client.force_login(w.organiser)

    page = client.get(page_url())
    options = texts(page.content, "select")[0]
    # Ada is busy at 09:50 (Östersund Kod): the move offers the other free slots.
    assert options == "09:25 10:15 10:40"

    response = client.post(
        action_url("trip_meeting_move", meeting), {"target": target(AT_925)}, follow=True
    )
    assert flashes(response) == ["The meeting of Ada Lind with Åre Data is moved to 09:25."]
    meeting.refresh_from_db()
    assert meeting.starts_at == AT_925
    assert grid_cells(response)[0].startswith("free")
    assert grid_cells(response)[2].startswith("Ada Lind")

    response = client.post(
        action_url("trip_meeting_move", meeting),
        {"target": target(local(2031, 3, 12, 9, 50))},
        follow=True,
    )
    assert flashes(response) == ["Ada Lind already has a meeting at 09:50."]

    response = client.post(action_url("trip_meeting_lock", meeting), {"locked": "1"}, follow=True)
    assert flashes(response) == ["The meeting is locked: automatic scheduling will not move it."]
    meeting.refresh_from_db()
    assert meeting.locked
    assert grid_cells(response)[2].startswith("Ada Lind 🔒 Locked · booked")
    response = client.post(action_url("trip_meeting_lock", meeting), {"locked": "0"}, follow=True)
    assert flashes(response) == ["The meeting is unlocked."]
    meeting.refresh_from_db()
    assert not meeting.locked

    response = client.post(action_url("trip_meeting_cancel", meeting), follow=True)
    assert flashes(response) == ["The meeting of Ada Lind with Åre Data is cancelled."]
    meeting.refresh_from_db()
    assert meeting.status == "cancelled"
    assert grid_cells(response)[2].startswith("free")


def test_attendance_is_refused_before_the_meeting_starts(client, meeting_world, clock):
    w = meeting_world
    meeting = book(w, w.applications[0], w.employers[0], AT_9)
    client.force_login(w.organiser)
    assert "Attendance" not in grid_cells(client.get(page_url()))[0]

    response = client.post(
        action_url("trip_meeting_attendance", meeting), {"attendance": "met"}, follow=True
    )

    assert flashes(response) == ["Attendance is recorded once the meeting has started."]
    meeting.refresh_from_db()
    assert meeting.attendance == ""

    clock.set(AT_9 + timedelta(minutes=5))
    client.force_login(w.organiser)  # a new session: the old one has expired by then
    assert "Attendance" in grid_cells(client.get(page_url()))[0]
    response = client.post(
        action_url("trip_meeting_attendance", meeting),
        {"attendance": "candidate_no_show"},
        follow=True,
    )
    assert flashes(response) == ["The attendance is recorded."]
    meeting.refresh_from_db()
    assert meeting.attendance == "candidate_no_show"
    assert grid_cells(response)[0].startswith("Ada Lind booked · Candidate did not come")


def test_another_trips_meeting_is_not_found(client, meeting_world, organisation):
    w = meeting_world
    meeting = book(w, w.applications[0], w.employers[0], AT_9)
    TripFactory(organisation=w.trip.organisation, slug="en-annan")
    client.force_login(w.organiser)

    url = reverse(
        "manage:trip_meeting_cancel", kwargs={"slug": "en-annan", "meeting_id": meeting.pk}
    )

    assert client.post(url).status_code == 404
    meeting.refresh_from_db()
    assert meeting.status == "scheduled"


def test_the_page_makes_as_many_queries_with_more_meetings(client, meeting_world):
    w = meeting_world
    client.force_login(w.organiser)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page_url()).status_code == 200
        return len(captured)

    book(w, w.applications[0], w.employers[0], AT_9)
    with_one = queries()
    book(w, w.applications[1], w.employers[0], AT_925)
    book(w, w.applications[2], w.employers[1], AT_9)
    book(w, w.applications[0], w.employers[1], AT_925)
    assert queries() == with_one


def test_trip_pages_link_to_the_meetings(client, meeting_world):
    client.force_login(meeting_world.organiser)

    for url in (
        reverse("manage:trip_edit", kwargs={"slug": SLUG}),
        reverse("manage:programme_editor", kwargs={"slug": SLUG}),
        reverse("manage:trip_list"),
    ):
        assert f'href="{page_url()}"' in client.get(url).content.decode()


# The employers' grid ----------------------------------------------------------------------


def test_employer_grid_while_booking_is_closed_shows_their_meetings_read_only(
    client, meeting_world
):
    w = meeting_world
    book(w, w.applications[1], w.employers[0], AT_925)
    book(w, w.applications[0], w.employers[1], AT_9)
    client.force_login(w.members[0])

    response = client.get(grid_url())

    assert response.status_code == 200
    text = page_text(response.content)
    assert "The organiser has not opened meeting booking for this trip." in text
    assert texts(response.content, "tbody")[0] == "Wed 12 Mar 09:25–09:45 Bo Ek"
    assert "<form" not in texts_html_main(response)


def texts_html_main(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def test_employer_grid_while_open_books_a_free_cell(client, meeting_world):
    w = meeting_world
    ada, bo, cia = w.applications
    open_booking(w)
    meeting_preferences_set(
        trip=w.trip,
        actor=w.candidates[2],
        wishes=[Wish(cia.pk, w.employers[0].pk, "no", side="candidate")],
    )
    book(w, bo, w.employers[1], AT_9)
    client.force_login(w.members[0])

    response = client.get(grid_url())

    html = texts_html_main(response)
    assert '<th scope="row" class="meeting-grid__time">' in html
    assert '<th scope="col"' in html
    # 09:00: Bo meets Östersund Kod, Cia is not interested — only Ada is offered.
    assert grid_cells(response)[0] == "free Candidate at 09:00, Åre Data, table 1 Ada Lind Book"
    assert (
        grid_cells(response)[1] == "free Candidate at 09:25, Åre Data, table 1 Ada Lind Bo Ek Book"
    )

    response = client.post(
        reverse("meeting_grid_book", kwargs={"slug": SLUG}),
        {"target": target(AT_9), "application": ada.pk},
        follow=True,
    )

    assert flashes(response) == ["You meet Ada Lind at 09:00."]
    meeting = Meeting.objects.get(employer=w.employers[0])
    assert (meeting.application, meeting.starts_at, meeting.source) == (ada, AT_9, "booked")
    cells = grid_cells(response)
    assert cells[0] == "Ada Lind Cancel the meeting with Ada Lind"
    # Ada is met now: the other slots offer only Bo.
    assert cells[1] == "free Candidate at 09:25, Åre Data, table 1 Bo Ek Book"


def test_employer_booking_a_busy_candidate_gets_the_reason(client, meeting_world):
    w = meeting_world
    ada = w.applications[0]
    open_booking(w)
    client.force_login(w.members[0])
    page = client.get(grid_url())  # Ada is free at 09:00 when the page is drawn…
    assert "Ada Lind" in grid_cells(page)[0]
    book(w, ada, w.employers[1], AT_9)  # …and meets Östersund Kod a moment later.

    response = client.post(
        reverse("meeting_grid_book", kwargs={"slug": SLUG}),
        {"target": target(AT_9), "application": ada.pk},
        follow=True,
    )

    assert flashes(response) == ["Ada Lind already has a meeting at 09:00."]
    assert not Meeting.objects.filter(employer=w.employers[0]).exists()


def test_employer_cancels_their_own_meeting_only(client, meeting_world):
    w = meeting_world
    open_booking(w)
    mine = book(w, w.applications[0], w.employers[0], AT_9)
    theirs = book(w, w.applications[1], w.employers[1], AT_9)
    client.force_login(w.members[0])

    def cancel(meeting):
        url = reverse("meeting_grid_cancel", kwargs={"slug": SLUG, "meeting_id": meeting.pk})
        return client.post(url, follow=True)

    assert cancel(theirs).status_code == 404
    response = cancel(mine)
    assert flashes(response) == ["Your meeting with Ada Lind is cancelled."]
    assert Meeting.objects.get(pk=mine.pk).status == "cancelled"
    assert Meeting.objects.get(pk=theirs.pk).status == "scheduled"


def test_employer_cannot_cancel_while_booking_is_closed(client, meeting_world):
    w = meeting_world
    mine = book(w, w.applications[0], w.employers[0], AT_9)
    client.force_login(w.members[0])

    response = client.post(
        reverse("meeting_grid_cancel", kwargs={"slug": SLUG, "meeting_id": mine.pk}), follow=True
    )

    assert flashes(response) == [
        "The organiser has closed meeting booking: ask them to change your meetings."
    ]
    assert Meeting.objects.get(pk=mine.pk).status == "scheduled"


def test_employer_grid_is_not_found_for_anybody_else(client, meeting_world):
    w = meeting_world
    open_booking(w)
    unbooked = EmployerMemberFactory().user
    book_url = reverse("meeting_grid_book", kwargs={"slug": SLUG})
    for user in (w.candidates[0], w.organiser, unbooked):
        client.force_login(user)
        assert client.get(grid_url()).status_code == 404
        assert client.post(book_url, {"target": target(AT_9)}).status_code == 404
    client.logout()
    response = client.get(grid_url())
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert client.get(reverse("meeting_grid", kwargs={"slug": "no-such-trip"})).status_code == 302


def test_the_employers_bookings_link_to_their_meeting_grid(client, meeting_world):
    client.force_login(meeting_world.members[0])

    response = client.get(reverse("employer:bookings"))

    assert f'href="{grid_url()}"' in response.content.decode()


# Both languages ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "organiser_heading", "employer_heading"),
    [
        ("en", "Meeting grid", "Book meetings"),
        ("sv", "Mötesschema", "Boka möten"),
    ],
)
def test_meeting_pages_render_in_both_languages(
    client, settings, meeting_world, language, organiser_heading, employer_heading
):
    w = meeting_world
    open_booking(w)
    book(w, w.applications[0], w.employers[0], AT_9)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    client.force_login(w.organiser)
    response = client.get(page_url())
    assert response.status_code == 200
    assert organiser_heading in texts(response.content, "h2")
    client.force_login(w.members[0])
    response = client.get(grid_url())
    assert response.status_code == 200
    assert employer_heading in texts(response.content, "h2")


def test_meetings_off_the_slots_are_listed_with_their_moves(client, meeting_world):
    """A longer meeting length moves the slots; the meeting at 09:25 is on none of them now."""
    w = meeting_world
    are, ostersund = w.employers
    meeting = book(w, w.applications[0], are, AT_925)
    client.force_login(w.organiser)

    response = client.post(
        page_url(),
        {
            "meeting_minutes": "30",
            "break_minutes": "10",
            f"tables_{are.pk}": "1",
            f"tables_{ostersund.pk}": "1",
        },
        follow=True,
    )

    listed = texts(response.content, "ul", "off-slot")[0]
    assert listed.startswith("09:25–09:45 · Åre Data · Table 1: Ada Lind")
    # 09:00–09:30 and 09:40–10:10 overlap the meeting's own time: the move still offers them.
    assert "09:00 09:40 10:20 Move" in listed
    assert grid_cells(response)[0].startswith("busy (a meeting off the slots)")
    client.force_login(w.members[0])
    open_booking(w)
    assert texts(client.get(grid_url()).content, "ul", "off-slot")[0].startswith(
        "09:25–09:45: Ada Lind"
    )
    client.force_login(w.organiser)
    response = client.post(
        action_url("trip_meeting_move", meeting),
        {"target": target(local(2031, 3, 12, 9, 40))},
        follow=True,
    )
    assert texts(response.content, "ul", "off-slot") == []
    assert grid_cells(response)[2].startswith("Ada Lind")
