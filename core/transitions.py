"""Explicit state machines: a table of allowed moves, checked in one place, and the one way a
status changes and is recorded in the object's history (its `status_changes`, a
`core.models.StatusChange` subclass)."""

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from django.utils import timezone

from .exceptions import InvalidTransition
from .models import StatusChange, User

if TYPE_CHECKING:  # names from the stubs only (Django makes the reverse manager at runtime)
    from django.db.models.fields.related_descriptors import RelatedManager
    from django_stubs_ext import StrOrPromise


class WithHistory(Protocol):
    """A model with a `status` and its history: a reverse relation `status_changes` from its
    `core.models.StatusChange` subclass."""

    status: str

    @property
    def status_changes(self) -> "RelatedManager[Any]": ...

    def save(self, *, update_fields: Iterable[str] | None = ...) -> None: ...


def check_transition(
    *,
    table: Mapping[str, frozenset[str]],
    labels: "Mapping[str, StrOrPromise]",
    current: str,
    target: str,
) -> None:
    """Raise InvalidTransition (naming the current status) unless current → target is allowed."""
    if target not in labels:
        raise InvalidTransition(
            f"Unknown status {target!r}. Known: {', '.join(sorted(labels))}.",
            extra={"current_status": current},
        )
    if target not in table.get(current, frozenset()):
        allowed = sorted(table.get(current, frozenset()))
        raise InvalidTransition(
            f"Cannot change status from {labels[current]!s} ({current}) to "
            f"{labels[target]!s} ({target}). "
            + (f"Allowed from here: {', '.join(allowed)}." if allowed else "It is final."),
            extra={"current_status": current, "allowed": allowed},
        )


def status_history_record(
    obj: WithHistory,
    *,
    from_status: str,
    to_status: str,
    actor: User | None,
    at: datetime | None = None,
) -> StatusChange:
    """Add one row to `obj.status_changes` without checking any table: the initial row
    (from "" to the first status) and events that keep the status (a waitlist offer)."""
    return obj.status_changes.create(
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        created_at=at or timezone.now(),
    )


def status_transition[M: WithHistory](
    obj: M,
    *,
    table: Mapping[str, frozenset[str]],
    labels: "Mapping[str, StrOrPromise]",
    to_status: str,
    actor: User | None,
    at: datetime | None = None,
    changes: Mapping[str, Any] | None = None,
    update_fields: Iterable[str] = (),
) -> M:
    """Move `obj` to `to_status` if `table` allows it, else raise InvalidTransition and
    change nothing. Records the move (actor, time, from, to) in `obj.status_changes`, sets
    `obj.status` and the fields in `changes`, then saves `status`, those fields and
    `update_fields` (e.g. "updated_at", which auto_now only writes when listed).

    The caller holds the row lock and owns the transaction and the move's side effects.
    """
    current: str = obj.status
    check_transition(table=table, labels=labels, current=current, target=to_status)
    changes = changes or {}
    status_history_record(obj, from_status=current, to_status=to_status, actor=actor, at=at)
    obj.status = to_status
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.save(update_fields=["status", *changes, *update_fields])
    return obj
