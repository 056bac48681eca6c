import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from candidates.consents import consent_set
from candidates.models import CONSENT_TEXT_VERSION, Application
from candidates.selectors import cv_viewable_by, places_left, profile_completeness
from candidates.services import (
    application_transition,
    application_withdraw,
    applications_bulk_transition,
    candidate_profile_update,
    waitlist_offer_accept,
    waitlist_offer_decline,
    waitlist_offer_expire,
    waitlist_offer_token,
)
from core.exceptions import CapacityExceeded, DeadlinePassed, InvalidTransition, ValidationFailed

from ..factories import (
    ApplicationFactory,
    CandidateFactory,
    EmployerMemberFactory,
    OrganiserFactory,
    SlotBookingFactory,
    TripFactory,
)

pytestmark = pytest.mark.django_db


def pdf_bytes(text: str = "CV") -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_profile_update_records_consents_with_version_and_erases_permit_without_consent():
    candidate = CandidateFactory()
    candidate = candidate_profile_update(
        candidate=candidate,
        actor=candidate.user,
        headline="Sjuksköterska",
        skills=[" IVA ", "", "Akutsjukvård"],
        consent_talent_db=True,
        consent_residence_permit=True,
        residence_permit_status="temporary",
    )
    assert candidate.skills == ["IVA", "Akutsjukvård"]
    assert candidate.consent_talent_db_version == CONSENT_TEXT_VERSION
    assert candidate.residence_permit_status == "temporary"
    candidate = candidate_profile_update(
        candidate=candidate, actor=candidate.user, consent_residence_permit=False
    )
    assert (candidate.residence_permit_status, candidate.residence_permit_consent_at) == ("", None)


def test_permit_status_is_not_stored_without_consent():
    candidate = CandidateFactory()
    candidate = candidate_profile_update(
        candidate=candidate, actor=None, residence_permit_status="temporary"
    )
    assert candidate.residence_permit_status == ""


def test_bad_children_ages_are_a_field_error():
    with pytest.raises(ValidationFailed) as error:
        candidate_profile_update(candidate=CandidateFactory(), actor=None, children_ages=[3, 99])
    assert list(error.value.extra["fields"]) == ["children_ages"]


@pytest.mark.parametrize(
    ("content", "name", "code_text"),
    [
        (b"hello, I am text", "cv.pdf", "not a PDF"),
        (b"%PDF-1.7\n garbage garbage", "cv.pdf", "could not be read"),
        (b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024), "big.pdf", "limit is 5 MB"),
    ],
    ids=["text-named-pdf", "broken-pdf", "too-large"],
)
def test_cv_is_checked_by_content(content, name, code_text):
    candidate = CandidateFactory()
    with pytest.raises(ValidationFailed, match=code_text):
        candidate_profile_update(
            candidate=candidate, actor=None, cv=SimpleUploadedFile(name, content)
        )
    candidate.refresh_from_db()
    assert not candidate.cv


def test_valid_cv_is_stored_privately_and_counts_for_completeness():
    candidate = CandidateFactory()
    before, missing = profile_completeness(candidate)
    assert "cv" in missing
    candidate = candidate_profile_update(
        candidate=candidate, actor=None, cv=SimpleUploadedFile("mitt cv.pdf", pdf_bytes())
    )
    assert candidate.cv.name.startswith(f"private/cv/{candidate.user_id}/")
    after, missing = profile_completeness(candidate)
    assert after > before and "cv" not in missing


def test_cv_access_rules(organisation):
    trip = TripFactory(organisation=organisation, status="published")
    candidate = CandidateFactory()
    candidate_profile_update(
        candidate=candidate, actor=None, cv=SimpleUploadedFile("cv.pdf", pdf_bytes())
    )
    candidate.refresh_from_db()
    application = ApplicationFactory(candidate=candidate, trip=trip)
    organiser = OrganiserFactory(organisation=organisation).user
    stranger_organiser = OrganiserFactory().user
    booked = SlotBookingFactory(trip=trip, status="confirmed", hold_expires_at=None)
    employer_member = EmployerMemberFactory(employer=booked.employer).user
    held = SlotBookingFactory(trip=trip)
    held_member = EmployerMemberFactory(employer=held.employer).user

    assert cv_viewable_by(candidate, candidate.user)
    assert cv_viewable_by(candidate, organiser)
    assert not cv_viewable_by(candidate, stranger_organiser)
    assert not cv_viewable_by(candidate, employer_member)  # not accepted, no consent
    Application.objects.filter(pk=application.pk).update(status="accepted")
    assert not cv_viewable_by(candidate, employer_member)  # accepted, but no consent yet
    consent_set(candidate=candidate, purpose="share_trip", trip=trip, granted=True, via="web")
    assert cv_viewable_by(candidate, employer_member)
    other_trip = TripFactory(organisation=organisation, status="published")
    other_booking = SlotBookingFactory(trip=other_trip, status="confirmed", hold_expires_at=None)
    other_member = EmployerMemberFactory(employer=other_booking.employer).user
    ApplicationFactory(candidate=candidate, trip=other_trip, status="accepted")
    assert not cv_viewable_by(candidate, other_member)  # shared with the first trip only
    assert not cv_viewable_by(candidate, held_member)  # booking not confirmed


@pytest.fixture
def full_trip(organisation):
    trip = TripFactory(organisation=organisation, status="published", candidate_capacity=2)
    accepted = ApplicationFactory.create_batch(2, trip=trip, status="accepted")
    waiting = [
        ApplicationFactory(trip=trip, status="waitlisted", candidate__user__language="en")
        for _ in range(2)
    ]
    return trip, accepted, waiting


def test_withdrawal_offers_the_place_to_the_first_waitlisted(
    full_trip, django_capture_on_commit_callbacks
):
    trip, accepted, waiting = full_trip
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application_withdraw(application=accepted[0], actor=accepted[0].candidate.user)
    first = Application.objects.get(pk=waiting[0].pk)
    assert first.status == "waitlisted" and first.offer_expires_at is not None
    assert Application.objects.get(pk=waiting[1].pk).offer_expires_at is None
    offer = next(
        m for m in mail.outbox if m.to == [first.candidate.user.email] and "free" in m.subject
    )
    assert "/offers/" in offer.body and "/accept/" in offer.body
    # The offered place is reserved: an organiser cannot give it to someone else.
    assert places_left(trip) == 0
    with pytest.raises(CapacityExceeded):
        application_transition(application=waiting[1], actor=None, to_status="accepted")
    accepted_now = waitlist_offer_accept(token=waitlist_offer_token(first))
    assert accepted_now.status == "accepted"
    assert Application.objects.filter(trip=trip, status="accepted").count() == 2


def test_declined_offer_goes_to_the_next_in_line(full_trip):
    trip, accepted, waiting = full_trip
    application_withdraw(application=accepted[0], actor=None)
    first = Application.objects.get(pk=waiting[0].pk)
    waitlist_offer_decline(token=waitlist_offer_token(first))
    assert Application.objects.get(pk=waiting[0].pk).status == "withdrawn"
    assert Application.objects.get(pk=waiting[1].pk).offer_expires_at is not None


def test_expired_offer_lapses_and_the_next_is_offered(full_trip):
    trip, accepted, waiting = full_trip
    application_withdraw(application=accepted[0], actor=None)
    first = Application.objects.get(pk=waiting[0].pk)
    token = waitlist_offer_token(first)
    Application.objects.filter(pk=first.pk).update(
        offer_expires_at=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(DeadlinePassed):
        waitlist_offer_accept(token=token)
    waitlist_offer_expire(application_id=first.pk)
    assert Application.objects.get(pk=first.pk).status == "declined"
    assert Application.objects.get(pk=waiting[1].pk).offer_expires_at is not None


def test_bulk_accept_is_all_or_nothing(organisation):
    trip = TripFactory(organisation=organisation, status="published", candidate_capacity=2)
    applicants = ApplicationFactory.create_batch(3, trip=trip)
    with pytest.raises(CapacityExceeded, match="nothing was changed"):
        applications_bulk_transition(applications=applicants, actor=None, to_status="accepted")
    assert set(Application.objects.values_list("status", flat=True)) == {"submitted"}
    done = applications_bulk_transition(
        applications=applicants[:2], actor=None, to_status="accepted"
    )
    assert [a.status for a in done] == ["accepted", "accepted"]
    with pytest.raises(InvalidTransition, match="one trip"):
        applications_bulk_transition(
            applications=[applicants[2], ApplicationFactory()], actor=None, to_status="declined"
        )


def test_every_status_change_emails_the_candidate_in_their_language(
    organisation, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(
        trip=TripFactory(organisation=organisation, status="published", title="Kockresan"),
        candidate__user__language="en",
    )
    with django_capture_on_commit_callbacks(execute=True):
        application_transition(application=application, actor=None, to_status="shortlisted")
        application_transition(application=application, actor=None, to_status="accepted")
    bodies = [m.body for m in mail.outbox]
    assert "You are on the shortlist for Kockresan." in bodies[0]
    assert "Welcome! You have a place on Kockresan." in bodies[1]
