"""Employer pages: sign-up, dashboard, team, hiring needs, bookings. (Organisers' pages about
employers are in backoffice.)"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exceptions import ApplicationError
from core.forms import InvitationForm, LogoForm, add_domain_error, form_data
from core.pagination import page_of
from core.views import invitation_page, logo_response
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
    JobFilterForm,
    TeamOnSiteForm,
)
from .invoices import invoice_filename, invoice_pdf
from .models import ACTIVE_BOOKING_STATUSES, PaymentMethod, RefundState
from .selectors import (
    booking_of_member,
    booking_refund_outlook,
    booking_team_editable,
    booking_terms,
    bookings_of_member,
    bookings_upcoming_of_employer,
    employer_current_for,
    employer_invitation_for_token,
    employer_invitation_open_of,
    employer_invitations_pending,
    employer_last_invoice_address,
    employer_members,
    employer_membership_of,
    employer_with_logo,
    employers_of_member,
    hiring_need_of_member,
    hiring_needs_of_employer,
    hiring_needs_open,
    invoice_readable_by,
)
from .services import (
    booking_team_on_site_set,
    employer_invitation_accept,
    employer_invitation_create,
    employer_invitation_revoke,
    employer_logo_set,
    employer_member_leave,
    employer_member_remove,
    employer_profile_update,
    employer_sign_up,
    hiring_need_close,
    hiring_need_create,
    hiring_need_update,
)

JOBS_PAGE_SIZE = 25

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
            return redirect("employer:dashboard")
    return render(request, "employers/signup.html", {"form": form})


def job_list(request):
    """The public list of open roles (at /jobs/, for the relocation portal), by sector."""
    form = JobFilterForm(request.GET or None)
    page = page_of(request, hiring_needs_open(sector=form.sector_code()), JOBS_PAGE_SIZE)
    return render(request, "employers/job_list.html", {"form": form, "page": page})


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


@employer_member_required
def employer_dashboard(request, employer):
    employers = list(employers_of_member(request.user))
    context = {
        "employer": employer,
        "employers": employers if len(employers) > 1 else [],
        "sectors": list(employer.sectors.all()),
        "members": list(employer_members(employer)),
        "invitations": employer_invitations_pending(employer, now=timezone.now()),
        "page": page_of(request, hiring_needs_of_employer(employer)),
        "trips": list(bookings_upcoming_of_employer(employer, now=timezone.now())),
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
    form = EmployerProfileForm(*form_data(request), initial=initial)
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
    form = LogoForm(*form_data(request, files=True))
    if request.method == "POST" and form.is_valid():
        try:
            employer_logo_set(employer=employer, actor=request.user, file=form.cleaned_data["logo"])
        except ApplicationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Your logo is saved."))
            return redirect("employer:dashboard")
    return render(request, "employers/logo_form.html", {"form": form, "employer": employer})


def employer_logo(request, pk: int):
    """Serve an employer's stored logo to any logged-in user, and to everyone the logos of
    employers the public trip pages show. Only the file named on the employer row is read,
    and only if its content is a PNG, JPEG or WebP image."""
    anonymous = not request.user.is_authenticated
    employer = employer_with_logo(pk, public=anonymous)
    if employer is None:
        if anonymous:  # the same answer as before logos became public: log in first
            return redirect_to_login(request.get_full_path())
        raise Http404
    return logo_response(employer.logo)


# --- The team: invitations, removing members, leaving ---------------------------------------


@employer_member_required
def employer_member_invite_view(request, employer):
    """Invite a colleague by email. Only approved employers invite (others get 403 and the
    reason); the message is the same whether or not the address has an account."""
    if not employer.is_approved:
        context = {"form": None, "employer": employer}
        return render(request, "employers/member_invite.html", context, status=403)
    form = InvitationForm(*form_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            invitation = employer_invitation_create(
                employer=employer,
                actor=request.user,
                email=form.cleaned_data["email"],
                language=translation.get_language() or "sv",
            )
        except ApplicationError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "We have sent an invitation to %(email)s. They join your team once they "
                    "accept it; the link is valid for 14 days."
                )
                % {"email": invitation.email},
            )
            return redirect("employer:dashboard")
    return render(request, "employers/member_invite.html", {"form": form, "employer": employer})


def employer_invitation_view(request, token: str):
    """The page a team invitation's link opens: log in or sign up, then accept."""
    invitation = employer_invitation_for_token(token)

    def accept(*, invitation, user):
        membership = employer_invitation_accept(invitation=invitation, user=user)
        request.session[CURRENT_EMPLOYER_SESSION_KEY] = membership.employer_id
        return membership

    name = invitation.employer.name if invitation else ""
    return invitation_page(
        request,
        invitation,
        accept=accept,
        title=_("Join the team of %(employer)s") % {"employer": name},
        about=_(
            "Team members edit the company's profile and hiring needs and book slots on "
            "recruitment trips to Jämtland."
        ),
        accepted_message=_("Welcome to the team of %(employer)s.") % {"employer": name},
        done_url=reverse("employer:dashboard"),
    )


@require_POST
@employer_member_required
def employer_invitation_revoke_view(request, employer, pk: int):
    invitation = employer_invitation_open_of(employer, pk)
    if invitation is None:
        raise Http404
    employer_invitation_revoke(invitation=invitation, actor=request.user)
    messages.success(
        request,
        _("The invitation to %(email)s is withdrawn: its link no longer works.")
        % {"email": invitation.email},
    )
    return redirect("employer:dashboard")


@require_POST
@employer_member_required
def employer_member_remove_view(request, employer, pk: int):
    """Remove a colleague: the first POST asks to confirm, the second (confirm=yes) removes."""
    membership = employer_membership_of(employer, pk)
    if membership is None:
        raise Http404
    if request.POST.get("confirm") != "yes":
        context = {"employer": employer, "membership": membership, "leaving": False}
        return render(request, "employers/team_confirm.html", context)
    try:
        employer_member_remove(employer=employer, actor=request.user, membership=membership)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(name)s is no longer in your team.") % {"name": membership.user.get_full_name()},
        )
    return redirect("employer:dashboard")


@require_POST
@employer_member_required
def employer_leave_view(request, employer):
    """Leave the team: the first POST asks to confirm, the second (confirm=yes) leaves."""
    if request.POST.get("confirm") != "yes":
        context = {"employer": employer, "leaving": True}
        return render(request, "employers/team_confirm.html", context)
    try:
        employer_member_leave(employer=employer, user=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("employer:dashboard")
    request.session.pop(CURRENT_EMPLOYER_SESSION_KEY, None)
    messages.success(
        request, _("You have left the team of %(employer)s.") % {"employer": employer.name}
    )
    return redirect("employer:dashboard" if employers_of_member(request.user).exists() else "home")


# --- Hiring needs --------------------------------------------------------------------------


@employer_member_required
def hiring_need_create_view(request, employer):
    form = HiringNeedForm(*form_data(request))
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
    form = HiringNeedForm.for_need(need, *form_data(request))
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
    page = page_of(request, bookings_of_member(request.user))
    now = timezone.now()
    for booking in page.object_list:
        booking.team_editable = booking_team_editable(booking, now=now)
    context = {
        "page": page,
        "cancellable": ACTIVE_BOOKING_STATUSES,
        "several_employers": employers_of_member(request.user).count() > 1,
    }
    return render(request, "employers/booking_list.html", context)


@employer_member_required
def booking_team_view(request, employer, pk: int):
    """Who of the employer comes on the trip, with phone numbers: changed by the employer's
    members while the booking holds a slot and the trip has not ended; read-only after."""
    booking = _my_booking_or_404(request, pk)
    editable = booking_team_editable(booking)
    form = TeamOnSiteForm(
        request.POST if request.method == "POST" else None,
        initial={"team_on_site": booking.team_on_site},
    )
    if request.method == "POST" and form.is_valid():
        try:
            booking_team_on_site_set(
                booking=booking,
                actor=request.user,
                team_on_site=form.cleaned_data["team_on_site"],
            )
        except ApplicationError as error:
            if error.extra.get("fields"):
                add_domain_error(form, error)
            else:  # no longer editable: the page shows it read-only
                messages.error(request, error.message)
                return redirect("employer:booking_team", pk=booking.pk)
        else:
            messages.success(
                request,
                _("Your team on site for %(trip)s is saved.") % {"trip": booking.trip.title},
            )
            return redirect("employer:booking_team", pk=booking.pk)
    context = {"booking": booking, "form": form, "editable": editable}
    return render(request, "employers/booking_team.html", context)


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
