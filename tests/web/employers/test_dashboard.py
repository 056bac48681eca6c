from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from employers.models import EmployerInvitation, HiringNeed
from tests.factories import (
    EmployerFactory,
    EmployerMemberFactory,
    HiringNeedFactory,
    OrganisationFactory,
    sector,
)

from ..pages import form_errors, page_text, texts
from .conftest import image_bytes

pytestmark = pytest.mark.django_db


def test_dashboard_needs_login_and_membership(client, plain_user):
    url = reverse("employer:dashboard")

    assert client.get(url).url == f"{reverse('login')}?next={url}"

    client.force_login(plain_user)
    assert client.get(url).status_code == 403


def test_dashboard_shows_profile_team_and_approval_banner(client, organisation):
    organisation.name = "Östersunds kommun"
    organisation.save()
    membership = EmployerMemberFactory(
        employer__organisation=organisation,
        employer__name="Nybörjarna AB",
        employer__approved_at=None,
        user__email="ny@example.test",
        user__full_name="Nils Ny",
    )
    client.force_login(membership.user)

    response = client.get(reverse("employer:dashboard"))

    assert response.status_code == 200
    assert texts(response.content, "h1") == ["Nybörjarna AB"]
    assert texts(response.content, "p", "banner") == [
        "Awaiting approval by Östersunds kommun. You can edit your profile, team and hiring "
        "needs now; booking a slot on a trip opens once you are approved."
    ]
    assert "Nils Ny ny@example.test" in page_text(response.content)


def test_approved_employer_has_no_banner(member_client):
    response = member_client.get(reverse("employer:dashboard"))

    assert texts(response.content, "p", "banner") == []
    assert "Approved" in texts(response.content, "span", "badge")


def test_profile_edit_saves_and_shows(member_client, employer):
    slug = employer.slug
    url = reverse("employer:profile")
    assert member_client.get(url).status_code == 200

    response = member_client.post(
        url,
        {
            "name": "Fjällkraft Norr AB",
            "description": "Vi bygger vindkraft.",
            "website": "fjallkraft.example",
            "sectors": [sector("it").pk, sector("ingenjor-industri").pk],
        },
        follow=True,
    )

    assert texts(response.content, "p", "message") == ["Your company profile is saved."]
    assert texts(response.content, "h1") == ["Fjällkraft Norr AB"]
    body = page_text(response.content)
    assert "Vi bygger vindkraft." in body
    assert "https://fjallkraft.example" in body
    employer.refresh_from_db()
    assert {s.code for s in employer.sectors.all()} == {"it", "ingenjor-industri"}
    assert employer.slug == slug  # links keep working after a rename


def test_profile_edit_needs_a_sector(member_client):
    response = member_client.post(
        reverse("employer:profile"), {"name": "X AB", "description": "", "website": ""}
    )

    assert form_errors(response.content) == ["Choose at least one sector."]


# --- Logo ------------------------------------------------------------------------------------


def _upload(client, name: str, content: bytes, content_type: str = "image/png"):
    return client.post(
        reverse("employer:logo_upload"),
        {"logo": SimpleUploadedFile(name, content, content_type=content_type)},
        follow=True,
    )


def test_logo_upload_accepts_a_real_png_and_serves_it(member_client, employer, client):
    png = image_bytes("PNG")

    response = _upload(member_client, "logo.png", png)

    assert texts(response.content, "p", "message") == ["Your logo is saved."]
    employer.refresh_from_db()
    assert employer.logo.name.startswith(f"logos/{employer.pk}-")
    logo_url = reverse("employer:logo", args=[employer.pk])
    assert f'src="{logo_url}?v=' in response.content.decode()

    served = member_client.get(logo_url)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert b"".join(served.streaming_content) == png


@pytest.mark.parametrize(("image_format", "content_type"), [("JPEG", "jpeg"), ("WEBP", "webp")])
def test_logo_upload_accepts_jpeg_and_webp(member_client, employer, image_format, content_type):
    # The name says PNG; the content decides.
    _upload(member_client, "logo.png", image_bytes(image_format))

    served = member_client.get(reverse("employer:logo", args=[employer.pk]))
    assert served["Content-Type"] == f"image/{content_type}"


def test_logo_upload_rejects_a_text_file_named_png(member_client, employer):
    response = _upload(member_client, "logo.png", b"This is not an image at all.\n" * 20)

    assert form_errors(response.content) == [
        "This file is not a PNG, JPEG or WebP image (whatever its name says)."
    ]
    employer.refresh_from_db()
    assert not employer.logo


def test_logo_upload_rejects_a_truncated_png(member_client, employer):
    png = image_bytes("PNG", size=(200, 200))

    response = _upload(member_client, "logo.png", png[: len(png) // 2])

    assert form_errors(response.content) == [
        "This file is not a PNG, JPEG or WebP image (whatever its name says)."
    ]


def test_logo_upload_rejects_other_image_formats(member_client):
    response = _upload(member_client, "logo.png", image_bytes("GIF"), "image/gif")

    assert form_errors(response.content) == ["This is a GIF image; upload a PNG, JPEG or WebP."]


def test_logo_upload_rejects_a_file_over_2_mb(member_client, employer):
    too_big = image_bytes("PNG") + b"\0" * (2 * 1024 * 1024)

    response = _upload(member_client, "logo.png", too_big)

    assert form_errors(response.content) == ["The file is 2.0 MB; a logo may be at most 2 MB."]
    employer.refresh_from_db()
    assert not employer.logo


def test_logo_upload_without_a_file(member_client):
    response = member_client.post(reverse("employer:logo_upload"), {})

    assert form_errors(response.content) == ["Choose an image file to upload."]


def test_replacing_the_logo_deletes_the_old_file(
    member_client, employer, django_capture_on_commit_callbacks
):
    _upload(member_client, "a.png", image_bytes("PNG"))
    employer.refresh_from_db()
    old = employer.logo.name

    with django_capture_on_commit_callbacks(execute=True):
        _upload(member_client, "b.jpg", image_bytes("JPEG"))

    employer.refresh_from_db()
    assert employer.logo.name != old
    assert not employer.logo.storage.exists(old)
    assert employer.logo.storage.exists(employer.logo.name)


def test_logo_is_shown_to_any_logged_in_user_only(member_client, employer, client, plain_user):
    _upload(member_client, "logo.png", image_bytes("PNG"))
    url = reverse("employer:logo", args=[employer.pk])
    client.logout()

    assert client.get(url).status_code == 302

    client.force_login(plain_user)
    assert client.get(url).status_code == 200


def test_logo_view_is_404_without_a_logo_or_with_a_non_image(member_client, employer):
    url = reverse("employer:logo", args=[employer.pk])
    assert member_client.get(url).status_code == 404

    # A file on the row that is not an image (e.g. put there by hand) is never served.
    employer.logo.save("x", SimpleUploadedFile("x.html", b"<script>alert(1)</script>"))
    assert member_client.get(url).status_code == 404


# --- Hiring needs ------------------------------------------------------------------------------


def test_hiring_need_create_edit_close(member_client, employer):
    response = member_client.post(
        reverse("employer:hiring_need_create"),
        {
            "role_title": "Backendutvecklare",
            "sector": sector("it").pk,
            "positions": "2",
            "employment_type": "permanent",
            "description": "Python och Django.",
        },
        follow=True,
    )

    assert texts(response.content, "p", "message") == ["“Backendutvecklare” is added."]
    assert "Backendutvecklare IT 2 Permanent Open" in page_text(response.content)
    need = HiringNeed.objects.get(employer=employer)

    response = member_client.post(
        reverse("employer:hiring_need_edit", args=[need.pk]),
        {
            "role_title": "Senior backendutvecklare",
            "sector": sector("it").pk,
            "positions": "3",
            "employment_type": "fixed_term",
            "description": "",
        },
        follow=True,
    )

    assert texts(response.content, "p", "message") == ["“Senior backendutvecklare” is saved."]
    assert "Senior backendutvecklare IT 3 Fixed-term Open" in page_text(response.content)

    response = member_client.post(
        reverse("employer:hiring_need_close", args=[need.pk]), follow=True
    )

    assert texts(response.content, "p", "message") == [
        "“Senior backendutvecklare” is closed: it no longer shows to organisers."
    ]
    assert "Senior backendutvecklare IT 3 Fixed-term Closed" in page_text(response.content)
    need.refresh_from_db()
    assert need.status == "closed"


def test_hiring_need_form_errors(member_client):
    response = member_client.post(
        reverse("employer:hiring_need_create"),
        {"role_title": "", "sector": "", "positions": "0", "employment_type": "permanent"},
    )

    assert form_errors(response.content) == [
        "This field is required.",
        "This field is required.",
        "Ensure this value is greater than or equal to 1.",
    ]


def test_someone_elses_hiring_need_is_404(member_client):
    other = HiringNeedFactory()

    assert (
        member_client.get(reverse("employer:hiring_need_edit", args=[other.pk])).status_code == 404
    )
    response = member_client.post(reverse("employer:hiring_need_close", args=[other.pk]))
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == "open"


def test_organisers_see_open_needs_by_sector(organiser_client, organisation):
    mine = EmployerFactory(organisation=organisation, name="Vårdbolaget AB")
    HiringNeedFactory(employer=mine, role_title="Sjuksköterska", sector=sector("vard-omsorg"))
    HiringNeedFactory(employer=mine, role_title="Utvecklare", sector=sector("it"))
    HiringNeedFactory(employer=mine, role_title="Stängd roll", status="closed")
    HiringNeedFactory(
        employer=EmployerFactory(organisation=OrganisationFactory()), role_title="Någon annans"
    )

    response = organiser_client.get(reverse("manage:hiring_needs"))

    assert response.status_code == 200
    headings = texts(response.content, "h2")
    assert set(headings) == {"IT", sector("vard-omsorg").name}
    body = page_text(response.content)
    assert "Sjuksköterska Vårdbolaget AB" in body and "Utvecklare Vårdbolaget AB" in body
    assert "Stängd roll" not in body and "Någon annans" not in body


def test_hiring_needs_page_is_for_organisers(member_client):
    assert member_client.get(reverse("manage:hiring_needs")).status_code == 403


# --- Query counts --------------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _invitation(employer, n: int):
    return EmployerInvitation.objects.create(
        employer=employer,
        email=f"invited{n}@example.test",
        invited_by=EmployerMemberFactory(employer=employer).user,
        expires_at=timezone.now() + timedelta(days=14),
    )


def test_dashboard_query_count_does_not_grow(member_client, employer):
    url = reverse("employer:dashboard")
    HiringNeedFactory(employer=employer)
    EmployerMemberFactory(employer=employer)
    _invitation(employer, 0)
    few = _queries(member_client, url)
    for n in range(5):
        HiringNeedFactory(employer=employer, sector=sector("ingenjor-industri"))
        EmployerMemberFactory(employer=employer)
        _invitation(employer, n + 1)

    assert _queries(member_client, url) == few


def test_organiser_hiring_needs_query_count_does_not_grow(organiser_client, organisation):
    url = reverse("manage:hiring_needs")
    HiringNeedFactory(employer=EmployerFactory(organisation=organisation))
    few = _queries(organiser_client, url)
    for code in ("ingenjor-industri", "vard-omsorg", "it"):
        HiringNeedFactory(employer=EmployerFactory(organisation=organisation), sector=sector(code))

    assert _queries(organiser_client, url) == few


def test_member_of_two_employers_switches_between_them(member_client, member, organisation):
    second = EmployerMemberFactory(
        user=member, employer__organisation=organisation, employer__name="Andra AB"
    ).employer

    response = member_client.get(reverse("employer:dashboard"))
    assert texts(response.content, "h1") == ["Andra AB"]  # the first by name

    response = member_client.post(
        reverse("employer:switch"),
        {"employer": member.employers.get(name="Fjällkraft AB").pk},
        follow=True,
    )
    assert texts(response.content, "h1") == ["Fjällkraft AB"]
    assert texts(response.content, "p", "message") == ["You are now working as Fjällkraft AB."]

    assert member_client.post(reverse("employer:switch"), {"employer": "x"}).status_code == 404
    other = EmployerFactory()
    response = member_client.post(reverse("employer:switch"), {"employer": other.pk})
    assert response.status_code == 404
    assert second.pk != other.pk
