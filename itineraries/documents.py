"""Itinerary PDFs, built off the request and cached (issue 12.3) by core.documents, the
mechanism packs use: the trip's programme, each participant's own itinerary, and every
participant's in one file for organisers.

A document's fingerprint is a hash of the HTML it is printed from, rendered without its
"updated" time: everything in it, and nothing else, so a change to the programme, a meeting,
the person's practical information or a name rebuilds exactly the documents it shows in.
While a rebuild runs, views serve the previous file; the PDF says when it was made.
"""

import hashlib
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.documents import document_build, document_current, document_progress
from core.models import User
from core.pdf import render_pdf
from events.models import Trip

from .itinerary_documents import (
    ITINERARY_TEMPLATE,
    itineraries_combined_filename,
    itinerary_context,
    itinerary_filename,
    itinerary_of_user,
    itinerary_participants,
)
from .models import ItineraryDocument, ItineraryDocumentKind
from .programme_documents import PROGRAMME_TEMPLATE, programme_context, programme_filename
from .tasks import build_itinerary_document


@dataclass(frozen=True)
class Source:
    """What a document is printed from."""

    template: str
    context: dict[str, Any]
    filename: str  # what the reader's download is called


def _fingerprint(source: Source, language: str) -> str:
    with translation.override(language):
        html = render_to_string(source.template, {**source.context, "generated_at": None})
    return hashlib.sha256(f"{source.template}|{language}|{html}".encode()).hexdigest()


@dataclass(frozen=True)
class Prepared:
    """A document as a reader asks for it: the row (its file may be a previous build while
    a newer one is prepared) and the name of the reader's download."""

    document: ItineraryDocument
    filename: str


def _current(lookup: dict[str, Any], source: Source, language: str) -> Prepared:
    document = document_current(
        ItineraryDocument,
        {**lookup, "language": language},
        version=_fingerprint(source, language),
        build=build_itinerary_document,
    )
    return Prepared(document, source.filename)


# --- The three documents ---------------------------------------------------------------------


def programme_source(trip: Trip, language: str) -> Source:
    return Source(PROGRAMME_TEMPLATE, programme_context(trip), programme_filename(trip, language))


def programme_document(trip: Trip, *, language: str) -> Prepared:
    """The trip's programme in `language`, queued for a (re)build if stale."""
    lookup = {"trip": trip, "kind": ItineraryDocumentKind.PROGRAMME, "user": None}
    return _current(lookup, programme_source(trip, language), language)


def personal_source(trip: Trip, user: User) -> Source | None:
    """The user's own itinerary: None when they take no part in the trip."""
    itinerary = itinerary_of_user(trip=trip, user=user)
    if itinerary is None:
        return None
    context = itinerary_context(trip, [itinerary], combined=False)
    return Source(ITINERARY_TEMPLATE, context, itinerary_filename(itinerary))


def personal_itinerary_document(trip: Trip, user: User, *, language: str) -> Prepared | None:
    """The user's itinerary in `language`, queued for a (re)build if stale; None when they
    take no part in the trip."""
    source = personal_source(trip, user)
    if source is None:
        return None
    lookup = {"trip": trip, "kind": ItineraryDocumentKind.PERSONAL, "user": user}
    return _current(lookup, source, language)


def combined_source(trip: Trip) -> Source:
    context = itinerary_context(trip, itinerary_participants(trip), combined=True)
    return Source(ITINERARY_TEMPLATE, context, itineraries_combined_filename(trip))


def combined_itinerary_document(trip: Trip, *, language: str) -> Prepared:
    """Every participant's itinerary in one PDF (a bookmark per person), for organisers."""
    lookup = {"trip": trip, "kind": ItineraryDocumentKind.COMBINED, "user": None}
    return _current(lookup, combined_source(trip), language)


def _source_of(document: ItineraryDocument) -> Source | None:
    if document.kind == ItineraryDocumentKind.PROGRAMME:
        return programme_source(document.trip, document.language)
    if document.kind == ItineraryDocumentKind.COMBINED:
        return combined_source(document.trip)
    if document.user is None or not document.user.is_active:
        return None
    return personal_source(document.trip, document.user)


def itinerary_attachment(trip: Trip, user: User, *, language: str) -> tuple[str, bytes] | None:
    """The user's current itinerary as (file name, PDF), for an email sent by a background
    task: the cached file when it is current, else built here and cached. None when the
    user takes no part in the trip."""
    with translation.override(language):
        prepared = personal_itinerary_document(trip, user, language=language)
    if prepared is None:
        return None
    document: ItineraryDocument | None = prepared.document
    if document is not None and not document.is_current:
        document = itinerary_document_build(document_id=document.pk, version=document.version)
    if document is None or not document.pdf:
        return None
    with document.pdf.open("rb") as file:
        return prepared.filename, file.read()


# --- Building ------------------------------------------------------------------------------


def itinerary_document_build(*, document_id: int, version: str) -> ItineraryDocument | None:
    """Render one itinerary document and store it, unless superseded meanwhile; a document
    whose person no longer takes part is deleted."""
    document = (
        ItineraryDocument.objects.select_related("trip__organisation", "user")
        .filter(pk=document_id)
        .first()
    )
    if document is None or document.version != version:
        return document
    with translation.override(document.language):
        source = _source_of(document)
    if source is None:
        document.delete()
        return None

    def render(document: ItineraryDocument) -> bytes:
        document_progress(document, 40)
        with translation.override(document.language):
            context = {**source.context, "generated_at": timezone.now()}
            return render_pdf(source.template, context, tagged=True)

    return document_build(
        document,
        version=version,
        render=render,
        filename=lambda document: f"{document.trip.slug}-{document.kind}-{version[:12]}.pdf",
    )


def itinerary_documents_refresh(*, trip_ids: list[int]) -> int:
    """Queue rebuilds of the trips' existing itinerary documents that have gone stale, so the
    next download (and the reminder email) has a current one. Views check freshness too."""
    queued = 0
    for document in ItineraryDocument.objects.filter(trip_id__in=trip_ids).select_related(
        "trip__organisation", "user"
    ):
        with translation.override(document.language):
            source = _source_of(document)
        if source is None:
            document.delete()
            continue
        if document.version != _fingerprint(source, document.language):
            _current(
                {"trip": document.trip, "kind": document.kind, "user": document.user},
                source,
                document.language,
            )
            queued += 1
    return queued
