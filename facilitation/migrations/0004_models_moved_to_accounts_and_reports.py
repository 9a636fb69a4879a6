"""The project package keeps no models: the official role went to `accounts` and the
reminder log to `reports`, each with its table and rows. State only: nothing is dropped."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("facilitation", "0003_reminder_log"),
        ("accounts", "0001_official_moved_from_facilitation"),
        ("reports", "0007_reminderlog_moved_from_facilitation"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel("HistoricalOfficial"),
                migrations.DeleteModel("Official"),
                migrations.DeleteModel("ReminderLog"),
            ],
        ),
    ]
