"""The accessibility statement (issue 16.4): DIGG's sections in both languages, linked from
every page's footer, and its form that reaches the organisation's contact address."""

import pytest
from django.core import mail
from django.urls import reverse

from events.models import AccessibilityReport
from events.services import ACCESSIBILITY_REPORTS_PER_HOUR
from tests.factories import OrganisationFactory

from .pages import form_errors, page_text, texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def ostersund():
    return OrganisationFactory(name="Östersunds kommun", contact_email="naringsliv@ostersund.test")


@pytest.fixture
def report(client, django_capture_on_commit_callbacks):
    """Send the form as one client, running the email task that follows the commit."""

    def send(organisation, remote_addr="198.51.100.7", **data):
        with django_capture_on_commit_callbacks(execute=True):
            return _report(client, organisation, remote_addr=remote_addr, **data)

    return send


def _report(client, organisation, *, remote_addr, **data):
    return client.post(
        reverse("accessibility"),
        {
            "organisation": organisation.pk,
            "page": "/trips/it-resan/",
            "description": "Knappen Ansök går inte att nå med tangentbordet.",
            "email": "",
            **data,
        },
        REMOTE_ADDR=remote_addr,
    )


def test_the_statement_has_digg_sections_in_swedish(client, ostersund, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"

    response = client.get(reverse("accessibility"))

    assert response.status_code == 200
    headings = texts(response.content, "h2")
    assert "Hur tillgänglig är webbplatsen?" in headings
    assert "Vad kan du göra om du inte kan använda delar av webbplatsen?" in headings
    assert "Rapportera brister i webbplatsens tillgänglighet" in headings
    assert "Tillsyn" in headings
    assert "Teknisk information om webbplatsens tillgänglighet" in headings
    assert "Hur vi testat webbplatsen" in headings
    text = page_text(response.content)
    assert "Den senaste bedömningen gjordes den 3 december 2026." in text
    assert "naringsliv@ostersund.test" in text
    assert b"https://www.digg.se/tdosanmalan" in response.content


def test_the_statement_in_english(client, ostersund):
    response = client.get(reverse("accessibility"))

    headings = texts(response.content, "h2")
    assert "How accessible is the website?" in headings
    assert "Supervision" in headings
    assert "The latest assessment was made on 3 December 2026." in page_text(response.content)


@pytest.mark.parametrize("url_name", ["home", "login", "accessibility"])
def test_every_page_links_to_the_statement_from_its_footer(client, url_name):
    response = client.get(reverse(url_name))

    footer_links = texts(response.content, "footer")
    assert "Accessibility statement" in footer_links[0]
    assert b'href="/accessibility/?page=' in response.content


def test_a_report_reaches_the_organisations_contact_address(client, ostersund, report):
    response = report(ostersund, email="Anna@Example.test")

    assert response.status_code == 302
    assert response.url == reverse("accessibility") + "#report"
    (message,) = mail.outbox
    assert message.to == ["naringsliv@ostersund.test"]
    assert message.reply_to == ["anna@example.test"]
    assert "/trips/it-resan/" in message.subject
    assert "Knappen Ansök går inte att nå med tangentbordet." in message.body
    assert AccessibilityReport.objects.get().sent_at is not None
    followed = client.get(response.url)
    assert texts(followed.content, "p", "message") == [
        "Thank you. Your report has been sent to Östersunds kommun."
    ]


def test_a_report_without_an_address_says_no_reply_was_asked_for(client, ostersund, report):
    report(ostersund)

    (message,) = mail.outbox
    assert message.reply_to == []
    # In Swedish, the organisation's language, whatever the sender read the site in.
    assert "Avsändaren angav ingen adress för svar." in message.body


def test_the_footer_link_fills_in_the_page_the_person_came_from(client, ostersund):
    response = client.get(reverse("accessibility"), {"page": "/trips/it-resan/"})

    assert b'value="/trips/it-resan/"' in response.content


def test_a_report_without_a_description_is_a_form_error(client, ostersund, report):
    response = report(ostersund, description="  ")

    assert response.status_code == 200
    assert form_errors(response.content)
    assert mail.outbox == []
    assert not AccessibilityReport.objects.exists()


def test_an_organisation_without_a_contact_address_cannot_be_chosen(client, ostersund, report):
    silent = OrganisationFactory(name="Tyst kommun", contact_email="")

    page = client.get(reverse("accessibility"))
    response = report(silent)

    assert "Tyst kommun" not in page_text(page.content)
    assert response.status_code == 200
    assert form_errors(response.content)
    assert mail.outbox == []


def test_one_client_cannot_flood_the_inbox(client, ostersund, report):
    for _ in range(ACCESSIBILITY_REPORTS_PER_HOUR):
        assert report(ostersund).status_code == 302

    response = report(ostersund)

    assert response.status_code == 200
    assert any("naringsliv@ostersund.test" in error for error in form_errors(response.content))
    assert len(mail.outbox) == ACCESSIBILITY_REPORTS_PER_HOUR
    assert report(ostersund, remote_addr="203.0.113.9").status_code == 302  # another client


def test_without_any_contact_address_the_page_says_so_instead_of_a_form(client):
    OrganisationFactory(contact_email="")

    response = client.get(reverse("accessibility"))

    assert response.status_code == 200
    assert b'id="id_description"' not in response.content
    assert "No organisation has given a contact address yet" in page_text(response.content)
