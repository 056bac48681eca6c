"""Background work of the back office's cross-app use cases (one email per task)."""

from datetime import date

from django.contrib.auth import get_user_model
from django.tasks import task

from core.emails import send_to_user


@task()
def send_inactivity_reminder(*, user_id: int, erase_on: str) -> bool:
    """Retention: "your account has been inactive and will be erased on `erase_on` unless you
    log in". Not sent if the account was erased or its reminder cleared (a login) meanwhile."""
    user = (
        get_user_model()
        .objects.filter(pk=user_id, erased_at__isnull=True, inactivity_reminded_at__isnull=False)
        .first()
    )
    if user is None:
        return False
    send_to_user(
        user=user, template="inactive_account", context={"erase_on": date.fromisoformat(erase_on)}
    )
    return True


@task()
def apply_retention() -> dict[str, int]:
    """The daily retention run for a `db_worker` setup (cron runs `manage.py apply_retention`
    instead): what each rule removed, summed over organisations."""
    from .retention import retention_apply  # noqa: PLC0415 -- leaf

    totals: dict[str, int] = {}
    for due in retention_apply():
        totals[due.rule] = totals.get(due.rule, 0) + due.count
    return totals
