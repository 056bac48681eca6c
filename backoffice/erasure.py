"""Erasing a person's data (issue 14.3, GDPR article 17).

`person_erase` deletes or anonymises everything we hold about a person — the map of what that
is, is `backoffice.personal_data` (the export) — and keeps what statistics and the accounts
need without the person: the User and Candidate rows as placeholders (so foreign keys of
applications, meetings, outcomes, bookings and audit rows still count), applications with
their status and dates, status histories, meetings, meeting wishes, outcomes, feedback ratings,
consent events and access logs (which hold no personal data), and bookings and issued invoices
untouched (Bokföringslagen: seven years; an issued invoice is never rewritten, so its buyer
reference keeps the name of whoever booked — the one exemption, art. 17(3)(b)).

It lives in backoffice because it is the one app that may import every app holding personal
data. docs/architecture.md ("Erasure") lists what goes and what stays.
"""

import logging

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from candidates.models import (
    ApplicantNote,
    Application,
    Candidate,
    InterestRegistration,
    TripAlert,
)
from candidates.services import OPEN_APPLICATION_STATUSES, application_withdraw
from core.emails import send_to_address
from core.exceptions import ValidationFailed
from core.models import ApiToken, Erasure, User
from core.tasks import enqueue_on_commit
from core.two_factor import two_factor_devices_delete
from core.user_sessions import account_credentials_revoke
from employers.models import EmployerInvitation, EmployerMembership, SlotBooking
from events.models import OrganisationMembership, OrganiserInvitation
from followup.models import (
    CandidateFeedback,
    CaseStageChange,
    CaseTask,
    ContactEntry,
    CoordinatorInvitation,
    CoordinatorMembership,
    FollowUpCase,
    TaskDigest,
)
from itineraries.models import CalendarToken, ItineraryDocument
from itineraries.tasks import refresh_itinerary_documents
from packs.models import PackDocument, PackMark
from packs.services import pack_parts_forget
from packs.tasks import refresh_pack_documents

logger = logging.getLogger(__name__)

# What an erased person is called where a name is required (the placeholder rows).
ERASED_NAME = "—"
ERASED_REPR = "[erased]"


def erased_email(user_id: int) -> str:
    """The placeholder address of an erased account: unique, and undeliverable (.invalid)."""
    return f"erased-{user_id}@erased.invalid"


def _email_q(field: str, emails: set[str]) -> Q:
    q = Q(pk__in=[])
    for email in emails:
        q |= Q(**{f"{field}__iexact": email})
    return q


def _wipe_documents(model: type[PackDocument] | type[ItineraryDocument], qs) -> list[str]:
    """Forget the cached PDFs of `qs` (their files go after commit) and mark them stale, so
    the refresh task rebuilds each without the person; nobody is served the old file."""
    files = [name for name in qs.exclude(pdf="").values_list("pdf", flat=True)]
    qs.update(pdf="", version="", state=model.State.QUEUED, progress=0, pages=0, built_at=None)
    return files


def _sessions_of(user: User) -> list[str]:
    """The keys of the user's sessions (decoding each: the session table has no user column)."""
    keys = []
    for session in Session.objects.iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            keys.append(session.session_key)
    return keys


def _admin_log_scrub(user: User, candidate: Candidate | None, texts: set[str]) -> None:
    """The admin's history names what it changed (`object_repr`, and inline objects in
    `change_message`): blank both on entries about the person's objects or naming them."""
    owned: list[tuple[type[models.Model], list[int]]] = [(User, [user.pk])]
    if candidate is not None:
        owned += [
            (Candidate, [candidate.pk]),
            (Application, list(candidate.applications.values_list("pk", flat=True))),
        ]
    about = Q(pk__in=[])
    for model, ids in owned:
        content_type = ContentType.objects.get_for_model(model)
        about |= Q(content_type=content_type, object_id__in=[str(i) for i in ids])
    for text in texts:
        about |= Q(object_repr__icontains=text) | Q(change_message__icontains=text)
    LogEntry.objects.filter(about).update(object_repr=ERASED_REPR, change_message="")


def _task_rows_scrub(texts: set[str]) -> None:
    """Background tasks store their arguments (an address to email, say) and errors in
    django_tasks_db's table: delete the rows that mention the person."""
    q = Q(pk__in=[])
    for text in texts:
        q |= Q(kwargs_text__icontains=text) | Q(traceback__icontains=text)
    DBTaskResult.objects.annotate(kwargs_text=Cast("args_kwargs", models.TextField())).filter(
        q
    ).delete()


def _axes_scrub(emails: set[str]) -> None:
    from axes.models import (  # noqa: PLC0415 -- leaf: axes' tables, used here only
        AccessAttempt,
        AccessFailureLog,
    )
    from axes.models import AccessLog as AxesAccessLog  # noqa: PLC0415 -- leaf

    for model in (AccessAttempt, AccessFailureLog, AxesAccessLog):
        model.objects.filter(_email_q("username", emails)).delete()


def _candidate_erase(candidate: Candidate, emails: set[str], texts: set[str]) -> list[int]:
    """The profile, its applications and everything hanging on them; returns the trips."""
    applications = Application.objects.filter(candidate=candidate)
    trip_ids = list(applications.values_list("trip_id", flat=True))
    ApplicantNote.objects.filter(application__in=applications).delete()
    PackMark.objects.filter(application__in=applications).delete()
    CandidateFeedback.objects.filter(application__in=applications).update(comment="")
    applications.update(
        motivation="",
        travelling_from="",
        dietary_needs="",
        accessibility_needs="",
        travel="",
        accommodation="",
        room_sharing="",
        share_consent_at=None,
        share_consent_version="",
    )
    texts.update(t for t in (candidate.name, candidate.phone) if len(t) >= 4)
    candidate.name = ERASED_NAME
    candidate.email = erased_email(candidate.user_id)
    for field in (
        "phone",
        "city",
        "country",
        "headline",
        "partner_occupation",
        "residence_permit_status",
        "gender",
        "consent_talent_db_version",
    ):
        setattr(candidate, field, "")
    for field in (
        "earliest_move_date",
        "residence_permit_consent_at",
        "birth_year",
        "born_abroad",
        "consent_talent_db_at",
        "consent_renewal_asked_at",
        "consent_share_household_at",
        "consent_share_contact_at",
    ):
        setattr(candidate, field, None)
    candidate.skills, candidate.languages, candidate.children_ages = [], [], []
    candidate.years_experience = 0
    candidate.partner_needs_job = False
    candidate.alerts_unsubscribed_at = timezone.now()
    candidate.cv = ""
    candidate.save()
    return trip_ids


def _cases_erase(cases) -> None:
    """Follow-up cases keep their stage (for the statistics of moves and hires) and nothing
    else: the household, notes, the contact log and the tasks' text go."""
    ContactEntry.objects.filter(case__in=cases).delete()
    CaseTask.objects.filter(case__in=cases).update(title="")
    CaseStageChange.objects.filter(case__in=cases).update(note="")
    cases.update(
        name=ERASED_NAME,
        email="",
        phone="",
        city="",
        source_note="",
        partner_name="",
        partner_occupation="",
        partner_looking_for_work=False,
        children=[],
        housing_need="",
        housing_from=None,
        housing_where="",
        notes="",
    )


def _after_commit(
    *, files: list[str], cv_folder: str, address: str, language: str, via: str
) -> None:
    """Once the erasure is committed: delete the files, then send the confirmation.

    Sent here, in the process that erased, not by a background task: a task's arguments are
    stored in the task table (django_tasks_db) for as long as its result is kept, and the
    address must not outlive the erasure anywhere we hold data. A failed send is logged (the
    erasure stands); the mail server's own log is outside this database."""
    for name in files:
        default_storage.delete(name)
    try:
        _dirs, leftovers = default_storage.listdir(cv_folder)
    except FileNotFoundError:
        leftovers = []
    for name in leftovers:  # CVs replaced earlier, if any stayed behind
        default_storage.delete(f"{cv_folder}/{name}")
    if address:
        try:
            send_to_address(
                email=address, language=language, template="erasure_done", context={"via": via}
            )
        except Exception:
            logger.exception("The erasure confirmation could not be sent")


def person_erase(*, user: User, via: str, actor: User | None = None, reason: str = "") -> Erasure:
    """Erase or anonymise everything we hold about `user`, keeping statistics and financial
    records without the person. Returns the `Erasure` record (completed).

    One transaction, the user's row locked. Open applications to trips that have not
    started are withdrawn (`candidates.services.application_withdraw`: the waitlist moves up,
    meetings are released). After commit: the CV and the cached PDFs that
    showed the person are deleted from storage, `packs.tasks.refresh_pack_documents` and
    `itineraries.tasks.refresh_itinerary_documents` rebuild the trips' documents without
    them, and the confirmation email goes to the address the account had (in its language).
    An account already erased is left alone (its last erasure is returned). Raises
    ValidationFailed for an unknown `via`, or an organiser's erasure without a reason."""
    if via not in Erasure.Via.values:
        raise ValidationFailed(_("Unknown way of erasing: %(via)s") % {"via": via})
    reason = reason.strip()
    if via == Erasure.Via.ORGANISER and not reason:
        message = _("A reason is required.")
        raise ValidationFailed(message, {"fields": {"reason": [message]}})
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.erased_at is not None:
            previous = Erasure.objects.filter(user=user).first()
            if previous is not None:
                return previous
        now = timezone.now()
        erasure = Erasure.objects.create(user=user, via=via, actor=actor, reason=reason)
        address, language = user.email, user.language
        candidate = Candidate.objects.filter(user=user).first()
        emails = {user.email.lower()}
        if candidate is not None:
            emails.add(candidate.email.lower())
        texts = set(emails) | ({user.full_name} if len(user.full_name) >= 4 else set())
        files: list[str] = []
        trip_ids: set[int] = set()

        if candidate is not None:
            # A place on a trip still to come is given up (the person will not come): the
            # waitlist moves up and their meetings are released, as when they withdraw.
            for application in Application.objects.filter(
                candidate=candidate, status__in=OPEN_APPLICATION_STATUSES, trip__starts_at__gt=now
            ).select_related("trip"):
                application_withdraw(application=application, actor=actor or user)
            if candidate.cv.name:
                files.append(candidate.cv.name)
            trip_ids.update(_candidate_erase(candidate, emails, texts))
        _cases_erase(
            FollowUpCase.objects.filter(Q(candidate__user=user) | _email_q("email", emails))
        )
        InterestRegistration.objects.filter(Q(user=user) | _email_q("email", emails)).delete()
        TripAlert.objects.filter(_email_q("email", emails)).delete()

        # Employer member, organiser, coordinator: their memberships go; what they did for
        # their organisation stays, attributed to the placeholder account. Bookings are
        # financial records (kept); who is on site, with phone numbers, is not.
        bookings = SlotBooking.objects.filter(created_by=user)
        trip_ids.update(bookings.values_list("trip_id", flat=True))
        bookings.update(team_on_site="")
        EmployerMembership.objects.filter(user=user).delete()
        OrganisationMembership.objects.filter(user=user).delete()
        CoordinatorMembership.objects.filter(user=user).delete()
        for invitation_model in (EmployerInvitation, OrganiserInvitation, CoordinatorInvitation):
            invitation_model.objects.filter(_email_q("email", emails)).delete()
        FollowUpCase.objects.filter(assignee=user).update(assignee=None)
        CaseTask.objects.filter(assignee=user).update(assignee=None)

        # Ways in: signed out everywhere (core.user_sessions), tokens, two-factor devices,
        # feeds, sessions, and the lockout's record of their address.
        account_credentials_revoke(user=user)
        ApiToken.objects.filter(user=user).delete()
        two_factor_devices_delete(user=user)
        CalendarToken.objects.filter(user=user).delete()
        TaskDigest.objects.filter(user=user).delete()
        Session.objects.filter(session_key__in=_sessions_of(user)).delete()
        _axes_scrub(emails)
        _admin_log_scrub(user, candidate, texts)
        _task_rows_scrub(texts)

        # Cached PDFs: the person's own itineraries go; every document of their trips is
        # rebuilt (packs list them, employers' itineraries name whom they meet).
        personal = ItineraryDocument.objects.filter(user=user)
        files += [name for name in personal.exclude(pdf="").values_list("pdf", flat=True)]
        personal.delete()
        packs = PackDocument.objects.filter(trip_id__in=trip_ids)
        pack_parts_forget(packs)  # the cached parts of their PDFs (core.pdf_assembly)
        files += _wipe_documents(PackDocument, packs)
        files += _wipe_documents(
            ItineraryDocument, ItineraryDocument.objects.filter(trip_id__in=trip_ids)
        )

        user.email = erased_email(user.pk)
        user.full_name = ""
        user.set_unusable_password()
        user.is_active = user.is_staff = user.is_superuser = False
        user.last_login = None
        user.inactivity_reminded_at = None
        user.erased_at = now
        user.save()
        user.groups.clear()
        user.user_permissions.clear()

        erasure.completed_at = timezone.now()
        erasure.save(update_fields=["completed_at"])
        if trip_ids:
            enqueue_on_commit(refresh_pack_documents, trip_ids=sorted(trip_ids))
            enqueue_on_commit(refresh_itinerary_documents, trip_ids=sorted(trip_ids))
        cv_folder = f"private/cv/{user.pk}"
        transaction.on_commit(
            lambda: _after_commit(
                files=files, cv_folder=cv_folder, address=address, language=language, via=via
            ),
            robust=True,
        )
    return erasure
