"""The after-commit seam: work is enqueued only for changes that were committed."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from candidates.tasks import email_address, expire_waitlist_offer
from core.tasks import enqueue_on_commit, enqueues_suppressed
from employers.services import employer_approve_and_notify

from ..factories import EmployerFactory, EmployerMemberFactory

pytestmark = pytest.mark.django_db

HELLO = {"email": "a@example.test", "language": "en", "template": "interest_updated"}
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_a_task_runs_after_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        enqueue_on_commit(email_address, context={}, **HELLO)
        assert mail.outbox == []  # not before the commit
    assert len(callbacks) == 1
    assert [m.to for m in mail.outbox] == [["a@example.test"]]


def test_nothing_is_enqueued_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        enqueue_on_commit(email_address, context={}, **HELLO)
        raise RuntimeError("the change is undone")
    assert callbacks == []
    assert mail.outbox == []


def test_a_task_named_by_path_is_the_same_task(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit("candidates.tasks.email_address", context={}, **HELLO)
    assert len(mail.outbox) == 1


def test_a_wrong_task_path_fails_where_it_is_written():
    with pytest.raises(ImportError):
        enqueue_on_commit("candidates.tasks.no_such_task", trip_id=1)


@override_settings(TASKS=DATABASE_TASKS)
def test_a_deferred_task_is_stored_to_run_later(django_capture_on_commit_callbacks):
    when = timezone.now() + timedelta(hours=48)
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit(expire_waitlist_offer, run_after=when, application_id=7)
    stored = DBTaskResult.objects.get()
    assert (stored.task_path, stored.run_after, stored.args_kwargs["kwargs"]) == (
        "candidates.tasks.expire_waitlist_offer",
        when,
        {"application_id": 7},
    )


def test_a_deferred_task_is_dropped_where_the_backend_cannot_defer(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        enqueue_on_commit(
            expire_waitlist_offer, run_after=timezone.now() + timedelta(hours=1), application_id=7
        )
    assert callbacks == []


def test_suppressed_enqueues_record_what_they_would_have_done(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with enqueues_suppressed() as suppressed:
            enqueue_on_commit(email_address, context={}, **HELLO)
        enqueue_on_commit(email_address, context={}, **{**HELLO, "email": "b@example.test"})
    assert suppressed.tasks == [("candidates.tasks.email_address", {"context": {}, **HELLO})]
    assert len(callbacks) == 1
    assert [m.to for m in mail.outbox] == [["b@example.test"]]


def test_approval_email_goes_through_a_task_not_the_web_process():
    employer = EmployerFactory(approved_at=None)
    member = EmployerMemberFactory(employer=employer).user
    with enqueues_suppressed() as suppressed:
        employer_approve_and_notify(employer=employer, actor=None)
    assert suppressed.tasks == [
        (
            "employers.tasks.email_employer_people",
            {"employer_id": employer.pk, "user_ids": [member.pk], "template": "employer_approved"},
        )
    ]
    assert mail.outbox == []
