"""Explicit state machines: a table of allowed moves, checked in one place."""

from collections.abc import Mapping

from .exceptions import InvalidTransition


def check_transition(
    *, table: Mapping[str, frozenset[str]], labels: Mapping[str, str], current: str, target: str
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
