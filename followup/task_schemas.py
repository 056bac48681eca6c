"""API schemas of tasks, job tips and partner matches (followup/api_tasks.py)."""

from datetime import date, datetime

from django.utils import timezone
from ninja import Field, Schema

from .models import CaseTask, ContactEntry, TaskKind


class TaskOut(Schema):
    id: int
    case: int
    case_name: str
    kind: TaskKind
    title: str
    due_on: date
    assignee: int | None
    assignee_name: str
    need: str = Field(..., description="partner_job, preschool, school or housing if routed")
    overdue: bool
    done: bool
    done_at: datetime | None
    created_at: datetime

    @staticmethod
    def resolve_case(task: CaseTask) -> int:
        return task.case_id

    @staticmethod
    def resolve_case_name(task: CaseTask) -> str:
        return task.case.name

    @staticmethod
    def resolve_assignee(task: CaseTask) -> int | None:
        return task.assignee_id

    @staticmethod
    def resolve_assignee_name(task: CaseTask) -> str:
        return task.assignee.get_full_name() if task.assignee_id else ""

    @staticmethod
    def resolve_overdue(task: CaseTask) -> bool:
        return task.done_at is None and task.due_on < timezone.localdate()

    @staticmethod
    def resolve_done(task: CaseTask) -> bool:
        return task.done_at is not None


class TaskIn(Schema):
    kind: TaskKind = TaskKind.OTHER
    title: str = Field("", max_length=200, description="Empty: the kind's name")
    due_on: date
    assignee: int | None = Field(None, description="A coordinator's user id; default you")


class TaskPatch(Schema):
    done: bool | None = None
    kind: TaskKind | None = None
    title: str | None = Field(None, max_length=200)
    due_on: date | None = None
    assignee: int | None = None


class JobTipIn(Schema):
    hiring_need: int | None = Field(None, description="An open hiring need's id")
    link: str = Field("", max_length=500, description="Or a https:// link to a job elsewhere")
    message: str = Field("", max_length=2000)


class ContactOut(Schema):
    id: int
    case: int
    channel: str
    occurred_at: datetime
    note: str
    hiring_need: int | None
    link: str

    @staticmethod
    def resolve_case(entry: ContactEntry) -> int:
        return entry.case_id

    @staticmethod
    def resolve_hiring_need(entry: ContactEntry) -> int | None:
        return entry.hiring_need_id


class MatchOut(Schema):
    hiring_need: int
    role_title: str
    employer: str
    sector: str
    positions: int
    score: int
    reasons: list[str]


class PartnerMatchesOut(Schema):
    looking_for_work: bool
    occupation: str
    matches: list[MatchOut]
