"""NGOs' search text, and NGOs and reference lists in Persian alphabetical order
(the ``persian`` collation of offices 0004)."""

import django.db.models.functions.comparison
from django.db import migrations, models

from offices.text import search_text


def fill_search_text(apps, schema_editor):
    """Existing NGOs get the search text that save() now keeps (as build_search_text)."""
    NGO = apps.get_model("ngos", "NGO")
    ngos = list(NGO.objects.all())
    for ngo in ngos:
        ngo.search_text = search_text(
            ngo.name, ngo.national_id, ngo.registration_number, ngo.contact_person
        )
    NGO.objects.bulk_update(ngos, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("ngos", "0003_audit_history"),
        ("offices", "0004_search_text"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="fieldofactivity",
            options={
                "ordering": [
                    django.db.models.functions.comparison.Collate(models.F("name"), "persian")
                ],
                "verbose_name": "field of activity",
                "verbose_name_plural": "fields of activity",
            },
        ),
        migrations.AlterModelOptions(
            name="licensingauthority",
            options={
                "ordering": [
                    django.db.models.functions.comparison.Collate(models.F("name"), "persian")
                ],
                "verbose_name": "licensing authority",
                "verbose_name_plural": "licensing authorities",
            },
        ),
        migrations.AlterModelOptions(
            name="ngo",
            options={
                "ordering": [
                    django.db.models.functions.comparison.Collate(models.F("name"), "persian")
                ],
                "verbose_name": "NGO",
                "verbose_name_plural": "NGOs",
            },
        ),
        migrations.AddField(
            model_name="ngo",
            name="search_text",
            field=models.TextField(
                blank=True, default="", editable=False, verbose_name="search text"
            ),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop, elidable=True),
    ]
