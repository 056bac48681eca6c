"""Consent per purpose, with history (issue 14.1): every grant and withdrawal is an event
(purpose, text version, time, how); sharing with employers is asked per trip; a withdrawal
removes the data from packs and exports at once; consents are renewed after 24 months and an
unrenewed talent-database consent lapses; the privacy notice is beside every consent box."""

import csv
import io
import json
import re
import zipfile
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from candidates.consents import consent_set
from candidates.models import (
    CONSENT_TEXT_VERSION,
    Candidate,
    ConsentEvent,
    InterestRegistration,
)
from candidates.services import application_transition
from candidates.suggestions import suggestible_candidates
from candidates.talent import alert_recipients
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    EmployerFactory,
    EmployerMemberFactory,
    OrganiserFactory,
    SlotBookingFactory,
    TripFactory,
    sector,
)

pytestmark = pytest.mark.django_db
JSON = "application/json"


def events(**filters) -> list[tuple]:
    return list(
        ConsentEvent.objects.filter(**filters)
        .order_by("created_at", "id")
        .values_list("purpose", "granted", "via", "text_version")
    )


@pytest.fixture
def two_trips(organisation):
    """Two trips of one organisation, each with a confirmed booking of its own employer."""
    trips, members = [], []
    for slug, employer_name in (("varresan", "Fjällkraft AB"), ("hostresan", "Åre Data AB")):
        trip = TripFactory(organisation=organisation, status="published", slug=slug, title=slug)
        employer = EmployerFactory(name=employer_name, organisation=organisation)
        SlotBookingFactory(trip=trip, employer=employer, status="confirmed", hold_expires_at=None)
        trips.append(trip)
        members.append(EmployerMemberFactory(employer=employer).user)
    return trips, members


@pytest.fixture
def maja():
    return CandidateFactory(
        name="Maja Lind",
        user__email="maja@example.test",
        user__language="en",
        partner_needs_job=True,
        partner_occupation="Barnmorska",
        children_ages=[4, 9],
        phone="070-111 22 33",
    )


@pytest.fixture
def renewals(django_capture_on_commit_callbacks):
    """Run `manage.py send_consent_renewals` as cron would (its emails sent after commit)."""

    def run() -> str:
        out = io.StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_consent_renewals", stdout=out)
        return out.getvalue()

    return run


def pack_page(client, user, trip, capture) -> str:
    client.force_login(user)
    with capture(execute=True):
        response = client.get(f"/trips/{trip.slug}/pack/")
    assert response.status_code == 200
    return response.content.decode()


# --- Events, with how ---------------------------------------------------------------------------


def test_profile_form_and_api_write_one_event_per_change_with_how(client, bearer, maja):
    client.force_login(maja.user)
    form = {
        "name": "Maja Lind",
        "sectors": [sector("it").pk],
        "years_experience": "6",
        "consent_share_household": "on",
    }
    assert client.post("/me/profile/", form).status_code == 302
    # Saving again with the same boxes changes no consent: no new event.
    client.post("/me/profile/", form)
    assert events(candidate=maja) == [("household", True, "web", CONSENT_TEXT_VERSION)]

    headers = bearer(maja.user)
    response = client.put(
        "/api/v1/me/consents/household", {"granted": False}, content_type=JSON, headers=headers
    )
    assert response.status_code == 200, response.json()
    assert events(candidate=maja)[-1] == ("household", False, "api", CONSENT_TEXT_VERSION)
    maja.refresh_from_db()
    assert maja.consent_share_household_at is None


def test_sign_up_interest_and_unsubscribe_are_recorded(client, django_capture_on_commit_callbacks):
    response = client.post(
        "/accounts/signup/candidate/",
        {
            "full_name": "Ola Berg",
            "email": "ola@example.test",
            "password1": "ett långt lösenord 42",
            "password2": "ett långt lösenord 42",
            "sectors": [sector("it").pk],
            "consent_talent_db": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    ola = Candidate.objects.get(email="ola@example.test")
    assert ola.consent_talent_db_at is not None
    assert events(candidate=ola) == [("talent_db", True, "web", CONSENT_TEXT_VERSION)]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/interest",
            {"email": "kim@example.test", "sectors": ["it"], "consent": True},
            content_type=JSON,
        )
    assert response.status_code == 202
    registration = InterestRegistration.objects.get(email="kim@example.test")
    assert events(registration=registration) == [("talent_db", True, "api", CONSENT_TEXT_VERSION)]
    [message] = [m for m in mail.outbox if m.to == ["kim@example.test"]]
    path = re.search(r"/unsubscribe/[^/\s]+/", message.body).group(0)
    assert client.post(path).status_code == 200
    assert events(registration=registration)[-1] == (
        "talent_db",
        False,
        "web",
        CONSENT_TEXT_VERSION,
    )


# --- Sharing per trip ---------------------------------------------------------------------------


def test_pack_shows_a_candidate_only_on_the_trip_they_share_with(
    client, two_trips, maja, django_capture_on_commit_callbacks
):
    (spring, autumn), (spring_member, autumn_member) = two_trips
    ApplicationFactory(candidate=maja, trip=spring, status="accepted")
    ApplicationFactory(candidate=maja, trip=autumn, status="accepted")
    consent_set(candidate=maja, purpose="share_trip", trip=spring, granted=True, via="web")

    assert "Maja Lind" in pack_page(
        client, spring_member, spring, django_capture_on_commit_callbacks
    )
    autumn_page = pack_page(client, autumn_member, autumn, django_capture_on_commit_callbacks)
    assert "Maja Lind" not in autumn_page
    assert "1 more accepted candidate has not chosen to share" in autumn_page
    [event] = ConsentEvent.objects.filter(candidate=maja)
    assert (event.purpose, event.trip, event.granted) == ("share_trip", spring, True)


def test_dashboard_asks_per_accepted_place_and_the_choice_is_recorded(
    client, two_trips, maja, django_capture_on_commit_callbacks
):
    (spring, autumn), (spring_member, _) = two_trips
    accepted = ApplicationFactory(candidate=maja, trip=spring, status="accepted")
    submitted = ApplicationFactory(candidate=maja, trip=autumn)
    client.force_login(maja.user)
    page = client.get("/me/").content.decode()
    assert page.count("Share my profile with this trip's employers") == 2  # heading, button
    assert f'id="share-{accepted.pk}"' in page
    assert f'id="share-{submitted.pk}"' not in page  # asked once a place is given
    share_box = page[page.index(f'id="share-{accepted.pk}"') :]
    assert 'href="/privacy/"' in share_box[: share_box.index("</section>")]

    response = client.post(f"/me/applications/{accepted.pk}/share/", {"granted": "yes"})
    assert response.status_code == 302
    assert response.url == f"/me/#share-{accepted.pk}"
    assert events(candidate=maja) == [("share_trip", True, "web", CONSENT_TEXT_VERSION)]
    page = client.get("/me/").content.decode()
    assert "You share your profile with this trip's employers" in page
    assert "Stop sharing my profile" in page
    assert "Maja Lind" in pack_page(
        client, spring_member, spring, django_capture_on_commit_callbacks
    )

    client.force_login(maja.user)
    client.post(f"/me/applications/{accepted.pk}/share/", {"granted": "no"})
    assert events(candidate=maja)[-1] == ("share_trip", False, "web", CONSENT_TEXT_VERSION)
    page = pack_page(client, spring_member, spring, django_capture_on_commit_callbacks)
    assert "Maja Lind" not in page

    # Someone else's application: 404, nothing recorded.
    other = CandidateFactory()
    client.force_login(other.user)
    assert (
        client.post(f"/me/applications/{accepted.pk}/share/", {"granted": "yes"}).status_code == 404
    )
    assert ConsentEvent.objects.count() == 2


def test_acceptance_email_says_how_to_share_with_the_trips_employers(
    organiser, two_trips, maja, django_capture_on_commit_callbacks
):
    (spring, _), _ = two_trips
    application = ApplicationFactory(candidate=maja, trip=spring)
    with django_capture_on_commit_callbacks(execute=True):
        application_transition(application=application, actor=organiser, to_status="accepted")
    [message] = [m for m in mail.outbox if m.to == ["maja@example.test"]]
    assert "only if you choose to share your profile with them" in message.body
    assert "Share my profile with this trip's employers" in message.body


# --- Withdrawal removes the data from packs and exports -----------------------------------------


def test_withdrawing_household_and_contact_removes_them_from_pack_and_csv(
    client, organiser, two_trips, maja, django_capture_on_commit_callbacks
):
    (spring, _), (member, _) = two_trips
    ApplicationFactory(candidate=maja, trip=spring, status="accepted")
    for purpose in ("share_trip", "household", "contact"):
        consent_set(candidate=maja, purpose=purpose, trip=spring, granted=True, via="web")

    def csv_row() -> dict:
        client.force_login(organiser)
        client.cookies["django_language"] = "sv"
        response = client.get(f"/manage/trips/{spring.slug}/applicants.csv")
        assert response.status_code == 200
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
        return dict(zip(rows[0], rows[1], strict=True))

    page = pack_page(client, member, spring, django_capture_on_commit_callbacks)
    assert "Barnmorska" in page and "070-111 22 33" in page
    row = csv_row()
    assert (row["Barnens åldrar"], row["Telefon"]) == ("4, 9", "070-111 22 33")

    for purpose in ("household", "contact"):
        consent_set(candidate=maja, purpose=purpose, granted=False, via="web")
    page = pack_page(client, member, spring, django_capture_on_commit_callbacks)
    assert "Maja Lind" in page  # still shared with this trip…
    assert "Barnmorska" not in page and "070-111 22 33" not in page  # …without those
    row = csv_row()
    assert (row["Barnens åldrar"], row["Telefon"], row["Partnern behöver ett jobb"]) == ("", "", "")
    assert row["Namn"] == "Maja Lind"


def test_withdrawing_the_permit_consent_erases_the_status_from_pack_and_csv(
    client, organiser, two_trips, maja, django_capture_on_commit_callbacks
):
    (spring, _), (member, _) = two_trips
    ApplicationFactory(candidate=maja, trip=spring, status="accepted")
    consent_set(candidate=maja, purpose="share_trip", trip=spring, granted=True, via="web")
    consent_set(candidate=maja, purpose="residence_permit", granted=True, via="web")
    Candidate.objects.filter(pk=maja.pk).update(residence_permit_status="temporary")
    client.force_login(member)
    assert "Temporary residence permit" in pack_page(
        client, member, spring, django_capture_on_commit_callbacks
    )
    consent_set(candidate=maja, purpose="residence_permit", granted=False, via="api")
    maja.refresh_from_db()
    assert maja.residence_permit_status == ""
    assert "Temporary residence permit" not in pack_page(
        client, member, spring, django_capture_on_commit_callbacks
    )


# --- Organisers on the person's behalf ----------------------------------------------------------


def test_organiser_records_a_consent_given_by_phone_and_others_get_404(
    client, organiser, two_trips, maja
):
    (spring, _), _ = two_trips
    application = ApplicationFactory(candidate=maja, trip=spring, status="accepted")
    url = f"/manage/trips/{spring.slug}/applicants/{application.pk}/consents/"
    client.force_login(organiser)
    page = client.get(f"/manage/trips/{spring.slug}/applicants/{application.pk}/").content.decode()
    assert "Record the consent" in page
    response = client.post(url, {"purpose": "share_trip", "granted": "yes"})
    assert response.status_code == 302
    event = ConsentEvent.objects.get(candidate=maja)
    assert (event.purpose, event.trip, event.via, event.actor) == (
        "share_trip",
        spring,
        "organiser",
        organiser,
    )
    application.refresh_from_db()
    assert application.share_consent_at is not None
    page = client.get(f"/manage/trips/{spring.slug}/applicants/{application.pk}/").content.decode()
    assert "An organiser on the person&#x27;s behalf" in page  # in the history

    stranger = OrganiserFactory().user
    client.force_login(stranger)
    assert client.post(url, {"purpose": "household", "granted": "yes"}).status_code == 404
    assert ConsentEvent.objects.count() == 1

    client.force_login(organiser)
    response = client.post(url, {"purpose": "nonsense", "granted": "yes"})
    assert response.status_code == 200  # the form again, with its error
    assert ConsentEvent.objects.count() == 1


# --- API ----------------------------------------------------------------------------------------


def test_api_lists_current_consents_with_history_and_sets_them(client, bearer, two_trips, maja):
    (spring, autumn), _ = two_trips
    application = ApplicationFactory(candidate=maja, trip=spring, status="accepted")
    headers = bearer(maja.user)
    response = client.put(
        "/api/v1/me/consents/share_trip",
        {"granted": True, "trip": "varresan"},
        content_type=JSON,
        headers=headers,
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    share = [c for c in body["current"] if c["purpose"] == "share_trip"]
    assert [(c["trip"], c["granted"]) for c in share] == [("varresan", True)]
    assert {c["purpose"]: c["granted"] for c in body["current"] if c["trip"] is None} == {
        "talent_db": False,
        "household": False,
        "contact": False,
        "residence_permit": False,
    }
    [event] = body["history"]
    assert {k: event[k] for k in ("purpose", "granted", "trip", "via", "text_version")} == {
        "purpose": "share_trip",
        "granted": True,
        "trip": "varresan",
        "via": "api",
        "text_version": CONSENT_TEXT_VERSION,
    }
    assert client.get("/api/v1/me/consents", headers=headers).json() == body

    # Per application: stop sharing.
    response = client.put(
        f"/api/v1/me/applications/{application.pk}/share",
        {"granted": False},
        content_type=JSON,
        headers=headers,
    )
    assert response.status_code == 200
    assert response.json()["shares_profile"] is False

    # A trip not applied to, someone else's application, an unknown purpose, no trip.
    put = client.put
    assert (
        put(
            "/api/v1/me/consents/share_trip",
            {"granted": True, "trip": autumn.slug},
            content_type=JSON,
            headers=headers,
        ).status_code
        == 404
    )
    others = ApplicationFactory(trip=autumn, status="accepted")
    assert (
        put(
            f"/api/v1/me/applications/{others.pk}/share",
            {"granted": True},
            content_type=JSON,
            headers=headers,
        ).status_code
        == 404
    )
    assert (
        put(
            "/api/v1/me/consents/everything", {"granted": True}, content_type=JSON, headers=headers
        ).status_code
        == 422
    )
    missing = put(
        "/api/v1/me/consents/share_trip", {"granted": True}, content_type=JSON, headers=headers
    )
    assert missing.status_code == 422
    assert "trip" in missing.json()["fields"]
    assert client.get("/api/v1/me/consents").status_code == 401
    assert ConsentEvent.objects.count() == 2


def test_sharing_a_withdrawn_application_is_refused(client, bearer, two_trips, maja):
    (spring, _), _ = two_trips
    application = ApplicationFactory(candidate=maja, trip=spring, status="withdrawn")
    response = client.put(
        f"/api/v1/me/applications/{application.pk}/share",
        {"granted": True},
        content_type=JSON,
        headers=bearer(maja.user),
    )
    assert response.status_code == 409
    assert not ConsentEvent.objects.exists()


# --- Renewal and lapse --------------------------------------------------------------------------


def test_renewal_is_asked_once_and_one_click_renews(client, clock, renewals, maja):
    old = clock.now - timedelta(days=800)
    Candidate.objects.filter(pk=maja.pk).update(
        consent_talent_db_at=old,
        consent_talent_db_version="2024-01",
        consent_share_household_at=old,
    )
    recent = CandidateFactory(
        consent_talent_db_at=clock.now - timedelta(days=300), consent_talent_db_version="v"
    )
    renewals()
    renewals()  # again: nothing twice
    [message] = mail.outbox
    assert message.to == ["maja@example.test"]
    assert "Talent database and trip alerts" in message.body
    assert "Household details" in message.body
    assert "/privacy/" in message.body
    path = re.search(r"/consents/renew/[^/\s]+/", message.body).group(0)
    assert recent.email not in [m.to[0] for m in mail.outbox]

    page = client.get(path)  # a mail scanner following the link changes nothing
    assert page.status_code == 200
    assert "Renew my consents" in page.content.decode()
    maja.refresh_from_db()
    assert maja.consent_talent_db_at == old

    assert client.post(path).status_code == 200  # not logged in: the signed link is enough
    maja.refresh_from_db()
    assert maja.consent_talent_db_at == clock.now
    assert maja.consent_share_household_at == clock.now
    assert sorted(events(candidate=maja)) == [
        ("household", True, "web", CONSENT_TEXT_VERSION),
        ("talent_db", True, "web", CONSENT_TEXT_VERSION),
    ]
    # Renewed: no lapse later, and no new request until they are old again.
    clock.advance(days=40)
    renewals()
    maja.refresh_from_db()
    assert maja.consent_talent_db_at is not None
    assert len(mail.outbox) == 1
    assert client.get("/consents/renew/not-a-token/").status_code == 400


def test_unrenewed_talent_consent_lapses_after_30_days(clock, renewals, two_trips, maja):
    (spring, _), _ = two_trips
    spring.sectors.set([sector("it")])
    Candidate.objects.filter(pk=maja.pk).update(
        consent_talent_db_at=clock.now - timedelta(days=731), consent_talent_db_version="v"
    )
    registration = InterestRegistration.objects.create(
        email="kim@example.test",
        consent_at=clock.now - timedelta(days=740),
        consent_version="v",
        confirmed_at=clock.now - timedelta(days=740),
    )
    registration.sectors.set([sector("it")])
    renewals()
    assert sorted(m.to[0] for m in mail.outbox) == ["kim@example.test", "maja@example.test"]
    assert {e for e, _lang in alert_recipients(spring)} == {"kim@example.test", "maja@example.test"}
    assert maja in suggestible_candidates(spring)

    clock.advance(days=29)
    renewals()
    maja.refresh_from_db()
    assert maja.consent_talent_db_at is not None  # not yet

    clock.advance(days=2)
    assert "talent-database consents lapsed: 2" in renewals()
    maja.refresh_from_db()
    registration.refresh_from_db()
    assert maja.consent_talent_db_at is None
    assert registration.unsubscribed_at == clock.now
    assert events(candidate=maja) == [("talent_db", False, "system", CONSENT_TEXT_VERSION)]
    assert events(registration=registration) == [
        ("talent_db", False, "system", CONSENT_TEXT_VERSION)
    ]
    # No more trip alerts, no more suggestions, no more renewal emails.
    assert alert_recipients(spring) == []
    assert maja not in suggestible_candidates(spring)
    renewals()
    assert len(mail.outbox) == 2


# --- The privacy notice -------------------------------------------------------------------------


def test_privacy_notice_in_swedish_and_english(client, organisation):
    swedish = client.get("/privacy/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    english = client.get("/privacy/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h1>Integritetspolicy</h1>" in swedish and "<h1>Privacy notice</h1>" in english
    for page in (swedish, english):
        assert organisation.name in page  # who is responsible
        assert 'href="/me/data/export/"' in page  # the right of access
        assert "IMY" in page
    for heading in (
        "Talent database and trip alerts",
        "Sharing my profile with a trip's employers",
        "Household details",
        "Residence-permit status",
        "Contact details for employers",
    ):
        assert heading in english.replace("&#x27;", "'")
    assert "Radering" in swedish and "Erasure" in english


def test_privacy_notice_is_linked_beside_every_consent_box_and_in_the_footer(client, maja):
    def links_beside_boxes(page: str) -> tuple[int, int]:
        boxes = re.findall(r'<input type="checkbox" name="(consent[a-z_]*)"', page)
        beside = re.findall(
            r'<input type="checkbox" name="consent[a-z_]*"[^>]*> <label[^>]*>[^<]*</label>'
            r' <a href="/privacy/"',
            page,
        )
        return len(boxes), len(beside)

    for url in ("/interest/", "/accounts/signup/candidate/"):
        page = client.get(url).content.decode()
        assert links_beside_boxes(page) == (1, 1), url
        assert page.count('href="/privacy/"') == 2  # the box and the footer
    client.force_login(maja.user)
    page = client.get("/me/profile/").content.decode()
    assert links_beside_boxes(page) == (4, 4)


def test_export_has_the_consent_history(client, two_trips, maja):
    (spring, _), _ = two_trips
    ApplicationFactory(candidate=maja, trip=spring, status="accepted")
    consent_set(candidate=maja, purpose="share_trip", trip=spring, granted=True, via="web")
    consent_set(candidate=maja, purpose="share_trip", trip=spring, granted=False, via="api")
    client.force_login(maja.user)
    response = client.post("/me/data/export/")
    with zipfile.ZipFile(io.BytesIO(response.getvalue())) as archive:
        data = json.loads(archive.read("data.json"))
    history = [
        (e["purpose"], e["granted"], e["via"], e["trip_id"]) for e in data["consent_history"]
    ]
    assert history == [
        ("share_trip", True, "web", spring.pk),
        ("share_trip", False, "api", spring.pk),
    ]


def test_no_change_is_no_event_but_a_renewal_is(maja):
    """A grant of something already granted is not a new event; a renewal is."""
    assert consent_set(candidate=maja, purpose="talent_db", granted=False, via="web") is None
    first = consent_set(candidate=maja, purpose="talent_db", granted=True, via="web")
    assert consent_set(candidate=maja, purpose="talent_db", granted=True, via="web") is None
    again = consent_set(candidate=maja, purpose="talent_db", granted=True, via="web", renew=True)
    assert first is not None and again is not None and again.pk != first.pk
    assert timezone.now() >= again.created_at
