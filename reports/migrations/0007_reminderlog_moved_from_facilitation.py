"""The reminder log moves from the project package to `reports`, keeping its rows.

Taken over in Django's state under its old table, then the table is renamed;
`facilitation.0004` drops it from the old app's state only.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(old, new):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        if not ContentType.objects.filter(app_label=new, model="reminderlog").exists():
            ContentType.objects.filter(app_label=old, model="reminderlog").update(app_label=new)

    return move


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0006_report_observed_on"),
        ("facilitation", "0003_reminder_log"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ReminderLog",
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
                            "kind",
                            models.CharField(
                                choices=[
                                    ("overdue_digest", "overdue referrals digest"),
                                    ("awaiting_ngo", "reports awaiting the NGO's answer"),
                                ],
                                max_length=20,
                                verbose_name="kind",
                            ),
                        ),
                        ("sent_on", models.DateField(verbose_name="sent on")),
                        (
                            "report_count",
                            models.PositiveIntegerField(default=0, verbose_name="reports listed"),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="sent at"),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="user",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "facilitation_reminderlog",
                        "verbose_name": "reminder sent",
                        "verbose_name_plural": "reminders sent",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("user", "kind", "sent_on"),
                                name="reminder_once_per_user_kind_day",
                            )
                        ],
                    },
                ),
            ],
        ),
        migrations.AlterModelTable("reminderlog", None),
        migrations.RunPython(
            move_content_type("facilitation", "reports"),
            move_content_type("reports", "facilitation"),
        ),
    ]
