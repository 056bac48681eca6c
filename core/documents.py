"""Cached documents: the one mechanism behind every PDF built off the request.

A document row (a `core.models.CachedDocument` subclass: packs' PackDocument, itineraries'
ItineraryDocument) holds the fingerprint (`version`) of what it should contain. Readers call
`document_current` with the current fingerprint: a missing, stale or failed document (a
failed one after a pause) is queued and the caller's build task is enqueued after commit. The
task calls `document_build`, which renders outside any lock and stores the PDF unless the
fingerprint moved on meanwhile (then the newer build wins). The previous file stays until it is
replaced, so callers that may show a slightly old version (itineraries, with their date) can
serve it while a rebuild runs; packs, which must never show a withdrawn candidate, serve
only a current one.
"""

import io
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.http import FileResponse, HttpRequest, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.tasks import Task
from django.utils import timezone
from django.utils.http import http_date

from .models import CachedDocument
from .tasks import enqueue_on_commit

# A build queued or started longer ago than this was lost (a worker died): queue it again.
LOST_BUILD = timedelta(minutes=10)
# A failed build is tried again by the first reader after this pause, not by every poll of
# the waiting page (which says that it failed, and stops asking).
RETRY_FAILED = timedelta(minutes=1)


def _needs_build(document: CachedDocument, version: str) -> bool:
    if document.version != version:
        return True
    if document.state == CachedDocument.State.FAILED:
        return document.updated_at < timezone.now() - RETRY_FAILED
    waiting = document.state in (CachedDocument.State.QUEUED, CachedDocument.State.BUILDING)
    return waiting and document.updated_at < timezone.now() - LOST_BUILD


def document_current[D: CachedDocument](
    model: type[D], lookup: dict[str, Any], *, version: str, build: Task | str
) -> D:
    """The document matching `lookup`, created if missing; queued for a (re)build, with
    `build(document_id=…, version=…)` enqueued after commit, when its stored fingerprint is
    not `version`, its last build failed more than RETRY_FAILED ago, or its build was lost."""
    with transaction.atomic():
        document, _created = model._default_manager.select_for_update().get_or_create(**lookup)
        if _needs_build(document, version):
            document.version = version
            document.state = CachedDocument.State.QUEUED
            document.progress = 0
            document.error = ""
            document.save()
            enqueue_on_commit(build, document_id=document.pk, version=version)
    document.refresh_from_db()
    return document


def document_progress(document: CachedDocument, percent: int) -> None:
    type(document)._default_manager.filter(pk=document.pk).update(progress=percent)


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
    if document.state == CachedDocument.State.READY and document.pdf:
        return document  # already built (by another worker, or inline by its reader)
    model = type(document)
    model._default_manager.filter(pk=document.pk).update(
        state=CachedDocument.State.BUILDING, progress=10
    )
    try:
        pdf = render(document)
    except Exception as error:  # noqa: BLE001 - recorded and shown to the reader
        model._default_manager.filter(pk=document.pk, version=version).update(
            state=CachedDocument.State.FAILED, error=str(error)[:500], updated_at=timezone.now()
        )
        raise
    from pypdf import PdfReader  # noqa: PLC0415 -- slow import, only where a PDF is stored

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    with transaction.atomic():
        stored = model._default_manager.select_for_update().get(pk=document.pk)
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


def document_response(request: HttpRequest, prepared: Any) -> HttpResponseBase:
    """A cached document for its reader (`prepared`: its `.document` and the download's
    `.filename`): the PDF of the last build — while a newer one is prepared too; the PDF
    says when it was made — or, before the first build is done, a page that waits for it
    and opens it. With `?status`, the document's state as JSON, which that page polls."""
    document, filename = prepared.document, prepared.filename
    if "status" in request.GET:
        answer = JsonResponse(
            {"state": document.state, "ready": bool(document.pdf), "url": request.path}
        )
        answer["Cache-Control"] = "no-store"
        return answer
    if not document.pdf:
        context = {"document": document, "filename": filename, "url": request.path}
        response = render(request, "document_pending.html", context, status=202)
        response["Cache-Control"] = "no-store"
        return response
    pdf = FileResponse(document.pdf.open("rb"), filename=filename, content_type="application/pdf")
    if document.built_at is not None:
        pdf["Last-Modified"] = http_date(document.built_at.timestamp())
    return pdf
