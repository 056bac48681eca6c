"""Tasks of a case: who may be given one, when it may be due, done and reopened, and the
"my tasks" list (overdue first, then by due date)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from core.exceptions import ValidationFailed
from followup.models import TaskKind
from followup.task_selectors import my_tasks, tasks_of_case
from followup.task_services import (
    task_create,
    task_delete,
    task_done,
    task_reopen,
    task_update,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _task(case, actor, *, days=1, title="Ring upp", assignee=None):
    return task_create(
        case=case,
        actor=actor,
        kind=TaskKind.CALL_BACK,
        title=title,
        due_on=timezone.localdate() + timedelta(days=days),
        assignee=assignee or actor,
    )


def test_a_task_goes_to_a_coordinator_or_organiser_of_the_organisation(
    case, coordinator, organiser_of_org
):
    task = _task(case, coordinator, assignee=organiser_of_org)
    assert task.assignee == organiser_of_org
    assert task.created_by == coordinator
    assert list(tasks_of_case(case)) == [task]


def test_a_task_cannot_go_to_someone_outside_the_organisation(case, coordinator, other_coordinator):
    stranger = UserFactory()
    for outsider in (stranger, other_coordinator):
        with pytest.raises(ValidationFailed) as error:
            _task(case, coordinator, assignee=outsider)
        assert error.value.status_code == 422
        assert "Östersunds kommun" in error.value.message
        assert list(error.value.extra["fields"]) == ["assignee"]
    assert not case.tasks.exists()


@pytest.mark.parametrize(
    "due_on, field_message",
    [
        (date(1999, 12, 31), "between the years 2000 and 2999"),
        (date(3000, 1, 1), "between the years 2000 and 2999"),
        (None, "Give the date"),
    ],
)
def test_due_dates_outside_the_range_are_refused(case, coordinator, due_on, field_message):
    with pytest.raises(ValidationFailed) as error:
        task_create(
            case=case,
            actor=coordinator,
            kind="call_back",
            title="x",
            due_on=due_on,
            assignee=coordinator,
        )
    assert field_message in error.value.extra["fields"]["due_on"][0]


def test_a_due_date_more_than_two_years_ahead_is_refused_two_years_is_fine(case, coordinator):
    today = timezone.localdate()
    with pytest.raises(ValidationFailed) as error:
        _task(case, coordinator, days=2 * 366 + 1)
    assert "more than two years ahead" in error.value.message
    assert _task(case, coordinator, days=2 * 365).due_on == today + timedelta(days=730)


def test_an_empty_title_takes_the_kinds_name_and_an_unknown_kind_is_refused(case, coordinator):
    task = task_create(
        case=case,
        actor=coordinator,
        kind=TaskKind.HOUSING,
        title="  ",
        due_on=timezone.localdate(),
        assignee=coordinator,
    )
    assert task.title == "Send housing contacts"
    with pytest.raises(ValidationFailed):
        task_create(
            case=case,
            actor=coordinator,
            kind="dance",
            title="x",
            due_on=timezone.localdate(),
            assignee=coordinator,
        )


def test_done_and_reopen(case, coordinator, organiser_of_org):
    task = _task(case, coordinator)
    done = task_done(task=task, actor=organiser_of_org)
    assert done.done_at is not None and done.done_by == organiser_of_org
    assert my_tasks(coordinator).count() == 0
    again = task_done(task=done, actor=coordinator)
    assert again.done_by == organiser_of_org  # done once; not overwritten
    reopened = task_reopen(task=task, actor=coordinator)
    assert reopened.done_at is None and reopened.done_by is None
    assert list(my_tasks(coordinator)) == [task]


def test_update_checks_the_same_rules(case, coordinator, organiser_of_org, other_coordinator):
    task = _task(case, coordinator)
    task_update(
        task=task, actor=coordinator, title="Skicka boendelistan", assignee=organiser_of_org
    )
    task.refresh_from_db()
    assert (task.title, task.assignee) == ("Skicka boendelistan", organiser_of_org)
    with pytest.raises(ValidationFailed):
        task_update(task=task, actor=coordinator, assignee=other_coordinator)
    task.refresh_from_db()
    assert task.assignee == organiser_of_org


def test_delete(case, coordinator):
    task = _task(case, coordinator)
    task_delete(task=task, actor=coordinator)
    assert not case.tasks.exists()


def test_my_tasks_overdue_first_then_by_due_date_only_mine_and_open(
    make_case, coordinator, organiser_of_org
):
    case_a, case_b = make_case(name="A"), make_case(name="B")
    in_five = _task(case_a, coordinator, days=5, title="in five")
    tomorrow = _task(case_b, coordinator, days=1, title="tomorrow")
    today = _task(case_a, coordinator, days=0, title="today")
    late = _task(case_b, coordinator, days=1, title="late")
    very_late = _task(case_a, coordinator, days=1, title="very late")
    # Overdue: created earlier, the due dates have passed (as a day later would show them).
    type(late).objects.filter(pk=late.pk).update(due_on=timezone.localdate() - timedelta(days=1))
    type(late).objects.filter(pk=very_late.pk).update(
        due_on=timezone.localdate() - timedelta(days=9)
    )
    _task(case_a, organiser_of_org, days=0, title="someone else's")
    task_done(task=_task(case_a, coordinator, days=0, title="done"), actor=coordinator)

    mine = list(my_tasks(coordinator))
    assert [t.title for t in mine] == ["very late", "late", "today", "tomorrow", "in five"]
    assert [t.overdue for t in mine] == [True, True, False, False, False]
    assert [t.title for t in my_tasks(coordinator, overdue_only=True)] == ["very late", "late"]
    everyone = [t.title for t in my_tasks(coordinator, everyone=True)]
    assert "someone else's" in everyone and "done" not in everyone
    assert {t.pk for t in mine} == {in_five.pk, tomorrow.pk, today.pk, late.pk, very_late.pk}


def test_my_tasks_leave_out_organisations_no_longer_followed(case, coordinator):
    _task(case, coordinator)
    coordinator.coordinator_memberships.all().delete()
    assert my_tasks(coordinator).count() == 0
