"""Organisers run their own organisation (issue 10.4): its details and logo, inviting and
removing organisers; superusers create organisations in the back office."""

import io
import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.roles import roles_for
from events.models import Organisation, OrganisationMembership, OrganiserInvitation
from tests.factories import OrganisationFactory, OrganiserFactory, TripFactory, UserFactory

from ...signin import set_up_two_factor
from ..pages import form_errors, page_text, texts

pytestmark = pytest.mark.django_db
User = get_user_model()
PASSWORD = "fjall-och-skog-42"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def organisation(organisation):
    organisation.name = "Östersunds kommun"
    organisation.slug = "ostersund"
    organisation.save()
    return organisation


@pytest.fixture
def organiser(organiser):
    organiser.full_name = "Olga Arrangör"
    organiser.email = "olga@ostersund.test"
    organiser.save()
    return organiser


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(email="root@example.test", is_superuser=True, is_staff=True))
    return client


def _url(name: str, organisation, **kwargs) -> str:
    return reverse(f"manage:{name}", kwargs={"org": organisation.slug, **kwargs})


def _invite(client, organisation, email: str, capture):
    with capture(execute=True):
        return client.post(_url("organisers", organisation), {"email": email}, follow=True)


def _link(body: str) -> str:
    return urlsplit(re.search(r"https?://\S+/organisations/invitations/\S+/", body).group(0)).path


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (29, 78, 137)).save(buffer, format="PNG")
    return buffer.getvalue()


# --- Details and logo ----------------------------------------------------------------------------


def test_organisation_home_leads_to_the_organisers_organisation(organiser_client, organisation):
    response = organiser_client.get(reverse("manage:organisation"))

    assert response.url == _url("organisation_settings", organisation)


def test_editing_the_details(organiser_client, organisation):
    url = _url("organisation_settings", organisation)
    assert texts(organiser_client.get(url).content, "h1") == ["Östersunds kommun"]

    response = organiser_client.post(
        url,
        {"name": "Östersund Business", "contact_email": "Resor@Ostersund.test", "website": ""},
        follow=True,
    )

    assert texts(response.content, "p", "message") == ["The organisation's details are saved."]
    assert texts(response.content, "h1") == ["Östersund Business"]
    organisation.refresh_from_db()
    assert (organisation.name, organisation.contact_email, organisation.slug) == (
        "Östersund Business",
        "Resor@Ostersund.test",
        "ostersund",
    )


def test_a_name_another_organisation_has_is_refused(organiser_client, organisation):
    OrganisationFactory(name="Åre kommun")

    response = organiser_client.post(
        _url("organisation_settings", organisation), {"name": "Åre kommun", "contact_email": ""}
    )

    assert form_errors(response.content) == ["Organisation with this Name already exists."]
    organisation.refresh_from_db()
    assert organisation.name == "Östersunds kommun"


def test_uploading_a_logo_shows_it_to_everyone(organiser_client, organisation, client):
    response = organiser_client.post(
        _url("organisation_logo_upload", organisation),
        {"logo": SimpleUploadedFile("logo.png", _png(), content_type="image/png")},
        follow=True,
    )

    assert texts(response.content, "p", "message") == ["The logo is saved."]
    organisation.refresh_from_db()
    assert organisation.logo.name.startswith(f"organisation-logos/{organisation.pk}-")
    client.logout()
    served = client.get(reverse("organisation_logo", args=[organisation.slug]))
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == _png()
    trip = TripFactory(organisation=organisation, status="published")
    assert (
        reverse("organisation_logo", args=[organisation.slug])
        in client.get(trip.get_absolute_url()).content.decode()
    )


def test_a_logo_that_is_not_an_image_is_refused(organiser_client, organisation, client):
    response = organiser_client.post(
        _url("organisation_logo_upload", organisation),
        {"logo": SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>" * 10)},
    )

    assert form_errors(response.content) == [
        "This file is not a PNG, JPEG or WebP image (whatever its name says)."
    ]
    organisation.refresh_from_db()
    assert not organisation.logo
    assert client.get(reverse("organisation_logo", args=[organisation.slug])).status_code == 404


# --- Who may open the pages ----------------------------------------------------------------------

ORGANISATION_PAGES = ["organisation_settings", "organisation_logo_upload", "organisers"]


@pytest.mark.parametrize("name", ORGANISATION_PAGES)
def test_another_organisations_pages_are_not_found(client, organisation, other_organiser, name):
    client.force_login(other_organiser)

    assert client.get(_url(name, organisation)).status_code == 404


@pytest.mark.parametrize("name", ORGANISATION_PAGES)
def test_people_who_organise_nothing_get_403(client, organisation, plain_user, name):
    client.force_login(plain_user)

    assert client.get(_url(name, organisation)).status_code == 403
    assert client.get(reverse("manage:organisation")).status_code == 403


@pytest.mark.parametrize("name", ORGANISATION_PAGES)
def test_visitors_are_sent_to_log_in(client, organisation, name):
    response = client.get(_url(name, organisation))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# --- Inviting organisers -------------------------------------------------------------------------


def test_inviting_attaches_nobody_and_answers_the_same_for_known_and_unknown_addresses(
    organiser_client, organisation, django_capture_on_commit_callbacks
):
    known = UserFactory(email="karin@example.test", full_name="Karin Sten", language="sv")

    first = _invite(
        organiser_client, organisation, "karin@example.test", django_capture_on_commit_callbacks
    )
    second = _invite(
        organiser_client, organisation, "nobody@example.test", django_capture_on_commit_callbacks
    )

    for response, email in ((first, "karin@example.test"), (second, "nobody@example.test")):
        assert response.status_code == 200
        assert texts(response.content, "p", "message") == [
            f"We have sent an invitation to {email}. They become an organiser once they accept "
            "it; the link is valid for 14 days."
        ]
    assert not OrganisationMembership.objects.filter(user=known).exists()
    assert not User.objects.filter(email="nobody@example.test").exists()
    known.refresh_from_db()
    assert not known.is_staff
    body = page_text(second.content)
    assert (
        "karin@example.test Olga Arrangör" in body and "nobody@example.test Olga Arrangör" in body
    )
    assert "Karin Sten" not in body
    assert sorted(m.to[0] for m in mail.outbox) == ["karin@example.test", "nobody@example.test"]
    # Each email in the language of the address's account if it has one, else the inviter's.
    emails = {m.to[0]: m for m in mail.outbox}
    assert emails["karin@example.test"].subject == (
        "Du är inbjuden att bli arrangör för Östersunds kommun på Jämtland Calling"
    )
    assert emails["nobody@example.test"].subject == (
        "You are invited to be an organiser of Östersunds kommun on Jämtland Calling"
    )
    assert (
        "Olga Arrangör invites you to be an organiser of Östersunds kommun"
        in emails["nobody@example.test"].body
    )


def test_an_invitee_with_an_account_logs_in_and_accepts(
    organiser_client, organisation, client, django_capture_on_commit_callbacks
):
    karin = UserFactory(email="karin@example.test")
    _invite(
        organiser_client, organisation, "karin@example.test", django_capture_on_commit_callbacks
    )
    link = _link(mail.outbox[0].body)

    client.force_login(karin)
    page = client.get(link)
    assert texts(page.content, "h1") == ["Become an organiser of Östersunds kommun"]
    response = client.post(link, {"action": "accept"}, follow=True)

    # Organisers must use two-factor authentication: set up on the way to the back office.
    assert response.redirect_chain == [
        (reverse("manage:trip_list"), 302),
        (reverse("account_security_setup") + "?next=%2Fmanage%2F", 302),
    ]
    assert texts(response.content, "p", "message") == [
        "Welcome! You are now an organiser of Östersunds kommun.",
        "Organisers and coordinators must use two-factor authentication. Set it up to continue.",
    ]
    set_up_two_factor(client, karin)
    assert texts(client.get(reverse("manage:trip_list")).content, "h1") == ["Trips"]
    karin.refresh_from_db()
    assert karin.is_staff and roles_for(karin).organiser
    assert client.post(link, {"action": "accept"}).status_code == 410


def test_a_new_person_signs_up_from_the_link_and_accepts(
    organiser_client, organisation, client, django_capture_on_commit_callbacks
):
    _invite(organiser_client, organisation, "ny@ostersund.test", django_capture_on_commit_callbacks)
    link = _link(mail.outbox[0].body)
    client.logout()

    client.post(
        link,
        {"action": "signup", "full_name": "Nils Ny", "password1": PASSWORD, "password2": PASSWORD},
    )
    response = client.post(link, {"action": "accept"}, follow=True)

    assert texts(response.content, "h1") == ["Set up two-factor authentication"]
    set_up_two_factor(client, get_user_model().objects.get(email="ny@ostersund.test"))
    assert texts(client.get(reverse("manage:trip_list")).content, "h1") == ["Trips"]
    assert OrganisationMembership.objects.filter(
        organisation=organisation, user__email="ny@ostersund.test"
    ).exists()


def test_accepting_as_another_account_is_refused(
    organiser_client, organisation, client, plain_user, django_capture_on_commit_callbacks
):
    _invite(
        organiser_client, organisation, "karin@example.test", django_capture_on_commit_callbacks
    )
    client.force_login(plain_user)

    response = client.post(_link(mail.outbox[0].body), {"action": "accept"})

    assert response.status_code == 403
    assert not OrganisationMembership.objects.filter(user=plain_user).exists()


def test_inviting_an_organiser_again_is_refused(organiser_client, organisation, organiser):
    response = organiser_client.post(_url("organisers", organisation), {"email": organiser.email})

    assert form_errors(response.content) == [
        "olga@ostersund.test is already an organiser of Östersunds kommun.",
        "Already an organiser.",
    ]
    assert mail.outbox == []


def test_withdrawing_an_invitation(
    organiser_client, organisation, client, django_capture_on_commit_callbacks
):
    karin = UserFactory(email="karin@example.test")
    _invite(
        organiser_client, organisation, "karin@example.test", django_capture_on_commit_callbacks
    )
    invitation = OrganiserInvitation.objects.get()

    response = organiser_client.post(
        _url("organiser_invitation_revoke", organisation, pk=invitation.pk), follow=True
    )

    assert texts(response.content, "p", "message") == [
        "The invitation to karin@example.test is withdrawn: its link no longer works."
    ]
    assert "Pending invitations" not in page_text(response.content)
    client.force_login(karin)
    assert client.post(_link(mail.outbox[0].body), {"action": "accept"}).status_code == 410


def test_another_organisations_invitation_cannot_be_withdrawn(organiser_client, organisation):
    invitation = OrganiserInvitation.objects.create(
        organisation=OrganisationFactory(),
        email="x@example.test",
        expires_at=timezone.now() + timedelta(days=1),
    )

    url = _url("organiser_invitation_revoke", organisation, pk=invitation.pk)
    assert organiser_client.post(url).status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


# --- Removing organisers, leaving ----------------------------------------------------------------


def test_removing_an_organiser_asks_first_then_removes_and_tells_them(
    organiser_client, organisation, django_capture_on_commit_callbacks
):
    from events.services import organiser_add

    bo = UserFactory(email="bo@ostersund.test", full_name="Bo Ek", language="en")
    membership = organiser_add(organisation=organisation, user=bo)
    url = _url("organiser_remove", organisation, pk=membership.pk)

    confirm = organiser_client.post(url)
    assert texts(confirm.content, "h1") == ["Remove Bo Ek as an organiser of Östersunds kommun?"]

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(url, {"confirm": "yes"}, follow=True)

    assert texts(response.content, "p", "message") == [
        "Bo Ek is no longer an organiser of Östersunds kommun."
    ]
    bo.refresh_from_db()
    assert not bo.is_staff and not bo.groups.exists()
    assert not OrganisationMembership.objects.filter(user=bo).exists()
    [email] = mail.outbox
    assert email.to == ["bo@ostersund.test"]
    assert (
        email.subject == "You are no longer an organiser of Östersunds kommun on Jämtland Calling"
    )
    assert "Olga Arrangör has removed you as an organiser of Östersunds kommun." in email.body


def test_someone_who_still_organises_elsewhere_keeps_the_admin(organiser_client, organisation):
    from events.services import organiser_add

    bo = UserFactory()
    membership = organiser_add(organisation=organisation, user=bo)
    organiser_add(organisation=OrganisationFactory(), user=bo)

    organiser_client.post(
        _url("organiser_remove", organisation, pk=membership.pk), {"confirm": "yes"}
    )

    bo.refresh_from_db()
    assert bo.is_staff and bo.groups.filter(name="Organisers").exists()


def test_leaving_when_another_organiser_remains(organiser_client, organiser, organisation):
    OrganiserFactory(organisation=organisation)
    mine = OrganisationMembership.objects.get(user=organiser)
    url = _url("organiser_remove", organisation, pk=mine.pk)

    confirm = organiser_client.post(url)
    assert texts(confirm.content, "h1") == ["Stop being an organiser of Östersunds kommun?"]
    response = organiser_client.post(url, {"confirm": "yes"})

    assert response.url == reverse("manage:organisation")
    assert not OrganisationMembership.objects.filter(user=organiser).exists()
    assert organiser_client.get(response.url).status_code == 403


def test_the_last_organiser_cannot_leave(organiser_client, organiser, organisation):
    page = organiser_client.get(_url("organisers", organisation))
    assert "The only organiser" in page_text(page.content)
    mine = OrganisationMembership.objects.get(user=organiser)

    response = organiser_client.post(
        _url("organiser_remove", organisation, pk=mine.pk), {"confirm": "yes"}, follow=True
    )

    assert texts(response.content, "p", "message") == [
        "Olga Arrangör is the only organiser of Östersunds kommun. Invite another organiser "
        "and let them accept first, so that someone can still run it."
    ]
    assert OrganisationMembership.objects.filter(user=organiser).exists()


# --- Superusers create organisations -------------------------------------------------------------


def test_a_superuser_creates_an_organisation_and_invites_its_first_organiser(
    superuser_client, client, django_capture_on_commit_callbacks
):
    assert superuser_client.get(reverse("manage:organisation")).url == reverse(
        "manage:organisation_list"
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = superuser_client.post(
            reverse("manage:organisation_create"),
            {
                "name": "Krokoms kommun",
                "slug": "krokom",
                "contact_email": "resor@krokom.test",
                "first_organiser_email": "Eva@Krokom.test",
            },
            follow=True,
        )

    assert texts(response.content, "p", "message") == [
        "Krokoms kommun is created. We have sent an invitation to eva@krokom.test: they become "
        "its first organiser once they accept it."
    ]
    assert "Krokoms kommun resor@krokom.test 0 0" in page_text(response.content)
    organisation = Organisation.objects.get(slug="krokom")
    assert organisation.contact_email == "resor@krokom.test"
    [email] = mail.outbox
    assert email.to == ["eva@krokom.test"]

    eva = UserFactory(email="eva@krokom.test")
    client.force_login(eva)
    client.post(_link(email.body), {"action": "accept"})
    assert OrganisationMembership.objects.filter(organisation=organisation, user=eva).exists()


def test_creating_an_organisation_with_a_taken_slug_or_name(superuser_client, organisation):
    data = {"name": "Östersunds kommun", "slug": "ny", "first_organiser_email": "a@b.test"}

    response = superuser_client.post(reverse("manage:organisation_create"), data)
    assert form_errors(response.content) == [
        "An organisation named “Östersunds kommun” already exists.",
        "Already taken.",
    ]

    data = {**data, "name": "Ny", "slug": "ostersund"}
    response = superuser_client.post(reverse("manage:organisation_create"), data)
    assert form_errors(response.content) == ["The address “ostersund” is taken.", "Already taken."]

    response = superuser_client.post(reverse("manage:organisation_create"), {**data, "slug": "new"})
    assert form_errors(response.content) == ["Choose another short name."]
    assert Organisation.objects.count() == 1
    assert mail.outbox == []


def test_a_superuser_manages_any_organisations_organisers(
    superuser_client, organisation, django_capture_on_commit_callbacks
):
    response = _invite(
        superuser_client, organisation, "ny@ostersund.test", django_capture_on_commit_callbacks
    )

    assert response.status_code == 200
    assert [m.to for m in mail.outbox] == [["ny@ostersund.test"]]


@pytest.mark.parametrize("name", ["organisation_list", "organisation_create"])
def test_creating_organisations_is_for_superusers(organiser_client, name):
    assert organiser_client.get(reverse(f"manage:{name}")).status_code == 403


# --- Query counts --------------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _invitation(organisation, n: int):
    return OrganiserInvitation.objects.create(
        organisation=organisation,
        email=f"invited{n}@example.test",
        invited_by=UserFactory(),
        expires_at=timezone.now() + timedelta(days=14),
    )


def test_organisers_page_query_count_does_not_grow(organiser_client, organisation):
    url = _url("organisers", organisation)
    OrganiserFactory(organisation=organisation)
    _invitation(organisation, 0)
    few = _queries(organiser_client, url)
    for n in range(5):
        OrganiserFactory(organisation=organisation)
        _invitation(organisation, n + 1)

    assert _queries(organiser_client, url) == few


def test_organisation_list_query_count_does_not_grow(superuser_client):
    url = reverse("manage:organisation_list")
    OrganiserFactory()
    few = _queries(superuser_client, url)
    for _ in range(5):
        TripFactory(organisation=OrganiserFactory().organisation)

    assert _queries(superuser_client, url) == few


def test_the_organisers_page_and_invitation_email_are_swedish_when_asked_for(
    organiser_client, organisation, settings, django_capture_on_commit_callbacks
):
    organiser_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"

    response = _invite(
        organiser_client, organisation, "ny@ostersund.test", django_capture_on_commit_callbacks
    )

    assert "Bjud in en arrangör" in page_text(response.content)
    assert texts(response.content, "p", "message") == [
        "Vi har skickat en inbjudan till ny@ostersund.test. Hen blir arrangör när hen accepterar "
        "den; länken gäller i 14 dagar."
    ]
    # The address has no account: the email is in the language the inviter used.
    assert mail.outbox[0].subject == (
        "Du är inbjuden att bli arrangör för Östersunds kommun på Jämtland Calling"
    )
