# The pack models, moved here from the events app. Their tables already exist (created by
# events/0004 under their old names, kept with db_table), so this migration only adds the
# models to this app's state, and moves their content types (and so their permissions).

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

MODELS = ["packdocument", "packmark", "packview"]


def move_content_types(apps, schema_editor, *, source="events", target="packs"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MODELS:
        if not ContentType.objects.using(db).filter(app_label=target, model=model).exists():
            ContentType.objects.using(db).filter(app_label=source, model=model).update(
                app_label=target
            )


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="packs", target="events")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('candidates', '0003_applicantnote_tripalert_application_offer_expires_at_and_more'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('employers', '0002_slotbooking_checkout_session_id_and_more'),
        ('events', '0005_move_packs_to_packs_app'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='PackView',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('employer', "Employer's candidate pack"), ('full', 'Full pack (organisers)'), ('participants', 'Participants list')], max_length=20)),
                        ('format', models.CharField(choices=[('web', 'Web page'), ('pdf', 'PDF')], max_length=5)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('employer', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='employers.employer')),
                        ('trip', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='pack_views', to='events.trip')),
                        ('viewer', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'events_packview',
                        'ordering': ['-created_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='PackDocument',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('employer', "Employer's candidate pack"), ('full', 'Full pack (organisers)'), ('participants', 'Participants list')], max_length=20)),
                        ('version', models.CharField(blank=True, max_length=64)),
                        ('state', models.CharField(choices=[('queued', 'Queued'), ('building', 'Being prepared'), ('ready', 'Ready'), ('failed', 'Failed')], default='queued', max_length=10)),
                        ('progress', models.PositiveSmallIntegerField(default=0)),
                        ('pdf', models.FileField(blank=True, upload_to='private/packs/')),
                        ('pages', models.PositiveIntegerField(default=0)),
                        ('error', models.CharField(blank=True, max_length=500)),
                        ('built_at', models.DateTimeField(blank=True, null=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('employer', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='employers.employer')),
                        ('trip', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='pack_documents', to='events.trip')),
                    ],
                    options={
                        'db_table': 'events_packdocument',
                        'constraints': [models.UniqueConstraint(condition=models.Q(('employer__isnull', False)), fields=('trip', 'employer', 'kind'), name='pack_document_one_per_employer'), models.UniqueConstraint(condition=models.Q(('employer__isnull', True)), fields=('trip', 'kind'), name='pack_document_one_per_trip_kind'), models.CheckConstraint(condition=models.Q(('progress__lte', 100)), name='pack_document_progress_percent')],
                    },
                ),
                migrations.CreateModel(
                    name='PackMark',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('interested', models.BooleanField(default=False)),
                        ('note', models.TextField(blank=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('application', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='pack_marks', to='candidates.application')),
                        ('employer', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='pack_marks', to='employers.employer')),
                        ('updated_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'events_packmark',
                        'constraints': [models.UniqueConstraint(fields=('employer', 'application'), name='pack_mark_once_per_candidate')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
