"""Background work of the follow-up app, one email or job per task, in the recipient's
language (core.emails): coordinator invitation emails, cases for everyone who attended a trip
(enqueued by path from candidates.services, see docs/architecture.md), job tips, the daily
digest of due tasks, feedback requests after a trip."""

from datetime import date

from django.contrib.auth import get_user_model
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from core.emails import send_to_address, send_to_user
from core.invitations import invitation_email_send
from employers.models import Employer
from events.models import Trip

from .models import ContactEntry, CoordinatorInvitation
from .task_selectors import due_tasks_for_digest


@task()
def email_coordinator_invitation(*, invitation_id: int) -> bool:
    """Email the invitation's link (template `coordinator_invitation`) unless it was
    accepted, withdrawn or has expired meanwhile."""
    invitation = (
        CoordinatorInvitation.objects.select_related("organisation", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    return invitation_email_send(
        invitation,
        template="coordinator_invitation",
        url_name="followup_coordinator_invitation",
        context={"organisation": invitation.organisation} if invitation else {},
    )


@task()
def open_cases(*, trip_id: int) -> int:
    """A follow-up case for everyone who attended the trip and has none yet (enqueued when
    an application is marked attended); returns how many were made or linked."""
    from .services import cases_open_for_attended  # noqa: PLC0415 -- services enqueue tasks

    return len(cases_open_for_attended(trip_id=trip_id))


@task()
def send_feedback_request(*, trip_id: int, user_id: int, employer_id: int | None = None) -> bool:
    """The trip has ended: a link to the person's feedback form — a candidate's own, or for
    an employer's member the page of outcomes and feedback of their employer."""
    trip = Trip.objects.filter(pk=trip_id).first()
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if trip is None or user is None:
        return False
    employer = Employer.objects.filter(pk=employer_id).first() if employer_id else None
    if employer_id and employer is None:
        return False
    send_to_user(
        user=user, template="feedback_request", context={"trip": trip, "employer": employer}
    )
    return True


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
