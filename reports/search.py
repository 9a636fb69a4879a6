"""Reports are found by their NGO's name: when an NGO is renamed, its reports' search
text follows (IssueReport.build_search_text puts the NGO's name last)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from ngos.models import NGO
from offices.text import search_text

from .models import IssueReport


@receiver(post_save, sender=NGO, dispatch_uid="reports_follow_ngo_name")
def refresh_reports_of_ngo(sender, instance, created, update_fields=None, raw=False, **kwargs):
    """Rewrite the search text of the NGO's reports that do not end with its name yet.

    Only reports written under another name are read (one indexed query when nothing
    changed), so saving an NGO stays cheap however many reports it has.
    """
    if created or raw or (update_fields is not None and "name" not in update_fields):
        return
    name = search_text(instance.name)
    stale = (
        IssueReport.objects.filter(ngo=instance)
        .exclude(search_text__endswith=f" {name}")
        .only("reference", "title", "description", "proposed_solution", "ngo")
    )
    reports = list(stale)
    for report in reports:
        report.ngo = instance
        report.search_text = report.build_search_text()
    IssueReport.objects.bulk_update(reports, ["search_text"], batch_size=500)
