# The pack's "interested" checkbox became the employer's meeting wish (issue 11): every
# interested mark becomes a "would like to meet" wish of that employer, then the field goes.

from django.db import migrations


def interested_to_wishes(apps, schema_editor):
    """Each PackMark with interested=True → MeetingPreference(side=employer, level=want),
    unless the employer already has a wish about that candidate (it is kept as it is)."""
    PackMark = apps.get_model("packs", "PackMark")
    MeetingPreference = apps.get_model("itineraries", "MeetingPreference")
    marks = PackMark.objects.filter(interested=True).order_by("id")
    for mark in marks.iterator():
        MeetingPreference.objects.get_or_create(
            application_id=mark.application_id,
            employer_id=mark.employer_id,
            side="employer",
            defaults={
                "level": "want",
                "by_organiser": False,
                "set_by_id": mark.updated_by_id,
                "updated_at": mark.updated_at,
            },
        )


def wishes_to_interested(apps, schema_editor):
    """Backwards: an employer who must or would like to meet a candidate was interested."""
    PackMark = apps.get_model("packs", "PackMark")
    MeetingPreference = apps.get_model("itineraries", "MeetingPreference")
    wishes = MeetingPreference.objects.filter(side="employer", level__in=["must", "want"])
    for wish in wishes.iterator():
        PackMark.objects.update_or_create(
            employer_id=wish.employer_id,
            application_id=wish.application_id,
            defaults={"interested": True},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("packs", "0002_pack_document_language"),
        ("itineraries", "0002_meetings"),
    ]

    operations = [
        migrations.RunPython(interested_to_wishes, wishes_to_interested),
        migrations.RemoveField(
            model_name="packmark",
            name="interested",
        ),
    ]
