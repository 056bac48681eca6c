"""The tasks API (issue 13.2, 13.3, 13.7): a case's tasks, my tasks, job tips and the
partner's matching hiring needs. Coordinators and organisers of the case's organisation
only: a case or task of another organisation is 404, a user who follows up nothing 403,
no login 401."""

from typing import Literal

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from core.exceptions import NotPermitted
from core.models import User
from core.pagination import Pagination
from core.schemas import ErrorOut
from events.api import WRITE_ERRORS

from .access import case_of, is_coordinator
from .matching import Match, partner_matches
from .models import CaseTask, FollowUpCase
from .task_schemas import (
    ContactOut,
    JobTipIn,
    PartnerMatchesOut,
    TaskIn,
    TaskOut,
    TaskPatch,
)
from .task_selectors import my_tasks, task_of, tasks_of_case
from .task_services import job_tip_send, task_create, task_done, task_reopen, task_update

router = Router(tags=["follow-up"])
READ_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _user(request: HttpRequest) -> User:
    user = request.auth  # type: ignore[attr-defined]
    if not is_coordinator(user):
        raise NotPermitted(_("Only relocation coordinators and organisers can do this."))
    return user


def _case(request: HttpRequest, case_id: int) -> FollowUpCase:
    case = case_of(_user(request), case_id)
    if case is None:
        raise Http404
    return case


def _task(request: HttpRequest, task_id: int) -> CaseTask:
    task = task_of(_user(request), task_id)
    if task is None:
        raise Http404
    return task


def _match_out(match: Match) -> dict:
    need = match.need
    return {
        "hiring_need": need.pk,
        "role_title": need.role_title,
        "employer": need.employer.name,
        "sector": need.sector.code,
        "positions": need.positions,
        "score": match.score,
        "reasons": list(match.reasons),
    }


@router.get("/cases/{case_id}/tasks", response={200: list[TaskOut], **READ_ERRORS})
@paginate(Pagination, page_size=100)
def case_tasks_list(request: HttpRequest, case_id: int):
    """The case's tasks: open ones first (overdue first, then by due date), then done ones."""
    return tasks_of_case(_case(request, case_id))


@router.post("/cases/{case_id}/tasks", response={201: TaskOut, **WRITE_ERRORS})
def case_tasks_create(request: HttpRequest, case_id: int, payload: TaskIn):
    """Add a task to the case, for a coordinator or organiser of its organisation (default
    you), due within two years."""
    case = _case(request, case_id)
    user = request.auth  # type: ignore[attr-defined]
    task = task_create(
        case=case,
        actor=user,
        kind=payload.kind.value,
        title=payload.title,
        due_on=payload.due_on,
        assignee=payload.assignee if payload.assignee is not None else user.pk,
    )
    return Status(201, task_of(user, task.pk))


class TaskFilter(Schema):
    assignee: Literal["me", "all"] = "me"
    overdue: bool = False


@router.get("/tasks", response={200: list[TaskOut], **READ_ERRORS})
@paginate(Pagination, page_size=100)
def tasks_list(request: HttpRequest, filters: Query[TaskFilter]):
    """Open tasks, overdue first, then by due date: `assignee=me` (the default) yours,
    `assignee=all` everyone's in the organisations you follow up; `overdue=true` only those
    past their due date."""
    user = _user(request)
    return my_tasks(user, everyone=filters.assignee == "all", overdue_only=filters.overdue)


@router.patch("/tasks/{task_id}", response={200: TaskOut, **WRITE_ERRORS})
def tasks_patch(request: HttpRequest, task_id: int, payload: TaskPatch):
    """Mark a task done (`done: true`) or open again (`false`); change its title, kind, due
    date or assignee."""
    task = _task(request, task_id)
    user = request.auth  # type: ignore[attr-defined]
    data = payload.dict(exclude_unset=True)
    if any(data.get(f) is not None for f in ("kind", "title", "due_on", "assignee")):
        task = task_update(
            task=task,
            actor=user,
            kind=payload.kind.value if payload.kind else None,
            title=payload.title,
            due_on=payload.due_on,
            assignee=payload.assignee,
        )
    if data.get("done") is True:
        task_done(task=task, actor=user)
    elif data.get("done") is False:
        task_reopen(task=task, actor=user)
    return task_of(user, task.pk)


@router.post("/cases/{case_id}/job-tip", response={201: ContactOut, **WRITE_ERRORS})
def case_job_tip(request: HttpRequest, case_id: int, payload: JobTipIn):
    """Email the person an open hiring need of one of the organisation's employers
    (`hiring_need`) or a `link`, with a `message`; recorded in the case's contact log."""
    case = _case(request, case_id)
    entry = job_tip_send(
        case=case,
        actor=request.auth,  # type: ignore[attr-defined]
        hiring_need_id=payload.hiring_need,
        link=payload.link,
        message=payload.message,
    )
    return Status(201, entry)


@router.get("/cases/{case_id}/partner-matches", response={200: PartnerMatchesOut, **READ_ERRORS})
def case_partner_matches(request: HttpRequest, case_id: int):
    """Open hiring needs of the organisation's employers ranked against the partner's
    occupation (the candidate suggestions' ranking), each with its reasons."""
    case = _case(request, case_id)
    return {
        "looking_for_work": case.partner_looking_for_work,
        "occupation": case.partner_occupation,
        "matches": [_match_out(m) for m in partner_matches(case)],
    }
