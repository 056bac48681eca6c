"""Who may follow up whom (issue 13.1): relocation coordinators of an organisation, and its
organisers (who can do everything a coordinator can). Every page and API operation of this
app asks here; a case of another organisation is answered with 404, a user who follows up
no organisation gets 403."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from core.models import User
from events.models import Organisation

from .models import FollowUpCase


def organisations_followed_by(user: User | AnonymousUser | None) -> QuerySet[Organisation]:
    """The organisations whose cases the user works: as a coordinator or an organiser."""
    if user is None or not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        Q(coordinator_memberships__user=user) | Q(organisationmembership__user=user)
    ).distinct()


def follows_up(user: User | AnonymousUser | None, organisation: Organisation | int) -> bool:
    pk = organisation if isinstance(organisation, int) else organisation.pk
    return organisations_followed_by(user).filter(pk=pk).exists()


def is_coordinator(user: User | AnonymousUser | None) -> bool:
    """The user follows up some organisation (a coordinator or an organiser)."""
    return organisations_followed_by(user).exists()


def cases_of(user: User | AnonymousUser | None) -> QuerySet[FollowUpCase]:
    """Every case the user may see and work: those of the organisations they follow up."""
    if user is None or not user.is_authenticated:
        return FollowUpCase.objects.none()
    return FollowUpCase.objects.filter(organisation__in=organisations_followed_by(user))


def case_of(user: User | AnonymousUser | None, pk: int) -> FollowUpCase | None:
    return (
        cases_of(user).select_related("organisation", "candidate", "assignee").filter(pk=pk).first()
    )


def coordinators_of(organisation: Organisation) -> QuerySet[User]:
    """Who can be given a case or a task: the organisation's coordinators and organisers."""
    return (
        User.objects.filter(
            Q(coordinator_memberships__organisation=organisation)
            | Q(organiser_memberships__organisation=organisation),
            is_active=True,
        )
        .distinct()
        .order_by("full_name", "email")
    )


def coordinator_required(view):
    """Log in first; then only coordinators and organisers get through (others get 403)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_coordinator(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
