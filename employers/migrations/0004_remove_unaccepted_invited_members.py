"""Team members added by the old invitations who never chose a password (an unusable one,
never logged in) never agreed to join (issue 10.4): their memberships are removed. Their
teams invite them again, and they join by accepting."""

from django.db import migrations

UNUSABLE_PASSWORD_PREFIX = "!"  # django.contrib.auth.hashers


def forwards(apps, schema_editor):
    membership_model = apps.get_model("employers", "EmployerMembership")
    membership_model.objects.filter(
        user__password__startswith=UNUSABLE_PASSWORD_PREFIX, user__last_login__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("employers", "0003_employerinvitation"),
        ("core", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
