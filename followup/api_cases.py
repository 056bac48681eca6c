"""The follow-up API for cases and their contact log (issue 13.7), with the web's rules:
coordinators and organisers of the case's organisation; another organisation's case is a
404, someone who follows up nothing gets 403, anonymous callers 401. Candidates see nothing
of their case here.

A PATCH carries the `version` it starts from; a stale one is a 409 with `current_version`
(nothing is changed). Creating a case for an address with an open case is a 422 naming it
(`existing_case`)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from candidates.audit import access_record
from candidates.models import AccessAction
from core.exceptions import ApplicationError, ValidationFailed
from core.models import User
from core.pagination import Pagination
from events.models import Organisation, Trip

from .access import case_of, is_coordinator, organisations_followed_by
from .models import FollowUpCase
from .schemas import (
    CaseDetailOut,
    CaseErrorOut,
    CaseFilter,
    CaseIn,
    CaseOut,
    CasePatch,
    CaseStageIn,
    ContactIn,
    ContactOut,
)
from .selectors import case_contacts, case_history, case_links, caseload
from .services import case_create, case_update, contact_add
from .stages import case_stage_set

router = Router(tags=["follow-up"])
READ_ERRORS = {
    400: CaseErrorOut,
    401: CaseErrorOut,
    403: CaseErrorOut,
    404: CaseErrorOut,
    422: CaseErrorOut,
}
WRITE_ERRORS = {409: CaseErrorOut, **READ_ERRORS}


def _user(request: HttpRequest) -> User:
    user = request.auth  # type: ignore[attr-defined]
    if not is_coordinator(user):
        raise PermissionDenied
    return user


def _case(request: HttpRequest, case_id: int) -> FollowUpCase:
    case = case_of(_user(request), case_id)
    if case is None:
        raise Http404
    return case


def _error(error: ApplicationError) -> Status:
    """A domain error with what a client needs to recover: the version now saved, the open
    case of the same address."""
    body: dict = {"detail": error.message}
    for key in ("fields", "current_status", "current_version", "existing_case"):
        if key in error.extra:
            body[key] = error.extra[key]
    return Status(error.status_code, body)


def _detail(case: FollowUpCase) -> FollowUpCase:
    """The case with what CaseDetailOut adds: its history, applications and meetings."""
    links = case_links(case)
    out = case
    out.history = [  # type: ignore[attr-defined]
        {
            "from_stage": change.from_status,
            "to_stage": change.to_status,
            "note": change.note,
            "actor": (change.actor.get_full_name() or change.actor.email) if change.actor else None,
            "at": change.created_at,
        }
        for change in case_history(case)
    ]
    out.applications = [  # type: ignore[attr-defined]
        {
            "id": a.pk,
            "trip": a.trip.slug,
            "trip_title": a.trip.title,
            "trip_starts_at": a.trip.starts_at,
            "status": a.status,
        }
        for a in links.applications
    ]
    out.meetings = [  # type: ignore[attr-defined]
        {
            "id": m.pk,
            "trip": m.trip.slug,
            "employer": m.employer.slug,
            "employer_name": m.employer.name,
            "starts_at": m.starts_at,
            "ends_at": m.ends_at,
            "status": m.status,
        }
        for m in links.meetings
    ]
    return out


def _assignee(user_id: int | None) -> User | None:
    if user_id is None:
        return None
    assignee = User.objects.filter(pk=user_id, is_active=True).first()
    if assignee is None:
        message = _("Unknown user.")
        raise ValidationFailed(message, extra={"fields": {"assignee": [message]}})
    return assignee


@router.get("/cases", response={200: list[CaseOut], **READ_ERRORS})
@paginate(Pagination)
def case_list(request: HttpRequest, filters: Query[CaseFilter]):
    """The caseload: cases of the organisations the caller follows up, most recently changed
    first. `assignee=me|nobody|<user id>`, `trip=<slug>` (people who applied to it), `q`
    searches names and email addresses."""
    user = _user(request)
    data = filters.dict()
    trip_id = None
    if data.get("trip"):
        trip = Trip.objects.filter(slug=data["trip"]).only("pk").first()
        trip_id = trip.pk if trip else -1
    return caseload(
        user,
        stage=data.get("stage") or "",
        assignee=data.get("assignee") or "",
        source=data.get("source") or "",
        trip=trip_id,
        q=data.get("q") or "",
    )


@router.post("/cases", response={201: CaseDetailOut, **WRITE_ERRORS})
def case_new(request: HttpRequest, payload: CaseIn):
    """Open a case by hand for someone who got in touch another way than a trip."""
    user = _user(request)
    data = payload.dict()
    organisations = organisations_followed_by(user)
    slug = data.pop("organisation")
    organisation: Organisation | None
    if slug:
        organisation = organisations.filter(slug=slug).first()
    else:
        organisation = organisations.first() if organisations.count() == 1 else None
    if organisation is None:
        message = _("Choose one of the organisations you follow up.")
        return _error(ValidationFailed(message, extra={"fields": {"organisation": [message]}}))
    try:
        data["assignee"] = _assignee(data.get("assignee"))
        case = case_create(organisation=organisation, actor=user, **data)
    except ApplicationError as error:
        return _error(error)
    return Status(201, _detail(case_of(user, case.pk)))


@router.get("/cases/{case_id}", response={200: CaseDetailOut, **READ_ERRORS})
def case_get(request: HttpRequest, case_id: int):
    """A case with its stage history and the person's applications and meetings."""
    case = _case(request, case_id)
    if case.candidate_id:
        access_record(
            actor=request.auth,  # type: ignore[attr-defined]
            action=AccessAction.CASE_VIEW,
            candidates=case.candidate_id,
            organisation=case.organisation_id,
            via="followup_api_cases_case_get",
        )
    return _detail(case)


@router.patch("/cases/{case_id}", response={200: CaseDetailOut, **WRITE_ERRORS})
def case_patch(request: HttpRequest, case_id: int, payload: CasePatch):
    """Change the person, household, assignee or notes. `version` is the one the edit
    started from: if someone saved the case since, nothing is changed and the answer is 409
    with `current_version`."""
    case = _case(request, case_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    try:
        if "assignee" in data:
            data["assignee"] = _assignee(data["assignee"])
        case_update(case=case, actor=request.auth, expected_version=version, **data)  # type: ignore[attr-defined]
    except ApplicationError as error:
        return _error(error)
    return _detail(_case(request, case_id))


@router.post("/cases/{case_id}/stage", response={200: CaseDetailOut, **WRITE_ERRORS})
def case_stage(request: HttpRequest, case_id: int, payload: CaseStageIn):
    """Move the case to another stage (recorded with who and when); `closed` needs a
    `closed_reason`. With `version`, a stale one is a 409 as for PATCH."""
    case = _case(request, case_id)
    try:
        case_stage_set(
            case=case,
            actor=request.auth,  # type: ignore[attr-defined]
            stage=payload.stage,
            closed_reason=payload.closed_reason,
            note=payload.note,
            expected_version=payload.version,
        )
    except ApplicationError as error:
        return _error(error)
    return _detail(_case(request, case_id))


@router.get("/cases/{case_id}/contacts", response={200: list[ContactOut], **READ_ERRORS})
@paginate(Pagination)
def contact_list(request: HttpRequest, case_id: int):
    """The case's contact log, latest contact first."""
    return case_contacts(_case(request, case_id))


@router.post("/cases/{case_id}/contacts", response={201: ContactOut, **WRITE_ERRORS})
def contact_new(request: HttpRequest, case_id: int, payload: ContactIn):
    """Log a contact: when (default now; at most a day ahead), how, what was said."""
    case = _case(request, case_id)
    try:
        contact = contact_add(
            case=case,
            actor=request.auth,  # type: ignore[attr-defined]
            occurred_at=payload.occurred_at,
            channel=payload.channel,
            note=payload.note,
        )
    except ApplicationError as error:
        return _error(error)
    return Status(201, contact)
