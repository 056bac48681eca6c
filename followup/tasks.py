"""Background work of the follow-up: job tips and the daily digest of due tasks (one email
per task run, in the recipient's language; core.emails)."""

from datetime import date

from django.contrib.auth import get_user_model
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from core.emails import send_to_address, send_to_user

from .models import ContactEntry
from .task_selectors import due_tasks_for_digest


def job_tip_language(entry: ContactEntry) -> str:
    """The person's language: their account's if the case is linked to a profile, else sv."""
    candidate = entry.case.candidate
    user = getattr(candidate, "user", None) if candidate is not None else None
    return getattr(user, "language", "") or "sv"


@task()
def send_job_tip(*, contact_id: int) -> bool:
    """Email the person of a case the job tip recorded as this contact-log entry."""
    entry = (
        ContactEntry.objects.filter(pk=contact_id)
        .select_related(
            "case__organisation",
            "case__candidate__user",
            "hiring_need__employer",
            "hiring_need__sector",
            "author",
        )
        .first()
    )
    if entry is None or not entry.case.email:
        return False
    need = entry.hiring_need
    jobs_path = f"{reverse('job_list')}?sector={need.sector.code}" if need else ""
    send_to_address(
        email=entry.case.email,
        language=job_tip_language(entry),
        template="job_tip",
        context={
            "case": entry.case,
            "need": need,
            "link": entry.link,
            "message": entry.note,
            "sender": entry.author,
            "organisation": entry.case.organisation,
            "jobs_path": jobs_path,
        },
    )
    return True


@task()
def send_task_digest(*, user_id: int, day: str) -> bool:
    """One coordinator's open tasks due on `day` (ISO date) or before, as they are now."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    today = date.fromisoformat(day)
    tasks = list(due_tasks_for_digest(user, today).select_related("case__organisation"))
    if not tasks:
        return False
    send_to_user(
        user=user,
        template="task_digest",
        context={
            "overdue": [t for t in tasks if t.due_on < today],
            "due_today": [t for t in tasks if t.due_on == today],
            "count": len(tasks),
            "tasks_path": reverse("followup_task_list"),
        },
    )
    return True


@task()
def send_task_digests() -> int:
    """The daily digests that are due (for a worker's periodic run; `manage.py
    send_task_digests` does the same from cron)."""
    from .task_services import task_digests_send  # noqa: PLC0415 -- task_services imports us

    return task_digests_send(now=timezone.now())
