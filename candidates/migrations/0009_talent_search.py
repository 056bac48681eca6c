"""The talent database's full-text search (issue 15.5), on PostgreSQL only: a stored
generated `tsvector` of the headline and skills in Swedish and English, with a GIN index
(see candidates/search.py). On SQLite nothing happens: the search there uses icontains.
The column is no model field, so Django's state does not change."""

from django.db import migrations

DOCUMENT = (
    "coalesce(headline, '') || ' ' || coalesce(skills::text, '')"
)
FORWARD = f"""
ALTER TABLE candidates_candidate ADD COLUMN search_document tsvector
    GENERATED ALWAYS AS (
        to_tsvector('swedish'::regconfig, {DOCUMENT})
        || to_tsvector('english'::regconfig, {DOCUMENT})
    ) STORED;
CREATE INDEX candidate_search_document_gin ON candidates_candidate USING gin (search_document);
"""
BACKWARD = """
DROP INDEX IF EXISTS candidate_search_document_gin;
ALTER TABLE candidates_candidate DROP COLUMN IF EXISTS search_document;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("candidates", "0008_consent_per_trip")]

    operations = [migrations.RunPython(forward, backward)]
