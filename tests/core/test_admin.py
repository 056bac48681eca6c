import pytest
from django.urls import reverse

from candidates.models import ApplicationStatusChange
from employers.models import BookingStatusChange
from events.models import TripStatus, TripStatusChange
from tests.factories import ApplicationFactory, SlotBookingFactory, TripFactory, UserFactory
from tests.web.pages import texts

pytestmark = pytest.mark.django_db


def test_status_history_inline_is_read_only_on_each_admin(client):
    trip = TripFactory(status=TripStatus.PUBLISHED)
    application, booking = ApplicationFactory(trip=trip), SlotBookingFactory(trip=trip)
    trip.status_changes.create(from_status="draft", to_status="published")
    application.status_changes.create(from_status="", to_status="submitted")
    booking.status_changes.create(from_status="", to_status="held")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    pages = {
        "admin:events_trip_change": (trip, TripStatusChange, ["Published"]),
        "admin:candidates_application_change": (
            application,
            ApplicationStatusChange,
            ["Submitted"],
        ),
        "admin:employers_slotbooking_change": (booking, BookingStatusChange, ["Held"]),
    }

    for url, (obj, history_model, shown) in pages.items():
        response = client.get(reverse(url, args=[obj.pk]))

        inline = next(
            f for f in response.context["inline_admin_formsets"] if f.opts.model is history_model
        )
        assert type(inline.opts).__name__ == f"{history_model.__name__}Inline"
        assert str(inline.opts.verbose_name_plural) == "status history"
        assert (inline.has_add_permission, inline.formset.can_delete) == (False, False)
        assert inline.readonly_fields == ["created_at", "from_status", "to_status", "actor"]
        assert not {"from_status", "to_status", "actor"} & set(inline.formset.forms[0].fields)
        assert texts(response.content, "td", "field-to_status") == shown, url
