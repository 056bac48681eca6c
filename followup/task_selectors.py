"""Reads of cases' tasks (issue 13.2): my tasks, a case's tasks, what a digest tells."""

from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db.models import BooleanField, Case, F, QuerySet, Value, When
from django.utils import timezone

from core.models import User
from employers.models import HiringNeed
from employers.selectors import hiring_needs_open

from .access import organisations_followed_by
from .models import CaseTask, FollowUpCase


def _overdue(today: date) -> Case:
    return Case(
        When(done_at__isnull=True, due_on__lt=today, then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


def _with_overdue(tasks: QuerySet[CaseTask], today: date) -> QuerySet[CaseTask]:
    """Open tasks due before today first (`overdue`), then by due date."""
    return tasks.annotate(overdue=_overdue(today)).order_by(_overdue(today).desc(), "due_on", "id")


def tasks_followed_by(user: User | AnonymousUser | None) -> QuerySet[CaseTask]:
    """Every task of the cases of the organisations the user follows up."""
    return CaseTask.objects.filter(case__organisation__in=organisations_followed_by(user))


def my_tasks(
    user: User | AnonymousUser | None,
    *,
    today: date | None = None,
    everyone: bool = False,
    overdue_only: bool = False,
) -> QuerySet[CaseTask]:
    """The open tasks assigned to the user in the organisations they follow up (with
    `everyone`, all open tasks of those organisations), overdue first, then by due date."""
    today = today or timezone.localdate()
    tasks = tasks_followed_by(user).filter(done_at__isnull=True)
    if not everyone:
        tasks = tasks.filter(assignee=user.pk if user is not None else None)
    if overdue_only:
        tasks = tasks.filter(due_on__lt=today)
    return _with_overdue(tasks.select_related("case", "assignee"), today)


def tasks_of_case(case: FollowUpCase, *, today: date | None = None) -> QuerySet[CaseTask]:
    """A case's tasks: the open ones (overdue first, by due date), then the done ones."""
    today = today or timezone.localdate()
    return _with_overdue(case.tasks.select_related("assignee", "done_by"), today).order_by(
        F("done_at").asc(nulls_first=True), _overdue(today).desc(), "due_on", "id"
    )


def task_of(user: User | AnonymousUser | None, pk: int) -> CaseTask | None:
    """A task the user may see and work (its case is of an organisation they follow up)."""
    return tasks_followed_by(user).select_related("case", "assignee").filter(pk=pk).first()


def due_tasks_for_digest(user: User, today: date) -> QuerySet[CaseTask]:
    """The user's open tasks due today or overdue, in organisations they still follow up."""
    return my_tasks(user, today=today).filter(due_on__lte=today)


def users_with_due_tasks(today: date) -> QuerySet[User]:
    """Active users with an open task due today or before (the digest's candidates)."""
    return User.objects.filter(
        is_active=True,
        case_tasks__done_at__isnull=True,
        case_tasks__due_on__lte=today,
    ).distinct()


def job_tip_needs(case: FollowUpCase) -> QuerySet[HiringNeed]:
    """The hiring needs a job tip from `case` may be about, and partner matches rank: open,
    of an approved employer of the case's organisation."""
    return hiring_needs_open().filter(employer__organisation=case.organisation_id)
