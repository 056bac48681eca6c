# The pack models moved to the packs app (packs/0001). Their tables stay where they are:
# this only removes them from the events app's state; packs/0001 adds them to its own.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0004_packview_packdocument_packmark'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='PackDocument'),
                migrations.DeleteModel(name='PackMark'),
                migrations.DeleteModel(name='PackView'),
            ],
            database_operations=[],
        ),
    ]
