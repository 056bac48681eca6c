"""Swedish is the default language: pages, emails and API errors read Swedish unless asked
otherwise. (The other tests read English; see the `_english` fixture in conftest.py.)"""

import ast
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone, translation

from candidates.services import application_transition

from .factories import ApplicationFactory, OrganiserFactory, TripFactory, UserFactory
from .web.pages import page_text, texts

pytestmark = pytest.mark.django_db

PO_FILE = Path(settings.BASE_DIR) / "locale" / "sv" / "LC_MESSAGES" / "django.po"


def test_home_page_is_swedish_by_default():
    TripFactory(status="published", title="Vinterresan")

    with translation.override("sv"):
        response = Client().get("/")

    assert response.status_code == 200
    assert response.headers["Content-Language"] == "sv"
    nav = texts(response.content, "nav", "site-nav")[0]
    assert nav == "Start Resor Jobb Bevaka resor"
    body = page_text(response.content)
    assert "Kom och upplev Jämtland" in body
    assert "Kommande resor" in body
    assert "Registrera dig som kandidat" in response.content.decode()
    assert "Upcoming trips" not in body


def test_login_page_is_swedish_by_default():
    with translation.override("sv"):
        response = Client().get("/accounts/login/")

    body = page_text(response.content)
    assert "Logga in" in body
    assert "Lösenord" in body
    assert "Glömt lösenordet?" in body
    assert "Forgot your password?" not in body


def test_back_office_is_swedish_for_an_organiser():
    membership = OrganiserFactory()
    TripFactory(organisation=membership.organisation, title="Sommarresan")
    client = Client()
    client.force_login(membership.user)

    with translation.override("sv"):
        response = client.get("/manage/")

    assert response.status_code == 200
    nav = texts(response.content, "nav", "site-nav")[0]
    assert "Arrangörssidor" in nav
    body = page_text(response.content)
    assert "Dina organisationers resor" in body
    assert "Ny resa" in body
    assert "Utkast" in body  # the trip's status
    assert "Trips of your organisations" not in body


def test_english_is_still_one_click_away():
    with translation.override("sv"):
        response = Client(headers={"Accept-Language": "en"}).get("/")

    assert "Upcoming trips" in page_text(response.content)


def test_status_email_to_a_swedish_speaking_candidate_is_swedish(
    django_capture_on_commit_callbacks,
):
    application = ApplicationFactory(
        candidate__user__language="sv",
        candidate__name="Karin Sten",
        trip__title="Fjällresan",
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        application_transition(application=application, actor=None, to_status="shortlisted")

    [message] = mail.outbox
    assert message.to == [application.candidate.user.email]
    assert message.subject == "Din ansökan: Fjällresan"
    assert "Hej Karin Sten!" in message.body
    assert "Du har gått vidare och finns nu på kortlistan till Fjällresan." in message.body
    assert "Dina ansökningar:" in message.body
    assert "shortlist" not in message.body


def test_status_email_follows_the_language_of_the_user(django_capture_on_commit_callbacks):
    application = ApplicationFactory(candidate__user__language="en", trip__title="Fjällresan")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        application_transition(application=application, actor=None, to_status="shortlisted")

    assert mail.outbox[0].subject == "Your application: Fjällresan"


def test_api_error_is_swedish_when_asked_for(bearer):
    start = timezone.now() + timedelta(days=60)
    payload = {
        "title": "Läkare till Östersund",
        "sectors": ["halso-sjukvard"],
        "summary": "Två dagar med sjukhuset och fjällen",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(days=2)).isoformat(),
        "base_locations": "Östersund",
        "candidate_capacity": 12,
        "employer_slots": 4,
        "slot_price_ore": 2_000_000,
        "application_deadline": (start - timedelta(days=14)).isoformat(),
    }
    headers = {**bearer(UserFactory()), "Accept-Language": "sv"}

    response = Client().post(
        "/api/v1/trips", payload, content_type="application/json", headers=headers
    )

    assert response.status_code == 403
    assert response.json() == {"detail": "Bara arrangörer kan skapa resor."}


BAD_TRIP = {"summary": "x" * 301, "candidate_capacity": "många", "starts_at": "i morgon"}


def test_api_field_messages_follow_the_users_language_without_a_header(bearer):
    organiser = OrganiserFactory(user__language="sv").user

    response = Client().post(
        "/api/v1/trips", BAD_TRIP, content_type="application/json", headers=bearer(organiser)
    )

    assert response.status_code == 422
    fields = response.json()["fields"]
    assert fields["title"] == ["Fältet är obligatoriskt."]
    assert fields["summary"] == ["Högst 300 tecken."]
    assert fields["candidate_capacity"] == ["Ange ett heltal."]
    assert fields["starts_at"] == ["Ange datum och tid, t.ex. 2027-03-01T09:00:00+01:00."]
    assert response.json()["detail"].startswith("Ogiltiga uppgifter.")


def test_api_field_messages_follow_accept_language_over_the_users_setting(bearer):
    organiser = OrganiserFactory(user__language="sv").user
    headers = {**bearer(organiser), "Accept-Language": "en"}

    response = Client().post(
        "/api/v1/trips", BAD_TRIP, content_type="application/json", headers=headers
    )

    fields = response.json()["fields"]
    assert fields["title"] == ["This field is required."]
    assert fields["summary"] == ["At most 300 characters."]
    assert fields["candidate_capacity"] == ["Enter a whole number."]


def test_api_not_found_is_swedish_when_asked_for():
    response = Client(headers={"Accept-Language": "sv"}).get("/api/v1/trips/no-such-trip")

    assert response.status_code == 404
    assert response.json() == {"detail": "Hittades inte."}


def _po_entries() -> list[tuple[str | None, str, str | None, list[str], list[str]]]:
    """(msgctxt, msgid, msgid_plural, msgstrs, flags) of each entry of the Swedish .po file."""
    entries = []
    for block in PO_FILE.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, str] = {}
        flags: list[str] = []
        key = None
        for line in block.splitlines():
            if line.startswith("#,"):
                flags += [f.strip() for f in line[2:].split(",")]
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                fields[key] += ast.literal_eval(line)
            else:
                key, _, value = line.partition(" ")
                fields[key] = ast.literal_eval(value)
        if fields.get("msgid"):
            msgstrs = [v for k, v in fields.items() if re.fullmatch(r"msgstr(\[\d\])?", k)]
            entries.append(
                (
                    fields.get("msgctxt"),
                    fields["msgid"],
                    fields.get("msgid_plural"),
                    msgstrs,
                    flags,
                )
            )
    return entries


def test_every_message_has_a_swedish_translation():
    entries = _po_entries()

    assert len(entries) > 900
    assert [e[1] for e in entries if "fuzzy" in e[4]] == []
    assert [e[1] for e in entries if not all(e[3])] == []


def test_compiled_catalogue_matches_the_po_file():
    """The committed .mo holds every message of the .po (run compilemessages after editing)."""
    catalog = translation.trans_real.translation("sv")._catalog
    missing = []
    for msgctxt, msgid, msgid_plural, msgstrs, _flags in _po_entries():
        key = f"{msgctxt}\x04{msgid}" if msgctxt else msgid
        found = (
            [catalog.get((key, 0)), catalog.get((key, 1))] if msgid_plural else [catalog.get(key)]
        )
        if found != msgstrs:
            missing.append(msgid)
    assert missing == []


def test_amounts_read_swedish_on_the_trip_page():
    trip = TripFactory(status="published", slot_price_ore=1_200_050)

    with translation.override("sv"):
        response = Client().get(trip.get_absolute_url())

    assert "Pris per arbetsgivarplats 12 000,50 kr inkl. moms" in page_text(response.content)
    # with no-break spaces:
    assert (
        "<dd>12\u00a0000,50\u00a0kr inkl. moms</dd>" in response.content.decode()
    )  # no-break spaces
