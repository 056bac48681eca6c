"""Candidate pages (sign-up, interest, profile, trips, applications, waitlist offers) and the
organisers' applicant review under /manage/trips/<slug>/applicants/.

Each view: a form validates, one service acts, a domain error becomes a form error or message.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from core.conditional import memoised_on_request, public_etag
from core.exceptions import ApplicationError
from core.forms import add_domain_error, rendering_version
from core.pagination import page_of
from core.roles import landing_url
from events.models import Organisation, TripStatus
from events.selectors import trip_detail_visible_to

from .audit import access_record, request_via
from .consents import (
    SHARE_TRIP_CONSENT_TEXT,
    consent_renew,
    consent_renewal_check,
    consent_set,
)
from .forms import (
    ApplicationForm,
    CandidateProfileForm,
    CandidateSignUpForm,
    InterestForm,
    ShareConsentForm,
    TripFilterForm,
)
from .models import AccessAction, ApplicationStatus, Candidate, ConsentPurpose, ConsentVia
from .selectors import (
    application_of_candidate,
    application_of_candidate_for_trip,
    applications_of_candidate,
    candidate_of,
    candidate_with_cv_for,
    cv_reader,
    places_left,
    profile_completeness,
    trip_ids_applied_by,
    trip_list_version,
    trips_for_candidates,
)
from .services import (
    APPLICATION_TRANSITIONS,
    application_create,
    application_withdraw,
    candidate_profile_update,
    candidate_sign_up,
    waitlist_offer_accept,
    waitlist_offer_decline,
    waitlist_offer_open,
    waitlist_offer_token,
)
from .talent import (
    interest_confirm,
    interest_confirm_check,
    interest_register,
    unsubscribe,
    unsubscribe_address,
)

A = ApplicationStatus
TRIPS_PAGE_SIZE = 12
APPLICATIONS_PAGE_SIZE = 20


def _next_page(request) -> str:
    """The `next` page a sign-up was asked to continue to (a trip invitation's link opens
    the trip's application form this way), if it is on this site."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if safe else ""


def candidate_signup(request):
    form = CandidateSignUpForm(request.POST or None)
    next_page = _next_page(request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            candidate = candidate_sign_up(
                email=data["email"],
                password=data["password1"],
                name=data["full_name"],
                sectors=data["sectors"],
                consent_talent_db=data["consent_talent_db"],
                language=translation.get_language() or "sv",
            )
        except ApplicationError as error:
            add_domain_error(form, error)
        else:
            login(request, candidate.user)
            messages.success(
                request, _("Welcome, %(name)s! Your account is ready.") % {"name": candidate.name}
            )
            return redirect(next_page or landing_url(candidate.user))
    return render(request, "candidates/signup.html", {"form": form, "next": next_page})


# --- Talent database: interest without an account -------------------------------------------


def interest_register_view(request):
    form = InterestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            interest_register(
                email=data["email"],
                sectors=list(data["sectors"]),
                consent=data["consent"],
                name=data["name"],
                city=data["city"],
                language=translation.get_language() or "sv",
            )
        except ApplicationError as error:
            add_domain_error(form, error)
        else:
            # The same answer whether or not the address was registered before.
            return redirect("interest_sent")
    return render(request, "candidates/interest_form.html", {"form": form})


def interest_sent(request):
    return render(request, "candidates/interest_sent.html")


@require_http_methods(["GET", "HEAD", "POST"])
def interest_confirm_view(request, token):
    """GET asks to confirm with a button (mail scanners follow links, they do not press
    buttons); POST confirms."""
    action = interest_confirm if request.method == "POST" else interest_confirm_check
    try:
        registration = action(token=token)
    except ApplicationError as error:
        context = {"error": error.message}
        return render(request, "candidates/interest_confirmed.html", context, status=400)
    context = {"registration": registration, "ask": request.method != "POST"}
    return render(request, "candidates/interest_confirmed.html", context)


@csrf_exempt  # RFC 8058 one-click: mail clients POST here; the signed link is the credential
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe_view(request, token):
    """From an email, no login: GET asks with a button, POST unsubscribes (also the one-click
    POST that mail clients send for the List-Unsubscribe-Post header)."""
    action = unsubscribe if request.method == "POST" else unsubscribe_address
    try:
        email = action(token=token)
    except ApplicationError as error:
        return render(request, "candidates/unsubscribed.html", {"error": error.message}, status=400)
    context = {"email": email, "ask": request.method != "POST"}
    return render(request, "candidates/unsubscribed.html", context)


# --- Candidates' own pages ------------------------------------------------------------------


def candidate_required(view):
    """Log in first; then only candidates get through (others get 403). The view gets the
    candidate as its second argument."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        candidate = candidate_of(request.user)
        if candidate is None:
            raise PermissionDenied
        return view(request, candidate, *args, **kwargs)

    return wrapper


def _can_withdraw(application, now) -> bool:
    # A cancelled trip's applications stay as they were (see applications_trip_cancelled).
    return (
        A.WITHDRAWN in APPLICATION_TRANSITIONS[application.status]
        and application.trip.starts_at > now
        and application.trip.status != TripStatus.CANCELLED
    )


@candidate_required
def candidate_dashboard(request, candidate):
    now = timezone.now()
    page = page_of(request, applications_of_candidate(candidate), APPLICATIONS_PAGE_SIZE)
    for application in page.object_list:
        application.can_withdraw = _can_withdraw(application, now)
        # Sharing with this trip's employers is asked once a place is given (issue 14.1).
        application.asks_share = application.status in (A.ACCEPTED, A.ATTENDED) or (
            application.share_consent_at is not None
        )
        if application.offer_expires_at and application.offer_expires_at > now:
            application.offer_token = waitlist_offer_token(application)
    upcoming = [
        a.trip
        for a in page.object_list
        if a.status == A.ACCEPTED
        and a.trip.ends_at >= now
        and a.trip.status != TripStatus.CANCELLED
    ]
    percent, missing = profile_completeness(candidate)
    context = {
        "candidate": candidate,
        "page": page,
        "share_text": SHARE_TRIP_CONSENT_TEXT,
        "upcoming": sorted(upcoming, key=lambda trip: trip.starts_at),
        "completeness": percent,
        "missing": _field_labels(missing),
    }
    return render(request, "candidates/dashboard.html", context)


def _field_labels(names) -> list[str]:
    return [str(Candidate._meta.get_field(name).verbose_name) for name in names]


@candidate_required
def candidate_profile(request, candidate):
    form = CandidateProfileForm(
        request.POST or None,
        request.FILES or None,
        initial=CandidateProfileForm.initial_for(candidate),
    )
    if request.method == "POST" and form.is_valid():
        try:
            candidate = candidate_profile_update(
                candidate=candidate, actor=request.user, **form.profile_changes()
            )
        except ApplicationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("candidate_profile")
    percent, missing = profile_completeness(candidate)
    context = {
        "candidate": candidate,
        "form": form,
        "completeness": percent,
        "missing": _field_labels(missing),
    }
    return render(request, "candidates/profile_form.html", context)


@login_required
def candidate_cv(request, pk: int):
    """A CV, only to those cv_viewable_by allows (404 for everyone else, not 403: the page
    does not reveal whether the candidate exists). Never served from a public URL."""
    candidate = candidate_with_cv_for(request.user, pk)
    if candidate is None:
        raise Http404
    if candidate.user_id != request.user.pk:  # the audit: who read it, for whom, on which trip
        access_record(
            actor=request.user,
            action=AccessAction.CV_DOWNLOAD,
            candidates=candidate,
            via=request_via(request),
            **cv_reader(candidate, request.user),
        )
    response = FileResponse(
        candidate.cv.open("rb"),
        as_attachment=True,
        filename=f"cv-{candidate.pk}.pdf",
        content_type="application/pdf",
    )
    return response  # private, no-store: core.middleware.PrivateResponsesMiddleware


@require_http_methods(["GET", "POST"])
@candidate_required
def application_withdraw_view(request, candidate, pk: int):
    """GET (or a POST without confirm=yes) asks to confirm; POST with confirm=yes withdraws."""
    application = application_of_candidate(candidate, pk)
    if application is None:
        raise Http404
    if request.method == "GET" or request.POST.get("confirm") != "yes":
        return render(request, "candidates/withdraw_confirm.html", {"application": application})
    try:
        application_withdraw(application=application, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Your application to “%(trip)s” is withdrawn.") % {"trip": application.trip.title},
        )
    return redirect("candidate_dashboard")


@require_POST
@candidate_required
def application_share_view(request, candidate, pk: int):
    """The candidate shares their profile with one trip's employers, or stops (a consent
    event via=web); the trip's packs rebuild."""
    application = application_of_candidate(candidate, pk)
    if application is None:
        raise Http404
    form = ShareConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to share your profile."))
        return redirect("candidate_dashboard")
    granted = form.cleaned_data["granted"]
    try:
        consent_set(
            candidate=candidate,
            purpose=ConsentPurpose.SHARE_TRIP,
            trip=application.trip,
            granted=granted,
            via=ConsentVia.WEB,
            actor=request.user,
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        text = (
            _("The employers of “%(trip)s” can now see your profile.")
            if granted
            else _("The employers of “%(trip)s” no longer see your profile.")
        )
        messages.success(request, text % {"trip": application.trip.title})
    return redirect(f"{reverse('candidate_dashboard')}#share-{application.pk}")


@require_http_methods(["GET", "POST"])
def consent_renew_view(request, token):
    """The link of a renewal email: GET shows what is renewed and a button (mail scanners
    follow links, they do not press buttons); POST renews, logged in or not."""
    try:
        renewal = consent_renewal_check(token=token)
        if request.method == "POST":
            renewal = consent_renew(token=token)
    except ApplicationError as error:
        return render(
            request, "candidates/consent_renew.html", {"error": error.message}, status=400
        )
    labels = [ConsentPurpose(p).label for p in renewal.purposes]
    context = {"labels": labels, "ask": request.method == "GET"}
    return render(request, "candidates/consent_renew.html", context)


def privacy_notice(request):
    """The privacy notice, in Swedish or English (the page's language), linked beside every
    consent box and from the footer."""
    language = "sv" if translation.get_language() == "sv" else "en"
    context = {
        "purposes": ConsentPurpose.choices,
        "contact_email": getattr(settings, "PRIVACY_CONTACT_EMAIL", ""),
        "organisations": Organisation.objects.order_by("name").values_list("name", flat=True),
    }
    return render(request, f"candidates/privacy_{language}.html", context)


# --- Trips for candidates -------------------------------------------------------------------


def _trip_list_context(request) -> dict:
    """The trip list's context, once per request, with `list_version`: a fingerprint of all
    the list shows (the page's trips and places, the count, the filters and their choices,
    the visitor's applications) — the page's ETag and the key of its cached rendering. The
    page itself (`page`) is read only when the cache misses."""

    def compute():
        form = TripFilterForm(request.GET or None)
        filters = form.filters()
        now = timezone.now()
        count, number, trips = trip_list_version(
            **filters, page=request.GET.get("page"), per_page=TRIPS_PAGE_SIZE, now=now
        )
        applied = trip_ids_applied_by(request.user)
        parts = (
            trips,
            number,
            count,
            request.GET.urlencode(),
            rendering_version(form),
            sorted(applied),
        )
        version = hashlib.sha256(repr(parts).encode()).hexdigest()[:16]

        def page():
            paginator = Paginator(trips_for_candidates(**filters), TRIPS_PAGE_SIZE)
            paginator.count = count  # counted with the version, a moment ago
            return paginator.page(number)

        return {
            "form": form,
            "page": SimpleLazyObject(page),
            "applied": applied,
            "now": now,
            "list_version": version,
        }

    return memoised_on_request(request, "trip_list_context", compute)


@public_etag(lambda request: _trip_list_context(request)["list_version"])
def trip_list(request):
    return render(request, "candidates/trip_list.html", _trip_list_context(request))


@candidate_required
def trip_apply(request, candidate, slug):
    trip = trip_detail_visible_to(request.user, slug)
    if trip is None or trip.status != TripStatus.PUBLISHED:
        raise Http404
    if application_of_candidate_for_trip(candidate, trip) is not None:
        messages.info(request, _("You have already applied to this trip."))
        return redirect("candidate_dashboard")
    form = ApplicationForm(request.POST or None, initial={"travelling_from": candidate.city})
    if request.method == "POST" and form.is_valid():
        try:
            application_create(candidate=candidate, trip=trip, **form.cleaned_data)
        except ApplicationError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Thank you! Your application to “%(trip)s” is submitted.") % {"trip": trip.title},
            )
            return redirect("candidate_dashboard")
    percent, missing = profile_completeness(candidate)
    context = {
        "trip": trip,
        "form": form,
        "places_left": places_left(trip),
        "completeness": percent,
        "missing": _field_labels(missing),
    }
    return render(request, "candidates/apply_form.html", context)


# --- Waitlist offers (links in emails; no login needed) -------------------------------------

OFFER_ACTIONS = {"accept": waitlist_offer_accept, "decline": waitlist_offer_decline}


@require_http_methods(["GET", "POST"])
def waitlist_offer(request, token, action):
    """GET shows a button (mail scanners follow links, they do not submit forms); POST acts."""
    if request.method == "GET":
        try:
            offered = waitlist_offer_open(token=token)
        except ApplicationError as error:
            context = {"action": action, "error": error.message}
            return render(request, "candidates/offer.html", context, status=error.status_code)
        context = {"action": action, "offered": offered, "token": token}
        return render(request, "candidates/offer.html", context)
    try:
        application = OFFER_ACTIONS[action](token=token)
    except ApplicationError as error:
        context = {"action": action, "error": error.message}
        return render(request, "candidates/offer.html", context, status=error.status_code)
    return render(request, "candidates/offer.html", {"action": action, "application": application})


def offer_accept(request, token):
    return waitlist_offer(request, token, "accept")


def offer_decline(request, token):
    return waitlist_offer(request, token, "decline")
