"""Automatic retention (issue 14.4): what each organisation's `RetentionPolicy` says must go
now (`retention_due`, a selector: counts and what they are, per rule and organisation), and
the service that makes it go (`retention_apply`, run daily by `manage.py apply_retention`).

The rules, in the order they run:

- `registrations`: unconfirmed interest registrations older than N days are deleted.
  Registrations belong to no organisation: the shortest period of any organisation applies
  (organisations without a saved policy count with the default), the default without any.
- `applications`: applications of trips that ended N months ago (the trip's organisation's
  N) are anonymised — every free-text field blanked (motivation, travelling from, dietary
  and accessibility needs, travel, accommodation, room sharing, the candidate's feedback
  comment), the organisers' notes deleted, the trip's cached pack and personal itinerary
  PDFs deleted; status, dates and history stay for the statistics. Once blank, an
  application is not written again.
- `employer_notes`: employers' pack marks (their private notes) and their meeting wishes
  about candidates are deleted N months after the trip ended. Meeting outcomes hold no
  free text, so they stay.
- `audit`: access-log entries (`candidates.AccessLog`) and pack views older than N months
  are deleted, by the organisation of their trip (else of the entry, else of its
  employer; the shortest period of any organisation for an entry with none).
- `inactive_reminders`: candidate accounts (not organisers, coordinators or employer
  members, nor staff) with no login, no application and no profile change for N months,
  and not taking part in a trip that has not ended, get one reminder email
  (`User.inactivity_reminded_at`; logging in clears it, as does any later activity).
- `inactive_erasures`: those still inactive when the grace period after the reminder has
  passed are erased by `backoffice.erasure.person_erase(via="retention")`.

A candidate is not of one organisation. For the account rules a person is conservatively
held to the SHORTEST period among the organisations whose trips they applied to (with that
organisation's grace period), and to the shortest of every organisation if they applied to
none (the talent database is everyone's).

Each rule runs in its own transaction; running again changes nothing more (each rule selects
only what is still there to change), so the daily job may be repeated or re-run after a
failure.
"""

import calendar
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, ngettext

from candidates.models import AccessLog, ApplicantNote, Application, InterestRegistration
from core.exceptions import ApplicationError
from core.models import ApiToken, Erasure, User
from core.tasks import enqueue_on_commit
from employers.models import EmployerMembership
from events.models import Organisation, OrganisationMembership, RetentionPolicy
from events.selectors import retention_policies
from followup.models import CandidateFeedback, CoordinatorMembership
from itineraries.models import (
    ItineraryDocument,
    ItineraryDocumentKind,
    MeetingPreference,
    PreferenceSide,
)
from packs.models import PackDocument, PackMark, PackView
from packs.services import pack_parts_forget

from .erasure import person_erase
from .tasks import send_inactivity_reminder

logger = logging.getLogger(__name__)

REGISTRATIONS = "registrations"
APPLICATIONS = "applications"
EMPLOYER_NOTES = "employer_notes"
AUDIT = "audit"
INACTIVE_REMINDERS = "inactive_reminders"
INACTIVE_ERASURES = "inactive_erasures"
RULES = (REGISTRATIONS, APPLICATIONS, EMPLOYER_NOTES, AUDIT, INACTIVE_REMINDERS, INACTIVE_ERASURES)

RULE_LABELS = {
    REGISTRATIONS: gettext_lazy("Unconfirmed interest registrations: deleted"),
    APPLICATIONS: gettext_lazy("Applications of ended trips: anonymised"),
    EMPLOYER_NOTES: gettext_lazy("Employers' notes and meeting wishes: deleted"),
    AUDIT: gettext_lazy("Audit entries: deleted"),
    INACTIVE_REMINDERS: gettext_lazy("Inactive candidate accounts: reminder email"),
    INACTIVE_ERASURES: gettext_lazy("Inactive candidate accounts after the grace period: erased"),
}

# The application fields that hold what a person wrote or what was written about them.
APPLICATION_FREE_TEXT = (
    "motivation",
    "travelling_from",
    "dietary_needs",
    "accessibility_needs",
    "travel",
    "accommodation",
    "room_sharing",
)


@dataclass
class Due:
    """What one rule removes for one organisation (None: for all of them) at `cutoff`."""

    rule: str
    organisation: Organisation | None
    period: str
    cutoff: datetime
    count: int = 0
    # For the page and the command: what the count is made of, e.g. (trip title, count).
    items: list[tuple[str, int]] = field(default_factory=list)
    # What to act on (querysets, or user ids for the account rules): not for display.
    targets: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def label(self) -> str:
        return str(RULE_LABELS[self.rule])


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier (the month's last day if it is
    shorter: 31 March less one month is 28/29 February)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return moment.replace(
        year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1])
    )


def _days(n: int) -> str:
    return ngettext("%(n)s day", "%(n)s days", n) % {"n": n}


def _months(n: int) -> str:
    return ngettext("%(n)s month", "%(n)s months", n) % {"n": n}


def _shortest(policies: dict[int, RetentionPolicy], attribute: str) -> RetentionPolicy:
    """The policy with the shortest `attribute` (the defaults when there is no organisation)."""
    if not policies:
        return RetentionPolicy()
    return min(policies.values(), key=lambda p: getattr(p, attribute))


def _by_trip(queryset: QuerySet, trip_path: str) -> list[tuple[str, int]]:
    rows = (
        queryset.order_by()
        .values(f"{trip_path}__title", f"{trip_path}__starts_at")
        .annotate(n=Count("pk"))
        .order_by(f"{trip_path}__starts_at", f"{trip_path}__title")
    )
    return [(row[f"{trip_path}__title"], row["n"]) for row in rows]


# --- The rules: what is due -----------------------------------------------------------------------


def _registrations_due(now: datetime, policies: dict[int, RetentionPolicy]) -> list[Due]:
    days = _shortest(policies, "unconfirmed_registration_days").unconfirmed_registration_days
    cutoff = now - timedelta(days=days)
    registrations = InterestRegistration.objects.filter(
        confirmed_at__isnull=True, created_at__lt=cutoff
    )
    count = registrations.count()
    return [
        Due(
            REGISTRATIONS,
            None,
            _days(days),
            cutoff,
            count,
            items=[],
            targets={"registrations": registrations},
        )
    ]


def _applications_due(
    now: datetime, policies: dict[int, RetentionPolicy], organisations: list[Organisation]
) -> list[Due]:
    written = Q()
    for name in APPLICATION_FREE_TEXT:
        written |= ~Q(**{name: ""})
    notes = ApplicantNote.objects.filter(application=OuterRef("pk"))
    feedback = CandidateFeedback.objects.filter(application=OuterRef("pk")).exclude(comment="")
    dues = []
    for organisation in organisations:
        months = policies[organisation.pk].application_months
        cutoff = months_before(now, months)
        ended = Application.objects.filter(
            trip__organisation=organisation, trip__ends_at__lt=cutoff
        )
        applications = ended.filter(written | Exists(notes) | Exists(feedback))
        trips = ended.values("trip_id")
        documents = PackDocument.objects.filter(trip__in=trips)
        itineraries = ItineraryDocument.objects.filter(trip__in=trips).exclude(
            kind=ItineraryDocumentKind.PROGRAMME
        )
        count = applications.count()
        items = _by_trip(applications, "trip") if count else []
        dues.append(
            Due(
                APPLICATIONS,
                organisation,
                _months(months),
                cutoff,
                count,
                items=items,
                targets={
                    "applications": applications,
                    "documents": documents,
                    "itineraries": itineraries,
                },
            )
        )
    return dues


def _employer_notes_due(
    now: datetime, policies: dict[int, RetentionPolicy], organisations: list[Organisation]
) -> list[Due]:
    dues = []
    for organisation in organisations:
        months = policies[organisation.pk].employer_notes_months
        cutoff = months_before(now, months)
        ended = Q(
            application__trip__organisation=organisation, application__trip__ends_at__lt=cutoff
        )
        marks = PackMark.objects.filter(ended)
        wishes = MeetingPreference.objects.filter(ended, side=PreferenceSide.EMPLOYER)
        mark_count, wish_count = marks.count(), wishes.count()
        items = []
        if mark_count:
            items.append((gettext("Pack notes"), mark_count))
        if wish_count:
            items.append((gettext("Employers' meeting wishes"), wish_count))
        dues.append(
            Due(
                EMPLOYER_NOTES,
                organisation,
                _months(months),
                cutoff,
                mark_count + wish_count,
                items=items,
                targets={"marks": marks, "wishes": wishes},
            )
        )
    return dues


def _audit_due(
    now: datetime,
    policies: dict[int, RetentionPolicy],
    organisations: list[Organisation],
) -> list[Due]:
    logs = AccessLog.objects.annotate(
        owner=Coalesce("trip__organisation_id", "organisation_id", "employer__organisation_id")
    )

    def due(organisation: Organisation | None, months: int) -> Due:
        cutoff = months_before(now, months)
        if organisation is None:
            accesses = logs.filter(owner__isnull=True, created_at__lt=cutoff)
            views = PackView.objects.none()
        else:
            accesses = logs.filter(owner=organisation.pk, created_at__lt=cutoff)
            views = PackView.objects.filter(trip__organisation=organisation, created_at__lt=cutoff)
        access_count, view_count = accesses.count(), views.count()
        items = []
        if access_count:
            items.append((gettext("Accesses to candidate data"), access_count))
        if view_count:
            items.append((gettext("Pack views"), view_count))
        return Due(
            AUDIT,
            organisation,
            _months(months),
            cutoff,
            access_count + view_count,
            items=items,
            targets={"accesses": accesses, "views": views},
        )

    dues = [due(o, policies[o.pk].audit_months) for o in organisations]
    dues.append(due(None, _shortest(policies, "audit_months").audit_months))
    return dues


def candidate_accounts(now: datetime) -> QuerySet[Any]:
    """Candidate accounts the inactivity rule may touch, each with `last_activity`: the latest
    of its last login (or sign-up), its API tokens' last use, its latest application and its
    profile's last change.
    Not organisers, coordinators, employer members or staff, not erased, and not anyone with
    an application to a trip that has not ended yet."""
    applications = Application.objects.filter(candidate__user=OuterRef("pk"))
    latest_application = Subquery(applications.order_by("-created_at").values("created_at")[:1])
    # Using the API with a token is logging in too.
    latest_token_use = Subquery(
        ApiToken.objects.filter(user=OuterRef("pk"))
        .annotate(used=Coalesce("last_used_at", "created_at"))
        .order_by("-used")
        .values("used")[:1]
    )
    return (
        User.objects.filter(
            candidate__isnull=False, erased_at__isnull=True, is_staff=False, is_superuser=False
        )
        .filter(~Exists(OrganisationMembership.objects.filter(user=OuterRef("pk"))))
        .filter(~Exists(CoordinatorMembership.objects.filter(user=OuterRef("pk"))))
        .filter(~Exists(EmployerMembership.objects.filter(user=OuterRef("pk"))))
        .filter(~Exists(applications.filter(trip__ends_at__gt=now)))
        .annotate(
            last_activity=Greatest(
                Coalesce("last_login", "date_joined"),
                "candidate__updated_at",
                Coalesce(latest_application, "date_joined"),
                Coalesce(latest_token_use, "date_joined"),
            )
        )
    )


def inactive_since(accounts: QuerySet[Any], cutoff: datetime) -> QuerySet[Any]:
    """`candidate_accounts` whose `last_activity` is before `cutoff`. Each part of that
    latest moment must be before it too: those plain conditions come first, so the database
    computes `last_activity` (a subquery per account) only for the accounts that pass them,
    not for every account (1.4 s at 300,000 on PostgreSQL)."""
    return accounts.filter(
        Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff),
        ~Exists(Application.objects.filter(candidate__user=OuterRef("pk"), created_at__gte=cutoff)),
        ~Exists(
            ApiToken.objects.filter(user=OuterRef("pk")).filter(
                Q(last_used_at__gte=cutoff) | Q(last_used_at__isnull=True, created_at__gte=cutoff)
            )
        ),
        candidate__updated_at__lt=cutoff,
    ).filter(last_activity__lt=cutoff)


def _accounts_due(
    now: datetime,
    policies: dict[int, RetentionPolicy],
    organisations: list[Organisation],
) -> list[Due]:
    """Both account rules, per organisation and shared (people who applied to no trip). A
    person's policy is the one with the shortest period among the organisations they
    applied to (every organisation's if none): see the module docstring."""

    def key(policy: RetentionPolicy) -> tuple[int, int]:
        return (policy.inactive_account_months, policy.inactive_grace_days)

    everyone = min(policies.values(), key=key) if policies else RetentionPolicy()
    earliest_cutoff = months_before(now, everyone.inactive_account_months)
    rows = list(
        inactive_since(candidate_accounts(now), earliest_cutoff).values_list(
            "pk", "last_activity", "inactivity_reminded_at"
        )
    )
    organisations_of: dict[int, set[int]] = defaultdict(set)
    for user_id, organisation_id in Application.objects.filter(
        candidate__user_id__in=[row[0] for row in rows]
    ).values_list("candidate__user_id", "trip__organisation_id"):
        organisations_of[user_id].add(organisation_id)

    reminders: dict[int | None, list[int]] = defaultdict(list)
    erasures: dict[int | None, list[int]] = defaultdict(list)
    for user_id, last_activity, reminded_at in rows:
        if reminded_at is not None and last_activity >= reminded_at:
            reminded_at = None  # active since: the apply run withdraws that reminder first
        applied_to = organisations_of.get(user_id)
        if applied_to:
            policy = min((policies[o] for o in applied_to), key=key)
            group: int | None = policy.organisation_id
        else:
            policy, group = everyone, None
        if last_activity >= months_before(now, policy.inactive_account_months):
            continue
        if reminded_at is None:
            reminders[group].append(user_id)
        elif reminded_at <= now - timedelta(days=policy.inactive_grace_days) and (
            last_activity < reminded_at
        ):
            erasures[group].append(user_id)

    groups: list[tuple[Organisation | None, RetentionPolicy]] = [
        (o, policies[o.pk]) for o in organisations
    ]
    groups.append((None, everyone))
    dues = []
    for organisation, policy in groups:
        group = organisation.pk if organisation else None
        period = _months(policy.inactive_account_months)
        cutoff = months_before(now, policy.inactive_account_months)
        grace = _days(policy.inactive_grace_days)
        dues.append(
            Due(
                INACTIVE_REMINDERS,
                organisation,
                period,
                cutoff,
                len(reminders[group]),
                targets={"users": reminders[group], "grace_days": policy.inactive_grace_days},
            )
        )
        dues.append(
            Due(
                INACTIVE_ERASURES,
                organisation,
                f"{period} + {grace}",
                cutoff,
                len(erasures[group]),
                targets={"users": erasures[group], "months": policy.inactive_account_months},
            )
        )
    return dues


def retention_due(
    *,
    now: datetime | None = None,
    organisation: Organisation | None = None,
    rules: tuple[str, ...] = RULES,
) -> list[Due]:
    """What retention removes at `now` (default: now), per rule (of `rules`) and
    organisation, in RULES' order. With `organisation`, its rows and the rows shared by all
    organisations (registrations, accounts without applications, audit entries without an
    organisation) — never another organisation's. Reads only."""
    now = now or timezone.now()
    policies = retention_policies()
    organisations = [p.organisation for p in policies.values()]
    if organisation is not None:
        organisations = [o for o in organisations if o.pk == organisation.pk]
    dues: list[Due] = []
    if REGISTRATIONS in rules:
        dues += _registrations_due(now, policies)
    if APPLICATIONS in rules:
        dues += _applications_due(now, policies, organisations)
    if EMPLOYER_NOTES in rules:
        dues += _employer_notes_due(now, policies, organisations)
    if AUDIT in rules:
        dues += _audit_due(now, policies, organisations)
    if INACTIVE_REMINDERS in rules or INACTIVE_ERASURES in rules:
        dues += [d for d in _accounts_due(now, policies, organisations) if d.rule in rules]
    return sorted(dues, key=lambda d: RULES.index(d.rule))


# --- Applying -------------------------------------------------------------------------------------


def _delete_files_on_commit(documents: QuerySet) -> None:
    files = [(d.pdf.storage, d.pdf.name) for d in documents if d.pdf]
    documents.delete()

    def delete() -> None:
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(delete)


def _apply(due: Due, now: datetime) -> None:
    targets = due.targets
    if due.rule == REGISTRATIONS:
        targets["registrations"].delete()
    elif due.rule == APPLICATIONS:
        ids = list(targets["applications"].values_list("pk", flat=True))
        # update(), not save(): the application's dates (updated_at too) stay as they were.
        Application.objects.filter(pk__in=ids).update(**dict.fromkeys(APPLICATION_FREE_TEXT, ""))
        ApplicantNote.objects.filter(application_id__in=ids).delete()
        CandidateFeedback.objects.filter(application_id__in=ids).update(comment="")
        pack_parts_forget(targets["documents"])
        _delete_files_on_commit(targets["documents"])
        _delete_files_on_commit(targets["itineraries"])
    elif due.rule == EMPLOYER_NOTES:
        targets["marks"].delete()
        targets["wishes"].delete()
    elif due.rule == AUDIT:
        targets["accesses"].delete()
        targets["views"].delete()
    elif due.rule == INACTIVE_REMINDERS:
        _remind(targets["users"], now=now, grace_days=targets["grace_days"])
    elif due.rule == INACTIVE_ERASURES:
        reason = f"Inactive for more than {targets['months']} months after a reminder"
        for user in User.objects.filter(pk__in=targets["users"], erased_at__isnull=True):
            try:
                with transaction.atomic():
                    person_erase(user=user, via=Erasure.Via.RETENTION, reason=reason)
            except ApplicationError as error:
                # One refusal must not keep everyone else's erasure waiting: logged, retried
                # at the next run.
                logger.warning("Retention could not erase user %s: %s", user.pk, error.message)


def _remind(user_ids: list[int], *, now: datetime, grace_days: int) -> None:
    locked = list(
        User.objects.select_for_update()
        .filter(pk__in=user_ids, inactivity_reminded_at__isnull=True)
        .values_list("pk", flat=True)
    )
    User.objects.filter(pk__in=locked).update(inactivity_reminded_at=now)
    erase_on = (now + timedelta(days=grace_days)).date().isoformat()
    for user_id in locked:
        enqueue_on_commit(send_inactivity_reminder, user_id=user_id, erase_on=erase_on)


def _reminders_withdraw(now: datetime) -> int:
    """Reminded accounts that have been active since (an application, a profile change —
    a login clears the reminder itself) are reminded afresh if they fall inactive again."""
    active = candidate_accounts(now).filter(
        inactivity_reminded_at__isnull=False, last_activity__gte=F("inactivity_reminded_at")
    )
    return User.objects.filter(pk__in=list(active.values_list("pk", flat=True))).update(
        inactivity_reminded_at=None
    )


def retention_apply(*, now: datetime | None = None) -> list[Due]:
    """Apply every rule that is due at `now` (default: now) and return what each removed
    (the same rows `retention_due` reports). Each rule in its own transaction, selected
    afresh inside it; deleted files go after commit. Sends each reminder email once, after
    commit (`backoffice.tasks.send_inactivity_reminder`), and erases through
    `backoffice.erasure.person_erase(via="retention")`. Running it again changes nothing more."""
    now = now or timezone.now()
    with transaction.atomic():
        _reminders_withdraw(now)
    report: list[Due] = []
    for rule in RULES:
        with transaction.atomic():
            for due in retention_due(now=now, rules=(rule,)):
                if due.count:
                    _apply(due, now)
                report.append(due)
    return report


@receiver(user_logged_in, dispatch_uid="retention_clear_inactivity_reminder")
def _clear_inactivity_reminder(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    """Logging in is activity: the "your account will be erased" reminder no longer holds."""
    if getattr(user, "inactivity_reminded_at", None) is not None:
        User.objects.filter(pk=user.pk).update(inactivity_reminded_at=None)
        user.inactivity_reminded_at = None
