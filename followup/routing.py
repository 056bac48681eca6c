"""Household needs routed, not just stored (issue 13.3). STUB until the tasks work lands:
`case_needs_route` is called after every create and update of a case."""

from core.models import User

from .models import FollowUpCase


def case_needs_route(*, case: FollowUpCase, actor: User | None) -> None:
    """Create the tasks the case's household needs call for (once per need)."""
