"""Other NGOs supporting a report: the open reports like the one an NGO is about to file,
and an NGO's support added to a report instead of a duplicate.

A supporting NGO's managers then read the report (the access module's `report_filter`)
and are told of its progress (`reports.notifications`); they act on none of it. A
support is not a report: the figures and scorecards count the report once.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import may_submit_report, may_support_report, supportable_report_filter
from ngos.models import NGO

from .forms import ReportForm
from .models import Category, IssueReport, ReportEvent, ReportSupport
from .signals import report_event_created

# How many similar reports the new-report form lists (the most recent first).
SIMILAR_LIMIT = 10


def similar_reports(ngo: NGO, category: Category, neighbourhood) -> list[IssueReport]:
    """The open reports about `category` in `neighbourhood` that `ngo` could support (its
    own among them, which it cannot), each with its number of supporters and whether
    `ngo` already supports it; one query."""
    mine = ReportSupport.objects.filter(report=OuterRef("pk"), ngo=ngo)
    reports = (
        IssueReport.objects.open()
        .filter(supportable_report_filter(ngo), category=category, neighbourhood=neighbourhood)
        .annotate(supporter_count=Count("supports"), supported=Exists(mine))
        .only("pk", "reference", "title", "status", "ngo_id", "submitted_at")
        .order_by("-submitted_at", "-pk")
    )
    return list(reports[:SIMILAR_LIMIT])


def get_report_to_support(ngo: NGO, pk) -> IssueReport:
    """A report of the area `ngo` reports about; 404 for any other (as for no report)."""
    reports = IssueReport.objects.filter(supportable_report_filter(ngo)).select_related("ngo")
    return get_object_or_404(reports, pk=pk)


def supporters_of(report: IssueReport) -> QuerySet:
    """The NGOs supporting a report, with their notes, in the order they joined."""
    return report.supports.select_related("ngo").order_by("created_at", "pk")


def supporters_on_page(report: IssueReport, events) -> QuerySet | list:
    """The supporters shown on a report's page. Each support is on the timeline (a visible
    event, written with it), so a timeline already read without one needs no query."""
    if not any(event.kind == ReportEvent.Kind.SUPPORT for event in events):
        return []
    return supporters_of(report)


@transaction.atomic
def report_support(*, user, report: IssueReport, ngo: NGO, note: str = "") -> ReportSupport:
    """Add `ngo` as a supporter of another NGO's open report, with an optional note.

    The user must manage `ngo` (an active NGO); the reporting NGO cannot support its own
    report, an NGO supports a report once, and only an open report of the NGO's area
    can be supported. The support goes on the report's timeline, which the NGOs read,
    and the reporting NGO is told by email (through the task queue).
    """
    if not may_submit_report(user, ngo):
        raise ValidationError(_("You can support reports only for an active NGO you manage."))
    # The report as it is now, held until the support is written: a report closed
    # meanwhile is not supported.
    report = IssueReport.objects.select_for_update().get(pk=report.pk)
    if report.ngo_id == ngo.pk:
        raise ValidationError(_("The reporting NGO cannot support its own report."))
    if not report.is_open:
        raise ValidationError(
            _("Only an open report can be supported; this one is closed or a duplicate.")
        )
    if not may_support_report(user, report, ngo):  # all else is checked: the area
        raise ValidationError(_("This report is outside the area your NGO reports about."))
    if ReportSupport.objects.filter(report=report, ngo=ngo).exists():
        raise ValidationError(_("This NGO already supports this report."))
    note = (note or "").strip()
    support = ReportSupport(report=report, ngo=ngo, note=note, added_by=user)
    support.full_clean(exclude=["report", "ngo"], validate_constraints=False)
    try:
        with transaction.atomic():
            support.save()
    except IntegrityError:  # the same support sent twice at once: the other one was kept
        raise ValidationError(_("This NGO already supports this report.")) from None
    # Lists sorted by last activity see the support.
    IssueReport.objects.filter(pk=report.pk).update(updated_at=timezone.now())
    event = ReportEvent.objects.create(
        report=report,
        kind=ReportEvent.Kind.SUPPORT,
        actor=user,
        note=f"{ngo.name}: {note}" if note else ngo.name,
        visible_to_ngo=True,
        created_at=support.created_at,
    )
    report_event_created.send(sender=ReportEvent, event=event, report=report)
    return support


def similar_box(ngo: NGO, category=None, neighbourhood=None) -> dict:
    """The new-report form's box of similar open reports, for the category and the
    neighbourhood chosen on it (given as typed): listed only when both are choices the
    form offers this NGO; otherwise the box says how to fill it."""
    box = {"ngo": ngo, "checked": False, "reports": []}
    if not category or not neighbourhood:
        return box
    fields = ReportForm(ngo=ngo).fields
    try:
        box["category"] = fields["category"].clean(category)
        box["neighbourhood"] = fields["neighbourhood"].clean(neighbourhood)
    except ValidationError:
        return box
    box["reports"] = similar_reports(ngo, box["category"], box["neighbourhood"])
    box["checked"] = True
    return box
