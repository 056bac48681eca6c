"""The sectors Östersunds kommun names as short of staff. Codes are stable identifiers."""

from django.db import migrations

SECTORS = [
    ("ekonomi", "Ekonomi", "Finance and accounting"),
    ("ingenjor-industri", "Ingenjör/industri", "Engineering and industry"),
    ("it", "IT", "IT"),
    ("vard-omsorg", "Vård och omsorg", "Care"),
    ("halso-sjukvard", "Hälso- och sjukvård (läkare)", "Health care (doctors)"),
    ("pedagogik", "Pedagogik", "Education"),
    ("restaurang-kock", "Restaurang/kock", "Restaurant and chefs"),
    ("yrkesforare", "Yrkesförare", "Professional drivers"),
    ("ovrigt", "Övrigt", "Other"),
]


def seed(apps, schema_editor):
    Sector = apps.get_model("events", "Sector")
    for position, (code, name_sv, name_en) in enumerate(SECTORS):
        Sector.objects.update_or_create(
            code=code, defaults={"name_sv": name_sv, "name_en": name_en, "position": position}
        )


def unseed(apps, schema_editor):
    apps.get_model("events", "Sector").objects.filter(code__in=[s[0] for s in SECTORS]).delete()


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
