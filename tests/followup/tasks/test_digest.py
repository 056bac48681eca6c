"""The daily digest of due tasks: one email per coordinator or organiser with open tasks
due today or overdue, from 07:00, at most once per user and day."""

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from followup.models import CaseTask, TaskDigest
from followup.task_services import task_digests_send
from followup.tasks import send_task_digests

pytestmark = pytest.mark.django_db


def _at(day, hour):
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


@pytest.fixture
def today():
    return timezone.localdate()


def _task(case, user, title, due_on, done=False):
    return CaseTask.objects.create(
        case=case,
        kind="call_back",
        title=title,
        due_on=due_on,
        assignee=user,
        done_at=timezone.now() if done else None,
    )


def test_one_email_per_user_with_only_due_and_overdue_tasks_once_a_day(
    case,
    coordinator,
    organiser_of_org,
    other_coordinator,
    today,
    django_capture_on_commit_callbacks,
):
    _task(case, coordinator, "Ring Kim", today)
    _task(case, coordinator, "Skicka boendelistan", today - timedelta(days=2))
    _task(case, coordinator, "Nästa vecka", today + timedelta(days=7))
    _task(case, coordinator, "Redan gjort", today, done=True)
    _task(case, organiser_of_org, "Förskoleplats", today + timedelta(days=1))  # not due yet
    with django_capture_on_commit_callbacks(execute=True):
        assert task_digests_send(now=_at(today, 8)) == 1
    (email,) = mail.outbox
    assert email.to == [coordinator.email]
    assert email.subject == "Uppföljning: 2 uppgifter att göra"
    body = email.body
    assert "Ring Kim" in body and "Skicka boendelistan" in body
    assert "Nästa vecka" not in body and "Redan gjort" not in body
    assert body.index("Försenade:") < body.index("Skicka boendelistan") < body.index("Idag:")
    assert "/followup/tasks/" in body
    assert TaskDigest.objects.get().task_count == 2

    # Later the same day: nothing again.
    with django_capture_on_commit_callbacks(execute=True):
        assert task_digests_send(now=_at(today, 15)) == 0
    assert len(mail.outbox) == 1
    # The next day the same tasks are still due, and the organiser's is due now: a new
    # digest for each.
    with django_capture_on_commit_callbacks(execute=True):
        assert task_digests_send(now=_at(today + timedelta(days=1), 7)) == 2
    assert sorted(m.to[0] for m in mail.outbox[1:]) == sorted(
        [coordinator.email, organiser_of_org.email]
    )
    assert "Förskoleplats" in next(m.body for m in mail.outbox if m.to == [organiser_of_org.email])


def test_nothing_before_seven_and_nothing_for_a_user_no_longer_following_up(
    case, coordinator, today, django_capture_on_commit_callbacks
):
    _task(case, coordinator, "Ring Kim", today)
    with django_capture_on_commit_callbacks(execute=True):
        assert task_digests_send(now=_at(today, 6)) == 0
    coordinator.coordinator_memberships.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        assert task_digests_send(now=_at(today, 9)) == 0
    assert mail.outbox == []
    assert not TaskDigest.objects.exists()


def test_the_command_and_the_worker_task_send_it(
    case, coordinator, today, clock, django_capture_on_commit_callbacks
):
    clock.set(_at(today, 9))
    _task(case, coordinator, "Ring Kim", today)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_task_digests")
    with django_capture_on_commit_callbacks(execute=True):
        send_task_digests.call()
    assert len(mail.outbox) == 1
