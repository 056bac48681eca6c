"""Candidate packs: their cached PDFs, the audit of who viewed them, employers' marks.

PDFs are built by a background task and cached in PackDocument; a document whose stored
`version` differs from the pack's current fingerprint is stale and is rebuilt.
"""

import io

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation

from candidates.models import Application
from core.models import User
from core.pdf import render_pdf
from core.tasks import enqueue_on_commit
from employers.models import Employer
from events.models import Trip
from itineraries.meetings import Wish, meeting_preferences_set
from itineraries.models import PreferenceSide

from .models import PackDocument, PackKind, PackMark, PackView
from .selectors import PackAccess, pack_context, pack_version
from .tasks import build_pack_document


def pack_document_current(
    trip: Trip, access: PackAccess, kind: str, *, language: str
) -> PackDocument:
    """The pack's document in the reader's language, queued for a (re)build if it is
    missing, stale or failed. Each language has its own document.

    Side effect: enqueues `packs.tasks.build_pack_document` after commit when (re)building.
    """
    version = pack_version(trip, access, kind, language)
    with transaction.atomic():
        document, _created = PackDocument.objects.select_for_update().get_or_create(
            trip=trip, employer=access.employer, kind=kind, language=language
        )
        stale = document.version != version or document.state == PackDocument.State.FAILED
        if stale:
            document.version = version
            document.state = PackDocument.State.QUEUED
            document.progress = 0
            document.error = ""
            document.save()
            enqueue_on_commit(build_pack_document, document_id=document.pk, version=version)
    document.refresh_from_db()
    return document


def pack_document_build(*, document_id: int, version: str) -> PackDocument | None:
    """Render one pack's PDF (outside any lock) and store it, unless superseded meanwhile."""
    document = (
        PackDocument.objects.select_related("trip", "employer").filter(pk=document_id).first()
    )
    if document is None or document.version != version:
        return document
    PackDocument.objects.filter(pk=document_id).update(
        state=PackDocument.State.BUILDING, progress=10
    )
    access = PackAccess(
        kind=PackKind.EMPLOYER if document.employer_id else PackKind.FULL,
        employer=document.employer,
    )
    template = (
        "pdf/participants.html" if document.kind == PackKind.PARTICIPANTS else "pdf/pack.html"
    )
    try:
        with translation.override(document.language):
            context = pack_context(document.trip, access)
            # Testing a logo's name (what `bool(logo)` tests) tells mypy the name is a str.
            media = (
                [access.employer.logo.name] if access.employer and access.employer.logo.name else []
            )
            for employer in context["employers"]:
                if employer.logo:
                    media.append(employer.logo.name)
            PackDocument.objects.filter(pk=document_id).update(progress=40)
            pdf = render_pdf(template, context, media=media)
    except Exception as error:  # noqa: BLE001 - recorded and shown to the reader
        PackDocument.objects.filter(pk=document_id, version=version).update(
            state=PackDocument.State.FAILED, error=str(error)[:500]
        )
        raise
    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    with transaction.atomic():
        document = PackDocument.objects.select_for_update().get(pk=document_id)
        if document.version != version:
            return document  # something changed while rendering; the newer build wins
        old = document.pdf.name
        document.pdf.save(
            f"{document.trip.slug}-{document.kind}-{version[:12]}.pdf", ContentFile(pdf), save=False
        )
        document.state = PackDocument.State.READY
        document.progress = 100
        document.pages = pages
        document.built_at = timezone.now()
        document.save()
    if old and old != document.pdf.name:
        document.pdf.storage.delete(old)
    return document


def pack_view_record(
    *, trip: Trip, access: PackAccess, kind: str, fmt: str, viewer: User | None
) -> PackView:
    return PackView.objects.create(
        trip=trip, employer=access.employer, kind=kind, format=fmt, viewer=viewer
    )


@transaction.atomic
def pack_mark_set(
    *,
    trip: Trip,
    employer: Employer,
    application: Application,
    actor: User | None,
    level: str | None,
    note: str,
) -> PackMark:
    """An employer's mark on a candidate of their pack: their meeting wish (must / want / no,
    None for no wish) through `itineraries.meetings.meeting_preferences_set`, and their
    private note. One transaction; a wish the organiser set stays theirs (`by_organiser`)
    until the employer chooses another level. Raises ValidationFailed (422) when the
    candidate or employer cannot meet on this trip."""
    meeting_preferences_set(
        trip=trip,
        actor=actor,
        wishes=[Wish(application.pk, employer.pk, level, side=PreferenceSide.EMPLOYER)],
    )
    mark, _ = PackMark.objects.select_for_update().get_or_create(
        employer=employer, application=application
    )
    mark.note = note.strip()
    mark.updated_by = actor
    mark.save()
    return mark


def pack_documents_refresh(*, trip_ids: list[int]) -> int:
    """Queue rebuilds of the existing pack documents of these trips that have gone stale, so
    the next download is ready. (Every view checks freshness too; this only saves a wait.)"""
    queued = 0
    for document in PackDocument.objects.filter(trip_id__in=trip_ids).select_related(
        "trip", "employer"
    ):
        access = PackAccess(
            kind=PackKind.EMPLOYER if document.employer_id else PackKind.FULL,
            employer=document.employer,
        )
        language = document.language
        if document.version != pack_version(document.trip, access, document.kind, language):
            pack_document_current(document.trip, access, document.kind, language=language)
            queued += 1
    return queued
