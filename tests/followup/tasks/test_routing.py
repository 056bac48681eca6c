"""Household needs routed (issue 13.3): the partner looking for work, children's preschool
and school places and housing each become one task, once, even when the case is saved
again."""

from datetime import timedelta

import pytest
from django.utils import timezone

from followup.models import CaseStage, CaseTask, TaskKind
from followup.routing import case_needs_route
from followup.task_services import task_done

pytestmark = pytest.mark.django_db


def _needs(case):
    return {t.need: t for t in CaseTask.objects.filter(case=case)}


def test_every_need_of_the_household_makes_one_task_for_the_cases_coordinator(
    make_case, coordinator, organiser_of_org
):
    case = make_case(
        assignee=organiser_of_org,
        partner_looking_for_work=True,
        partner_occupation="Sjuksköterska",
        children=[
            {"age": 3, "need": "preschool"},
            {"age": 8, "need": "school"},
            {"age": 15, "need": ""},
        ],
        housing_need="rent",
        housing_where="Frösön",
    )
    case_needs_route(case=case, actor=coordinator)
    tasks = _needs(case)
    assert set(tasks) == {"partner_job", "preschool", "school", "housing"}
    in_three_days = timezone.localdate() + timedelta(days=3)
    assert {t.due_on for t in tasks.values()} == {in_three_days}
    assert {t.assignee for t in tasks.values()} == {organiser_of_org}
    assert tasks["partner_job"].kind == TaskKind.PARTNER_JOB
    assert "Sjuksköterska" in tasks["partner_job"].title
    assert tasks["preschool"].title == "Check a preschool place (aged 3)"
    assert tasks["school"].kind == TaskKind.SCHOOL
    assert tasks["housing"].title == "Send housing contacts: rent in Frösön"


def test_saving_twice_or_after_the_task_is_done_creates_nothing_new(make_case, coordinator):
    case = make_case(partner_looking_for_work=True, children=[{"age": 2, "need": "preschool"}])
    case_needs_route(case=case, actor=coordinator)
    case_needs_route(case=case, actor=coordinator)
    assert sorted(case.tasks.values_list("need", flat=True)) == ["partner_job", "preschool"]
    task_done(task=case.tasks.get(need="partner_job"), actor=coordinator)
    # A second child needing preschool, and housing added: one new task, for housing only.
    case.children = [{"age": 2, "need": "preschool"}, {"age": 4, "need": "preschool"}]
    case.housing_need = "buy"
    case.save()
    case_needs_route(case=case, actor=coordinator)
    assert sorted(case.tasks.values_list("need", flat=True)) == [
        "housing",
        "partner_job",
        "preschool",
    ]


def test_without_an_assignee_the_first_coordinator_gets_it(make_case, coordinator):
    case = make_case(assignee=None, housing_need="either")
    case_needs_route(case=case, actor=None)
    assert case.tasks.get().assignee == coordinator


def test_no_needs_no_tasks_and_a_closed_case_gets_none(make_case, coordinator):
    plain = make_case(children=[{"age": 30, "need": ""}])
    case_needs_route(case=plain, actor=coordinator)
    closed = make_case(
        name="Closed", stage=CaseStage.CLOSED, closed_reason="no_job", housing_need="rent"
    )
    case_needs_route(case=closed, actor=coordinator)
    assert not CaseTask.objects.exists()


def test_routed_tasks_are_named_in_the_language_of_the_moment(make_case, coordinator):
    from django.utils import translation

    case = make_case(
        housing_need="rent", housing_where="Frösön", children=[{"age": 7, "need": "school"}]
    )
    with translation.override("sv"):
        case_needs_route(case=case, actor=coordinator)
    assert sorted(case.tasks.values_list("title", flat=True)) == [
        "Kolla skolplats (ålder 7)",
        "Skicka bostadskontakter: hyra i Frösön",
    ]
