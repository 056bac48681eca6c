"""Back office: a trip's applicants — filtered lists, bulk decisions, details, notes, CSV."""

import csv

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from candidates.audit import access_record, request_via
from candidates.consents import consent_history, consent_set, consent_states
from candidates.forms import (
    STATUS_BUTTONS,
    ApplicantFilterForm,
    BulkActionForm,
    ConsentOnBehalfForm,
    NoteForm,
    PracticalInfoForm,
    bulk_actions_for,
)
from candidates.models import AccessAction, ApplicationStatus, ConsentPurpose, ConsentVia
from candidates.selectors import (
    applicant_notes,
    applicant_of_trip,
    applicants_page_version,
    applications_for_trip,
    places_left,
)
from candidates.services import (
    AFTER_TRIP_STATUSES,
    APPLICATION_TRANSITIONS,
    applicant_note_add,
    application_practical_set,
    application_transition,
    applications_bulk_transition,
)
from candidates.suggestions import applications_by_fit
from core.exceptions import ApplicationError
from core.forms import add_domain_error, rendering_version
from core.pagination import page_of

from ..decorators import managed_trip

A = ApplicationStatus
APPLICANTS_PAGE_SIZE = 50


def _applicants(trip, form):
    """The filtered applicants; with `order=fit` best fit first (a list, each with `fit`)."""
    filters = form.filters()
    order = filters.pop("order", None)
    applications = applications_for_trip(trip, **filters)
    return applications_by_fit(trip, applications) if order == "fit" else applications


@managed_trip
def applicant_list(request, trip):
    form = ApplicantFilterForm(request.GET or None)
    page = page_of(request, _applicants(trip, form), APPLICANTS_PAGE_SIZE)
    by_fit = form.filters().get("order") == "fit"
    context = {
        "trip": trip,
        "form": form,
        "page": page,
        "by_fit": by_fit,
        # The table's rows are rendered from the cache while they are unchanged (the page's
        # applications stay lazy); ordered by fit they are a list, scored anew each time.
        "rows_version": None if by_fit else applicants_page_version(page.object_list),
        "form_version": rendering_version(form),
        "places_left": places_left(trip),
        "bulk_actions": bulk_actions_for(trip, now=timezone.now()).items(),
        "query": request.GET.urlencode(),
    }
    return render(request, "backoffice/applicants/applicant_list.html", context)


@require_POST
@managed_trip
def applicant_bulk(request, trip):
    """All or nothing: one error (capacity, a status that cannot move) changes nothing."""
    form = BulkActionForm(
        request.POST,
        applications=applications_for_trip(trip),
        actions=bulk_actions_for(trip, now=timezone.now()),
    )
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        to_status = form.cleaned_data["to_status"]
        try:
            done = applications_bulk_transition(
                applications=list(form.cleaned_data["applications"]),
                actor=request.user,
                to_status=to_status,
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d application is now %(status)s.",
                    "%(count)d applications are now %(status)s.",
                    len(done),
                )
                % {"count": len(done), "status": A(to_status).label.lower()},
            )
    url = reverse("manage:applicant_list", kwargs={"slug": trip.slug})
    query = request.POST.get("query", "")
    return redirect(f"{url}?{query}" if query else url)


def _next_statuses(application, trip) -> list[tuple[str, str]]:
    allowed = APPLICATION_TRANSITIONS[application.status]
    started = trip.starts_at <= timezone.now()
    return [
        (status, label)
        for status, label in STATUS_BUTTONS.items()
        if status in allowed and (started or status not in AFTER_TRIP_STATUSES)
    ]


def _application_or_404(trip, pk: int):
    application = applicant_of_trip(trip, pk)
    if application is None:
        raise Http404
    return application


def _consents_of(application):
    """The applicant's consents as they stand (sharing: with this trip only) and their history."""
    candidate = application.candidate
    states = [
        s
        for s in consent_states(candidate)
        if s.purpose != ConsentPurpose.SHARE_TRIP or s.trip.pk == application.trip_id
    ]
    return states, consent_history(candidate=candidate)


def _detail(request, trip, application, *, practical_form=None, consent_form=None):
    consents, consent_events = _consents_of(application)
    access_record(
        actor=request.user,
        action=AccessAction.APPLICANT_VIEW,
        candidates=application.candidate,
        trip=trip,
        organisation=trip.organisation_id,
        via=request_via(request),
    )
    context = {
        "consents": consents,
        "consent_events": consent_events,
        "consent_form": consent_form or ConsentOnBehalfForm(),
        "trip": trip,
        "application": application,
        "candidate": application.candidate,
        "next_statuses": _next_statuses(application, trip),
        "notes": applicant_notes(application),
        "note_form": NoteForm(),
        "practical_form": practical_form or PracticalInfoForm(instance=application),
        "places_left": places_left(trip),
    }
    return render(request, "backoffice/applicants/applicant_detail.html", context)


@managed_trip
def applicant_detail(request, trip, pk: int):
    return _detail(request, trip, _application_or_404(trip, pk))


@require_POST
@managed_trip
def applicant_practical(request, trip, pk: int):
    """Save the participant's practical information (travel, accommodation, room sharing);
    an invalid form is shown again on the detail page with its errors, nothing saved."""
    application = _application_or_404(trip, pk)
    form = PracticalInfoForm(request.POST, instance=application)
    if form.is_valid():
        try:
            application_practical_set(
                application=application, actor=request.user, **form.cleaned_data
            )
        except ApplicationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The practical information is saved."))
            url = reverse("manage:applicant_detail", args=[trip.slug, application.pk])
            return redirect(f"{url}#practical")
    return _detail(request, trip, application, practical_form=form)


@require_POST
@managed_trip
def applicant_consent(request, trip, pk: int):
    """Record a consent the applicant gave or withdrew by phone or on paper (via=organiser,
    the organiser as actor); sharing applies to this trip. 404 outside the organiser's trips."""
    application = _application_or_404(trip, pk)
    form = ConsentOnBehalfForm(request.POST)
    if form.is_valid():
        try:
            event = consent_set(
                candidate=application.candidate,
                purpose=form.cleaned_data["purpose"],
                trip=trip,
                granted=form.cleaned_data["granted"],
                via=ConsentVia.ORGANISER,
                actor=request.user,
            )
        except ApplicationError as error:
            add_domain_error(form, error)
        else:
            if event is None:
                messages.info(request, _("Nothing changed: the consent was already so."))
            else:
                messages.success(request, _("The consent is recorded."))
            url = reverse("manage:applicant_detail", args=[trip.slug, application.pk])
            return redirect(f"{url}#consents")
    return _detail(request, trip, application, consent_form=form)


@require_POST
@managed_trip
def applicant_transition(request, trip, pk: int):
    application = applicant_of_trip(trip, pk)
    if application is None:
        raise Http404
    try:
        application = application_transition(
            application=application, actor=request.user, to_status=request.POST.get("status", "")
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(name)s is now %(status)s.")
            % {
                "name": application.candidate.name,
                "status": application.get_status_display().lower(),
            },
        )
    return redirect("manage:applicant_detail", slug=trip.slug, pk=application.pk)


@require_POST
@managed_trip
def applicant_note(request, trip, pk: int):
    application = applicant_of_trip(trip, pk)
    if application is None:
        raise Http404
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            applicant_note_add(
                application=application, author=request.user, text=form.cleaned_data["text"]
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The note is saved."))
    else:
        messages.error(request, _("The note is empty."))
    return redirect(f"{reverse('manage:applicant_detail', args=[trip.slug, application.pk])}#notes")


def _csv_cell(value) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas: make them plain text."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


CSV_HEADER = (
    gettext_lazy("Name"),
    gettext_lazy("Email"),
    gettext_lazy("City"),
    gettext_lazy("Country"),
    gettext_lazy("Sectors"),
    gettext_lazy("Years of experience"),
    gettext_lazy("Status"),
    gettext_lazy("Applied"),
    gettext_lazy("Phone"),
    gettext_lazy("Partner needs a job"),
    gettext_lazy("Children's ages"),
    gettext_lazy("Residence permit status"),
)


def _consented_columns(candidate) -> tuple:
    """Phone, household and residence permit: each only with its consent, so that a
    withdrawal removes it from every export made afterwards (issue 14.1)."""
    household = candidate.consent_share_household_at is not None
    permit = candidate.residence_permit_consent_at is not None
    return (
        candidate.phone if candidate.consent_share_contact_at else "",
        (_("Yes") if candidate.partner_needs_job else _("No")) if household else "",
        ", ".join(str(age) for age in candidate.children_ages) if household else "",
        candidate.get_residence_permit_status_display() if permit else "",
    )


@managed_trip
def applicants_csv(request, trip):
    """The filtered applicant list as CSV, UTF-8 with a BOM so that Excel reads åäö. In
    Swedish the cells are separated by semicolons, as Excel expects where the decimal
    separator is a comma; in English by commas. Every candidate in the file is audited (one
    row each, one INSERT)."""
    form = ApplicantFilterForm(request.GET or None)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="applicants-{trip.slug}.csv"'
    response.write("\ufeff")
    delimiter = ";" if translation.get_language() == "sv" else ","
    writer = csv.writer(response, delimiter=delimiter)
    writer.writerow([str(column) for column in CSV_HEADER])
    applications = _applicants(trip, form)
    if not isinstance(applications, list):
        applications = applications.iterator(chunk_size=500)
    exported: list[int] = []
    for application in applications:
        candidate = application.candidate
        exported.append(candidate.pk)
        writer.writerow(
            _csv_cell(value)
            for value in (
                candidate.name,
                candidate.email,
                candidate.city,
                candidate.country,
                ", ".join(sector.name for sector in candidate.sectors.all()),
                candidate.years_experience,
                application.get_status_display(),
                timezone.localtime(application.created_at).strftime("%Y-%m-%d %H:%M"),
                *_consented_columns(candidate),
            )
        )
    access_record(
        actor=request.user,
        action=AccessAction.CSV_EXPORT,
        candidates=exported,
        trip=trip,
        organisation=trip.organisation_id,
        via=request_via(request),
    )
    return response
