"""Two coordinators saving the same case at once, on PostgreSQL with real concurrent
transactions: both started from the same version; exactly one save lands, the other is told
of the conflict, and nothing of the first is lost."""

import pytest

from followup.models import FollowUpCase
from followup.services import case_update
from followup.stages import CaseConflict, case_stage_set

from ...concurrency import run_concurrently
from .conftest import make_case, make_coordinator


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_saves_from_one_version_one_lands_the_other_conflicts(organisation):
    first, second = make_coordinator(organisation), make_coordinator(organisation)
    case = make_case(organisation)
    version = case.version

    results = run_concurrently(
        lambda actor, notes: case_update(
            case=case, actor=actor, expected_version=version, notes=notes
        ),
        [(first, "Ringde om bostad"), (second, "Skickade skollistan")],
    )

    conflicts = [r for r in results if isinstance(r, CaseConflict)]
    saved = [r for r in results if isinstance(r, FollowUpCase)]
    assert len(conflicts) == 1 and len(saved) == 1
    stored = FollowUpCase.objects.get(pk=case.pk)
    assert stored.notes == saved[0].notes
    assert stored.version == version + 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_stage_change_and_an_edit_from_one_version_do_not_both_land(organisation):
    coordinator = make_coordinator(organisation)
    case = make_case(organisation)
    version = case.version

    results = run_concurrently(
        lambda kind: (
            case_stage_set(case=case, actor=coordinator, stage="visited", expected_version=version)
            if kind == "stage"
            else case_update(
                case=case, actor=coordinator, expected_version=version, notes="Nytt samtal"
            )
        ),
        [("stage",), ("edit",)],
    )

    assert sum(isinstance(r, CaseConflict) for r in results) == 1
    stored = FollowUpCase.objects.get(pk=case.pk)
    assert stored.version == version + 1
    assert (stored.stage == "visited") != (stored.notes == "Nytt samtal")
