"""Outcome and feedback pages (issue 13.4): an employer's outcomes per candidate met and
their feedback on the trip, a candidate's feedback form, and the organisers' summary."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from events.models import Trip

from .outcome_forms import CandidateFeedbackForm, EmployerFeedbackForm, OutcomeForm
from .outcome_selectors import (
    candidate_feedback_of,
    employer_feedback_of,
    employer_of_member,
    feedback_application_of,
    may_see_trip_feedback,
    met_employers,
    outcome_rows,
    trip_feedback_summary,
    trip_started,
)
from .outcome_services import candidate_feedback_submit, employer_feedback_submit, outcome_set


def _add_errors(form, exc: ApplicationError) -> None:
    fields = exc.extra.get("fields") or {}
    placed = False
    for name, errors in fields.items():
        if name in form.fields:
            for error in errors:
                form.add_error(name, error)
            placed = True
    if not placed:
        form.add_error(None, exc.message)


def _employer_trip(request, slug: str):
    """The trip and the user's employer with a confirmed booking on it; 404 for anyone else."""
    trip = get_object_or_404(Trip.objects.select_related("organisation"), slug=slug)
    employer = employer_of_member(request.user, trip)
    if employer is None:
        raise Http404
    return trip, employer


def _outcome_page(request, trip, employer, *, row_forms=None, feedback_form=None, status=200):
    started = trip_started(trip, now=timezone.now())
    row_forms = row_forms or {}
    rows = []
    for row in outcome_rows(trip, employer):
        form = row_forms.get(row.application.pk) or OutcomeForm(
            initial={
                "application_id": row.application.pk,
                "result": row.result,
                "start_date": row.start_date,
            },
            prefix=f"a{row.application.pk}",
        )
        rows.append((row, form))
    if feedback_form is None:
        existing = employer_feedback_of(trip, employer)
        initial = (
            {
                "trip_rating": existing.trip_rating,
                "candidates_rating": existing.candidates_rating,
                "comment": existing.comment,
            }
            if existing
            else {}
        )
        feedback_form = EmployerFeedbackForm(initial=initial)
    context = {
        "trip": trip,
        "employer": employer,
        "started": started,
        "rows": rows,
        "feedback_form": feedback_form,
        "feedback_given": employer_feedback_of(trip, employer) is not None,
    }
    return render(request, "followup/outcome_list.html", context, status=status)


@login_required
def outcome_list(request, slug: str):
    """GET: every candidate the employer met on the trip, with what they recorded. POST: one
    row (`application_id`, `result`, `start_date` under the row's prefix)."""
    trip, employer = _employer_trip(request, slug)
    if request.method != "POST":
        return _outcome_page(request, trip, employer)
    try:
        application_id = int(request.POST.get("application_id", ""))
    except ValueError:
        raise Http404 from None
    form = OutcomeForm(request.POST, prefix=f"a{application_id}")
    if form.is_valid() and form.cleaned_data["result"]:
        try:
            outcome = outcome_set(
                trip=trip,
                employer=employer,
                application=application_id,
                actor=request.user,
                result=form.cleaned_data["result"],
                start_date=form.cleaned_data["start_date"],
            )
        except ApplicationError as exc:
            if "application_id" in (exc.extra.get("fields") or {}):
                raise Http404 from None  # not a candidate this employer met
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                _("Saved: %(name)s — %(result)s.")
                % {
                    "name": outcome.application.candidate.name,
                    "result": outcome.get_result_display(),
                },
            )
            return redirect(reverse("outcome_list", args=[trip.slug]) + f"#row-{application_id}")
    elif form.is_valid():
        form.add_error("result", _("Choose a result."))
    return _outcome_page(request, trip, employer, row_forms={application_id: form}, status=422)


@login_required
def feedback_employer(request, slug: str):
    """The employer's feedback on the trip: shown on the outcomes page, saved here."""
    trip, employer = _employer_trip(request, slug)
    if request.method != "POST":
        return redirect(reverse("outcome_list", args=[trip.slug]) + "#trip-feedback")
    form = EmployerFeedbackForm(request.POST)
    if form.is_valid():
        try:
            employer_feedback_submit(
                trip=trip,
                employer=employer,
                actor=request.user,
                trip_rating=form.cleaned_data["trip_rating"],
                candidates_rating=form.cleaned_data["candidates_rating"],
                comment=form.cleaned_data["comment"],
            )
        except ApplicationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Thank you for your feedback."))
            return redirect(reverse("outcome_list", args=[trip.slug]) + "#trip-feedback")
    return _outcome_page(request, trip, employer, feedback_form=form, status=422)


@login_required
def feedback_candidate(request, slug: str):
    """A candidate who attended the trip: their feedback (again, to change it)."""
    trip = get_object_or_404(Trip, slug=slug)
    application = feedback_application_of(request.user, trip)
    if application is None:
        raise Http404
    employers = list(met_employers(application))
    existing = candidate_feedback_of(application)
    initial = {}
    if existing is not None:
        initial = {
            "trip_rating": existing.trip_rating,
            "got_offer": existing.got_offer,
            "comment": existing.comment,
        }
        for rating in existing.employer_ratings.all():
            initial[f"employer_{rating.employer_id}"] = rating.rating
    started = trip_started(trip, now=timezone.now())
    form = CandidateFeedbackForm(
        request.POST if request.method == "POST" else None, initial=initial, employers=employers
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                candidate_feedback_submit(
                    application=application,
                    actor=request.user,
                    trip_rating=form.cleaned_data["trip_rating"],
                    employer_ratings=form.employer_ratings(),
                    comment=form.cleaned_data["comment"],
                    got_offer=form.cleaned_data["got_offer"],
                )
            except ApplicationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Thank you for your feedback."))
                return redirect("feedback_candidate", slug=trip.slug)
        status = 422
    context = {
        "trip": trip,
        "form": form,
        "started": started,
        "submitted": existing is not None,
    }
    return render(request, "followup/feedback_candidate.html", context, status=status)


@login_required
def feedback_trip_summary(request, slug: str):
    """Coordinators and organisers of the trip's organisation: every outcome, the average
    ratings and the words, per candidate and per employer. Anybody else: 404."""
    trip = get_object_or_404(Trip.objects.select_related("organisation"), slug=slug)
    if not may_see_trip_feedback(request.user, trip):
        raise Http404
    summary = trip_feedback_summary(trip)
    return render(request, "followup/feedback_trip_summary.html", {"trip": trip, "s": summary})
