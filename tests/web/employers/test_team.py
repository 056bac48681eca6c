"""An employer's team: invitations the invitee accepts, pending invitations, removing
members and leaving. (Issue 10.4: inviting used to attach any account without its consent.)"""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.roles import roles_for
from employers.models import EmployerInvitation, EmployerMembership
from tests.factories import EmployerMemberFactory, UserFactory, sector

from ..pages import form_errors, page_text, texts

pytestmark = pytest.mark.django_db
User = get_user_model()
PASSWORD = "fjall-och-skog-42"


def _invite(client, email: str, capture, **extra):
    with capture(execute=True):
        return client.post(
            reverse("employer:member_invite"), {"email": email, **extra}, follow=True
        )


def _link(body: str) -> str:
    return re.search(r"https?://\S+/employer/invitations/\S+/", body).group(0)


def _path(link: str) -> str:
    return urlsplit(link).path


# --- The security defect ------------------------------------------------------------------------


def test_inviting_an_existing_account_does_not_attach_it(
    member_client, employer, django_capture_on_commit_callbacks
):
    victim = UserFactory(email="karin@example.test", full_name="Karin Sten")

    response = _invite(member_client, "karin@example.test", django_capture_on_commit_callbacks)

    assert not EmployerMembership.objects.filter(user=victim).exists()
    assert roles_for(User.objects.get(pk=victim.pk)).employer is False
    assert "Karin Sten" not in page_text(response.content)


def test_an_unapproved_employer_cannot_invite(
    client, organisation, django_capture_on_commit_callbacks
):
    membership = EmployerMemberFactory(
        employer__organisation=organisation,
        employer__name="Nybörjarna AB",
        employer__approved_at=None,
    )
    UserFactory(email="karin@example.test")
    client.force_login(membership.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("employer:member_invite"), {"email": "karin@example.test"})

    assert response.status_code == 403
    assert mail.outbox == []
    assert list(membership.employer.members.all()) == [membership.user]


def test_the_answer_is_the_same_whether_or_not_the_address_has_an_account(
    member_client, django_capture_on_commit_callbacks
):
    UserFactory(email="known@example.test")

    known = _invite(member_client, "known@example.test", django_capture_on_commit_callbacks)
    unknown = _invite(member_client, "unknown@example.test", django_capture_on_commit_callbacks)

    assert known.status_code == unknown.status_code == 200
    assert texts(known.content, "p", "message") == [
        "We have sent an invitation to known@example.test. They join your team once they "
        "accept it; the link is valid for 14 days."
    ]
    assert texts(unknown.content, "p", "message") == [
        "We have sent an invitation to unknown@example.test. They join your team once they "
        "accept it; the link is valid for 14 days."
    ]


def test_inviting_creates_no_account_and_never_blocks_sign_up_or_password_reset(
    member_client, client, django_capture_on_commit_callbacks
):
    _invite(member_client, "bo@fjallkraft.test", django_capture_on_commit_callbacks)

    assert not User.objects.filter(email="bo@fjallkraft.test").exists()

    client.logout()
    response = client.post(
        reverse("signup_candidate"),
        {
            "email": "bo@fjallkraft.test",
            "full_name": "Bo Ek",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "sectors": [sector("it").pk],
        },
    )
    assert response.status_code == 302
    bo = User.objects.get(email="bo@fjallkraft.test")
    assert bo.check_password(PASSWORD)

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # the email goes by a task
        client.post(reverse("password_reset"), {"email": "bo@fjallkraft.test"})
    assert [m.subject for m in mail.outbox] == ["Choose a new password for Jämtland Calling"]


# --- Inviting and accepting ---------------------------------------------------------------------


def test_a_new_person_signs_up_from_the_link_and_accepts(
    member_client, employer, client, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "http://testserver"

    response = _invite(member_client, "Bo@Fjallkraft.test", django_capture_on_commit_callbacks)

    [email] = mail.outbox
    assert email.to == ["bo@fjallkraft.test"]
    assert email.subject == "You are invited to the Fjällkraft AB team on Jämtland Calling"
    assert "Anna Berg invites you to join the team of Fjällkraft AB" in email.body
    assert "log in with your email address (bo@fjallkraft.test)" in email.body
    link = _link(email.body)
    # Only a hash of the link's token is stored.
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert not employer.invitations.filter(token_hash=token).exists()
    # The team sees the pending invitation; nobody has joined.
    assert "Pending invitations" in page_text(response.content)
    assert "bo@fjallkraft.test Anna Berg" in page_text(response.content)
    assert [m.user.email for m in EmployerMembership.objects.filter(employer=employer)] == [
        "anna@fjallkraft.test"
    ]

    client.logout()
    page = client.get(_path(link))
    assert page.status_code == 200
    assert texts(page.content, "h1") == ["Join the team of Fjällkraft AB"]
    assert "Anna Berg invited bo@fjallkraft.test." in page_text(page.content)

    response = client.post(
        _path(link),
        {
            "action": "signup",
            "full_name": "Bo Ek",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "email": "someone-else@example.test",
        },
        follow=True,
    )
    bo = User.objects.get(email="bo@fjallkraft.test")  # the invited address, whatever was posted
    assert not User.objects.filter(email="someone-else@example.test").exists()
    assert texts(response.content, "p", "message") == [
        "Your account is ready. Now accept the invitation."
    ]
    assert not EmployerMembership.objects.filter(user=bo).exists()  # not before accepting

    response = client.post(_path(link), {"action": "accept"}, follow=True)

    assert response.redirect_chain[-1] == (reverse("employer:dashboard"), 302)
    assert texts(response.content, "p", "message") == ["Welcome to the team of Fjällkraft AB."]
    assert texts(response.content, "h1") == ["Fjällkraft AB"]
    assert EmployerMembership.objects.filter(employer=employer, user=bo).exists()
    assert "Pending invitations" not in page_text(response.content)

    # The link works once.
    again = client.get(_path(link))
    assert again.status_code == 410
    assert texts(again.content, "h1") == ["This invitation link no longer works"]
    assert "This invitation has already been accepted." in page_text(again.content)


def test_someone_with_an_account_logs_in_and_accepts(
    member_client, employer, client, django_capture_on_commit_callbacks
):
    karin = UserFactory(email="karin@example.test", full_name="Karin Sten", language="sv")
    _invite(member_client, "karin@example.test", django_capture_on_commit_callbacks)
    [email] = mail.outbox
    assert email.subject == "Du är inbjuden till teamet för Fjällkraft AB på Jämtland Calling"
    link = _path(_link(email.body))

    client.logout()
    response = client.get(link)
    assert f'href="{reverse("login")}?next={link}"' in response.content.decode()
    response = client.post(
        reverse("login"),
        {"username": "karin@example.test", "password": "pw-for-tests-1", "next": link},
    )
    assert response.url == link
    response = client.post(link, {"action": "accept"}, follow=True)

    assert texts(response.content, "h1") == ["Fjällkraft AB"]
    assert EmployerMembership.objects.filter(employer=employer, user=karin).exists()


def test_accepting_as_another_account_is_refused_with_the_reason(
    member_client, employer, client, plain_user, django_capture_on_commit_callbacks
):
    _invite(member_client, "bo@fjallkraft.test", django_capture_on_commit_callbacks)
    link = _path(_link(mail.outbox[0].body))
    client.force_login(plain_user)

    page = client.get(link)
    assert texts(page.content, "p", "banner") == [
        "This invitation is for bo@fjallkraft.test, but you are logged in as "
        "someone@example.test. Log out, then log in as bo@fjallkraft.test (or create an account "
        "with that address) to accept it."
    ]
    response = client.post(link, {"action": "accept"})

    assert response.status_code == 403
    assert texts(response.content, "p", "message--error") == [
        "This invitation is for bo@fjallkraft.test, but you are logged in as "
        "someone@example.test. Log in as bo@fjallkraft.test to accept it."
    ]
    assert not EmployerMembership.objects.filter(user=plain_user).exists()


def test_signing_up_from_the_link_with_an_address_that_has_an_account_says_log_in(
    member_client, client, django_capture_on_commit_callbacks
):
    UserFactory(email="bo@fjallkraft.test")
    _invite(member_client, "bo@fjallkraft.test", django_capture_on_commit_callbacks)
    client.logout()

    response = client.post(
        _path(_link(mail.outbox[0].body)),
        {"action": "signup", "full_name": "Bo", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert form_errors(response.content) == [
        "An account with this email address already exists. Log in instead."
    ]
    assert User.objects.filter(email="bo@fjallkraft.test").count() == 1


def test_logging_out_from_the_wrong_account_comes_back_to_the_invitation(
    member_client, client, plain_user, django_capture_on_commit_callbacks
):
    _invite(member_client, "bo@fjallkraft.test", django_capture_on_commit_callbacks)
    link = _path(_link(mail.outbox[0].body))
    client.force_login(plain_user)

    response = client.post(reverse("logout"), {"next": link}, follow=True)

    assert response.redirect_chain[-1] == (link, 302)
    assert "Do you have an account with bo@fjallkraft.test?" in page_text(response.content)


def test_an_expired_invitation_cannot_be_accepted(
    member_client, employer, client, django_capture_on_commit_callbacks
):
    bo = UserFactory(email="bo@fjallkraft.test")
    _invite(member_client, "bo@fjallkraft.test", django_capture_on_commit_callbacks)
    link = _path(_link(mail.outbox[0].body))
    now = timezone.now()
    employer.invitations.update(
        created_at=now - timedelta(days=15), expires_at=now - timedelta(minutes=1)
    )
    client.force_login(bo)

    page = client.get(link)
    assert page.status_code == 410
    assert "This invitation expired on" in page_text(page.content)
    assert client.post(link, {"action": "accept"}).status_code == 410
    assert not EmployerMembership.objects.filter(user=bo).exists()
    # An expired invitation is no longer listed as pending.
    assert "Pending invitations" not in page_text(member_client.get("/employer/").content)


def test_an_unknown_link_is_404_with_a_page(client):
    response = client.get(reverse("employer:invitation", args=["not-a-real-token"]))

    assert response.status_code == 404
    assert texts(response.content, "h1") == ["This invitation link does not work"]


def test_inviting_again_replaces_the_link(
    member_client, employer, client, django_capture_on_commit_callbacks
):
    bo = UserFactory(email="bo@fjallkraft.test")
    _invite(member_client, "bo@fjallkraft.test", django_capture_on_commit_callbacks)
    _invite(member_client, "bo@fjallkraft.test", django_capture_on_commit_callbacks)

    first, second = (_path(_link(m.body)) for m in mail.outbox)
    assert [m.to for m in mail.outbox] == [["bo@fjallkraft.test"]] * 2
    assert employer.invitations.filter(revoked_at__isnull=True).count() == 1
    client.force_login(bo)
    assert client.post(first, {"action": "accept"}).status_code == 410
    assert client.post(second, {"action": "accept"}).status_code == 302
    assert EmployerMembership.objects.filter(employer=employer, user=bo).exists()


def test_inviting_someone_already_in_the_team(member_client, member):
    response = member_client.post(reverse("employer:member_invite"), {"email": member.email})

    assert form_errors(response.content) == [
        "anna@fjallkraft.test is already in your team.",
        "Already in your team.",
    ]
    assert mail.outbox == []


def test_the_unapproved_employer_is_told_why_it_cannot_invite(client, organisation):
    organisation.name = "Östersunds kommun"
    organisation.save()
    membership = EmployerMemberFactory(
        employer__organisation=organisation,
        employer__name="Nybörjarna AB",
        employer__approved_at=None,
    )
    client.force_login(membership.user)

    response = client.get(reverse("employer:member_invite"))

    assert response.status_code == 403
    assert texts(response.content, "p", "banner") == [
        "You can invite colleagues once Östersunds kommun has approved Nybörjarna AB."
    ]
    dashboard = client.get(reverse("employer:dashboard"))
    assert "Invite a team member" not in page_text(dashboard.content)


# --- Pending invitations, removing, leaving ------------------------------------------------------


def test_withdrawing_an_invitation_stops_its_link(
    member_client, employer, client, django_capture_on_commit_callbacks
):
    bo = UserFactory(email="bo@fjallkraft.test")
    _invite(member_client, "bo@fjallkraft.test", django_capture_on_commit_callbacks)
    link = _path(_link(mail.outbox[0].body))
    invitation = employer.invitations.get()

    response = member_client.post(
        reverse("employer:invitation_revoke", args=[invitation.pk]), follow=True
    )

    assert texts(response.content, "p", "message") == [
        "The invitation to bo@fjallkraft.test is withdrawn: its link no longer works."
    ]
    assert "Pending invitations" not in page_text(response.content)
    client.force_login(bo)
    page = client.post(link, {"action": "accept"})
    assert page.status_code == 410
    assert "This invitation has been withdrawn" in page_text(page.content)
    assert not EmployerMembership.objects.filter(user=bo).exists()


def test_another_teams_invitation_cannot_be_withdrawn(member_client):
    other = EmployerMemberFactory()

    invitation = EmployerInvitation.objects.create(
        employer=other.employer,
        email="x@example.test",
        expires_at=timezone.now() + timedelta(days=1),
    )

    assert (
        member_client.post(reverse("employer:invitation_revoke", args=[invitation.pk])).status_code
        == 404
    )
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_removing_a_colleague_asks_first_then_removes_and_tells_them(
    member_client, employer, django_capture_on_commit_callbacks
):
    colleague = EmployerMemberFactory(
        employer=employer,
        user__full_name="Bo Ek",
        user__email="bo@fjallkraft.test",
        user__language="en",
    )
    url = reverse("employer:member_remove", args=[colleague.pk])

    confirm = member_client.post(url)
    assert texts(confirm.content, "h1") == ["Remove Bo Ek from the team of Fjällkraft AB?"]
    assert EmployerMembership.objects.filter(pk=colleague.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(url, {"confirm": "yes"}, follow=True)

    assert texts(response.content, "p", "message") == ["Bo Ek is no longer in your team."]
    assert not EmployerMembership.objects.filter(pk=colleague.pk).exists()
    [email] = mail.outbox
    assert email.to == ["bo@fjallkraft.test"]
    assert email.subject == "You are no longer in the Fjällkraft AB team on Jämtland Calling"
    assert "Anna Berg has removed you from the team of Fjällkraft AB." in email.body


def test_removing_yourself_or_another_teams_member_is_refused(member_client, member, employer):
    mine = EmployerMembership.objects.get(user=member)
    EmployerMemberFactory(employer=employer)  # so that the team would not be empty

    response = member_client.post(
        reverse("employer:member_remove", args=[mine.pk]), {"confirm": "yes"}, follow=True
    )
    assert texts(response.content, "p", "message") == ["To remove yourself, leave the team."]
    assert EmployerMembership.objects.filter(pk=mine.pk).exists()

    other = EmployerMemberFactory()
    url = reverse("employer:member_remove", args=[other.pk])
    assert member_client.post(url, {"confirm": "yes"}).status_code == 404
    assert EmployerMembership.objects.filter(pk=other.pk).exists()


def test_leaving_the_team(member_client, member, employer):
    EmployerMemberFactory(employer=employer)
    url = reverse("employer:leave")

    confirm = member_client.post(url)
    assert texts(confirm.content, "h1") == ["Leave the team of Fjällkraft AB?"]

    response = member_client.post(url, {"confirm": "yes"}, follow=True)

    assert response.redirect_chain[-1] == (reverse("home"), 302)
    assert texts(response.content, "p", "message") == ["You have left the team of Fjällkraft AB."]
    assert not EmployerMembership.objects.filter(user=member).exists()
    assert member_client.get(reverse("employer:dashboard")).status_code == 403


def test_the_last_member_cannot_leave(member_client, member, employer):
    dashboard = member_client.get(reverse("employer:dashboard"))
    assert "You are the only member" in page_text(dashboard.content)
    assert "Leave the team" not in page_text(dashboard.content)

    response = member_client.post(reverse("employer:leave"), {"confirm": "yes"}, follow=True)

    assert texts(response.content, "p", "message") == [
        "You are the only member of Fjällkraft AB. Invite a colleague and let them accept "
        "before you leave, so that someone can still manage it."
    ]
    assert EmployerMembership.objects.filter(user=member).exists()


def test_a_member_of_two_teams_leaves_one_and_works_as_the_other(
    member_client, member, employer, organisation
):
    andra = EmployerMemberFactory(
        user=member, employer__organisation=organisation, employer__name="Andra AB"
    ).employer
    EmployerMemberFactory(employer=andra)

    # The dashboard shows "Andra AB" first (by name): that is the team left.
    response = member_client.post(reverse("employer:leave"), {"confirm": "yes"}, follow=True)

    assert texts(response.content, "p", "message") == ["You have left the team of Andra AB."]
    assert texts(response.content, "h1") == ["Fjällkraft AB"]


# --- Password reset, for every real account ------------------------------------------------------


def test_password_reset_works_for_an_account_without_a_usable_password(
    client, django_capture_on_commit_callbacks
):
    user = User.objects.create_user(email="utan@example.test", password=None)  # e.g. the admin
    assert not user.has_usable_password()

    with django_capture_on_commit_callbacks(execute=True):  # the email goes by a task
        client.post(reverse("password_reset"), {"email": "Utan@Example.test"})

    [email] = mail.outbox
    link = next(line for line in email.body.splitlines() if "/accounts/reset/" in line)
    response = client.get(link, follow=True)
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "ny-losen-2040-x", "new_password2": "ny-losen-2040-x"},
        follow=True,
    )
    assert texts(response.content, "h1") == ["Password changed"]
    user.refresh_from_db()
    assert user.check_password("ny-losen-2040-x")


def test_password_reset_for_an_unknown_address_sends_nothing(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("password_reset"), {"email": "nobody@example.test"}, follow=True
        )

    assert texts(response.content, "h1") == ["Check your email"]
    assert mail.outbox == []
