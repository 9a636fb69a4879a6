"""Reports' search text (reference, title, description, NGO), and agencies and
categories in Persian alphabetical order (the ``persian`` collation of offices 0004)."""

import django.db.models.functions.comparison
from django.db import migrations, models

from offices.text import reference_search_text, search_text


def fill_search_text(apps, schema_editor):
    """Existing reports get the search text that save() now keeps (as build_search_text)."""
    IssueReport = apps.get_model("reports", "IssueReport")
    reports = IssueReport.objects.select_related("ngo").only(
        "reference", "title", "description", "ngo__name"
    )
    batch = []
    for report in reports.iterator(chunk_size=1000):
        report.search_text = search_text(
            reference_search_text(report.reference),
            report.title,
            report.description,
            report.ngo.name,
        )
        batch.append(report)
        if len(batch) == 1000:
            IssueReport.objects.bulk_update(batch, ["search_text"])
            batch = []
    IssueReport.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0008_report_version"),
        ("ngos", "0004_search_text"),
        ("offices", "0004_search_text"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="agency",
            options={
                "ordering": [
                    django.db.models.functions.comparison.Collate(models.F("name"), "persian")
                ],
                "verbose_name": "executive agency",
                "verbose_name_plural": "executive agencies",
            },
        ),
        migrations.AlterModelOptions(
            name="category",
            options={
                "ordering": [
                    "kind",
                    "position",
                    django.db.models.functions.comparison.Collate(models.F("name"), "persian"),
                ],
                "verbose_name": "category",
                "verbose_name_plural": "categories",
            },
        ),
        migrations.AddField(
            model_name="issuereport",
            name="search_text",
            field=models.TextField(
                blank=True, default="", editable=False, verbose_name="search text"
            ),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop, elidable=True),
    ]
