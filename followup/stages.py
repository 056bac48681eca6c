"""A case's stage: the one way it changes, recorded in its history (who, when, from, to).

Stages move forward or back freely between the open ones (people's lives do not follow a
funnel); *closed* needs a reason, and a closed case can be reopened to any open stage.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from core.exceptions import ValidationFailed
from core.models import User

from .models import CaseStage, ClosedReason, FollowUpCase

# The open stages in their usual order (a hire moves a case forward, never back).
STAGE_ORDER = [
    CaseStage.IN_CONTACT,
    CaseStage.VISITED,
    CaseStage.INTERVIEWING,
    CaseStage.OFFER,
    CaseStage.HIRED,
    CaseStage.MOVED,
    CaseStage.SETTLED_6,
    CaseStage.SETTLED_12,
]


class CaseConflict(ValidationFailed):
    """Someone else saved the case after the version this edit started from (HTTP 409)."""

    status_code = 409


def check_version(case: FollowUpCase, expected_version: int | None) -> None:
    """Raise CaseConflict unless the edit started from the case's current version (None: the
    caller does not know it, e.g. an automatic change)."""
    if expected_version is not None and expected_version != case.version:
        raise CaseConflict(
            _(
                "Someone else changed this case while you were editing it. Your changes were "
                "not saved: reload the case to see theirs, then make yours again."
            ),
            extra={"current_version": case.version},
        )


@transaction.atomic
def case_stage_set(
    *,
    case: FollowUpCase,
    actor: User | None,
    stage: str,
    closed_reason: str = "",
    note: str = "",
    expected_version: int | None = None,
) -> FollowUpCase:
    """Move the case to `stage` (locks it; bumps its version; records the change). Closing
    needs a reason from ClosedReason. No change, no row."""
    case = FollowUpCase.objects.select_for_update().get(pk=case.pk)
    check_version(case, expected_version)
    if stage not in CaseStage.values:
        raise ValidationFailed(
            _("Unknown stage %(stage)s.") % {"stage": stage}, extra={"fields": {"stage": [stage]}}
        )
    if stage == CaseStage.CLOSED and closed_reason not in ClosedReason.values:
        message = _("Say why the case is closed.")
        raise ValidationFailed(message, extra={"fields": {"closed_reason": [message]}})
    reason = closed_reason if stage == CaseStage.CLOSED else ""
    if case.stage == stage and case.closed_reason == reason:
        return case
    previous = case.stage
    case.stage = stage
    case.closed_reason = reason
    case.version += 1
    case.save(update_fields=["stage", "closed_reason", "version", "updated_at"])
    case.status_changes.create(
        from_status=previous, to_status=stage, actor=actor, note=note.strip()[:300]
    )
    return case


def case_stage_advance(
    *, case: FollowUpCase, actor: User | None, stage: str, note: str = ""
) -> FollowUpCase:
    """Move an open case forward to `stage` if it is behind it (an employer's outcome: an
    offer, a hire); a case already further on, or closed, stays as it is."""
    if case.stage == CaseStage.CLOSED or stage not in STAGE_ORDER:
        return case
    if STAGE_ORDER.index(case.stage) >= STAGE_ORDER.index(stage):
        return case
    return case_stage_set(case=case, actor=actor, stage=stage, note=note)
