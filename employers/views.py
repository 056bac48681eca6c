"""Employer pages: sign-up, dashboard, team, hiring needs, bookings. (Organisers' pages about
employers are in backoffice.)"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exceptions import ApplicationError
from core.forms import add_domain_error
from core.pagination import page_of
from events.selectors import trip_detail_visible_to

from . import payments
from .bookings import (
    booking_cancel,
    booking_create,
)
from .forms import (
    BookingConfirmForm,
    EmployerProfileForm,
    EmployerSignUpForm,
    HiringNeedForm,
    LogoForm,
    MemberInviteForm,
)
from .invoices import invoice_filename, invoice_pdf
from .models import ACTIVE_BOOKING_STATUSES, PaymentMethod, RefundState
from .selectors import (
    booking_of_member,
    booking_refund_outlook,
    booking_terms,
    bookings_of_member,
    employer_current_for,
    employer_last_invoice_address,
    employer_members,
    employer_with_logo,
    employers_of_member,
    hiring_need_of_member,
    hiring_needs_of_employer,
    invoice_readable_by,
)
from .services import (
    employer_logo_set,
    employer_member_invite,
    employer_profile_update,
    employer_sign_up,
    hiring_need_close,
    hiring_need_create,
    hiring_need_update,
)

# The employer a member of several is working as (chosen on the dashboard).
CURRENT_EMPLOYER_SESSION_KEY = "current_employer_id"


def employer_signup(request):
    form = EmployerSignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            employer = employer_sign_up(
                email=data["email"],
                password=data["password1"],
                full_name=data["full_name"],
                organisation=data["organisation"],
                name=data["company_name"],
                org_number=data["org_number"],
                sectors=data["sectors"],
                language=translation.get_language() or "sv",
            )
        except ApplicationError as error:
            add_domain_error(form, error)
        else:
            login(request, employer.members.get())
            messages.info(
                request,
                _(
                    "Thank you! %(employer)s is registered with %(organisation)s. Your account "
                    "awaits approval by an organiser."
                )
                % {"employer": employer.name, "organisation": employer.organisation.name},
            )
            return redirect("home")
    return render(request, "employers/signup.html", {"form": form})


# --- Employer members: dashboard, profile, logo, team ---------------------------------------


def current_employer(request):
    """The employer the logged-in member is working as, or None for non-members."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return employer_current_for(user, request.session.get(CURRENT_EMPLOYER_SESSION_KEY))


def employer_member_required(view):
    """Log in first; then only employer members get through (others get 403). The view gets
    the member's current employer as its second argument."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        employer = current_employer(request)
        if employer is None:
            raise PermissionDenied
        return view(request, employer, *args, **kwargs)

    return wrapper


def _bound(request, *, files: bool = False) -> tuple:
    """A form's data (and files) on POST, so that even an empty POST shows its errors."""
    if request.method != "POST":
        return (None, None) if files else (None,)
    return (request.POST, request.FILES) if files else (request.POST,)


@employer_member_required
def employer_dashboard(request, employer):
    employers = list(employers_of_member(request.user))
    context = {
        "employer": employer,
        "employers": employers if len(employers) > 1 else [],
        "sectors": list(employer.sectors.all()),
        "members": employer_members(employer),
        "page": page_of(request, hiring_needs_of_employer(employer)),
    }
    return render(request, "employers/dashboard.html", context)


@require_POST
@employer_member_required
def employer_switch(request, employer):
    pk = request.POST.get("employer", "")
    chosen = employers_of_member(request.user).filter(pk=pk).first() if pk.isdigit() else None
    if chosen is None:
        raise Http404
    request.session[CURRENT_EMPLOYER_SESSION_KEY] = chosen.pk
    messages.info(request, _("You are now working as %(employer)s.") % {"employer": chosen.name})
    return redirect("employer:dashboard")


@employer_member_required
def employer_profile_edit(request, employer):
    initial = {
        "name": employer.name,
        "description": employer.description,
        "website": employer.website,
        "sectors": list(employer.sectors.all()),
    }
    form = EmployerProfileForm(*_bound(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            employer_profile_update(employer=employer, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Your company profile is saved."))
            return redirect("employer:dashboard")
    return render(request, "employers/profile_form.html", {"form": form, "employer": employer})


@employer_member_required
def employer_logo_upload(request, employer):
    form = LogoForm(*_bound(request, files=True))
    if request.method == "POST" and form.is_valid():
        try:
            employer_logo_set(employer=employer, actor=request.user, file=form.cleaned_data["logo"])
        except ApplicationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Your logo is saved."))
            return redirect("employer:dashboard")
    return render(request, "employers/logo_form.html", {"form": form, "employer": employer})


# The first bytes of each format we accept (checked again when serving: never trust a name).
_LOGO_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)


def _logo_content_type(head: bytes) -> str | None:
    for signature, content_type in _LOGO_SIGNATURES:
        if head.startswith(signature):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


@login_required
def employer_logo(request, pk: int):
    """Serve an employer's stored logo to any logged-in user. Only the file named on the
    employer row is read, and only if its content is a PNG, JPEG or WebP image."""
    employer = employer_with_logo(pk)
    if employer is None:
        raise Http404
    try:
        file = employer.logo.open("rb")
    except OSError:
        raise Http404 from None
    content_type = _logo_content_type(file.read(16))
    if content_type is None:
        file.close()
        raise Http404
    file.seek(0)
    response = FileResponse(file, content_type=content_type)
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@employer_member_required
def employer_member_invite_view(request, employer):
    form = MemberInviteForm(*_bound(request))
    if request.method == "POST" and form.is_valid():
        try:
            membership = employer_member_invite(
                employer=employer,
                actor=request.user,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                language=translation.get_language() or "sv",
            )
        except ApplicationError as error:
            add_domain_error(form, error)
        else:
            if membership.user.has_usable_password():
                text = _("%(email)s is added to your team and has been told by email.")
            else:
                text = _(
                    "%(email)s is added to your team. We have emailed them a link to choose "
                    "a password."
                )
            messages.success(request, text % {"email": membership.user.email})
            return redirect("employer:dashboard")
    return render(request, "employers/member_invite.html", {"form": form, "employer": employer})


# --- Hiring needs --------------------------------------------------------------------------


@employer_member_required
def hiring_need_create_view(request, employer):
    form = HiringNeedForm(*_bound(request))
    if request.method == "POST" and form.is_valid():
        try:
            need = hiring_need_create(employer=employer, **form.cleaned_data)
        except ApplicationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("“%(role)s” is added.") % {"role": need.role_title})
            return redirect("employer:dashboard")
    context = {"form": form, "employer": employer, "need": None}
    return render(request, "employers/hiring_need_form.html", context)


def _my_need_or_404(request, pk: int):
    need = hiring_need_of_member(request.user, pk)
    if need is None:
        raise Http404
    return need


@employer_member_required
def hiring_need_edit_view(request, employer, pk: int):
    need = _my_need_or_404(request, pk)
    form = HiringNeedForm.for_need(need, *_bound(request))
    if request.method == "POST" and form.is_valid():
        try:
            need = hiring_need_update(need=need, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("“%(role)s” is saved.") % {"role": need.role_title})
            return redirect("employer:dashboard")
    context = {"form": form, "employer": need.employer, "need": need}
    return render(request, "employers/hiring_need_form.html", context)


@require_POST
@employer_member_required
def hiring_need_close_view(request, employer, pk: int):
    need = hiring_need_close(need=_my_need_or_404(request, pk), actor=request.user)
    messages.success(
        request,
        _("“%(role)s” is closed: it no longer shows to organisers.") % {"role": need.role_title},
    )
    return redirect("employer:dashboard")


# --- Bookings (employer side) ----------------------------------------------------------------


@employer_member_required
def booking_create_view(request, employer, slug: str):
    """Book a slot from the trip page. First a confirmation page (GET, or a POST without
    confirm=yes): the price excl. and incl. VAT, the cancellation terms and, for an invoice,
    its terms, a purchase-order reference and the invoice address. Then (POST with
    confirm=yes) the booking: to Stripe Checkout, or to the invoice details."""
    trip = trip_detail_visible_to(request.user, slug)
    if trip is None:
        raise Http404
    stripe = payments.stripe_enabled()
    confirmed = request.method == "POST" and request.POST.get("confirm") == "yes"
    form = BookingConfirmForm(
        request.POST if confirmed else None,
        initial={"invoice_address": employer_last_invoice_address(employer)},
    )
    if not (confirmed and form.is_valid()):
        context = {
            "trip": trip,
            "employer": employer,
            "form": form,
            "stripe": stripe,
            **booking_terms(trip, now=timezone.now()),
        }
        return render(request, "employers/booking_confirm.html", context)
    try:
        booking = booking_create(
            employer=employer,
            trip=trip,
            actor=request.user,
            **({} if stripe else form.cleaned_data),
        )
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(trip.get_absolute_url())
    if booking.payment_method == PaymentMethod.STRIPE and booking.checkout_url:
        return redirect(booking.checkout_url)
    return redirect("employer:booking_invoice", pk=booking.pk)


def _my_booking_or_404(request, pk: int):
    booking = booking_of_member(request.user, pk)
    if booking is None:
        raise Http404
    return booking


@employer_member_required
def booking_invoice(request, employer, pk: int):
    booking = _my_booking_or_404(request, pk)
    if booking.payment_method != PaymentMethod.INVOICE:
        raise Http404
    return render(request, "employers/booking_invoice.html", {"booking": booking})


@employer_member_required
def employer_bookings(request, employer):
    context = {
        "page": page_of(request, bookings_of_member(request.user)),
        "cancellable": ACTIVE_BOOKING_STATUSES,
        "several_employers": employers_of_member(request.user).count() > 1,
    }
    return render(request, "employers/booking_list.html", context)


@require_POST
@employer_member_required
def booking_cancel_view(request, employer, pk: int):
    """Cancel a booking. The first POST shows what cancelling means (refund or not); the
    second, with confirm=yes, cancels."""
    booking = _my_booking_or_404(request, pk)
    if request.POST.get("confirm") != "yes":
        context = {"booking": booking, **booking_refund_outlook(booking)}
        return render(request, "employers/booking_confirm_cancel.html", context)
    try:
        booking = booking_cancel(booking=booking, actor=request.user, by_organiser=False)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        if booking.refund_state != RefundState.NONE:
            text = _("Your booking on %(trip)s is cancelled. What you paid will be refunded.")
        else:
            text = _("Your booking on %(trip)s is cancelled.")
        messages.success(request, text % {"trip": booking.trip.title})
    return redirect("employer:bookings")


# --- Invoices: for the employer's members and the organisation's organisers ----------------


@login_required
def invoice_pdf_view(request, pk: int):
    """An invoice or credit note as a PDF, rendered from its frozen details. Only for the
    members of its employer and the organisers of its organisation: 404 for anyone else."""
    invoice = invoice_readable_by(request.user, pk)
    if invoice is None:
        raise Http404
    response = HttpResponse(invoice_pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{invoice_filename(invoice)}"'
    response["Cache-Control"] = "private, no-store"
    return response
