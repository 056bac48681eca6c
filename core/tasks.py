"""The one seam for background work: a task is enqueued once the transaction commits.

Services never send email, call Stripe or render PDFs themselves, and never enqueue a task
while the transaction that caused it may still roll back (a worker would act on data that
does not exist, or send an email about a change that never happened). They call
`enqueue_on_commit`, in the spirit of pretix's `TransactionAwareTask`.

A task is named by the task object, or — only where a lower app starts the work of an app
that depends on it (events → candidates' trip alerts; candidates and itineraries → packs'
rebuilds; candidates and employers → itineraries' release of meetings) — by its dotted path,
so the import goes the allowed way. docs/architecture.md
lists those. The path is resolved at once, so a wrong one fails where it is written.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.tasks import Task, task
from django.utils import translation
from django.utils.module_loading import import_string

from .emails import send_to_user
from .models import User


@dataclass
class Suppressed:
    """What `enqueues_suppressed` kept from being enqueued: (task path, kwargs) pairs."""

    tasks: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.tasks)


_suppressed: ContextVar[Suppressed | None] = ContextVar("enqueues_suppressed", default=None)


def enqueue_on_commit(
    task: Task | str, *, run_after: datetime | None = None, **kwargs: Any
) -> None:
    """Enqueue `task` with `kwargs` (JSON-serialisable: ids, not objects) once the current
    transaction commits, or at once outside a transaction; never if it rolls back.

    With `run_after`, the task runs no earlier than then, if the backend can defer tasks; where
    it cannot (the immediate backend in tests), a deferred task is not enqueued at all, and the
    state it would clean up is handled lazily by the service that reads it (expired holds and
    waitlist offers are released whenever capacity is checked).
    """
    resolved: Task = import_string(task) if isinstance(task, str) else task
    suppressed = _suppressed.get()
    if suppressed is not None:
        suppressed.tasks.append((resolved.module_path, kwargs))
        return
    if run_after is not None:
        if not resolved.get_backend().supports_defer:
            return
        resolved = resolved.using(run_after=run_after)
    transaction.on_commit(lambda: resolved.enqueue(**kwargs))


@contextmanager
def enqueues_suppressed() -> Iterator[Suppressed]:
    """Within this block, `enqueue_on_commit` enqueues nothing and records what it would have
    enqueued. For loading demo data: its people are fictional, and would otherwise be sent
    about a hundred emails the first time `make run` starts."""
    suppressed = Suppressed()
    token = _suppressed.set(suppressed)
    try:
        yield suppressed
    finally:
        _suppressed.reset(token)


# --- Core's own tasks -------------------------------------------------------------------------


@task()
def email_password_reset(*, email: str, language: str) -> None:
    """Email a password-reset link to the active account with a password at `email`, if
    there is one, in `language`; links point at SITE_URL. Enqueued by
    core.forms.PasswordResetForm whatever the address, so that the web process does the same
    work (and takes the same time) whether or not an account exists."""
    from .forms import PasswordResetForm  # noqa: PLC0415 -- leaf

    form = PasswordResetForm({"email": email})
    if not form.is_valid():
        return
    scheme, _, domain = settings.SITE_URL.partition("://")
    with translation.override(language):
        form.send_reset_links(domain=domain, use_https=scheme == "https")


@task()
def email_password_changed(*, user_id: int) -> None:
    """Tell the person that their password was changed (or reset), and that their other
    sessions and API tokens have ended: if it was not them, they reset it. Enqueued by the
    password change and reset pages (core.views_account)."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    send_to_user(user=user, template="password_changed", context={})
