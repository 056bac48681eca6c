"""Issue 14.3: "Erase me". A fully populated person is erased; then every text, JSON and file
column of every table, and every file in the media folder, is scanned for their name, email,
phone and every free text about them — none may be left. Statistics and financial records
survive without the person."""

import contextlib
import json
import os
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.files.base import ContentFile
from django.db import models
from django.urls import reverse
from django.utils import timezone
from pypdf.errors import PdfStreamError

from backoffice.erasure import person_erase
from candidates.models import (
    AccessLog,
    ApplicantNote,
    Application,
    ApplicationStatusChange,
    Candidate,
    ConsentEvent,
    InterestRegistration,
    TripAlert,
    TripInvitation,
)
from core.models import Erasure, User
from core.tasks import email_password_reset
from employers.models import (
    BookingStatusChange,
    EmployerInvitation,
    EmployerMembership,
    Invoice,
    SlotBooking,
)
from events.models import OrganisationMembership, TripStatusChange
from followup.models import (
    CandidateFeedback,
    CaseStageChange,
    CaseTask,
    ContactEntry,
    CoordinatorMembership,
    EmployerRating,
    FollowUpCase,
    MeetingOutcome,
)
from itineraries.documents import combined_itinerary_document, personal_itinerary_document
from itineraries.models import CalendarToken, ItineraryDocument, Meeting, MeetingPreference
from packs.models import PackDocument, PackKind, PackMark
from packs.selectors import PackAccess
from packs.services import pack_document_current

from ..factories import BILLING, OrganisationFactory, TripFactory, UserFactory
from ..pdfs import pdf_text

pytestmark = pytest.mark.django_db

NAME = "Zorbulon Quaxley"
EMAIL = "Zorbulon.Quaxley@Mail.Example"
PHONE = "0709993141"
PASSWORD = "pw-for-tests-1"
TEXTS = {
    "city": "Qxcityville",
    "headline": "Qxheadline wrangler",
    "skill": "Qxskillcraft",
    "language": "Qxlangish",
    "partner": "Qxpartnerjob",
    "motivation": "Qxmotivation to move north",
    "from": "Qxfromtown",
    "diet": "Qxdietary gluten",
    "access": "Qxaccess ramp",
    "travel": "Qxtravel train 12:04",
    "hotel": "Qxhotel Storgatan 1",
    "room": "Qxroom with Bo",
    "note": "Qxorganiser note about them",
    "mark": "Qxemployer mark strong",
    "feedback": "Qxfeedback loved it",
    "case": "Qxcase internal note",
    "partner_name": "Qxpartnername",
    "housing": "Qxhousing Frösön",
    "source": "Qxsource met at fair",
    "stage": "Qxstage note",
    "task": "Qxtask call about school",
    "contact": "Qxcontact worried about preschool",
    "cv": "Qxcvcontent",
    "registration": "Qxregcity",
}
MARKERS = [NAME, "Zorbulon", "Quaxley", EMAIL, PHONE, *TEXTS.values()]
TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, models.FileField)


# --- The scanners ------------------------------------------------------------------------------


def _found_in(text: str) -> set[str]:
    lowered = text.casefold()
    return {marker for marker in MARKERS if marker.casefold() in lowered}


def database_findings() -> dict[str, set[str]]:
    """Marker → where ("table.column"), over every text, JSON and file column of every table
    (M2M through tables included), sessions' data decoded."""
    found: dict[str, set[str]] = {}
    for model in apps.get_models(include_auto_created=True):
        fields = [f for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS)]
        if not fields:
            continue
        for row in model._default_manager.values_list(*(f.attname for f in fields)):
            for field, value in zip(fields, row, strict=True):
                text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                for marker in _found_in(text):
                    found.setdefault(marker, set()).add(f"{model._meta.db_table}.{field.column}")
    for session in Session.objects.all():
        for marker in _found_in(json.dumps(session.get_decoded(), ensure_ascii=False)):
            found.setdefault(marker, set()).add("django_session (decoded)")
    return found


def media_findings(root: Path) -> dict[str, set[str]]:
    """Marker → files under MEDIA_ROOT holding it (PDFs by their text and their bytes)."""
    found: dict[str, set[str]] = {}
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            content = path.read_bytes()
            text = content.decode("latin-1")
            if content.startswith(b"%PDF"):
                # The test CV is a PDF in name only: its bytes count.
                with contextlib.suppress(PdfStreamError):
                    text += " " + pdf_text(content)
            for marker in _found_in(text):
                found.setdefault(marker, set()).add(str(path.relative_to(root)))
    return found


def statistics() -> dict:
    return {
        "applications": sorted(
            Application.objects.values_list("trip_id", "status", "created_at").order_by("pk")
        ),
        "status_history": ApplicationStatusChange.objects.count(),
        "outcomes": Counter(MeetingOutcome.objects.values_list("application__trip_id", "result")),
        "meetings": sorted(Meeting.objects.values_list("trip_id", "employer_id", "starts_at")),
        "ratings": sorted(CandidateFeedback.objects.values_list("trip_rating", "got_offer")),
        "employer_ratings": sorted(EmployerRating.objects.values_list("employer_id", "rating")),
        "cases": sorted(FollowUpCase.objects.values_list("organisation_id", "stage")),
        "sectors": sorted(Candidate.sectors.through.objects.values_list("sector_id", flat=True)),
        "bookings": list(SlotBooking.objects.order_by("pk").values()),
        "invoices": list(Invoice.objects.order_by("pk").values()),
    }


# --- The fully populated person ------------------------------------------------------------


def relations_of(model: type[models.Model]) -> list:
    return list(model._meta.related_objects)


def rows_for(relation, objects: list[models.Model]) -> int:
    related = relation.related_model
    if relation.many_to_many:
        return related.objects.filter(**{f"{relation.field.name}__in": objects}).count()
    return related._default_manager.filter(**{f"{relation.field.name}__in": objects}).count()


@pytest.fixture
def person(outcome_world, settings, tmp_path, client, django_capture_on_commit_callbacks):
    """Ada of `outcome_world`, renamed with marker strings and given a row in every relation a
    user, a candidate and an application have: a candidate who also is a member of an
    employer's team, an organiser of another organisation and a relocation coordinator."""
    settings.MEDIA_ROOT = tmp_path / "media"
    w = outcome_world
    application = w.ada
    candidate = application.candidate
    user = candidate.user
    User.objects.filter(pk=user.pk).update(full_name=NAME, email=EMAIL.lower(), language="en")
    user.refresh_from_db()
    candidate.name, candidate.email, candidate.phone = NAME, EMAIL, PHONE
    candidate.city, candidate.headline = TEXTS["city"], TEXTS["headline"]
    candidate.skills, candidate.languages = [TEXTS["skill"]], [TEXTS["language"]]
    candidate.partner_needs_job, candidate.partner_occupation = True, TEXTS["partner"]
    candidate.children_ages = [3, 7]
    candidate.residence_permit_status = "temporary"
    candidate.residence_permit_consent_at = timezone.now()
    candidate.consent_share_household_at = candidate.consent_share_contact_at = timezone.now()
    candidate.gender, candidate.birth_year = "woman", 1990
    candidate.cv.save("cv.pdf", ContentFile(f"%PDF-1.4 {NAME} {TEXTS['cv']}".encode()))
    candidate.save()
    for field, key in (
        ("motivation", "motivation"),
        ("travelling_from", "from"),
        ("dietary_needs", "diet"),
        ("accessibility_needs", "access"),
        ("travel", "travel"),
        ("accommodation", "hotel"),
        ("room_sharing", "room"),
    ):
        setattr(application, field, TEXTS[key])
    application.save()
    trip, organiser, are = w.trip, w.organiser, w.are

    # The candidate's side.
    registration = InterestRegistration.objects.create(
        email=EMAIL, name=NAME, city=TEXTS["registration"], user=user,
        consent_at=timezone.now(), consent_version="2026-11",
    )  # fmt: skip
    registration.sectors.set(candidate.sectors.all())
    later_trip = TripFactory(organisation=trip.organisation, status="published")
    TripInvitation.objects.create(trip=later_trip, candidate=candidate, invited_by=organiser)
    TripInvitation.objects.create(trip=trip, registration=registration, invited_by=organiser)
    ConsentEvent.objects.create(
        candidate=candidate, purpose="talent_db", granted=True, text_version="2026-11", via="web"
    )
    ConsentEvent.objects.create(
        registration=registration, purpose="talent_db", granted=True, text_version="2026-11",
        via="web",
    )  # fmt: skip
    AccessLog.objects.create(
        candidate=candidate, trip=trip, actor=w.are_member, employer=are, action="pack_web"
    )
    TripAlert.objects.create(trip=later_trip, email=EMAIL)
    ApplicationStatusChange.objects.create(
        application=application, from_status="", to_status="submitted", actor=user
    )
    ApplicationStatusChange.objects.create(
        application=application, from_status="submitted", to_status="accepted", actor=organiser
    )
    ApplicantNote.objects.create(application=application, author=organiser, text=TEXTS["note"])
    MeetingPreference.objects.create(
        application=application, employer=are, side="employer", level="must", set_by=w.are_member
    )
    PackMark.objects.create(
        employer=are, application=application, note=TEXTS["mark"], updated_by=w.are_member
    )
    MeetingOutcome.objects.create(
        application=application, employer=are, result="hired", start_date=timezone.localdate()
    )
    feedback = CandidateFeedback.objects.create(
        application=application, trip_rating=5, comment=TEXTS["feedback"], got_offer="yes"
    )
    EmployerRating.objects.create(feedback=feedback, employer=are, rating=4)
    case = FollowUpCase.objects.create(
        organisation=trip.organisation, candidate=candidate, name=NAME, email=EMAIL, phone=PHONE,
        source="fair", source_note=TEXTS["source"], partner_name=TEXTS["partner_name"],
        children=[{"age": 3, "need": "preschool"}], housing_need="rent",
        housing_where=TEXTS["housing"], notes=TEXTS["case"], assignee=user,
    )  # fmt: skip
    CaseStageChange.objects.create(
        case=case, from_status="", to_status="in_contact", actor=user, note=TEXTS["stage"]
    )
    CaseTask.objects.create(
        case=case, kind="school", title=TEXTS["task"], due_on=timezone.localdate(), assignee=user
    )
    ContactEntry.objects.create(case=case, channel="phone", note=TEXTS["contact"], author=user)

    # The same person as an employer member, an organiser elsewhere and a coordinator here.
    EmployerMembership.objects.create(employer=w.ostersund, user=user)
    booking = SlotBooking.objects.get(employer=w.ostersund, trip=trip)
    BookingStatusChange.objects.create(
        booking=booking, from_status="held", to_status="confirmed", actor=user
    )
    other_organisation = OrganisationFactory()
    OrganisationMembership.objects.create(organisation=other_organisation, user=user)
    their_trip = TripFactory(organisation=other_organisation)
    TripStatusChange.objects.create(
        trip=their_trip, from_status="draft", to_status="published", actor=user
    )
    CoordinatorMembership.objects.create(organisation=trip.organisation, user=user)
    EmployerInvitation.objects.create(
        employer=are, email=EMAIL.lower(), invited_by=w.are_member,
        expires_at=timezone.now() + timedelta(days=7),
    )  # fmt: skip
    booker = w.are_member  # the invoice's reference is somebody else (see the invoice test)
    are_booking = SlotBooking.objects.get(employer=are, trip=trip)
    SlotBooking.objects.filter(pk=are_booking.pk).update(created_by=booker)
    issue_invoice(are_booking)

    # Ways in and traces: tokens, a calendar feed, a session, a failed login, the admin's
    # history, a task that was given their address.
    from core.services import api_token_create

    api_token_create(user=user)
    CalendarToken.objects.create(user=user, selector="qxselector12", verifier="v" * 40)
    client.post(reverse("login"), {"username": EMAIL, "password": "not the password"})
    assert AccessAttempt.objects.filter(username=EMAIL.lower()).exists()
    client.force_login(user)  # a session (and its UserSession row), a TOTP device (coordinator)
    from core.two_factor import recovery_codes_generate

    recovery_codes_generate(user=user)
    LogEntry.objects.create(
        user=user, content_type=ContentType.objects.get_for_model(SlotBooking),
        object_id=str(booking.pk), object_repr=str(booking), action_flag=CHANGE,
        change_message="[]",
    )  # fmt: skip
    LogEntry.objects.create(
        user=organiser, content_type=ContentType.objects.get_for_model(Candidate),
        object_id=str(candidate.pk), object_repr=str(candidate), action_flag=ADDITION,
        change_message=json.dumps([{"added": {"name": "case", "object": NAME}}]),
    )  # fmt: skip
    settings.TASKS = {**settings.TASKS, "db": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    email_password_reset.using(backend="db").enqueue(email=EMAIL.lower(), language="en")

    # The PDFs that show them: both packs, their itinerary, the employer's itinerary (which
    # names whom they meet) and every participant's.
    with django_capture_on_commit_callbacks(execute=True):
        pack_document_current(
            trip, PackAccess(kind=PackKind.EMPLOYER, employer=are), PackKind.EMPLOYER, language="en"
        )
        pack_document_current(trip, PackAccess(kind=PackKind.FULL), PackKind.FULL, language="sv")
        personal_itinerary_document(trip, user, language="en")
        personal_itinerary_document(trip, w.are_member, language="sv")
        combined_itinerary_document(trip, language="sv")
    assert PackDocument.objects.exclude(pdf="").count() == 2
    assert ItineraryDocument.objects.exclude(pdf="").count() == 3
    w.person, w.candidate, w.case, w.booking = user, candidate, case, are_booking
    w.media = settings.MEDIA_ROOT
    return w


def issue_invoice(booking: SlotBooking) -> Invoice:
    from employers.invoices import invoice_issue
    from events.models import Organisation

    Organisation.objects.filter(pk=booking.trip.organisation_id).update(**BILLING)
    invoice = invoice_issue(booking=booking)
    assert invoice is not None
    return invoice


# --- The test of the issue -----------------------------------------------------------------


def test_erasing_a_fully_populated_person_leaves_no_trace_of_them(
    person, django_capture_on_commit_callbacks
):
    w = person
    user, candidate = w.person, w.candidate
    applications = list(Application.objects.filter(candidate=candidate))
    registrations = list(InterestRegistration.objects.filter(user=user))
    # Every relation the model has holds a row of theirs: a new relation without test data
    # fails here, before it can fail the privacy of real people.
    written_by_the_erasure = {(Erasure, "user")}
    for model, objects in (
        (User, [user]),
        (Candidate, [candidate]),
        (Application, applications),
        (InterestRegistration, registrations),
        (FollowUpCase, [w.case]),
        (CandidateFeedback, list(CandidateFeedback.objects.filter(application__in=applications))),
    ):
        for relation in relations_of(model):
            if (relation.related_model, relation.field.name) in written_by_the_erasure:
                continue
            assert rows_for(relation, objects) > 0, f"no test data for {relation}"
    # The scanners see every marker before (else they could not fail after).
    seen = database_findings()
    seen_in_files = media_findings(w.media)
    assert set(MARKERS) == set(seen) | set(seen_in_files)
    assert NAME in seen_in_files and TEXTS["travel"] in seen_in_files
    before = statistics()

    with django_capture_on_commit_callbacks(execute=True):
        erasure = person_erase(user=user, via="web")

    assert erasure.completed_at is not None
    assert database_findings() == {}
    assert media_findings(w.media) == {}
    assert statistics() == before
    # The documents were rebuilt without them, not just deleted.
    assert PackDocument.objects.filter(state="ready").exclude(pdf="").count() == 2
    assert not ItineraryDocument.objects.filter(user=user).exists()
    assert ItineraryDocument.objects.filter(state="ready").exclude(pdf="").count() == 2
    user.refresh_from_db()
    assert (user.email, user.full_name, user.is_active) == (
        f"erased-{user.pk}@erased.invalid",
        "",
        False,
    )
    assert not user.has_usable_password()
    assert user.erased_at is not None
    # Signed out everywhere, the second factor forgotten.
    assert not user.user_sessions.exists()
    assert not user.totpdevice_set.exists() and not user.staticdevice_set.exists()
    assert Candidate.objects.get(pk=candidate.pk).name == "—"
    assert [m.to for m in mail.outbox] == [[EMAIL.lower()]]
    assert "erased" in mail.outbox[0].subject


def test_an_issued_invoice_is_not_rewritten_when_its_booker_is_erased(
    meeting_world, django_capture_on_commit_callbacks
):
    """The documented exemption (Bokföringslagen, GDPR art. 17(3)(b)): an issued invoice keeps
    the buyer reference it was issued with; the booking stays, pointing at the placeholder."""
    member = meeting_world.members[0]
    booking = SlotBooking.objects.get(employer=member.employers.get(), trip=meeting_world.trip)
    SlotBooking.objects.filter(pk=booking.pk).update(created_by=member, team_on_site=PHONE)
    booking.refresh_from_db()
    amount = booking.amount_ore
    invoice = issue_invoice(booking)
    issued = Invoice.objects.filter(pk=invoice.pk).values().get()
    assert issued["buyer"]["email"] == member.email

    with django_capture_on_commit_callbacks(execute=True):
        person_erase(user=member, via="api")

    assert Invoice.objects.filter(pk=invoice.pk).values().get() == issued
    booking.refresh_from_db()
    assert booking.created_by_id == member.pk
    assert booking.team_on_site == ""
    assert (booking.status, booking.amount_ore) == ("confirmed", amount)
    assert not EmployerMembership.objects.filter(user=member).exists()


def test_erasing_twice_changes_nothing_and_emails_once(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = person_erase(user=person.person, via="web")
        second = person_erase(user=person.person, via="retention")
    assert second == first
    assert Erasure.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_place_on_a_trip_still_to_come_is_given_up_without_an_email_to_the_placeholder(
    organiser, django_capture_on_commit_callbacks
):
    from ..factories import ApplicationFactory, CandidateFactory

    trip = TripFactory(
        organisation=organiser.organisation_,
        status="published",
        starts_at=timezone.now() + timedelta(days=30),
        ends_at=timezone.now() + timedelta(days=32),
    )
    candidate = CandidateFactory(user=UserFactory(language="en"))
    place = ApplicationFactory(candidate=candidate, trip=trip, status="accepted")
    past = TripFactory(
        organisation=organiser.organisation_,
        starts_at=timezone.now() - timedelta(days=30),
        ends_at=timezone.now() - timedelta(days=28),
    )
    came = ApplicationFactory(candidate=candidate, trip=past, status="attended")
    address = candidate.user.email

    with django_capture_on_commit_callbacks(execute=True):
        person_erase(user=candidate.user, via="organiser", actor=organiser, reason="By letter")

    place.refresh_from_db()
    came.refresh_from_db()
    assert (place.status, came.status) == ("withdrawn", "attended")
    change = place.status_changes.last()
    assert (change.to_status, change.actor) == ("withdrawn", organiser)
    # Only the confirmation, to the real address: no status email to the placeholder.
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([address], "Your data on Jämtland Calling has been erased")
    ]
