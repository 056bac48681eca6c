"""Organisers invite relocation coordinators on the organisers page and remove them; the
invitee accepts from the emailed link and lands on the caseload."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from followup.models import CaseTask, CoordinatorMembership

from ...factories import UserFactory
from ...signin import set_up_two_factor
from ...web.pages import form_errors, page_text, texts
from .conftest import make_case, make_coordinator

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-1"


def organisers_url(organisation) -> str:
    return reverse("manage:organisers", kwargs={"org": organisation.slug})


def invite(client, organisation, email, capture):
    url = reverse("manage:coordinator_invite", kwargs={"org": organisation.slug})
    with capture(execute=True):
        return client.post(url, {"coordinator-email": email}, follow=True)


def link_in(body: str) -> str:
    return urlsplit(re.search(r"https?://\S+/followup/invitations/\S+/", body).group(0)).path


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


def test_invited_coordinator_signs_up_accepts_and_lands_on_the_caseload(
    organiser_client, organisation, django_capture_on_commit_callbacks
):
    response = invite(
        organiser_client, organisation, "Lotsen@Example.test", django_capture_on_commit_callbacks
    )

    assert texts(response.content, "p", "message") == [
        "We have sent an invitation to lotsen@example.test. They become a relocation "
        "coordinator once they accept it; the link is valid for 14 days."
    ]
    assert "lotsen@example.test" in texts(response.content, "section")[-1]
    assert not CoordinatorMembership.objects.exists()
    (email,) = mail.outbox
    assert email.to == ["lotsen@example.test"]
    assert email.subject == (
        f"You are invited to be a relocation coordinator of {organisation.name} on Jämtland Calling"
    )
    link = link_in(email.body)

    invitee = Client(headers={"Accept-Language": "en"})
    page = invitee.get(link)
    assert texts(page.content, "h1") == [f"Become a relocation coordinator of {organisation.name}"]
    invitee.post(
        link,
        {"action": "signup", "full_name": "Lo Lots", "password1": PASSWORD, "password2": PASSWORD},
    )
    accepted = invitee.post(link, {"action": "accept"}, follow=True)

    # A coordinator must use two-factor authentication: set up on the way to the caseload.
    assert accepted.redirect_chain == [
        (reverse("followup_case_list"), 302),
        (reverse("account_security_setup") + "?next=%2Ffollowup%2Fcases%2F", 302),
    ]
    assert texts(accepted.content, "p", "message") == [
        "Your account is ready. Now accept the invitation.",
        f"Welcome! You are now a relocation coordinator of {organisation.name}.",
        "Organisers and coordinators must use two-factor authentication. Set it up to continue.",
    ]
    set_up_two_factor(invitee, CoordinatorMembership.objects.get().user)
    caseload = invitee.get(reverse("followup_case_list"))
    assert caseload.status_code == 200
    membership = CoordinatorMembership.objects.get()
    assert membership.organisation == organisation
    assert membership.user.email == "lotsen@example.test"
    assert invitee.post(link, {"action": "accept"}).status_code == 410
    # Coordinators do not get the organisers' back office.
    assert invitee.get(reverse("manage:trip_list")).status_code == 403
    assert "Follow-up" in texts(caseload.content, "nav", "subnav")[0]
    assert "Trips" not in texts(caseload.content, "nav", "subnav")[0]


def test_accepting_as_another_account_is_refused(
    organiser_client, organisation, django_capture_on_commit_callbacks
):
    invite(
        organiser_client, organisation, "lotsen@example.test", django_capture_on_commit_callbacks
    )
    someone = UserFactory(email="someone@example.test")
    other = Client(headers={"Accept-Language": "en"})
    other.force_login(someone)

    response = other.post(link_in(mail.outbox[0].body), {"action": "accept"})

    assert response.status_code == 403
    assert not CoordinatorMembership.objects.exists()


def test_inviting_a_coordinator_again_is_refused(organiser_client, organisation, coordinator):
    url = reverse("manage:coordinator_invite", kwargs={"org": organisation.slug})

    response = organiser_client.post(url, {"coordinator-email": coordinator.email})

    assert response.status_code == 422
    assert any("already a relocation coordinator" in e for e in form_errors(response.content))


def test_coordinators_cannot_invite_coordinators(client, coordinator, organisation):
    client.force_login(coordinator)
    url = reverse("manage:coordinator_invite", kwargs={"org": organisation.slug})

    response = client.post(url, {"coordinator-email": "x@example.test"})

    assert response.status_code in (403, 404)
    assert not mail.outbox


def test_withdrawn_invitation_link_stops_working(
    organiser_client, organisation, django_capture_on_commit_callbacks
):
    invite(
        organiser_client, organisation, "lotsen@example.test", django_capture_on_commit_callbacks
    )
    link = link_in(mail.outbox[0].body)
    invitation = organisation.coordinator_invitations.get()

    organiser_client.post(
        reverse(
            "manage:coordinator_invitation_revoke",
            kwargs={"org": organisation.slug, "pk": invitation.pk},
        )
    )

    assert Client().get(link).status_code == 410


def test_removing_a_coordinator_unassigns_their_cases(organiser_client, organisation, client):
    lotsen = make_coordinator(organisation, full_name="Lo Lots")
    case = make_case(organisation, assignee=lotsen)
    task = CaseTask.objects.create(
        case=case, kind="call_back", title="Call", due_on="2026-12-10", assignee=lotsen
    )
    membership = CoordinatorMembership.objects.get(user=lotsen)
    page = organiser_client.get(organisers_url(organisation))
    assert "Lo Lots" in page_text(page.content)

    response = organiser_client.post(
        reverse(
            "manage:coordinator_remove", kwargs={"org": organisation.slug, "pk": membership.pk}
        ),
        follow=True,
    )

    assert texts(response.content, "p", "message") == [
        f"Lo Lots is no longer a relocation coordinator of {organisation.name}."
    ]
    assert not CoordinatorMembership.objects.exists()
    case.refresh_from_db()
    task.refresh_from_db()
    assert case.assignee is None and task.assignee is None
    removed = Client()
    removed.force_login(lotsen)
    assert removed.get(reverse("followup_case_list")).status_code == 403


def test_pending_invitations_of_both_kinds_are_listed_with_their_own_withdraw(
    organiser_client, organisation, django_capture_on_commit_callbacks
):
    invite(organiser_client, organisation, "lots@example.test", django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(organisers_url(organisation), {"email": "kollega@example.test"})

    page = organiser_client.get(organisers_url(organisation)).content.decode()

    coordinator = organisation.coordinator_invitations.get()
    assert (
        reverse(
            "manage:coordinator_invitation_revoke",
            kwargs={"org": organisation.slug, "pk": coordinator.pk},
        )
        in page
    )
    organiser_invitation = organisation.invitations.get()
    assert (
        reverse(
            "manage:organiser_invitation_revoke",
            kwargs={"org": organisation.slug, "pk": organiser_invitation.pk},
        )
        in page
    )
    assert page.count("Pending invitations") == 2
