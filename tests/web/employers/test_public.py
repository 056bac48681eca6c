"""What the public sees of employers: who is coming on a trip (once their booking is
confirmed), their logos, and the list of open roles at /jobs/."""

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.factories import (
    EmployerFactory,
    HiringNeedFactory,
    SlotBookingFactory,
    TripFactory,
    sector,
)

from ..pages import page_text, texts
from .conftest import image_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def trip(organisation):
    return TripFactory(organisation=organisation, status="published", slug="varresan")


def coming(trip, name, *, status="confirmed", **employer_fields):
    employer = EmployerFactory(organisation=trip.organisation, name=name, **employer_fields)
    SlotBookingFactory(employer=employer, trip=trip, status=status)
    return employer


# --- Who is coming, on the trip page ---------------------------------------------------------


def test_trip_page_shows_the_employers_with_a_confirmed_booking(client, trip):
    fjallkraft = coming(trip, "Fjällkraft AB", description="Vi bygger vindkraft i fjällen.")
    HiringNeedFactory(employer=fjallkraft, role_title="Driftingenjör", sector=sector("it"))
    HiringNeedFactory(
        employer=fjallkraft,
        role_title="Ekonom",
        sector=sector("ekonomi"),
        positions=1,
        employment_type="fixed_term",
    )
    HiringNeedFactory(employer=fjallkraft, role_title="Tillsatt roll", status="closed")
    coming(trip, "Åre Skidskola")
    coming(trip, "Bara hållen AB", status="held")
    coming(trip, "Avbokad AB", status="cancelled")
    coming(trip, "Ej godkänd AB", approved_at=None)

    response = client.get(trip.get_absolute_url())

    assert texts(response.content, "section", "trip-employers") == [
        "Employers you will meet "
        "Fjällkraft AB Vi bygger vindkraft i fjällen. "
        "Open roles Ekonom · Finance and accounting · Fixed-term "
        "Driftingenjör · IT · Permanent · 2 positions "
        "Åre Skidskola"
    ]


def test_trip_page_without_confirmed_employers_has_no_employer_section(client, trip):
    coming(trip, "Bara hållen AB", status="held")

    response = client.get(trip.get_absolute_url())

    assert texts(response.content, "section", "trip-employers") == []


def test_trip_page_queries_do_not_grow_with_the_employers(client, trip):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(trip.get_absolute_url())
        return len(captured)

    def add_employers(n: int) -> None:
        for i in range(n):
            employer = coming(trip, f"Företag {i}")
            HiringNeedFactory.create_batch(2, employer=employer)

    add_employers(1)
    with_one = queries()
    add_employers(4)
    with_five = queries()

    assert with_one == with_five
    assert len(texts(client.get(trip.get_absolute_url()).content, "li", "role")) == 10


def test_logos_of_coming_employers_are_public(client, trip):
    png = image_bytes("PNG")
    shown = coming(trip, "Fjällkraft AB")
    shown.logo.save("logo", ContentFile(png))
    hidden = coming(trip, "Bara hållen AB", status="held")
    hidden.logo.save("logo", ContentFile(png))

    page = client.get(trip.get_absolute_url()).content.decode()
    served = client.get(reverse("employer:logo", args=[shown.pk]))

    assert f'src="{reverse("employer:logo", args=[shown.pk])}?v=' in page
    assert 'alt="Logo of Fjällkraft AB"' in page
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == png
    # Other logos still ask a visitor to log in.
    assert client.get(reverse("employer:logo", args=[hidden.pk])).status_code == 302


# --- /jobs/ ------------------------------------------------------------------------------------


def test_job_list_shows_open_roles_of_approved_employers_by_sector(client):
    HiringNeedFactory(employer__name="Fjällkraft AB", role_title="Driftingenjör")
    HiringNeedFactory(
        employer__name="Region Jämtland Härjedalen",
        role_title="Sjuksköterska",
        sector=sector("halso-sjukvard"),
        description="Akutmottagningen i Östersund.",
    )
    HiringNeedFactory(
        employer__name="Kontor AB", role_title="Redovisningsekonom", sector=sector("ekonomi")
    )
    HiringNeedFactory(role_title="Tillsatt", status="closed")
    HiringNeedFactory(employer__approved_at=None, role_title="Ej godkänd")

    response = client.get("/jobs/")

    assert response.status_code == 200
    assert texts(response.content, "h1") == ["Open roles"]
    assert texts(response.content, "section", "job-sector") == [
        "Finance and accounting Redovisningsekonom Kontor AB · Permanent · 2 positions",
        "IT Driftingenjör Fjällkraft AB · Permanent · 2 positions",
        "Health care (doctors) Sjuksköterska Region Jämtland Härjedalen · Permanent · 2 positions "
        "Akutmottagningen i Östersund.",
    ]


def test_job_list_filters_by_sector(client):
    HiringNeedFactory(role_title="Driftingenjör")
    HiringNeedFactory(role_title="Redovisningsekonom", sector=sector("ekonomi"))

    response = client.get("/jobs/?sector=ekonomi")

    assert texts(response.content, "h3", "job__title") == ["Redovisningsekonom"]
    assert 'value="ekonomi" selected' in response.content.decode()
    # An unknown code is ignored rather than an error.
    unknown = client.get("/jobs/?sector=no-such-sector")
    assert texts(unknown.content, "h3", "job__title") == ["Redovisningsekonom", "Driftingenjör"]


def test_job_list_empty_state(client):
    HiringNeedFactory(role_title="Driftingenjör")

    response = client.get("/jobs/?sector=pedagogik")

    assert "No open roles match your filters." in page_text(response.content)


def test_job_list_paginates_25_with_constant_queries(client):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get("/jobs/")
        return len(captured)

    HiringNeedFactory.create_batch(2)
    with_two = queries()
    HiringNeedFactory.create_batch(28)
    with_thirty = queries()

    assert with_two == with_thirty
    first, second = client.get("/jobs/"), client.get("/jobs/?page=2")
    assert len(texts(first.content, "li", "job")) == 25
    assert len(texts(second.content, "li", "job")) == 5
    assert texts(second.content, "nav", "pagination") == ["← Previous Page 2 of 2"]


def test_job_list_is_in_the_site_navigation_and_in_swedish():
    HiringNeedFactory(role_title="Driftingenjör")

    with translation.override("sv"):
        response = Client().get("/jobs/")

    assert "Jobb" in texts(response.content, "nav", "site-nav")[0].split()
    assert texts(response.content, "h1") == ["Lediga roller"]
    assert texts(response.content, "p", "job__meta") == [
        response.context["page"][0].employer.name + " · Tillsvidareanställning · 2 tjänster"
    ]
