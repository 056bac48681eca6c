"""Which hats a user wears. Roles come from memberships and profiles, not from flags.

Uses reverse relations only, so core needs no import of the apps that define them.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef
from django.urls import reverse

from .models import User


@dataclass(frozen=True)
class Roles:
    organiser: bool = False
    employer: bool = False
    candidate: bool = False
    # A relocation coordinator of some organisation (organisers follow up too, without it).
    coordinator: bool = False

    @property
    def any(self) -> bool:
        return self.organiser or self.employer or self.candidate or self.coordinator

    @property
    def follows_up(self) -> bool:
        """Works follow-up cases: a coordinator or an organiser."""
        return self.organiser or self.coordinator


def _organiser_and_coordinator(user: User) -> tuple[bool, bool]:
    """Both memberships in one query (every page asks)."""
    organisers = user.organiser_memberships.model.objects.filter(user=OuterRef("pk"))
    coordinators = user.coordinator_memberships.model.objects.filter(user=OuterRef("pk"))
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(organiser=Exists(organisers), coordinator=Exists(coordinators))
        .values_list("organiser", "coordinator")
        .first()
    )
    return (bool(row[0]), bool(row[1])) if row else (False, False)


def roles_for(user: User | AnonymousUser | None) -> Roles:
    if user is None or not user.is_authenticated:
        return Roles()
    cached = getattr(user, "_roles_cache", None)
    if cached is None:
        organiser, coordinator = _organiser_and_coordinator(user)
        cached = Roles(
            organiser=organiser,
            employer=user.employer_memberships.exists(),
            candidate=hasattr(user, "candidate"),
            coordinator=coordinator,
        )
        user._roles_cache = cached  # type: ignore[attr-defined]  # a cache on the instance
    return cached


# Where each role's work starts, by URL name, most specific first.
LANDING_PAGES = (
    ("organiser", "manage:trip_list"),
    ("coordinator", "followup_case_list"),
    ("employer", "employer:dashboard"),
    ("candidate", "candidate_dashboard"),
)


def landing_url(user: User | AnonymousUser | None) -> str:
    """Where someone lands after signing up or logging in (without a `next` page): their own
    dashboard — the back office for organisers — and the home page for everyone else."""
    roles = roles_for(user)
    for role, name in LANDING_PAGES:
        if getattr(roles, role):
            return reverse(name)
    return reverse("home")
