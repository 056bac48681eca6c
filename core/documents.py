"""Cached documents: the one mechanism behind every PDF built off the request.

A document row (a `core.models.CachedDocument` subclass: packs' PackDocument, itineraries'
ItineraryDocument) holds the fingerprint (`version`) of what it should contain. Readers call
`document_current` with the current fingerprint: a missing, stale or failed document is
queued and the caller's build task is enqueued after commit. The task calls
`document_build`, which renders outside any lock and stores the PDF unless the fingerprint
moved on meanwhile (then the newer build wins). The previous file stays until it is
replaced, so callers that may show a slightly old version (itineraries, with their date) can
serve it while a rebuild runs; packs, which must never show a withdrawn candidate, serve
only a current one.
"""

import io
from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.tasks import Task
from django.utils import timezone

from .models import CachedDocument
from .tasks import enqueue_on_commit


def document_current[D: CachedDocument](
    model: type[D], lookup: dict[str, Any], *, version: str, build: Task | str
) -> D:
    """The document matching `lookup`, created if missing; queued for a (re)build, with
    `build(document_id=…, version=…)` enqueued after commit, when its stored fingerprint is
    not `version` or its last build failed."""
    with transaction.atomic():
        document, _created = model.objects.select_for_update().get_or_create(**lookup)
        if document.version != version or document.state == CachedDocument.State.FAILED:
            document.version = version
            document.state = CachedDocument.State.QUEUED
            document.progress = 0
            document.error = ""
            document.save()
            enqueue_on_commit(build, document_id=document.pk, version=version)
    document.refresh_from_db()
    return document


def document_progress(document: CachedDocument, percent: int) -> None:
    type(document).objects.filter(pk=document.pk).update(progress=percent)


def document_build[D: CachedDocument](
    document: D | None,
    *,
    version: str,
    render: Callable[[D], bytes],
    filename: Callable[[D], str],
) -> D | None:
    """Render `document` (outside any lock) and store the PDF, unless it is gone or was
    superseded. A failure is recorded on the document (shown to the reader) and re-raised."""
    if document is None or document.version != version:
        return document
    model = type(document)
    model.objects.filter(pk=document.pk).update(state=CachedDocument.State.BUILDING, progress=10)
    try:
        pdf = render(document)
    except Exception as error:  # noqa: BLE001 - recorded and shown to the reader
        model.objects.filter(pk=document.pk, version=version).update(
            state=CachedDocument.State.FAILED, error=str(error)[:500]
        )
        raise
    from pypdf import PdfReader  # noqa: PLC0415 -- slow import, only where a PDF is stored

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    with transaction.atomic():
        stored = model.objects.select_for_update().get(pk=document.pk)
        if stored.version != version:
            return stored  # something changed while rendering; the newer build wins
        old = stored.pdf.name
        stored.pdf.save(filename(stored), ContentFile(pdf), save=False)
        stored.state = CachedDocument.State.READY
        stored.progress = 100
        stored.pages = pages
        stored.built_at = timezone.now()
        stored.save()
    if old and old != stored.pdf.name:
        stored.pdf.storage.delete(old)
    return stored
