"""The report search on PostgreSQL reads a trigram index: each word of a search is a
``LIKE '%word%'`` on `search_text` (offices.selectors.search_matches), which a GIN index
with ``gin_trgm_ops`` serves without reading every report. SQLite keeps its plain scan."""

from django.db import migrations

INDEX = "report_search_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON reports_issuereport "
        "USING gin (search_text gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("reports", "0012_solution_support_and_referral_dates")]

    operations = [migrations.RunPython(create, drop)]
