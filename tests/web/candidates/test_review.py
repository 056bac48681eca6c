"""The organisers' applicant review: list, filters, sorting, bulk actions, detail, notes, CSV."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from candidates.models import Application
from candidates.selectors import applications_for_trip
from candidates.services import applicant_note_add, candidate_profile_update
from tests.factories import ApplicationFactory, CandidateFactory, TripFactory, sector

from ...plans import plan_without
from ..pages import form_errors, page_text, texts

pytestmark = pytest.mark.django_db


def _applicant(trip, name, *, city, years, sectors=("it",), days_ago=0, **fields):
    candidate = CandidateFactory(
        name=name,
        user__email=f"{name.split()[0].lower()}@example.test",
        city=city,
        country="Sverige",
        years_experience=years,
        sectors=[sector(code) for code in sectors],
    )
    return ApplicationFactory(
        candidate=candidate,
        trip=trip,
        created_at=timezone.now() - timedelta(days=days_ago),
        **fields,
    )


@pytest.fixture
def applicants(trip):
    return {
        "anna": _applicant(trip, "Anna Åberg", city="Umeå", years=3, days_ago=5),
        "bo": _applicant(
            trip, "Bo Ek", city="Malmö", years=12, sectors=("it", "ekonomi"), days_ago=4
        ),
        "cia": _applicant(
            trip, "Cia Öst", city="Malmö", years=7, sectors=("vard-omsorg",), days_ago=3
        ),
        "dan": _applicant(trip, "Dan Berg", city="Luleå", years=1, days_ago=2, status="declined"),
    }


def _names(response) -> list[str]:
    return texts(response.content, "th", "applicant-name")


def _list(client, trip, **params):
    return client.get(reverse("manage:applicant_list", args=[trip.slug]), params)


def test_applicant_list_is_for_the_trips_organisers_only(
    client, organiser, other_organiser, plain_user, trip
):
    url = reverse("manage:applicant_list", args=[trip.slug])
    assert client.get(url).status_code == 302
    client.force_login(plain_user)
    assert client.get(url).status_code == 403
    client.force_login(other_organiser)
    assert client.get(url).status_code == 404
    assert client.get(reverse("manage:applicants_csv", args=[trip.slug])).status_code == 404
    client.force_login(organiser)
    assert client.get(url).status_code == 200


def test_applicant_list_shows_applicants_and_places_left(organiser_client, trip, applicants):
    response = _list(organiser_client, trip)

    assert _names(response) == ["Anna Åberg", "Bo Ek", "Cia Öst", "Dan Berg"]
    assert texts(response.content, "td", "applicant-status") == [
        "Submitted",
        "Submitted",
        "Submitted",
        "Declined",
    ]
    assert texts(response.content, "p", "places-summary") == ["2 places in all. 2 places left"]


def test_applicant_list_filters(organiser_client, trip, applicants):
    assert _names(_list(organiser_client, trip, status="declined")) == ["Dan Berg"]
    assert _names(_list(organiser_client, trip, sector="vard-omsorg")) == ["Cia Öst"]
    assert _names(_list(organiser_client, trip, min_experience=7)) == ["Bo Ek", "Cia Öst"]
    assert _names(_list(organiser_client, trip, city="malmö")) == ["Bo Ek", "Cia Öst"]
    assert _names(_list(organiser_client, trip, city="Malmö", sector="ekonomi")) == ["Bo Ek"]


def test_applicant_list_sorts(organiser_client, trip, applicants):
    assert _names(_list(organiser_client, trip, sort="-applied")) == [
        "Dan Berg",
        "Cia Öst",
        "Bo Ek",
        "Anna Åberg",
    ]
    assert _names(_list(organiser_client, trip, sort="-experience")) == [
        "Bo Ek",
        "Cia Öst",
        "Anna Åberg",
        "Dan Berg",
    ]
    assert _names(_list(organiser_client, trip, sort="name")) == [
        "Anna Åberg",
        "Bo Ek",
        "Cia Öst",
        "Dan Berg",
    ]
    assert _names(_list(organiser_client, trip, sort="city"))[:2] == ["Dan Berg", "Bo Ek"]
    assert _names(_list(organiser_client, trip, sort="status"))[0] == "Dan Berg"


def _bulk(client, trip, to_status, *applications, query=""):
    return client.post(
        reverse("manage:applicant_bulk", args=[trip.slug]),
        {"to_status": to_status, "applications": [a.pk for a in applications], "query": query},
        follow=True,
    )


def test_sort_by_name_ignores_case(organiser_client, trip, applicants):
    _applicant(trip, "bodil lind", city="Umeå", years=2)

    assert _names(_list(organiser_client, trip, sort="name")) == [
        "Anna Åberg",
        "Bo Ek",
        "bodil lind",
        "Cia Öst",
        "Dan Berg",
    ]


@pytest.mark.postgres
def test_sort_by_name_sorts_the_trips_applicants_not_the_name_index(trip, applicants):
    """With a LIMIT, PostgreSQL may walk the (name, id) index of every profile in the talent
    database until it has a page of the trip's: at 300,000 profiles that was 375 ms for one
    page. Sorting disabled, it takes that walk if the sort allows it."""
    plan = plan_without(applications_for_trip(trip, sort="name")[:50], "sort")
    assert "candidate_name_id" not in plan, plan


def test_bulk_accept_within_capacity(organiser_client, trip, applicants):
    response = _bulk(
        organiser_client, trip, "accepted", applicants["anna"], applicants["bo"], query="sort=name"
    )

    assert response.redirect_chain == [
        (reverse("manage:applicant_list", args=[trip.slug]) + "?sort=name", 302)
    ]
    assert texts(response.content, "p", "message") == ["2 applications are now accepted."]
    assert texts(response.content, "p", "places-summary") == [
        "2 places in all. Full: new applicants go on the waiting list"
    ]


def test_after_the_trip_bulk_actions_record_attendance(organiser_client, organisation):
    past = TripFactory(
        organisation=organisation,
        status="completed",
        slug="forra-resan",
        starts_at=timezone.now() - timedelta(days=10),
        ends_at=timezone.now() - timedelta(days=9),
        application_deadline=timezone.now() - timedelta(days=20),
    )
    came = _applicant(past, "Eva Lind", city="Umeå", years=4, status="accepted")
    stayed_home = _applicant(past, "Frej Ask", city="Gävle", years=2, status="accepted")

    page = _list(organiser_client, past)
    buttons = texts(page.content, "button", "button")
    assert "Mark as attended" in " ".join(buttons) and "Mark as no-show" in " ".join(buttons)
    assert not any(label in ("Accept", "Decline", "Shortlist") for label in buttons), buttons

    _bulk(organiser_client, past, "attended", came)
    _bulk(organiser_client, past, "no_show", stayed_home)
    refused = _bulk(organiser_client, past, "declined", came)

    came.refresh_from_db()
    stayed_home.refresh_from_db()
    assert (came.status, stayed_home.status) == ("attended", "no_show")
    assert "Select a valid choice." in " ".join(texts(refused.content, "p", "message"))


def test_bulk_accept_over_capacity_changes_nothing(organiser_client, trip, applicants):
    response = _bulk(
        organiser_client,
        trip,
        "accepted",
        applicants["anna"],
        applicants["bo"],
        applicants["cia"],
    )

    assert texts(response.content, "p", "message") == [
        "Cia Öst: The trip is full: all 2 places are taken. Waitlist the candidate instead. "
        "— nothing was changed."
    ]
    assert set(Application.objects.values_list("status", flat=True)) == {"submitted", "declined"}


def test_bulk_with_a_final_status_changes_nothing(organiser_client, trip, applicants):
    response = _bulk(organiser_client, trip, "shortlisted", applicants["anna"], applicants["dan"])

    [message] = texts(response.content, "p", "message")
    assert message.startswith("Dan Berg: Cannot change status from Declined")
    assert message.endswith("— nothing was changed.")
    assert Application.objects.get(pk=applicants["anna"].pk).status == "submitted"


def test_bulk_without_a_choice_says_so(organiser_client, trip, applicants):
    response = _bulk(organiser_client, trip, "accepted")

    assert texts(response.content, "p", "message") == ["Choose at least one applicant."]


def test_bulk_cannot_reach_another_trips_applications(organiser_client, trip, organisation):
    elsewhere = ApplicationFactory(trip=TripFactory(organisation=organisation, status="published"))

    response = _bulk(organiser_client, trip, "accepted", elsewhere)

    [message] = texts(response.content, "p", "message")
    assert message.startswith("Select a valid choice.")
    assert Application.objects.get().status == "submitted"


def test_applicant_list_queries_do_not_grow_with_rows(organiser_client, trip, organiser):
    def add(n):
        for _ in range(n):
            application = ApplicationFactory(trip=trip)
            applicant_note_add(application=application, author=organiser, text="ok")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = _list(organiser_client, trip)
        assert response.status_code == 200
        return len(queries)

    add(2)
    two = count()
    two_again = count()
    add(18)
    twenty = count()
    twenty_again = count()

    # The table's rows come from the cache while unchanged: the page's fingerprint is one
    # query; the first time at a fingerprint, the page of applications and their sectors.
    assert two == twenty == 13
    assert two_again == twenty_again == 11


def test_applicant_list_shows_each_change_though_its_rows_are_cached(
    organiser_client, trip, applicants, organiser
):
    def row_of(name):
        return next(r for r in texts(_list(organiser_client, trip).content, "tr") if name in r)

    assert "Umeå" in row_of("Anna Åberg")
    anna = applicants["anna"]

    applicant_note_add(application=anna, author=organiser, text="Ring henne")
    _bulk(organiser_client, trip, "shortlisted", anna)
    candidate_profile_update(
        candidate=anna.candidate,
        actor=anna.candidate.user,
        city="Kiruna",
        sectors=[sector("ekonomi")],
    )

    row = row_of("Anna Åberg")
    assert "Kiruna" in row and "Shortlisted" in row
    assert row.split()[-1] == "1"  # the note count
    assert "Finance and accounting" in row


# --- Detail, single status changes and notes --------------------------------------------------


def test_applicant_detail_shows_profile_history_and_allowed_statuses(
    organiser_client, trip, applicants
):
    anna = applicants["anna"]
    response = organiser_client.get(reverse("manage:applicant_detail", args=[trip.slug, anna.pk]))

    text = page_text(response.content)
    assert texts(response.content, "h1") == ["Anna Åberg"]
    for words in ("anna@example.test", "Umeå, Sverige", "I want to live near the mountains."):
        assert words in text
    buttons = texts(response.content, "div", "status-panel__actions")
    assert buttons == ["Shortlist Accept Waitlist Decline Mark as withdrawn"]
    # Attendance only once the trip has started.
    assert "No CV uploaded" in text
    assert "Residence permit status" not in text  # no consent given


def test_applicant_detail_offers_attendance_once_the_trip_has_started(
    organiser_client, trip, applicants
):
    Application.objects.filter(pk=applicants["anna"].pk).update(status="accepted")
    trip.application_deadline = timezone.now() - timedelta(days=2)
    trip.starts_at = timezone.now() - timedelta(hours=2)
    trip.save()

    response = organiser_client.get(
        reverse("manage:applicant_detail", args=[trip.slug, applicants["anna"].pk])
    )

    assert texts(response.content, "div", "status-panel__actions") == [
        "Mark as withdrawn Mark as attended Mark as no-show"
    ]


def test_applicant_single_status_change(organiser_client, trip, applicants):
    anna = applicants["anna"]
    url = reverse("manage:applicant_transition", args=[trip.slug, anna.pk])

    response = organiser_client.post(url, {"status": "accepted"}, follow=True)

    assert texts(response.content, "p", "message") == ["Anna Åberg is now accepted."]
    assert texts(response.content, "p", "applicant-status") == ["Status: Accepted"]
    history = texts(response.content, "ol", "history")[0]
    assert history.endswith("Accepted (" + response.wsgi_request.user.full_name + ")")


def test_applicant_of_another_trip_is_404(organiser_client, trip, organisation):
    other_trip = TripFactory(organisation=organisation, status="published")
    elsewhere = ApplicationFactory(trip=other_trip)

    url = reverse("manage:applicant_detail", args=[trip.slug, elsewhere.pk])

    assert organiser_client.get(url).status_code == 404


def test_notes_are_added_and_listed_for_organisers(organiser_client, trip, applicants, organiser):
    anna = applicants["anna"]
    url = reverse("manage:applicant_note", args=[trip.slug, anna.pk])

    response = organiser_client.post(url, {"text": "Ring om boende i Åre."}, follow=True)

    assert texts(response.content, "p", "message") == ["The note is saved."]
    notes = texts(response.content, "li", "applicant-note")
    assert len(notes) == 1
    assert notes[0].startswith(organiser.full_name)
    assert notes[0].endswith("Ring om boende i Åre.")
    listing = _list(organiser_client, trip)
    assert "Ring om boende" not in listing.content.decode()  # only the count is listed

    empty = organiser_client.post(url, {"text": "  "}, follow=True)
    assert texts(empty.content, "p", "message") == ["The note is empty."]


def test_note_form_is_on_the_detail_page(organiser_client, trip, applicants):
    response = organiser_client.get(
        reverse("manage:applicant_detail", args=[trip.slug, applicants["anna"].pk])
    )

    assert form_errors(response.content) == []
    assert "Only organisers see notes; candidates and employers never do." in page_text(
        response.content
    )


# --- CSV --------------------------------------------------------------------------------------


def test_csv_export_of_the_filtered_list(organiser_client, trip, applicants):
    response = organiser_client.get(
        reverse("manage:applicants_csv", args=[trip.slug]), {"city": "Malmö", "sort": "name"}
    )

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="applicants-varresan.csv"'
    assert response.content.startswith("\ufeff".encode())
    applied = {
        a.candidate.name: timezone.localtime(a.created_at).strftime("%Y-%m-%d %H:%M")
        for a in applicants.values()
    }
    # Phone, household and residence permit: only with their consents (none given here).
    assert response.content.decode("utf-8-sig").splitlines() == [
        "Name,Email,City,Country,Sectors,Years of experience,Status,Applied,"
        "Phone,Partner needs a job,Children's ages,Residence permit status",
        f'Bo Ek,bo@example.test,Malmö,Sverige,"Finance and accounting, IT",12,Submitted,'
        f"{applied['Bo Ek']},,,,",
        f"Cia Öst,cia@example.test,Malmö,Sverige,Care,7,Submitted,{applied['Cia Öst']},,,,",
    ]


def test_csv_in_swedish_is_separated_by_semicolons_for_excel(organiser_client, trip, applicants):
    organiser_client.cookies["django_language"] = "sv"
    response = organiser_client.get(
        reverse("manage:applicants_csv", args=[trip.slug]), {"city": "Malmö", "sort": "name"}
    )

    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == (
        "Namn;E-post;Ort;Land;Branscher;Antal år i yrket;Status;Ansökt;"
        "Telefon;Partnern behöver ett jobb;Barnens åldrar;Uppehållstillstånd"
    )
    assert lines[1].startswith("Bo Ek;bo@example.test;Malmö;Sverige;")


def test_csv_neutralises_formulas(organiser_client, trip):
    _applicant(trip, "=HYPERLINK(1) Ek", city="+46", years=1)

    response = organiser_client.get(reverse("manage:applicants_csv", args=[trip.slug]))

    row = response.content.decode("utf-8-sig").splitlines()[1]
    assert row.startswith("'=HYPERLINK(1) Ek,")
    assert ",'+46," in row


def test_applicants_link_on_the_trip_edit_page(organiser_client, trip):
    response = organiser_client.get(reverse("manage:trip_edit", args=[trip.slug]))

    assert f'href="/manage/trips/{trip.slug}/applicants/"' in response.content.decode()


def test_applicant_filters_show_the_chosen_values_and_the_current_sectors(
    organiser_client, trip, applicants
):
    first = _list(organiser_client, trip, city="Umeå").content.decode()
    it = sector("it")
    it.name_en = "Software and IT"
    it.save()

    second = _list(organiser_client, trip, city="Umeå").content.decode()
    other = _list(organiser_client, trip, city="Malmö").content.decode()

    assert 'value="Umeå"' in first and "Software and IT" not in first
    assert "Software and IT" in texts(second, "select")[1]  # the sector filter
    assert any("Software and IT" in row for row in texts(second, "tr"))  # Anna's row
    assert 'value="Malmö"' in other and 'value="Umeå"' not in other
