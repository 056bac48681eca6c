"""Pack pages: the web version (with employers' marks), the PDF downloads and the audit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from candidates.audit import access_record, request_via
from candidates.models import AccessAction
from core.exceptions import ApplicationError
from events.models import Trip, TripStatus

from .forms import PackMarkForm
from .models import PackDocument, PackKind, PackView
from .selectors import (
    pack_access,
    pack_applications,
    pack_candidates,
    pack_context,
    pack_filename,
    pack_pending_booking,
)
from .services import pack_document_current, pack_mark_set, pack_view_record


def _published_trip(slug):
    return (
        Trip.objects.select_related("organisation")
        .filter(slug=slug, published_at__isnull=False)
        .exclude(status=TripStatus.DRAFT)
        .first()
    )


def _trip_and_access(request, slug):
    trip = _published_trip(slug)
    access = pack_access(trip, request.user) if trip else None
    if access is None:
        raise Http404
    return trip, access


def _audit(request, trip, access, action, candidates) -> None:
    """One audit row per candidate the pack shows (one INSERT): for the employer whose pack
    it is, or for the organisation (the full pack and the participants list)."""
    access_record(
        actor=request.user,
        action=action,
        candidates=candidates,
        trip=trip,
        employer=access.employer,
        organisation=trip.organisation_id if access.is_organiser else None,
        via=request_via(request),
    )


def _document_state(trip, document, kind_url: str) -> dict:
    """What the page shows of a PDF being prepared, also answered to the page's polling."""
    return {
        "state": document.state,
        "progress": document.progress,
        "pages": document.pages,
        "url": reverse(kind_url, kwargs={"slug": trip.slug})
        if document.state == PackDocument.State.READY
        else "",
    }


@login_required
def pack_page(request, slug):
    trip = _published_trip(slug)
    access = pack_access(trip, request.user) if trip else None
    if access is None:
        booking = pack_pending_booking(trip, request.user) if trip else None
        if booking is None:
            raise Http404
        # Booked but not confirmed: say when the pack opens instead of a bare 404.
        context = {"trip": trip, "booking": booking}
        return render(request, "packs/pack_not_yet.html", context, status=403)
    context = pack_context(trip, access, with_marks=True)
    language = translation.get_language()
    document = pack_document_current(trip, access, access.kind, language=language)
    participants = (
        pack_document_current(trip, access, PackKind.PARTICIPANTS, language=language)
        if access.is_organiser
        else None
    )
    pack_view_record(
        trip=trip, access=access, kind=access.kind, fmt=PackView.Format.WEB, viewer=request.user
    )
    shown = [section.candidate_id for section in context["sections"]]
    _audit(request, trip, access, AccessAction.PACK_WEB, shown)
    context.update(
        document=document,
        participants=participants,
        ready=PackDocument.State.READY,
        wish_choices=PackMarkForm.base_fields["wish"].choices,  # type: ignore[attr-defined]
    )
    return render(request, "packs/pack.html", context)


@login_required
def pack_status(request, slug):
    """The pack PDFs' state as JSON, for the pack page to poll while they are prepared
    (instead of reloading itself, which would wipe a half-typed note)."""
    trip, access = _trip_and_access(request, slug)
    language = translation.get_language()
    answer = {
        "pack": _document_state(
            trip, pack_document_current(trip, access, access.kind, language=language), "pack_pdf"
        )
    }
    if access.is_organiser:
        participants = pack_document_current(trip, access, PackKind.PARTICIPANTS, language=language)
        answer["participants"] = _document_state(trip, participants, "participants_pdf")
    response = JsonResponse(answer)
    response["Cache-Control"] = "private, no-store"
    return response


def _serve(request, slug, kind):
    trip, access = _trip_and_access(request, slug)
    if kind == PackKind.PARTICIPANTS and not access.is_organiser:
        raise Http404
    kind = access.kind if kind is None else kind
    document = pack_document_current(trip, access, kind, language=translation.get_language())
    if document.state != PackDocument.State.READY or not document.pdf:
        return redirect("pack_page", slug=trip.slug)  # shows "being prepared"
    pack_view_record(
        trip=trip, access=access, kind=kind, fmt=PackView.Format.PDF, viewer=request.user
    )
    # The PDF is current (its fingerprint matched), so it shows the pack's candidates now.
    _audit(request, trip, access, AccessAction.PACK_PDF, pack_candidates(trip, access))
    return FileResponse(
        document.pdf.open("rb"),
        as_attachment=True,
        filename=pack_filename(trip, access, kind),
        content_type="application/pdf",
    )


@login_required
def pack_pdf(request, slug):
    return _serve(request, slug, None)


@login_required
def participants_pdf(request, slug):
    return _serve(request, slug, PackKind.PARTICIPANTS)


def _form_errors(form) -> list[str]:
    return [
        f"{form.fields[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()
    ]


@login_required
@require_POST
def pack_mark(request, slug, application_id):
    trip, access = _trip_and_access(request, slug)
    if access.employer is None:
        raise Http404
    application = pack_applications(trip, access).filter(pk=application_id).first()
    if application is None:
        raise Http404
    form = PackMarkForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("Your mark on %(name)s was not saved: %(errors)s")
            % {"name": application.candidate.name, "errors": " ".join(_form_errors(form))},
        )
    else:
        try:
            pack_mark_set(
                trip=trip,
                employer=access.employer,
                application=application,
                actor=request.user,
                level=form.level(),
                note=form.cleaned_data["note"],
            )
        except ApplicationError as error:
            messages.error(request, error.message)
    return redirect(f"{trip.get_absolute_url()}pack/#candidate-{application.pk}")
