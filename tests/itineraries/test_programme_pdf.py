"""The printable trip programme (issue 12.1), read back with pypdf."""

import io

import pytest
from pypdf import PdfReader

from itineraries.maps import osm_shortlink_code
from tests.pdfs import pdf_text

from ..factories import EmployerFactory, TripFactory
from .conftest import fetch_pdf, local, make_item

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return pdf_text(response.pdf)


@pytest.fixture
def trip(organisation):
    trip = TripFactory(
        organisation=organisation,
        status="published",
        slug="fjallresan",
        title="Fjällresan",
        starts_at=local(2031, 3, 12, 8, 0),
        ends_at=local(2031, 3, 13, 17, 0),
        application_deadline=local(2031, 2, 20, 12, 0),
    )
    make_item(
        trip,
        title="Tåg till Östersund",
        kind="travel",
        starts_at=local(2031, 3, 12, 8, 0),
        ends_at=local(2031, 3, 12, 9, 0),
    )
    make_item(
        trip,
        title="Skidtur i Åre",
        kind="activity",
        location_name="Åre",
        latitude="63.399000",
        longitude="13.081000",
        starts_at=local(2031, 3, 13, 10, 0),
        ends_at=local(2031, 3, 13, 12, 0),
    )
    make_item(
        trip,
        title="Middag på Jazzköket",
        kind="meal",
        cancelled=True,
        starts_at=local(2031, 3, 12, 19, 0),
        ends_at=local(2031, 3, 12, 21, 0),
    )
    make_item(
        trip,
        title="Arbetsgivarnas frukost",
        audience="employers",
        starts_at=local(2031, 3, 13, 7, 0),
        ends_at=local(2031, 3, 13, 8, 0),
    )
    employer = EmployerFactory(organisation=organisation)
    trip.bookings.create(employer=employer, status="confirmed", amount_ore=100)
    make_item(
        trip,
        title="Privat visning",
        audience="employer",
        employer=employer,
        starts_at=local(2031, 3, 13, 13, 0),
        ends_at=local(2031, 3, 13, 14, 0),
    )
    return trip


def test_programme_pdf_day_by_day_with_cancelled_items_marked(
    client, trip, django_capture_on_commit_callbacks
):
    response = fetch_pdf(
        client, "/trips/fjallresan/programme.pdf", django_capture_on_commit_callbacks
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="fjallresan-programme-en.pdf"' in response["Content-Disposition"]
    text = _text(response)
    order = [text.index(t) for t in ("Tåg till Östersund", "Middag på Jazzköket", "Skidtur i Åre")]
    assert order == sorted(order)
    assert "Middag på Jazzköket (cancelled)" in text
    assert "Employers only" in text and "Arbetsgivarnas frukost" in text
    assert "63.39900, 13.08100" in text
    # A short map link to type from paper, and to tap in the PDF.
    code = osm_shortlink_code(63.399, 13.081, 16)
    assert f"osm.org/go/{code}" in text
    reader = PdfReader(io.BytesIO(response.pdf))
    links = [
        annotation.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object()
    ]
    assert f"https://osm.org/go/{code}?m" in links
    # An item for one employer is that employer's, not the public programme's.
    assert "Privat visning" not in text
    assert "1 / " in text  # page numbers


def test_programme_pdf_in_swedish(client, trip, settings, django_capture_on_commit_callbacks):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    response = fetch_pdf(
        client,
        "/trips/fjallresan/programme.pdf",
        django_capture_on_commit_callbacks,
        **{"Accept-Language": "sv"},
    )
    assert 'filename="fjallresan-programme-sv.pdf"' in response["Content-Disposition"]
    text = _text(response)
    assert "(inställd)" in text
    assert "onsdag 12 mars 2031" in text


def test_programme_pdf_of_a_draft_is_404(client, organisation):
    TripFactory(organisation=organisation, slug="utkast")
    assert client.get("/trips/utkast/programme.pdf").status_code == 404
    assert client.get("/trips/finns-inte/programme.pdf").status_code == 404


def test_programme_pdf_is_tagged_in_the_readers_language(
    client, trip, tmp_path, settings, django_capture_on_commit_callbacks
):
    import subprocess

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    response = fetch_pdf(
        client,
        "/trips/fjallresan/programme.pdf",
        django_capture_on_commit_callbacks,
        **{"Accept-Language": "sv"},
    )
    path = tmp_path / "programme.pdf"
    path.write_bytes(response.pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    assert "Tagged:          yes" in info.stdout
    reader = PdfReader(io.BytesIO(response.pdf))
    assert reader.trailer["/Root"]["/Lang"] == "sv"
