import pytest
from django.contrib import admin
from django.urls import reverse

from core.models import User
from events.models import TripStatus
from events.services import organiser_add
from tests.factories import (
    ApplicationFactory,
    EmployerFactory,
    OrganisationFactory,
    SlotBookingFactory,
    TripFactory,
    UserFactory,
)

from .pages import texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_organiser(client, organiser, organisation):
    """The organiser, made staff with the organisers' admin permissions, logged in."""
    organiser_add(organisation=organisation, user=organiser)
    client.force_login(organiser)
    return organiser


def test_organiser_sees_only_own_trips_in_admin(client, admin_organiser, organisation):
    TripFactory(organisation=organisation, title="Vår resa")
    TripFactory(organisation=OrganisationFactory(), title="Någon annans resa")

    response = client.get(reverse("admin:events_trip_changelist"))

    assert response.status_code == 200
    assert texts(response.content, "th", "field-title") == ["Vår resa"]


def test_organiser_cannot_open_another_organisations_trip_in_admin(client, admin_organiser):
    other = TripFactory(organisation=OrganisationFactory())

    response = client.get(reverse("admin:events_trip_change", args=[other.pk]), follow=True)

    # The admin redirects to its index with "doesn't exist" for rows outside the queryset.
    assert response.redirect_chain[-1][0] == reverse("admin:index")


def test_trip_admin_offers_only_own_organisations_and_keeps_status_read_only(
    client, admin_organiser, organisation
):
    OrganisationFactory(name="Annan kommun")

    response = client.get(reverse("admin:events_trip_add"))

    form = response.context["adminform"].form
    assert [o.name for o in form.fields["organisation"].queryset] == [organisation.name]
    assert "status" not in form.fields


def test_organiser_sees_only_own_applications_employers_and_bookings(
    client, admin_organiser, organisation
):
    mine = TripFactory(organisation=organisation, status=TripStatus.PUBLISHED)
    theirs = TripFactory(organisation=OrganisationFactory(), status=TripStatus.PUBLISHED)
    ApplicationFactory(trip=mine, candidate__name="Mia Min")
    ApplicationFactory(trip=theirs, candidate__name="Tor Annan")
    EmployerFactory(organisation=organisation, name="Mitt AB")
    EmployerFactory(organisation=theirs.organisation, name="Deras AB")
    SlotBookingFactory(trip=mine, employer__name="Bokar Mitt AB")
    SlotBookingFactory(trip=theirs, employer__name="Bokar Deras AB")

    applications = client.get(reverse("admin:candidates_application_changelist"))
    employers = client.get(reverse("admin:employers_employer_changelist"))
    bookings = client.get(reverse("admin:employers_slotbooking_changelist"))

    assert texts(applications.content, "th", "field-candidate") == ["Mia Min"]
    assert texts(employers.content, "th", "field-name") == ["Mitt AB"]
    assert texts(bookings.content, "th", "field-employer") == ["Bokar Mitt AB"]


def test_publish_action_calls_the_service(client, admin_organiser, organisation):
    trip = TripFactory(organisation=organisation, title="Vår resa")

    response = client.post(
        reverse("admin:events_trip_changelist"),
        {"action": "make_published", "_selected_action": [trip.pk]},
        follow=True,
    )

    trip.refresh_from_db()
    assert trip.status == TripStatus.PUBLISHED
    assert trip.status_changes.get().actor == admin_organiser
    assert "1 trips published." in texts(response.content, "ul", "messagelist")[0]


def test_users_and_tokens_are_for_superusers_only(client, admin_organiser):
    assert client.get(reverse("admin:core_user_changelist")).status_code == 403
    assert client.get(reverse("admin:core_apitoken_changelist")).status_code == 403

    client.force_login(UserFactory(email="root@example.test", is_staff=True, is_superuser=True))
    response = client.get(reverse("admin:core_user_changelist"))
    assert response.status_code == 200
    assert "root@example.test" in texts(response.content, "th", "field-email")


def test_superuser_adds_a_user_by_email(client):
    client.force_login(UserFactory(email="root@example.test", is_staff=True, is_superuser=True))

    response = client.post(
        reverse("admin:core_user_add"),
        {"email": "ny@example.test", "password1": "fjall-2040-x", "password2": "fjall-2040-x"},
    )

    assert response.status_code == 302
    assert User.objects.get(email="ny@example.test").check_password("fjall-2040-x")


def test_every_admin_page_renders_for_a_superuser(client, organisation):
    trip = TripFactory(organisation=organisation, status=TripStatus.PUBLISHED)
    application = ApplicationFactory(trip=trip)
    booking = SlotBookingFactory(trip=trip)
    objects = {
        "organisation": organisation,
        "trip": trip,
        "application": application,
        "candidate": application.candidate,
        "slotbooking": booking,
        "employer": booking.employer,
    }
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    for model in admin.site._registry:
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert client.get(changelist).status_code == 200, changelist
        if opts.model_name in objects:
            change = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change",
                args=[objects[opts.model_name].pk],
            )
            assert client.get(change).status_code == 200, change


def test_admin_status_actions_move_objects_through_their_services(
    client, admin_organiser, organisation
):
    published = TripFactory(organisation=organisation, status="published", title="Öppen")
    draft = TripFactory(organisation=organisation, title="Utkast")
    application = ApplicationFactory(trip=published, status="shortlisted")

    response = client.post(
        reverse("admin:events_trip_changelist"),
        {"action": "make_closed", "_selected_action": [published.pk, draft.pk]},
        follow=True,
    )
    client.post(
        reverse("admin:candidates_application_changelist"),
        {"action": "make_accepted", "_selected_action": [application.pk]},
    )

    published.refresh_from_db()
    draft.refresh_from_db()
    application.refresh_from_db()
    assert (published.status, draft.status, application.status) == ("closed", "draft", "accepted")
    assert list(published.status_changes.values_list("from_status", "to_status", "actor")) == [
        ("published", "closed", admin_organiser.pk)
    ]
    assert not draft.status_changes.exists()
    shown = [str(m) for m in response.context["messages"]]
    assert "1 trips closed." in shown
    assert any(m.startswith("Utkast: Cannot change status from Draft") for m in shown), shown
