"""Pack pages: the web version (with employers' marks), the PDF downloads and the audit."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from events.models import Trip, TripStatus

from .models import PackDocument, PackKind, PackView
from .selectors import (
    pack_access,
    pack_applications,
    pack_context,
    pack_filename,
)
from .services import pack_document_current, pack_mark_set, pack_view_record


def _trip_and_access(request, slug):
    trip = (
        Trip.objects.select_related("organisation")
        .filter(slug=slug, published_at__isnull=False)
        .exclude(status=TripStatus.DRAFT)
        .first()
    )
    access = pack_access(trip, request.user) if trip else None
    if access is None:
        raise Http404
    return trip, access


@login_required
def pack_page(request, slug):
    trip, access = _trip_and_access(request, slug)
    context = pack_context(trip, access, with_marks=True)
    document = pack_document_current(trip, access, access.kind)
    participants = (
        pack_document_current(trip, access, PackKind.PARTICIPANTS) if access.is_organiser else None
    )
    pack_view_record(
        trip=trip, access=access, kind=access.kind, fmt=PackView.Format.WEB, viewer=request.user
    )
    context.update(document=document, participants=participants, ready=PackDocument.State.READY)
    return render(request, "packs/pack.html", context)


def _serve(request, slug, kind):
    trip, access = _trip_and_access(request, slug)
    if kind == PackKind.PARTICIPANTS and not access.is_organiser:
        raise Http404
    kind = access.kind if kind is None else kind
    document = pack_document_current(trip, access, kind)
    if document.state != PackDocument.State.READY or not document.pdf:
        return redirect("pack_page", slug=trip.slug)  # shows "being prepared"
    pack_view_record(
        trip=trip, access=access, kind=kind, fmt=PackView.Format.PDF, viewer=request.user
    )
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


@login_required
@require_POST
def pack_mark(request, slug, application_id):
    trip, access = _trip_and_access(request, slug)
    if access.employer is None:
        raise Http404
    application = pack_applications(trip, access).filter(pk=application_id).first()
    if application is None:
        raise Http404
    pack_mark_set(
        employer=access.employer,
        application=application,
        actor=request.user,
        interested=request.POST.get("interested") == "on",
        note=request.POST.get("note", "")[:5000],
    )
    return redirect(f"{trip.get_absolute_url()}pack/#candidate-{application.pk}")
