"""The ``persian`` collation (offices.collation), offices' search text, and places in
Persian alphabetical order."""

import django.db.models.functions.comparison
from django.db import migrations, models

from offices.text import search_text


def create_collation(apps, schema_editor):
    """PostgreSQL: ``persian``, ICU's Persian order (ZWNJ ignored, پ چ ژ گ in their places).

    A server built without ICU gets the database's default order under the same name,
    so queries still run. SQLite needs nothing here: each connection registers it
    (offices.collation.register_sqlite_collation).
    """
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_collation WHERE collprovider = 'i')")
        icu = cursor.fetchone()[0]
    if icu:
        schema_editor.execute(
            "CREATE COLLATION IF NOT EXISTS persian (provider = icu, locale = 'fa-IR')"
        )
    else:
        schema_editor.execute('CREATE COLLATION IF NOT EXISTS persian FROM "default"')


def drop_collation(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP COLLATION IF EXISTS persian")


def fill_search_text(apps, schema_editor):
    """Existing offices get the search text that save() now keeps (as build_search_text)."""
    FacilitationOffice = apps.get_model("offices", "FacilitationOffice")
    offices = list(FacilitationOffice.objects.all())
    for office in offices:
        office.search_text = search_text(office.code, office.name, office.address)
    FacilitationOffice.objects.bulk_update(offices, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("offices", "0003_audit_history"),
    ]

    operations = [
        migrations.RunPython(create_collation, drop_collation),
        migrations.AlterModelOptions(
            name="county",
            options={
                "ordering": [
                    django.db.models.functions.comparison.Collate(models.F("name"), "persian")
                ],
                "verbose_name": "county",
                "verbose_name_plural": "counties",
            },
        ),
        migrations.AlterModelOptions(
            name="facilitationoffice",
            options={
                "ordering": [
                    django.db.models.functions.comparison.Collate(
                        models.F("county__name"), "persian"
                    ),
                    "code",
                ],
                "verbose_name": "facilitation office",
                "verbose_name_plural": "facilitation offices",
            },
        ),
        migrations.AlterModelOptions(
            name="facilitator",
            options={
                "ordering": [
                    "office",
                    "-active",
                    django.db.models.functions.comparison.Collate(models.F("name"), "persian"),
                ],
                "verbose_name": "facilitator",
                "verbose_name_plural": "facilitators",
            },
        ),
        migrations.AlterModelOptions(
            name="neighbourhood",
            options={
                "ordering": [
                    django.db.models.functions.comparison.Collate(
                        models.F("county__name"), "persian"
                    ),
                    django.db.models.functions.comparison.Collate(models.F("name"), "persian"),
                ],
                "verbose_name": "neighbourhood",
                "verbose_name_plural": "neighbourhoods",
            },
        ),
        migrations.AddField(
            model_name="facilitationoffice",
            name="search_text",
            field=models.TextField(
                blank=True, default="", editable=False, verbose_name="search text"
            ),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop, elidable=True),
    ]
