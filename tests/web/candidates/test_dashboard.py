"""The candidate's dashboard: applications, history, withdrawing; waitlist offer pages."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from candidates.models import Application
from candidates.services import applicant_note_add, application_transition
from tests.factories import ApplicationFactory, CandidateFactory

from ..pages import page_text, texts
from .conftest import link_in_mail

pytestmark = pytest.mark.django_db

ACCEPT = r"/offers/[^/\s]+/accept/"
DECLINE = r"/offers/[^/\s]+/decline/"


def test_dashboard_lists_applications_with_status_history_and_links(
    candidate_client, candidate, trip, organiser
):
    application = ApplicationFactory(candidate=candidate, trip=trip)
    application_transition(application=application, actor=organiser, to_status="shortlisted")

    response = candidate_client.get(reverse("candidate_dashboard"))

    assert texts(response.content, "h3", "application__trip") == ["Vårresan"]
    assert texts(response.content, "p", "application__status") == ["Status: Shortlisted"]
    today = timezone.localtime().strftime("%-d %B %Y")
    history = texts(response.content, "ol", "history")
    assert len(history) == 1
    assert history[0].startswith(today) and history[0].endswith("Shortlisted")
    html = response.content.decode()
    assert 'href="/me/profile/"' in html
    assert 'href="/me/calendar/"' in html


def test_dashboard_history_has_one_line_per_change_with_dates(
    candidate_client, candidate, trip, organiser
):
    application = ApplicationFactory(candidate=candidate, trip=trip)
    application.status_changes.create(from_status="", to_status="submitted")
    application_transition(application=application, actor=organiser, to_status="waitlisted")

    response = candidate_client.get(reverse("candidate_dashboard"))

    today = timezone.localtime().strftime("%-d %B %Y")
    history = texts(response.content, "ol", "history")[0]
    assert history.startswith(today)
    assert history.endswith("Waitlisted")
    assert "Applied" in history


def test_dashboard_shows_the_upcoming_trip_when_accepted(candidate_client, candidate, trip):
    ApplicationFactory(candidate=candidate, trip=trip, status="accepted")

    response = candidate_client.get(reverse("candidate_dashboard"))

    upcoming = texts(response.content, "section", "upcoming-trip")[0]
    start = timezone.localtime(trip.starts_at).strftime("%-d %B %Y")
    assert upcoming.startswith(f"You are going on Vårresan {start}–")


def test_dashboard_for_someone_without_applications(candidate_client):
    response = candidate_client.get(reverse("candidate_dashboard"))

    assert "You have not applied for any trip yet." in page_text(response.content)


def test_dashboard_needs_a_candidate(client, organiser):
    client.force_login(organiser)
    assert client.get(reverse("candidate_dashboard")).status_code == 403


def test_withdraw_asks_to_confirm_then_withdraws(candidate_client, candidate, trip):
    application = ApplicationFactory(candidate=candidate, trip=trip)
    url = reverse("application_withdraw", args=[application.pk])
    assert (
        f'action="{url}"' in candidate_client.get(reverse("candidate_dashboard")).content.decode()
    )

    confirm = candidate_client.post(url)

    assert texts(confirm.content, "h1") == ["Withdraw your application?"]
    application.refresh_from_db()
    assert application.status == "submitted"

    response = candidate_client.post(url, {"confirm": "yes"}, follow=True)

    assert texts(response.content, "p", "message") == [
        "Your application to “Vårresan” is withdrawn."
    ]
    assert texts(response.content, "p", "application__status") == ["Status: Withdrawn"]
    assert f'action="{url}"' not in response.content.decode()  # no second withdraw button


def test_no_withdraw_button_once_the_trip_has_started(candidate_client, candidate, trip):
    application = ApplicationFactory(candidate=candidate, trip=trip, status="accepted")
    trip.application_deadline = timezone.now() - timedelta(days=2)
    trip.starts_at = timezone.now() - timedelta(hours=1)
    trip.save()
    url = reverse("application_withdraw", args=[application.pk])

    dashboard = candidate_client.get(reverse("candidate_dashboard"))
    response = candidate_client.post(url, {"confirm": "yes"}, follow=True)

    assert f'action="{url}"' not in dashboard.content.decode()
    assert texts(response.content, "p", "message") == [
        "The trip has started; the application can no longer be withdrawn."
    ]


def test_someone_elses_application_cannot_be_withdrawn(candidate_client, trip):
    theirs = ApplicationFactory(trip=trip)

    response = candidate_client.post(
        reverse("application_withdraw", args=[theirs.pk]), {"confirm": "yes"}
    )

    assert response.status_code == 404


def test_notes_never_reach_the_candidates_pages(candidate_client, candidate, trip, organiser):
    application = ApplicationFactory(candidate=candidate, trip=trip, status="accepted")
    applicant_note_add(application=application, author=organiser, text="Hemlig anteckning 42")

    for url in (
        reverse("candidate_dashboard"),
        reverse("candidate_profile"),
        trip.get_absolute_url(),
        reverse("trip_list"),
    ):
        response = candidate_client.get(url)
        assert response.status_code == 200
        assert "Hemlig anteckning 42" not in response.content.decode(), url


# --- Waitlist offers --------------------------------------------------------------------------


@pytest.fixture
def offer(trip, candidate, organiser, django_capture_on_commit_callbacks):
    """The trip is full; an accepted candidate withdraws and `candidate`, first on the waiting
    list, is emailed an offer of the freed place."""
    first = ApplicationFactory(trip=trip, status="accepted")
    ApplicationFactory(trip=trip, status="accepted")
    waiting = ApplicationFactory(trip=trip, candidate=candidate, status="waitlisted")
    ApplicationFactory(trip=trip, status="waitlisted", candidate=CandidateFactory())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application_transition(application=first, actor=first.candidate.user, to_status="withdrawn")
    [message] = [m for m in mail.outbox if m.to == ["maja@example.test"]]
    waiting.refresh_from_db()
    return {"application": waiting, "message": message}


def test_offer_accept_page_asks_first_then_accepts(client, offer):
    url = link_in_mail(ACCEPT, offer["message"])

    page = client.get(url)

    assert texts(page.content, "h1") == ["Accept the offered place?"]
    offer["application"].refresh_from_db()
    assert offer["application"].status == "waitlisted"  # a GET changes nothing

    response = client.post(url)

    assert texts(response.content, "h1") == ["The place is yours!"]
    assert "You are accepted on “Vårresan”." in page_text(response.content)
    offer["application"].refresh_from_db()
    assert offer["application"].status == "accepted"

    again = client.post(url)

    assert again.status_code == 409
    assert texts(again.content, "p", "message") == [
        "This offer is no longer open (the application is accepted)."
    ]


def test_offer_page_names_the_trip_its_dates_and_the_deadline_with_both_answers(client, offer):
    application = offer["application"]
    url = link_in_mail(ACCEPT, offer["message"])

    page = client.get(url)

    text = page_text(page.content)
    deadline = timezone.localtime(application.offer_expires_at)
    assert "A place on “Vårresan” has opened up for you." in text
    assert date_format(application.trip.starts_at, "j F Y") in text
    assert "Answer by" in text and date_format(deadline, "j F Y, H:i") in text
    html = page.content.decode()
    assert f'action="{url}"' in html
    assert f'action="{url.replace("/accept/", "/decline/")}"' in html
    assert "No, decline the place" in text

    declined = client.post(url.replace("/accept/", "/decline/"))
    assert texts(declined.content, "h1") == ["You have declined the place"]


def test_offer_email_gives_the_deadline_in_local_time_and_the_readers_language(offer):
    application = offer["application"]
    deadline = timezone.localtime(application.offer_expires_at)
    with translation.override("en"):
        expected = date_format(deadline, "j F Y, H:i")
    assert f"open until {expected} (Europe/Stockholm time)" in offer["message"].body
    assert "UTC" not in offer["message"].body


def test_an_expired_offer_says_so_before_the_button(client, offer):
    Application.objects.filter(pk=offer["application"].pk).update(
        offer_expires_at=timezone.now() - timedelta(minutes=1)
    )
    page = client.get(link_in_mail(ACCEPT, offer["message"]))
    assert texts(page.content, "p", "message") == ["This offer has expired."]
    assert "Yes, I take the place" not in page_text(page.content)


def test_offer_decline_page_declines(client, offer):
    url = link_in_mail(DECLINE, offer["message"])

    assert texts(client.get(url).content, "h1") == ["Decline the offered place?"]
    response = client.post(url)

    assert texts(response.content, "h1") == ["You have declined the place"]
    offer["application"].refresh_from_db()
    assert offer["application"].status == "withdrawn"


def test_expired_offer_says_so(client, offer):
    Application.objects.filter(pk=offer["application"].pk).update(
        offer_expires_at=timezone.now() - timedelta(minutes=1)
    )

    response = client.post(link_in_mail(ACCEPT, offer["message"]))

    assert texts(response.content, "p", "message") == ["This offer has expired."]


def test_bad_offer_link_says_so(client):
    response = client.post(reverse("offer_accept", args=["nonsense"]))

    assert texts(response.content, "p", "message") == ["This link is not valid."]


def test_dashboard_shows_the_offer_with_its_links(candidate_client, offer):
    response = candidate_client.get(reverse("candidate_dashboard"))

    box = texts(response.content, "div", "offer-box")[0]
    assert box.startswith("A place has opened up for you! The offer is open until")
    assert link_in_mail(ACCEPT, offer["message"]) in response.content.decode()
