"""Sharing with employers becomes a consent per trip (issue 14.1): the old global consent is
copied onto the applications it governed (shortlisted, accepted or attended), so that packs,
meetings and the demo data keep showing the same people; then the global fields go. Also
records when consents were last asked to be renewed."""

from django.db import migrations, models
from django.db.models import OuterRef, Q, Subquery

COPIED_STATUSES = ("shortlisted", "accepted", "attended")


def copy_share_consent(apps, schema_editor):
    Application = apps.get_model("candidates", "Application")
    Candidate = apps.get_model("candidates", "Candidate")
    ConsentEvent = apps.get_model("candidates", "ConsentEvent")
    sharing = Candidate.objects.filter(pk=OuterRef("candidate_id"))
    applications = Application.objects.filter(
        status__in=COPIED_STATUSES, candidate__consent_share_at__isnull=False
    )
    applications.update(
        share_consent_at=Subquery(sharing.values("consent_share_at")[:1]),
        share_consent_version=Subquery(sharing.values("consent_share_version")[:1]),
    )
    # The history shows where each per-trip consent came from: the consent given once for all.
    ConsentEvent.objects.bulk_create(
        ConsentEvent(
            candidate_id=a.candidate_id,
            trip_id=a.trip_id,
            purpose="share_trip",
            granted=True,
            text_version=a.share_consent_version,
            via="web",
            created_at=a.share_consent_at,
        )
        for a in Application.objects.filter(share_consent_at__isnull=False).iterator()
    )


def copy_back(apps, schema_editor):
    Application = apps.get_model("candidates", "Application")
    Candidate = apps.get_model("candidates", "Candidate")
    for a in Application.objects.filter(share_consent_at__isnull=False).order_by(
        "-share_consent_at"
    ):
        Candidate.objects.filter(pk=a.candidate_id, consent_share_at__isnull=True).update(
            consent_share_at=a.share_consent_at, consent_share_version=a.share_consent_version
        )


class Migration(migrations.Migration):
    dependencies = [
        ("candidates", "0007_privacy"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="share_consent_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="application",
            name="share_consent_version",
            field=models.CharField(blank=True, max_length=20),
        ),
        migrations.AddField(
            model_name="candidate",
            name="consent_renewal_asked_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="interestregistration",
            name="consent_renewal_asked_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(copy_share_consent, copy_back),
        migrations.RemoveConstraint(
            model_name="candidate",
            name="candidate_share_consent_versioned",
        ),
        migrations.RemoveField(
            model_name="candidate",
            name="consent_share_at",
        ),
        migrations.RemoveField(
            model_name="candidate",
            name="consent_share_version",
        ),
        migrations.AddConstraint(
            model_name="application",
            constraint=models.CheckConstraint(
                condition=Q(share_consent_at__isnull=True) | ~Q(share_consent_version=""),
                name="application_share_consent_versioned",
            ),
        ),
    ]
