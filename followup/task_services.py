"""Writes of tasks and job tips (issue 13.2): a case's tasks with due dates and assignees,
done and reopened; a job tip emailed to the person and recorded in the contact log; the
daily digest of due tasks, at most once per user and day."""

from datetime import date, datetime
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ValidationFailed
from core.models import User
from core.tasks import enqueue_on_commit
from employers.models import HiringNeed

from .access import coordinators_of
from .models import CaseTask, ContactChannel, ContactEntry, FollowUpCase, TaskDigest, TaskKind
from .task_selectors import due_tasks_for_digest, job_tip_needs, users_with_due_tasks
from .tasks import send_job_tip, send_task_digest

# A due date further ahead than this is a typing mistake, not a plan.
DUE_MAX_YEARS_AHEAD = 2
# The digest goes out on the first run of the day from this local hour (as the organisers').
DIGEST_LOCAL_HOUR = 7
JOB_TIP_MESSAGE_MAX = 2000


def _invalid(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, {"fields": {field: [message]}})


def _years_ahead(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year + years)
    except ValueError:  # 29 February
        return today.replace(year=today.year + years, day=28)


def _clean_due(due_on: date | None, today: date) -> date:
    if due_on is None:
        raise _invalid("due_on", _("Give the date the task is due."))
    if not 2000 <= due_on.year <= 2999:
        raise _invalid("due_on", _("Give a due date between the years 2000 and 2999."))
    latest = _years_ahead(today, DUE_MAX_YEARS_AHEAD)
    if due_on > latest:
        raise _invalid(
            "due_on",
            _("A task cannot be due more than two years ahead (at the latest %(date)s).")
            % {"date": latest.isoformat()},
        )
    return due_on


def _clean_assignee(case: FollowUpCase, assignee: User | int | None) -> User:
    if assignee is None:
        raise _invalid("assignee", _("Choose who does the task."))
    pk = assignee if isinstance(assignee, int) else assignee.pk
    user = coordinators_of(case.organisation).filter(pk=pk).first()
    if user is None:
        raise _invalid(
            "assignee",
            _("A task can only be given to a coordinator or an organiser of %(organisation)s.")
            % {"organisation": case.organisation.name},
        )
    return user


def _clean_kind(kind: str) -> str:
    if kind not in TaskKind.values:
        raise _invalid("kind", _("Choose what kind of task it is."))
    return kind


def _clean_title(title: str, kind: str) -> str:
    title = (title or "").strip()
    if len(title) > 200:
        raise _invalid("title", _("Keep the task to 200 characters."))
    return title or str(TaskKind(kind).label)


@transaction.atomic
def task_create(
    *,
    case: FollowUpCase,
    actor: User | None,
    kind: str,
    title: str,
    due_on: date | None,
    assignee: User | int | None,
    need: str = "",
) -> CaseTask:
    """A new task for `case`, due on `due_on`, for one of the organisation's coordinators
    or organisers. An empty title takes the kind's name."""
    kind = _clean_kind(kind)
    return CaseTask.objects.create(
        case=case,
        kind=kind,
        title=_clean_title(title, kind),
        due_on=_clean_due(due_on, timezone.localdate()),
        assignee=_clean_assignee(case, assignee),
        need=need,
        created_by=actor,
    )


@transaction.atomic
def task_update(
    *,
    task: CaseTask,
    actor: User | None,
    kind: str | None = None,
    title: str | None = None,
    due_on: date | None = None,
    assignee: User | int | None = None,
) -> CaseTask:
    """Change what is given (None: as it is; a task always has an assignee); the same
    rules as creating."""
    task = CaseTask.objects.select_for_update().select_related("case__organisation").get(pk=task.pk)
    if kind is not None:
        task.kind = _clean_kind(kind)
    if title is not None:
        task.title = _clean_title(title, task.kind)
    if due_on is not None:
        task.due_on = _clean_due(due_on, timezone.localdate())
    if assignee is not None:
        task.assignee = _clean_assignee(task.case, assignee)
    task.save()
    return task


@transaction.atomic
def task_done(*, task: CaseTask, actor: User | None) -> CaseTask:
    """Mark the task done (by `actor`, now); already done, it stays as it was."""
    task = CaseTask.objects.select_for_update().get(pk=task.pk)
    if task.done_at is None:
        task.done_at = timezone.now()
        task.done_by = actor
        task.save(update_fields=["done_at", "done_by", "updated_at"])
    return task


@transaction.atomic
def task_reopen(*, task: CaseTask, actor: User | None) -> CaseTask:
    """Open a done task again."""
    task = CaseTask.objects.select_for_update().get(pk=task.pk)
    if task.done_at is not None:
        task.done_at = None
        task.done_by = None
        task.save(update_fields=["done_at", "done_by", "updated_at"])
    return task


def task_delete(*, task: CaseTask, actor: User | None) -> None:
    """Remove a task made by mistake. (A task from a household need is not created again
    for that need: delete it only if the need is gone, or mark it done.)"""
    CaseTask.objects.filter(pk=task.pk).delete()


# --- Job tips -------------------------------------------------------------------------------


def _clean_link(link: str) -> str:
    link = link.strip()
    try:
        URLValidator(schemes=["https"])(link)
    except ValidationError:
        raise _invalid("link", _("Give a full https:// link.")) from None
    if len(link) > 500 or not urlsplit(link).hostname:
        raise _invalid("link", _("Give a full https:// link."))
    return link


@transaction.atomic
def job_tip_send(
    *,
    case: FollowUpCase,
    actor: User | None,
    hiring_need_id: int | None = None,
    link: str = "",
    message: str = "",
) -> ContactEntry:
    """Email the person of `case` an open hiring need of one of the organisation's
    employers, or a link to a job elsewhere, with a message; record it in the contact log
    (channel job tip) in the same transaction. The case needs an email address."""
    if not case.email:
        raise _invalid("email", _("The case has no email address to send the tip to."))
    link = (link or "").strip()
    if (hiring_need_id is None) == (not link):
        raise _invalid("hiring_need", _("Choose an open hiring need or give a link, not both."))
    need: HiringNeed | None = None
    if hiring_need_id is not None:
        need = job_tip_needs(case).filter(pk=hiring_need_id).first()
        if need is None:
            raise _invalid(
                "hiring_need",
                _("Choose an open hiring need of one of %(organisation)s's employers.")
                % {"organisation": case.organisation.name},
            )
    else:
        link = _clean_link(link)
    message = (message or "").strip()
    if len(message) > JOB_TIP_MESSAGE_MAX:
        raise _invalid("message", _("Keep the message to 2000 characters."))
    entry = ContactEntry.objects.create(
        case=case,
        channel=ContactChannel.JOB_TIP,
        hiring_need=need,
        link=link,
        note=message,
        author=actor,
    )
    enqueue_on_commit(send_job_tip, contact_id=entry.pk)
    return entry


# --- The daily digest -----------------------------------------------------------------------


def task_digests_send(*, now: datetime | None = None) -> int:
    """From `DIGEST_LOCAL_HOUR` on, one email per coordinator or organiser with open tasks
    due today or overdue, at most once per user and local day (a `TaskDigest` row claims
    it, so running again, or twice at once, sends nothing twice). Returns emails enqueued."""
    now = now or timezone.now()
    if timezone.localtime(now).hour < DIGEST_LOCAL_HOUR:
        return 0
    today = timezone.localdate(now)
    done_today = TaskDigest.objects.filter(day=today).values("user_id")
    sent = 0
    for user in users_with_due_tasks(today).exclude(pk__in=done_today):
        count = due_tasks_for_digest(user, today).count()
        if not count:
            continue
        with transaction.atomic():
            try:
                with transaction.atomic():
                    TaskDigest.objects.create(user=user, day=today, task_count=count)
            except IntegrityError:
                continue  # a concurrent run sent today's
            enqueue_on_commit(send_task_digest, user_id=user.pk, day=today.isoformat())
        sent += 1
    return sent
