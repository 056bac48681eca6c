"""The coordinator's pages: who sees what, cases by hand, filters, the edit conflict, the
stage and its history, the contact log."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from followup.models import CaseStage, ContactEntry, FollowUpCase

from ...factories import ApplicationFactory, CandidateFactory, TripFactory
from ...signin import totp_code
from ...web.pages import form_errors, page_text, texts
from .conftest import make_case

pytestmark = pytest.mark.django_db

LIST = reverse("followup_case_list")
NEW = reverse("followup_case_new")


def detail(case):
    return reverse("followup_case_detail", kwargs={"pk": case.pk})


def edit(case):
    return reverse("followup_case_edit", kwargs={"pk": case.pk})


def names(response) -> list[str]:
    return texts(response.content, "th", "case-name")


def new_case_data(organisation, **overrides):
    data = {
        "organisation": organisation.pk,
        "name": "Bo Ek",
        "email": "bo@example.test",
        "phone": "070-123 45 67",
        "city": "Uppsala",
        "source": "fair",
        "source_note": "Met at the Stockholm fair",
        "partner_occupation": "Nurse",
        "partner_looking_for_work": "on",
        "children": "4 preschool\n9 school",
        "housing_need": "rent",
        "housing_where": "Östersund",
    }
    data.update(overrides)
    return data


# --- Who sees what ------------------------------------------------------------------------------


def test_coordinator_sees_only_their_organisations_cases(
    client, coordinator, organisation, other_organisation
):
    mine = make_case(organisation, name="Mine Minsson")
    theirs = make_case(other_organisation, name="Theirs Theirsson")
    client.force_login(coordinator)

    response = client.get(LIST)

    assert response.status_code == 200
    assert names(response) == ["Mine Minsson"]
    assert client.get(detail(mine)).status_code == 200
    assert client.get(detail(theirs)).status_code == 404
    assert client.get(edit(theirs)).status_code == 404


def test_organiser_follows_up_without_being_a_coordinator(client, organiser, organisation):
    make_case(organisation, name="Org Case")
    client.force_login(organiser)

    response = client.get(LIST)

    assert names(response) == ["Org Case"]
    assert "Follow-up" in texts(response.content, "nav", "subnav")[0]


def test_candidate_and_anonymous_get_nothing(client, candidate_user, organisation):
    case = make_case(organisation)

    anonymous = client.get(LIST)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))

    client.force_login(candidate_user)
    assert client.get(LIST).status_code == 403
    assert client.get(detail(case)).status_code == 403


def test_coordinator_lands_on_the_caseload_and_has_a_way_in(client, coordinator):
    client.force_login(coordinator)

    home = client.get("/")

    assert "Follow-up" in texts(home.content, "nav", "site-nav")[0]
    login = client.post(
        reverse("login"), {"username": coordinator.email, "password": "pw-for-tests-1"}
    )
    assert login["Location"] == reverse("login_code")  # the device force_login gave them
    device = TOTPDevice.objects.get(user=coordinator)
    code = client.post(reverse("login_code"), {"code": totp_code(device)})
    assert code["Location"] == LIST


# --- Cases by hand ------------------------------------------------------------------------------


def test_new_case_by_hand_with_its_household(client, coordinator, organisation):
    client.force_login(coordinator)

    response = client.post(NEW, new_case_data(organisation, assignee=coordinator.pk))

    case = FollowUpCase.objects.get()
    assert response["Location"] == detail(case)
    assert case.source == "fair"
    assert case.stage == CaseStage.IN_CONTACT
    assert case.children == [{"age": 4, "need": "preschool"}, {"age": 9, "need": "school"}]
    assert case.partner_looking_for_work is True
    page = page_text(client.get(detail(case)).content)
    assert "4 years (needs a preschool place)" in page
    assert "9 years (needs a school place)" in page
    assert "Fair or event: Met at the Stockholm fair" in page
    assert "Cecilia Coordinator" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "not-an-email", "Enter a valid email address."),
        ("children", "four preschool", "write the age"),
        ("children", "30 school", "the age must be a whole number from 0 to 25"),
        ("name", "", "This field is required."),
        ("source", "trip", "Select a valid choice"),
    ],
)
def test_new_case_shows_what_is_wrong(client, coordinator, organisation, field, value, message):
    client.force_login(coordinator)

    response = client.post(NEW, new_case_data(organisation, **{field: value}))

    assert response.status_code == 200
    assert any(message in error for error in form_errors(response.content))
    assert not FollowUpCase.objects.exists()


def test_second_open_case_for_the_same_email_points_to_the_first(client, coordinator, organisation):
    first = make_case(organisation, name="Bo Ek", email="bo@example.test")
    client.force_login(coordinator)

    response = client.post(NEW, new_case_data(organisation, email="BO@example.test"))

    assert FollowUpCase.objects.count() == 1
    assert any("already has an open case" in e for e in form_errors(response.content))
    assert f'href="{detail(first)}"' in response.content.decode()


def test_a_closed_case_does_not_block_a_new_one(client, coordinator, organisation):
    make_case(organisation, email="bo@example.test", stage="closed", closed_reason="no_job")
    client.force_login(coordinator)

    client.post(NEW, new_case_data(organisation))

    assert FollowUpCase.objects.filter(email="bo@example.test").count() == 2


# --- Filters ------------------------------------------------------------------------------------


def test_filters_and_search(client, coordinator, organisation):
    trip = TripFactory(organisation=organisation)
    candidate = CandidateFactory(name="Tripp Trippson")
    ApplicationFactory(candidate=candidate, trip=trip)
    make_case(organisation, name="Tripp Trippson", candidate=candidate, source="trip")
    make_case(organisation, name="Mina Mine", assignee=coordinator, email="mina@ex.test")
    make_case(organisation, name="Nils Nobody", stage="offer", source="email")
    client.force_login(coordinator)

    def shown(**params):
        return sorted(names(client.get(LIST, params)))

    assert shown() == ["Mina Mine", "Nils Nobody", "Tripp Trippson"]
    assert shown(assignee="me") == ["Mina Mine"]
    assert shown(assignee="nobody") == ["Nils Nobody", "Tripp Trippson"]
    assert shown(stage="offer") == ["Nils Nobody"]
    assert shown(source="email") == ["Nils Nobody"]
    assert shown(trip=trip.pk) == ["Tripp Trippson"]
    assert shown(q="MINA@") == ["Mina Mine"]
    assert shown(q="nobod") == ["Nils Nobody"]
    empty = client.get(LIST, {"q": "zzz"})
    assert "No cases match these filters." in page_text(empty.content)


def test_empty_caseload_says_how_cases_come(client, coordinator):
    client.force_login(coordinator)

    assert "No cases yet." in page_text(client.get(LIST).content)


def test_caseload_is_paginated(client, coordinator, organisation):
    for n in range(30):
        make_case(organisation, name=f"Person {n:02d}")
    client.force_login(coordinator)

    first, second = client.get(LIST), client.get(LIST, {"page": 2})

    assert len(names(first)) == 25
    assert len(names(second)) == 5
    assert not set(names(first)) & set(names(second))


# --- The edit: optimistic locking --------------------------------------------------------------


def edit_data(case, **changes):
    data = {
        "organisation": case.organisation_id,
        "name": case.name,
        "email": case.email,
        "source": case.source,
        "version": case.version,
    }
    data.update(changes)
    return data


def test_two_edits_from_the_same_version_second_gets_the_conflict(
    client, coordinator, organiser, organisation
):
    from django.test import Client

    case = make_case(organisation, name="Alva Berg", email="alva@example.test")
    client.force_login(coordinator)
    other = Client(headers={"Accept-Language": "en"})
    other.force_login(organiser)
    assert 'name="version" value="1"' in client.get(edit(case)).content.decode()

    first = client.post(edit(case), edit_data(case, phone="070-111 11 11"))
    second = other.post(edit(case), edit_data(case, phone="070-222 22 22", notes="Mine"))

    assert first.status_code == 302
    assert second.status_code == 409
    case.refresh_from_db()
    assert case.phone == "070-111 11 11"
    assert case.notes == ""
    assert case.version == 2
    html = second.content.decode()
    assert any("Someone else changed this case" in e for e in form_errors(second.content))
    assert 'value="070-222 22 22"' in html  # what they typed is kept
    assert ">\nMine</textarea>" in html
    assert 'name="version" value="2"' in html  # saving again is a deliberate choice
    assert "Saved meanwhile by someone else" in page_text(second.content)

    again = other.post(edit(case), edit_data(case, phone="070-222 22 22", version=2))
    assert again.status_code == 302
    case.refresh_from_db()
    assert case.phone == "070-222 22 22"


# --- Stage and history --------------------------------------------------------------------------


def test_stage_change_is_recorded_with_who_and_when(client, coordinator, organisation):
    case = make_case(organisation)
    client.force_login(coordinator)
    url = reverse("followup_case_stage", kwargs={"pk": case.pk})

    response = client.post(url, {"stage": "interviewing", "note": "Two interviews", "version": 1})

    assert response.status_code == 302
    change = case.status_changes.get()
    assert (change.from_status, change.to_status, change.actor) == (
        "in_contact",
        "interviewing",
        coordinator,
    )
    history = texts(client.get(detail(case)).content, "ol", "case-history")[0]
    assert "In contact → Interviewing · Cecilia Coordinator · Two interviews" in history
    assert timezone.localtime(change.created_at).strftime("%-d %b %Y") in history


def test_closing_needs_a_reason(client, coordinator, organisation):
    case = make_case(organisation)
    client.force_login(coordinator)
    url = reverse("followup_case_stage", kwargs={"pk": case.pk})

    refused = client.post(url, {"stage": "closed", "version": 1})
    assert refused.status_code == 422
    assert "Say why the case is closed." in form_errors(refused.content)
    case.refresh_from_db()
    assert case.stage == "in_contact"

    client.post(url, {"stage": "closed", "closed_reason": "chose_elsewhere", "version": 1})
    case.refresh_from_db()
    assert (case.stage, case.closed_reason) == ("closed", "chose_elsewhere")
    assert "Closed (Chose somewhere else)" in page_text(client.get(detail(case)).content)


def test_stage_change_from_a_stale_version_is_refused(client, coordinator, organisation):
    case = make_case(organisation)
    client.force_login(coordinator)
    client.post(edit(case), edit_data(case, phone="1"))  # version 2 now
    url = reverse("followup_case_stage", kwargs={"pk": case.pk})

    response = client.post(url, {"stage": "offer", "version": 1})

    assert response.status_code == 409
    case.refresh_from_db()
    assert case.stage == "in_contact"


# --- Contact log --------------------------------------------------------------------------------


def test_contact_log_latest_first(client, coordinator, organisation):
    case = make_case(organisation)
    client.force_login(coordinator)
    url = reverse("followup_contact_add", kwargs={"pk": case.pk})
    now = timezone.localtime()

    client.post(
        url,
        {
            "occurred_at": (now - timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
            "channel": "phone",
            "note": "First call",
        },
    )
    client.post(
        url,
        {
            "occurred_at": (now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
            "channel": "email",
            "note": "Sent housing contacts",
        },
    )

    entries = texts(client.get(detail(case)).content, "li", "contact-entry")
    assert len(entries) == 2
    assert "Email" in entries[0] and "Sent housing contacts" in entries[0]
    assert "Phone" in entries[1] and "First call" in entries[1]
    assert "Cecilia Coordinator" in entries[0]


def test_contact_cannot_be_in_the_future_nor_a_job_tip(client, coordinator, organisation):
    case = make_case(organisation)
    client.force_login(coordinator)
    url = reverse("followup_contact_add", kwargs={"pk": case.pk})
    later = (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")

    future = client.post(url, {"occurred_at": later, "channel": "phone", "note": "x"})
    tip = client.post(url, {"occurred_at": "2026-01-01T10:00", "channel": "job_tip"})

    assert future.status_code == 422
    assert "A contact cannot be in the future." in form_errors(future.content)
    assert tip.status_code == 422
    assert not ContactEntry.objects.exists()


def test_caseload_and_case_read_swedish(coordinator, organisation):
    from django.test import Client
    from django.utils import translation

    case = make_case(
        organisation,
        name="Alva Berg",
        stage="settled_6",
        children=[{"age": 3, "need": "preschool"}],
    )
    swedish = Client()
    swedish.force_login(coordinator)

    with translation.override("sv"):
        listing = swedish.get(LIST)
        page = swedish.get(detail(case))

    assert texts(listing.content, "h1") == ["Ärenden"]
    assert texts(listing.content, "td", "case-stage") == ["Bott här 6 månader"]
    body = page_text(page.content)
    assert "Ändra fas" in body and "Kontaktlogg" in body and "Hushåll" in body
    assert "3 år (behöver förskoleplats)" in body
    assert "Uppföljning" in texts(page.content, "nav", "subnav")[0]
