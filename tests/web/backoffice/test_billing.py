"""The organisation's billing details in the back office (/manage/organisation/billing/)."""

import pytest
from django.urls import reverse

from events.models import Organisation
from tests.factories import BILLING, OrganiserFactory, UserFactory

from ..pages import form_errors, texts

pytestmark = pytest.mark.django_db
URL = "/manage/organisation/billing/"

FORM = {
    "billing_name": "Östersunds kommun",
    "org_number": "2120002742",
    "billing_address": "Rådhusgatan 44\r\n831 82 Östersund",
    "bankgiro": "50501055",
    "plusgiro": "",
    "iban": "se45 5000 0000 0583 9825 7466",
    "bic": "esse se ss",
    "vat_number": "SE 212000-2742 01",
    "vat_rate": "25",
    "payment_terms_days": "20",
    "invoice_reminder_days": "5",
    "invoice_grace_days": "10",
}


def test_url_is_in_the_manage_namespace():
    assert reverse("manage:organisation_billing") == URL


def test_incomplete_details_are_named_and_the_nav_links_here(organiser_client):
    response = organiser_client.get(URL)

    assert texts(response.content, "p", "billing-missing") == [
        "Invoices cannot be issued until these are filled in: organisation number, postal "
        "address, bankgiro, plusgiro or IBAN, VAT number. Bookings still go through; their "
        "invoices are sent once the details are complete."
    ]
    assert f'href="{URL}" aria-current="page">Billing details</a>' in response.content.decode()


def test_saving_writes_each_number_as_printed_and_nothing_else(organiser_client, organisation):
    name = organisation.name

    response = organiser_client.post(URL, {**FORM, "name": "Hacked"}, follow=True)

    assert texts(response.content, "p", "message") == ["The billing details are saved."]
    assert texts(response.content, "p", "billing-missing") == []
    organisation.refresh_from_db()
    saved = {field: getattr(organisation, field) for field in FORM}
    assert saved == {
        **FORM,
        "org_number": "212000-2742",
        "billing_address": "Rådhusgatan 44\n831 82 Östersund",
        "bankgiro": "5050-1055",
        "iban": "SE45 5000 0000 0583 9825 7466",
        "bic": "ESSESESS",
        "vat_number": "SE212000274201",
        "vat_rate": 25,
        "payment_terms_days": 20,
        "invoice_reminder_days": 5,
        "invoice_grace_days": 10,
    }
    assert organisation.name == name


def test_wrong_numbers_are_refused_and_nothing_is_saved(organiser_client, organisation):
    data = {
        **FORM,
        "bankgiro": "5050-1056",
        "vat_number": "SE556036079301",
        "vat_rate": "101",
        "payment_terms_days": "0",
    }

    response = organiser_client.post(URL, data)

    assert form_errors(response.content) == [
        "The bankgiro number's check digit is wrong. Check for typos.",
        "The VAT number does not contain the organisation number 212000-2742.",
        "Ensure this value is less than or equal to 100.",
        "Ensure this value is greater than or equal to 1.",
    ]
    # The warning still tells what is saved, not what was typed.
    assert len(texts(response.content, "p", "billing-missing")) == 1
    organisation.refresh_from_db()
    assert (organisation.org_number, organisation.bankgiro) == ("", "")


def test_an_organiser_of_several_chooses_which(organiser_client, organiser, organisation):
    other = OrganiserFactory(user=organiser, organisation__name="Ö Åre kommun").organisation

    page = organiser_client.get(URL, {"organisation": other.slug})
    assert texts(page.content, "p", "eyebrow") == ["Ö Åre kommun"]
    assert texts(page.content, "nav", "subnav")[-1] == f"{organisation.name} Ö Åre kommun"

    organiser_client.post(f"{URL}?organisation={other.slug}", FORM)

    assert Organisation.objects.get(pk=other.pk).org_number == "212000-2742"
    assert Organisation.objects.get(pk=organisation.pk).org_number == ""


def test_other_organisations_are_not_found(organiser_client, other_organiser):
    target = other_organiser.organisation_
    assert organiser_client.get(URL, {"organisation": target.slug}).status_code == 404
    assert organiser_client.post(f"{URL}?organisation={target.slug}", FORM).status_code == 404
    assert Organisation.objects.get(pk=target.pk).org_number == ""


def test_only_organisers(client):
    assert client.get(URL).url.startswith(reverse("login"))
    client.force_login(UserFactory())
    assert client.get(URL).status_code == 403


def test_back_office_warns_while_details_are_missing(organiser_client, organisation):
    response = organiser_client.get(reverse("manage:trip_list"))

    [warning] = texts(response.content, "p", "billing-missing")
    assert warning.startswith(f"{organisation.name} cannot issue invoices yet: its billing")
    assert f'href="{URL}?organisation={organisation.slug}"' in response.content.decode()

    Organisation.objects.filter(pk=organisation.pk).update(**BILLING)

    response = organiser_client.get(reverse("manage:trip_list"))
    assert texts(response.content, "p", "billing-missing") == []
