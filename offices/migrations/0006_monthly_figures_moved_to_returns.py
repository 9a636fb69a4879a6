"""The monthly figures typed in the admin are now the offices' monthly returns
(workspace 0002 copied them there)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("offices", "0005_facilitator_since_and_training"),
        ("workspace", "0002_kinds_and_returns_typed_before"),
    ]

    operations = [
        migrations.DeleteModel(name="HistoricalMonthlyActivity"),
        migrations.DeleteModel(name="MonthlyActivity"),
    ]
