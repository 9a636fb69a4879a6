"""The list of activity kinds to start from, and the monthly figures administrators typed
before the workspace existed, kept as accepted returns."""

from django.db import migrations

KINDS = [
    ("جلسه", "session"),
    ("کارگاه", "workshop"),
    ("بازدید از خانه", "home visit"),
    ("کلاس", "class"),
    ("پویش", "campaign"),
    ("روز خدمت", "service day"),
]


def forward(apps, schema_editor):
    """The activity kinds to start from (the tests load them with the other lists)."""
    ActivityKind = apps.get_model("workspace", "ActivityKind")
    for position, (name, _english) in enumerate(KINDS, start=1):
        ActivityKind.objects.get_or_create(name=name, defaults={"position": position})


def copy_typed_figures(apps, schema_editor):
    MonthlyActivity = apps.get_model("offices", "MonthlyActivity")
    MonthlyReturn = apps.get_model("workspace", "MonthlyReturn")
    MonthlyReturn.objects.bulk_create(
        MonthlyReturn(
            office_id=row.office_id,
            jalali_year=row.jalali_year,
            jalali_month=row.jalali_month,
            status="accepted",
            activities=row.sessions_held,
            attendance=row.residents_served,
            referrals=row.referrals_made,
            typed_in_admin=True,
        )
        for row in MonthlyActivity.objects.all()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("workspace", "0001_initial"),
        ("offices", "0005_facilitator_since_and_training"),
    ]

    operations = [
        migrations.RunPython(forward, migrations.RunPython.noop),
        migrations.RunPython(copy_typed_figures, migrations.RunPython.noop),
    ]
