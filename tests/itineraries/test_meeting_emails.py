"""Emails about meetings: nobody before the schedule is published; afterwards each person
whose meetings changed, listing those meetings."""

import pytest
from django.core import mail

from itineraries.meetings import (
    meeting_cancel,
    meeting_move,
    meeting_schedule_publish,
)

from .conftest import book_meeting as book
from .conftest import local

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(meeting_world):
    w = meeting_world
    w.block.location_name = "Mittuniversitetet"
    w.block.save()
    for user in [*w.candidates, *w.members]:
        user.language = "en"
        user.save()
    ada, bo, cia = w.applications
    w.ada_are = book(w, w.employers[0], ada, 9, 0)
    w.bo_are = book(w, w.employers[0], bo, 9, 25)
    w.cia_ostersund = book(w, w.employers[1], cia, 9, 0)
    return w


def mails_to(user) -> list:
    return [m for m in mail.outbox if m.to == [user.email]]


def test_before_the_schedule_is_published_nobody_is_emailed(
    world, django_capture_on_commit_callbacks
):
    w = world
    with django_capture_on_commit_callbacks(execute=True):
        meeting_move(meeting=w.ada_are, actor=w.organiser, starts_at=local(2031, 3, 12, 10, 15))
        meeting_cancel(meeting=w.bo_are, actor=w.organiser)
        book(w, w.employers[1], w.applications[0], 9, 25)
    assert mail.outbox == []


def test_publishing_sends_everyone_their_own_meetings(world, django_capture_on_commit_callbacks):
    w = world
    with django_capture_on_commit_callbacks(execute=True):
        meeting_schedule_publish(trip=w.trip, actor=w.organiser)
    assert {m.to[0] for m in mail.outbox} == {u.email for u in [*w.candidates, *w.members]}
    (ada,) = mails_to(w.candidates[0])
    assert ada.subject == "Your meetings on IT-resan"
    assert "You have one meeting:" in ada.body
    assert "Wednesday 12 March, 09:00–09:20  Åre Data, table 1, Mittuniversitetet" in ada.body
    assert "Bo Ek" not in ada.body and "Östersund Kod" not in ada.body
    assert f"/me/trips/{w.trip.slug}/meetings.pdf" in ada.body
    assert "/me/calendar/" in ada.body
    (are,) = mails_to(w.members[0])
    assert "You have 2 meetings:" in are.body
    assert "09:00–09:20  Ada Lind, table 1" in are.body
    assert "09:25–09:45  Bo Ek, table 1" in are.body
    assert "Cia Berg" not in are.body
    # Publishing twice sends nothing more.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_schedule_publish(trip=w.trip, actor=w.organiser)
    assert mail.outbox == []


def test_after_publishing_a_move_emails_the_candidate_and_the_employers_members(
    world, django_capture_on_commit_callbacks
):
    w = world
    with django_capture_on_commit_callbacks(execute=True):
        meeting_schedule_publish(trip=w.trip, actor=w.organiser)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_move(meeting=w.bo_are, actor=w.organiser, starts_at=local(2031, 3, 12, 10, 40))
    assert {m.to[0] for m in mail.outbox} == {w.candidates[1].email, w.members[0].email}
    (bo,) = mails_to(w.candidates[1])
    assert bo.subject == "Your meetings have changed: IT-resan"
    assert "One of your meetings on IT-resan has changed:" in bo.body
    assert "Wednesday 12 March, 10:40–11:00  Åre Data, table 1, Mittuniversitetet" in bo.body
    assert "cancelled" not in bo.body
    assert f"/me/trips/{w.trip.slug}/meetings.pdf" in bo.body
    (are,) = mails_to(w.members[0])
    assert "10:40–11:00  Bo Ek, table 1" in are.body
    assert "Ada Lind" not in are.body  # only the meeting that changed


def test_a_cancelled_meeting_is_marked_cancelled(world, django_capture_on_commit_callbacks):
    w = world
    with django_capture_on_commit_callbacks(execute=True):
        meeting_schedule_publish(trip=w.trip, actor=w.organiser)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_cancel(meeting=w.cia_ostersund, actor=w.organiser)
    assert {m.to[0] for m in mail.outbox} == {w.candidates[2].email, w.members[1].email}
    (cia,) = mails_to(w.candidates[2])
    assert "09:00–09:20  Östersund Kod, table 1, Mittuniversitetet  (cancelled)" in cia.body


def test_emails_are_in_the_recipients_language_and_names_are_not_escaped(
    world, django_capture_on_commit_callbacks
):
    w = world
    w.employers[0].name = "Åre Data & Söner"
    w.employers[0].save()
    w.candidates[0].language = "sv"
    w.candidates[0].save()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_schedule_publish(trip=w.trip, actor=w.organiser)
        meeting_move(meeting=w.ada_are, actor=w.organiser, starts_at=local(2031, 3, 12, 10, 15))
    published, changed = mails_to(w.candidates[0])
    assert published.subject == "Dina möten på IT-resan"
    assert "Du har ett möte:" in published.body
    assert changed.subject == "Dina möten har ändrats: IT-resan"
    assert "Ett av dina möten på IT-resan har ändrats:" in changed.body
    assert "onsdag 12 mars, 10:15–10:35  Åre Data & Söner, bord 1, Mittuniversitetet" in (
        changed.body
    )
    assert "&amp;" not in changed.body
