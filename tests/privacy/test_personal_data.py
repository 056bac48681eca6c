"""Issue 14.2: "My data" — everyone downloads a ZIP of everything we hold about them."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from candidates.models import AccessLog, ApplicationStatusChange, InterestRegistration
from core.models import ApiToken
from employers.models import Invoice, SlotBooking
from events.models import OrganiserInvitation
from followup.models import (
    CandidateFeedback,
    CaseStageChange,
    CaseTask,
    ContactEntry,
    EmployerRating,
    FollowUpCase,
    MeetingOutcome,
)
from packs.models import PackMark

from ..factories import OrganiserFactory, UserFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/me/export"
CV_BYTES = b"%PDF-1.7\nAda's CV, every byte of it"


def unzip(response) -> tuple[dict, dict[str, bytes]]:
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    files = {name: archive.read(name) for name in archive.namelist()}
    return json.loads(files["data.json"]), files


@pytest.fixture
def ada_world(outcome_world):
    """Ada with everything: a CV, an interest registration, an application with history,
    practical information, a meeting with Åre Data, a note of theirs, an access to her data, a
    case with a stage change, a task and an internal contact note, an outcome and her feedback.
    Cia met Åre Data too, and has a case of her own."""
    w = outcome_world
    ada = w.ada.candidate
    ada.cv.save("ada-cv.pdf", ContentFile(CV_BYTES))
    ada.residence_permit_status = "temporary"
    ada.residence_permit_consent_at = timezone.now()
    ada.children_ages = [4, 9]
    ada.save()
    InterestRegistration.objects.create(
        email=ada.email.upper(), name="Ada early", consent_at=timezone.now(), consent_version="v1"
    )
    w.ada.travel = "Train 12:04 from Stockholm"
    w.ada.save()
    ApplicationStatusChange.objects.create(
        application=w.ada, from_status="submitted", to_status="accepted", actor=w.organiser
    )
    PackMark.objects.create(employer=w.are, application=w.ada, note="Strong Django skills")
    PackMark.objects.create(employer=w.are, application=w.cia, note="Cia-only remark")
    AccessLog.objects.create(
        candidate=ada, trip=w.trip, employer=w.are, actor=w.are_member, action="pack_web"
    )
    case = FollowUpCase.objects.create(
        organisation=w.trip.organisation, candidate=ada, name=ada.name, source="trip"
    )
    CaseStageChange.objects.create(case=case, from_status="", to_status="in_contact")
    CaseTask.objects.create(
        case=case, kind="call_back", title="Call Ada about housing", due_on=timezone.localdate()
    )
    ContactEntry.objects.create(
        case=case, channel="phone", note="Internal: worried about preschool places"
    )
    cia_case = FollowUpCase.objects.create(
        organisation=w.trip.organisation, candidate=w.cia.candidate, name="Cia", source="trip"
    )
    ContactEntry.objects.create(case=cia_case, channel="phone", note="Cia's private matter")
    MeetingOutcome.objects.create(application=w.ada, employer=w.are, result="interview")
    feedback = CandidateFeedback.objects.create(
        application=w.ada, trip_rating=5, comment="Loved Åre", got_offer="no"
    )
    EmployerRating.objects.create(feedback=feedback, employer=w.are, rating=4)
    return w


def test_a_candidate_downloads_everything_about_them_and_nothing_about_others(ada_world, client):
    w = ada_world
    ada = w.ada.candidate
    client.force_login(ada.user)

    response = client.post(reverse("manage:my_data_export"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == (
        f'attachment; filename="my-data-{timezone.localdate().isoformat()}.zip"'
    )
    assert response["Cache-Control"] == "private, no-store"
    data, files = unzip(response)
    [cv_name] = [name for name in files if name.startswith("cv/")]
    assert cv_name == "cv/" + ada.cv.name.rsplit("/", 1)[-1]
    assert files[cv_name] == CV_BYTES
    assert data["account"]["email"] == ada.user.email
    profile = data["candidate_profile"]
    assert profile["residence_permit_status"] == "temporary"
    assert profile["children_ages"] == [4, 9]
    assert [r["name"] for r in data["interest_registrations"]] == ["Ada early"]
    [application] = data["applications"]
    assert application["share_consent_version"] == "2026-01"  # shared with this trip
    assert application["practical_information"]["travel"] == "Train 12:04 from Stockholm"
    assert [c["to_status"] for c in application["status_history"]] == ["accepted"]
    assert [m["employer_label"] for m in application["meetings"]] == [w.are.name]
    assert [n["note"] for n in application["employer_notes"]] == ["Strong Django skills"]
    assert [o["result"] for o in application["meeting_outcomes"]] == ["interview"]
    assert application["feedback"]["comment"] == "Loved Åre"
    assert [r["rating"] for r in application["feedback"]["employer_ratings"]] == [4]
    assert [(a["employer"], a["action"], a["trip"]) for a in data["accesses"]] == [
        (w.are.name, "pack_web", w.trip.title)
    ]
    [case] = data["followup_cases"]
    assert [t["title"] for t in case["tasks"]] == ["Call Ada about housing"]
    assert [e["note"] for e in case["contact_log"]] == ["Internal: worried about preschool places"]
    assert [c["to_status"] for c in case["stage_history"]] == ["in_contact"]
    assert "note" in data["emails"]
    text = files["data.json"].decode()
    for foreign in (
        "Cia-only remark",
        "Cia's private matter",
        w.cia.candidate.email,
        w.bo.candidate.email,
    ):
        assert foreign not in text


def test_the_export_lists_the_sessions_without_their_keys(ada_world, client):
    user = ada_world.ada.candidate.user
    client.force_login(user)
    key = client.session.session_key

    response = client.post(reverse("manage:my_data_export"))

    data, files = unzip(response)
    [session] = data["account"]["sessions"]
    assert set(session) == {"id", "created_at", "last_seen_at", "user_agent", "ip"}
    assert data["account"]["two_factor_authentication"] is False
    assert key not in files["data.json"].decode()


def test_the_export_holds_no_password_or_token_hash(ada_world, client, bearer):
    user = ada_world.ada.candidate.user
    headers = bearer(user)
    token = ApiToken.objects.get(user=user)

    response = client.get(API, headers=headers)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] == "private, no-store"
    data, files = unzip(response)
    text = files["data.json"].decode()
    assert len(data["account"]["api_tokens"]) == 1
    assert "pbkdf2" not in text
    assert user.password not in text
    assert token.key_hash not in text


def test_an_employer_member_exports_their_memberships_bookings_and_invoices(ada_world, client):
    w = ada_world
    member = w.are_member
    booking = SlotBooking.objects.get(employer=w.are)
    SlotBooking.objects.filter(pk=booking.pk).update(created_by=member)
    Invoice.objects.create(
        organisation=w.trip.organisation,
        booking=booking,
        kind="invoice",
        number=1042,
        issued_on=timezone.localdate(),
        due_on=timezone.localdate() + timedelta(days=30),
        ocr="10424",
        net_ore=1_500_000,
        vat_ore=375_000,
        gross_ore=1_875_000,
        vat_rate=25,
        description="Employer slot",
        seller={},
        buyer={},
        refund_cutoff=timezone.now(),
        language="sv",
    )
    client.force_login(member)

    data, files = unzip(client.post(reverse("manage:my_data_export")))

    assert list(files) == ["data.json"]
    assert data["account"]["email"] == member.email
    assert data["candidate_profile"] is None
    assert [m["employer_label"] for m in data["employer_memberships"]] == [w.are.name]
    assert [b["id"] for b in data["bookings_you_created"]] == [booking.pk]
    assert [(i["number"], i["gross_ore"]) for i in data["invoices_of_your_employers"]] == [
        (1042, 1_875_000)
    ]
    assert "Strong Django skills" not in files["data.json"].decode()


def test_an_organiser_exports_their_memberships_and_invitations(client):
    membership = OrganiserFactory()
    OrganiserInvitation.objects.create(
        organisation=membership.organisation,
        email="new@example.test",
        invited_by=membership.user,
        expires_at=timezone.now() + timedelta(days=7),
    )
    OrganiserFactory()  # someone else
    client.force_login(membership.user)

    data, _files = unzip(client.post(reverse("manage:my_data_export")))

    assert [m["organisation_label"] for m in data["organisation_memberships"]] == [
        str(membership.organisation)
    ]
    assert [i["email"] for i in data["invitations_you_sent"]] == ["new@example.test"]
    assert data["applications"] == []


def test_the_page_offers_the_button_and_anonymous_people_are_turned_away(client):
    assert client.get(API).status_code == 401
    page = client.get(reverse("manage:my_data_export"))
    assert page.status_code == 302
    assert reverse("login") in page["Location"]

    client.force_login(UserFactory())
    page = client.get(reverse("manage:my_data_export"))
    assert page.status_code == 200
    assert b"Download my data" in page.content
    assert b'method="post"' in page.content


def test_the_profile_links_to_the_export(ada_world, client):
    client.force_login(ada_world.ada.candidate.user)
    page = client.get(reverse("candidate_profile"))
    assert reverse("manage:my_data_export").encode() in page.content


def test_the_employer_dashboard_and_the_organisation_page_link_to_the_export(ada_world, client):
    export = reverse("manage:my_data_export").encode()
    client.force_login(ada_world.are_member)
    assert export in client.get(reverse("employer:dashboard")).content
    client.force_login(ada_world.organiser)
    organisation = ada_world.trip.organisation
    page = client.get(reverse("manage:organisation_settings", kwargs={"org": organisation.slug}))
    assert export in page.content
