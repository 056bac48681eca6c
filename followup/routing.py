"""Household needs routed, not just stored (issue 13.3): `case_needs_route` is called after
every create and update of a case and makes one task per need of the household — the
partner looking for work, preschool or school places for the children, housing — for the
case's coordinator (or the organisation's first one), due in three days. Each need gets
its task once (`CaseTask.need`, unique per case): saving the case again, or after the task
is done, creates nothing new."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import User

from .access import coordinators_of
from .models import CaseStage, CaseTask, FollowUpCase, HousingNeed, TaskKind

ROUTED_DUE_IN_DAYS = 3
CHILD_NEEDS = ("preschool", "school")


def _routed_needs(case: FollowUpCase) -> list[tuple[str, str, str]]:
    """(need, kind, title) of every need the household has now."""
    needs: list[tuple[str, str, str]] = []
    if case.partner_looking_for_work:
        occupation = case.partner_occupation.strip()
        title = (
            _("Introduce the partner (%(occupation)s) to employers") % {"occupation": occupation}
            if occupation
            else _("Introduce the partner to employers")
        )
        needs.append(("partner_job", TaskKind.PARTNER_JOB, title))
    children = [c for c in case.children or [] if isinstance(c, dict)]
    for need in CHILD_NEEDS:
        ages = [
            str(c.get("age"))
            for c in children
            if c.get("need") == need and c.get("age") is not None
        ]
        if not any(c.get("need") == need for c in children):
            continue
        title = _("Check a preschool place") if need == "preschool" else _("Check a school place")
        if ages:
            title = _("%(task)s (aged %(ages)s)") % {"task": title, "ages": ", ".join(ages)}
        needs.append((need, TaskKind.SCHOOL, title))
    if case.housing_need:
        label = HousingNeed(case.housing_need).label
        title = _("Send housing contacts: %(need)s") % {"need": str(label).lower()}
        if case.housing_where:
            title = _("%(task)s in %(where)s") % {"task": title, "where": case.housing_where}
        needs.append(("housing", TaskKind.HOUSING, title[:200]))
    return needs


def _assignee(case: FollowUpCase) -> User | None:
    coordinators = coordinators_of(case.organisation)
    if case.assignee_id is not None:
        assignee = coordinators.filter(pk=case.assignee_id).first()
        if assignee is not None:
            return assignee
    return coordinators.first()


def case_needs_route(*, case: FollowUpCase, actor: User | None) -> None:
    """Create the tasks the case's household needs call for (once per need). A closed case
    gets none."""
    if case.stage == CaseStage.CLOSED:
        return
    needs = _routed_needs(case)
    if not needs:
        return
    existing = set(case.tasks.exclude(need="").values_list("need", flat=True))
    missing = [n for n in needs if n[0] not in existing]
    if not missing:
        return
    assignee = _assignee(case)
    due_on = timezone.localdate() + timedelta(days=ROUTED_DUE_IN_DAYS)
    for need, kind, title in missing:
        try:
            with transaction.atomic():
                CaseTask.objects.create(
                    case=case,
                    kind=kind,
                    title=title[:200],
                    due_on=due_on,
                    assignee=assignee,
                    need=need,
                    created_by=actor,
                )
        except IntegrityError:
            continue  # a concurrent save routed it first
