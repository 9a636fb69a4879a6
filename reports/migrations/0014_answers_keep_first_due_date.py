"""An agency's answer keeps its referral's first due date (in its `due_on`), so that the
scorecard reads from the answer alone whether it came late against that date, instead of
looking up the referral of every answer."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    ReportEvent = apps.get_model("reports", "ReportEvent")
    referral = (
        ReportEvent.objects.filter(
            report_id=OuterRef("report_id"), action="refer", created_at__lte=OuterRef("created_at")
        )
        .order_by("-created_at", "-pk")
        .values("due_on")[:1]
    )
    ReportEvent.objects.filter(
        action__in=["agency_accept", "agency_decline"], due_on__isnull=True
    ).update(due_on=Subquery(referral))


class Migration(migrations.Migration):
    dependencies = [("reports", "0013_search_trigram_index")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
