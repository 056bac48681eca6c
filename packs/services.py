"""Candidate packs: their cached PDFs, the audit of who viewed them, employers' marks.

PDFs are built by a background task and cached in PackDocument; a document whose stored
`version` differs from the pack's current fingerprint is stale and is rebuilt.
"""

from django.db import transaction
from django.db.models import QuerySet
from django.utils import translation

from candidates.models import Application
from core.documents import document_build, document_current, document_progress
from core.models import User
from core.pdf import render_pdf
from core.pdf_assembly import parts_forget
from employers.models import Employer
from events.models import Trip
from itineraries.meetings import Wish, meeting_preferences_set
from itineraries.models import PreferenceSide

from .documents import pack_pdf
from .models import PackDocument, PackKind, PackMark, PackView
from .selectors import PackAccess, pack_context, pack_version
from .tasks import build_pack_document


def pack_document_current(
    trip: Trip, access: PackAccess, kind: str, *, language: str
) -> PackDocument:
    """The pack's document in the reader's language, queued for a (re)build if it is
    missing, stale or failed (core.documents). Each language has its own document.

    Side effect: enqueues `packs.tasks.build_pack_document` after commit when (re)building.
    """
    return document_current(
        PackDocument,
        {"trip": trip, "employer": access.employer, "kind": kind, "language": language},
        version=pack_version(trip, access, kind, language),
        build=build_pack_document,
    )


def _pack_render(document: PackDocument) -> bytes:
    access = PackAccess(
        kind=PackKind.EMPLOYER if document.employer_id else PackKind.FULL,
        employer=document.employer,
    )
    with translation.override(document.language):
        context = pack_context(document.trip, access)
        document_progress(document, 40)
        if document.kind == PackKind.PARTICIPANTS:
            return render_pdf("pdf/participants.html", context)
        logo = access.employer.logo.name if access.employer else ""
        assembled = pack_pdf(context, media=(logo,) if logo else ())
    _pack_parts_keep(document, assembled.keys)
    return assembled.pdf


def _pack_parts_keep(document: PackDocument, keys: list[str]) -> None:
    """Record the parts `document` is now made of, and delete from the cache those of its
    previous build that no pack of the trip uses any more (a withdrawn candidate's profile
    does not outlive the packs that showed it)."""
    with transaction.atomic():
        previous = (
            PackDocument.objects.select_for_update()
            .filter(pk=document.pk)
            .values_list("part_keys", flat=True)
            .first()
        )
        PackDocument.objects.filter(pk=document.pk).update(part_keys=keys)
        used = set(keys)
        for others in (
            PackDocument.objects.filter(trip_id=document.trip_id)
            .exclude(pk=document.pk)
            .values_list("part_keys", flat=True)
        ):
            used.update(others)
    parts_forget(set(previous or ()) - used)


def pack_parts_forget(documents: QuerySet[PackDocument]) -> None:
    """Delete the cached parts of `documents` (erasure, retention): their PDFs are rebuilt
    or deleted, and no cache keeps the profiles they showed."""
    keys: set[str] = set()
    for part_keys in documents.values_list("part_keys", flat=True):
        keys.update(part_keys)
    parts_forget(keys)
    documents.update(part_keys=[])


def pack_document_build(*, document_id: int, version: str) -> PackDocument | None:
    """Render one pack's PDF (outside any lock) and store it, unless superseded meanwhile."""
    return document_build(
        PackDocument.objects.select_related("trip", "employer").filter(pk=document_id).first(),
        version=version,
        render=_pack_render,
        filename=lambda document: f"{document.trip.slug}-{document.kind}-{version[:12]}.pdf",
    )


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
