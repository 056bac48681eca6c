"""Candidate packs: who looked at them, employers' marks, and their cached PDFs.

The tables were created by the events app (migration events/0004) and keep their names.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import CachedDocument


class PackKind(models.TextChoices):
    EMPLOYER = "employer", _("Employer's candidate pack")
    FULL = "full", _("Full pack (organisers)")
    PARTICIPANTS = "participants", _("Participants list")


class PackDocument(CachedDocument):
    """A built PDF of a pack (core.documents: `version` fingerprints everything in it)."""

    trip = models.ForeignKey("events.Trip", on_delete=models.CASCADE, related_name="pack_documents")
    employer = models.ForeignKey(
        "employers.Employer", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=PackKind.choices)
    pdf = models.FileField(upload_to="private/packs/", blank=True)
    # The cached parts of its last build (core.pdf_assembly): candidates' profiles, deleted
    # from the cache when no pack of the trip uses them any more or the pack is forgotten.
    part_keys = models.JSONField(default=list, blank=True)

    class Meta:
        db_table = "events_packdocument"
        constraints = [
            models.UniqueConstraint(
                fields=["trip", "employer", "kind", "language"],
                condition=Q(employer__isnull=False),
                name="pack_document_one_per_employer_language",
            ),
            models.UniqueConstraint(
                fields=["trip", "kind", "language"],
                condition=Q(employer__isnull=True),
                name="pack_document_one_per_trip_kind_language",
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="pack_document_progress_percent"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.trip} {self.employer or ''}".strip()


class PackView(models.Model):
    """Who looked at or downloaded which pack, and when (for organisers' audit)."""

    class Format(models.TextChoices):
        WEB = "web", _("Web page")
        PDF = "pdf", _("PDF")

    trip = models.ForeignKey("events.Trip", on_delete=models.CASCADE, related_name="pack_views")
    employer = models.ForeignKey(
        "employers.Employer", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=PackKind.choices)
    format = models.CharField(max_length=5, choices=Format.choices)
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "events_packview"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.viewer} viewed {self.kind} of {self.trip}"


class PackMark(models.Model):
    """An employer's private note on a candidate in a pack: visible only to that employer.
    Their wish to meet the candidate is a `itineraries.MeetingPreference` (side employer)."""

    employer = models.ForeignKey(
        "employers.Employer", on_delete=models.CASCADE, related_name="pack_marks"
    )
    application = models.ForeignKey(
        "candidates.Application", on_delete=models.CASCADE, related_name="pack_marks"
    )
    note = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "events_packmark"
        constraints = [
            models.UniqueConstraint(
                fields=["employer", "application"], name="pack_mark_once_per_candidate"
            )
        ]

    def __str__(self):
        return f"{self.employer} on {self.application}"
