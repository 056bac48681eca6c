"""Reads of the follow-up: the caseload with its filters, one case with everything linked to
it, the contact log, and an organisation's coordinators and invitations. Who may see which
case is `access.cases_of`'s answer; every read of cases starts there."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from candidates.models import Application
from core.invitations import invitation_by_token
from core.models import User
from events.models import Organisation, Trip
from itineraries.models import Meeting

from .access import cases_of, organisations_followed_by
from .models import (
    CaseStageChange,
    CaseTask,
    ContactEntry,
    CoordinatorInvitation,
    CoordinatorMembership,
    FollowUpCase,
)

# `assignee` filter values besides a user's id.
ASSIGNEE_ME = "me"
ASSIGNEE_NOBODY = "nobody"


def caseload(
    user: User | AnonymousUser,
    *,
    stage: str = "",
    assignee: str = "",
    source: str = "",
    trip: int | None = None,
    q: str = "",
) -> QuerySet[FollowUpCase]:
    """The cases `user` follows up, most recently changed first, filtered: by stage, by
    assignee ("me", "nobody" or a user id), by source, by a trip the person applied to, and
    by a search in names and email addresses."""
    cases = cases_of(user).select_related("assignee", "organisation")
    if stage:
        cases = cases.filter(stage=stage)
    if assignee == ASSIGNEE_ME:
        cases = cases.filter(assignee_id=user.pk)
    elif assignee == ASSIGNEE_NOBODY:
        cases = cases.filter(assignee__isnull=True)
    elif assignee:
        cases = cases.filter(assignee_id=int(assignee)) if assignee.isdigit() else cases.none()
    if source:
        cases = cases.filter(source=source)
    if trip:
        applied = Application.objects.filter(trip_id=trip).values("candidate_id")
        cases = cases.filter(candidate_id__in=applied)
    q = q.strip()
    if q:
        cases = cases.filter(Q(name__icontains=q) | Q(email__icontains=q))
    return cases.order_by("-updated_at", "-id")


def caseload_trips(user: User | AnonymousUser) -> QuerySet[Trip]:
    """The trips a caseload can be filtered by: those of the organisations followed up."""
    return Trip.objects.filter(organisation__in=organisations_followed_by(user)).order_by(
        "-starts_at", "id"
    )


@dataclass(frozen=True)
class CaseLinks:
    """What a case links to: the person's applications (each with its trip and status) to
    the organisation's trips, and their meetings with employers on those trips."""

    applications: list[Application]
    meetings: list[Meeting]


def case_links(case: FollowUpCase) -> CaseLinks:
    if case.candidate_id is None:
        return CaseLinks(applications=[], meetings=[])
    applications = list(
        Application.objects.filter(
            candidate_id=case.candidate_id, trip__organisation_id=case.organisation_id
        )
        .select_related("trip")
        .order_by("-trip__starts_at", "-id")
    )
    meetings = list(
        Meeting.objects.filter(application__in=[a.pk for a in applications])
        .select_related("employer", "trip")
        .order_by("starts_at", "id")
    )
    return CaseLinks(applications=applications, meetings=meetings)


def case_history(case: FollowUpCase) -> QuerySet[CaseStageChange]:
    """Every stage change of the case, oldest first, with who made it."""
    return case.status_changes.select_related("actor").order_by("created_at", "id")


def case_contacts(case: FollowUpCase) -> QuerySet[ContactEntry]:
    """The contact log, latest contact first."""
    return case.contacts.select_related("author", "hiring_need").order_by("-occurred_at", "-id")


def case_tasks(case: FollowUpCase) -> QuerySet[CaseTask]:
    """The case's tasks, open ones first by due date, then the done ones."""
    return case.tasks.select_related("assignee").order_by("done_at", "due_on", "id")


# --- Coordinators ---------------------------------------------------------------------------


def coordinator_memberships_of(organisation: Organisation) -> QuerySet[CoordinatorMembership]:
    return (
        CoordinatorMembership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("created_at", "id")
    )


def coordinator_membership_of(organisation: Organisation, pk: int) -> CoordinatorMembership | None:
    return coordinator_memberships_of(organisation).filter(pk=pk).first()


def coordinator_invitations_pending(
    organisation: Organisation, *, now: datetime
) -> QuerySet[CoordinatorInvitation]:
    """Invitations not accepted, withdrawn or expired, newest first."""
    return (
        CoordinatorInvitation.objects.filter(
            organisation=organisation,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=now,
        )
        .select_related("invited_by")
        .order_by("-created_at", "-id")
    )


def coordinator_invitation_open_of(
    organisation: Organisation, pk: int
) -> CoordinatorInvitation | None:
    return (
        CoordinatorInvitation.objects.filter(
            organisation=organisation, pk=pk, accepted_at__isnull=True, revoked_at__isnull=True
        )
        .select_related("organisation")
        .first()
    )


def coordinator_invitation_for_token(token: str) -> CoordinatorInvitation | None:
    return invitation_by_token(
        CoordinatorInvitation.objects.select_related("organisation", "invited_by"), token
    )
