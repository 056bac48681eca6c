"""Back office: employers' bookings of a trip's slots, marking them paid, cancelling,
refunds to handle, and revenue."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exceptions import ApplicationError
from core.pagination import page_of
from employers.bookings import (
    booking_cancel,
    booking_mark_paid,
    booking_refund_mark_done,
)
from employers.forms import (
    MarkPaidForm,
    MarkRefundDoneForm,
)
from employers.models import BookingStatus
from employers.selectors import (
    booking_managed_by,
    booking_refund_outlook,
    bookings_awaiting_refund,
    bookings_for_trip_page,
    revenue_by_trip,
    revenue_total,
)

from ..decorators import managed_trip, organiser_required


@managed_trip
def trip_bookings(request, trip):
    context = {
        "trip": trip,
        "page": page_of(request, bookings_for_trip_page(trip)),
        "BookingStatus": BookingStatus,
        "billing_incomplete": [trip.organisation] if trip.organisation.billing_missing else [],
    }
    return render(request, "backoffice/employers/trip_bookings.html", context)


def _managed_booking_or_404(request, pk: int):
    booking = booking_managed_by(request.user, pk)
    if booking is None:
        raise Http404
    return booking


def _safe_next(request) -> str:
    """The page an action was posted from (`next`), if it is one of ours; else ""."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _back(request, booking):
    """Where an action returns to: the page it was posted from, else the trip's bookings."""
    return redirect(
        _safe_next(request) or reverse("manage:trip_bookings", args=[booking.trip.slug])
    )


def _booking_action(request, booking, action, done_message: str):
    try:
        booking = action()
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done_message % {"employer": booking.employer.name})
    return _back(request, booking)


@require_POST
@organiser_required
def booking_mark_paid_view(request, pk: int):
    booking = _managed_booking_or_404(request, pk)
    form = MarkPaidForm(request.POST)
    reference = form.cleaned_data["reference"] if form.is_valid() else ""
    return _booking_action(
        request,
        booking,
        lambda: booking_mark_paid(booking=booking, actor=request.user, reference=reference),
        _("The booking of %(employer)s is marked paid and confirmed."),
    )


@require_POST
@organiser_required
def booking_cancel_view(request, pk: int):
    """Cancel with or without refund (refund=yes/no). Asks for confirmation first."""
    booking = _managed_booking_or_404(request, pk)
    refund = request.POST.get("refund") == "yes"
    if request.POST.get("confirm") != "yes":
        context = {
            "booking": booking,
            "refund": refund,
            "next": _safe_next(request),
            **booking_refund_outlook(booking),
        }
        return render(request, "backoffice/employers/booking_confirm_cancel.html", context)
    if refund:
        done = _("The booking of %(employer)s is cancelled, with a refund.")
    else:
        done = _("The booking of %(employer)s is cancelled, without a refund.")
    return _booking_action(
        request,
        booking,
        lambda: booking_cancel(
            booking=booking, actor=request.user, by_organiser=True, refund=refund
        ),
        done,
    )


@require_POST
@organiser_required
def booking_refund_done(request, pk: int):
    booking = _managed_booking_or_404(request, pk)
    form = MarkRefundDoneForm(request.POST)
    reference = form.cleaned_data["reference"] if form.is_valid() else ""
    return _booking_action(
        request,
        booking,
        lambda: booking_refund_mark_done(booking=booking, actor=request.user, reference=reference),
        _("The refund to %(employer)s is recorded as done."),
    )


@organiser_required
def refunds(request):
    page = page_of(request, bookings_awaiting_refund(request.user).order_by("updated_at", "id"))
    return render(request, "backoffice/employers/refunds.html", {"page": page})


@organiser_required
def revenue(request):
    context = {
        "page": page_of(request, revenue_by_trip(request.user)),
        "total": revenue_total(request.user),
    }
    return render(request, "backoffice/employers/revenue.html", context)
