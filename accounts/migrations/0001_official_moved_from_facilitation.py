"""The official role moves from the project package to `accounts`, keeping its rows.

The models are first taken over in Django's state under their old tables, then
the tables are renamed; `facilitation.0004` drops the models from the old app's
state only. The content types move too, so permissions, admin log entries and
the audit history keep pointing at the same rows.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

MODELS = ["official", "historicalofficial"]


def move_content_types(old, new):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        for model in MODELS:
            if not ContentType.objects.filter(app_label=new, model=model).exists():
                ContentType.objects.filter(app_label=old, model=model).update(app_label=new)

    return move


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("facilitation", "0003_reminder_log"),
        ("offices", "0003_audit_history"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="HistoricalOfficial",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                blank=True, editable=False, verbose_name="created at"
                            ),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(
                                blank=True, editable=False, verbose_name="updated at"
                            ),
                        ),
                        (
                            "level",
                            models.CharField(
                                choices=[
                                    ("province", "provincial official"),
                                    ("county", "county official"),
                                ],
                                max_length=10,
                                verbose_name="level",
                            ),
                        ),
                        (
                            "read_only",
                            models.BooleanField(
                                default=False,
                                help_text="Sees everything in scope but cannot triage, refer or resolve reports.",
                                verbose_name="read only",
                            ),
                        ),
                        (
                            "job_title",
                            models.CharField(blank=True, max_length=150, verbose_name="job title"),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "county",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                help_text="Only for county officials: the county whose records they see.",
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="offices.county",
                                verbose_name="county",
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="user",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical official role",
                        "verbose_name_plural": "historical official roles",
                        "db_table": "facilitation_historicalofficial",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="Official",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="created at"),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(auto_now=True, verbose_name="updated at"),
                        ),
                        (
                            "level",
                            models.CharField(
                                choices=[
                                    ("province", "provincial official"),
                                    ("county", "county official"),
                                ],
                                max_length=10,
                                verbose_name="level",
                            ),
                        ),
                        (
                            "read_only",
                            models.BooleanField(
                                default=False,
                                help_text="Sees everything in scope but cannot triage, refer or resolve reports.",
                                verbose_name="read only",
                            ),
                        ),
                        (
                            "job_title",
                            models.CharField(blank=True, max_length=150, verbose_name="job title"),
                        ),
                        (
                            "county",
                            models.ForeignKey(
                                blank=True,
                                help_text="Only for county officials: the county whose records they see.",
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="officials",
                                to="offices.county",
                                verbose_name="county",
                            ),
                        ),
                        (
                            "user",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="official",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="user",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "facilitation_official",
                        "verbose_name": "official role",
                        "verbose_name_plural": "official roles",
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("county__isnull", True), ("level", "province")),
                                    models.Q(("county__isnull", False), ("level", "county")),
                                    _connector="OR",
                                ),
                                name="official_county_iff_county_level",
                                violation_error_message="A county official needs a county; a provincial official has none.",
                            )
                        ],
                    },
                ),
            ],
        ),
        migrations.AlterModelTable("official", None),
        migrations.AlterModelTable("historicalofficial", None),
        migrations.RunPython(
            move_content_types("facilitation", "accounts"),
            move_content_types("accounts", "facilitation"),
        ),
    ]
