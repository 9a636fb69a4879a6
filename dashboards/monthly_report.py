"""The monthly report for the governor's office: a Jalali month's figures for a county or
the province, counted by the dashboards' own figure functions, drawn as a PDF by WeasyPrint.

The month's flows (reports received, referrals made, demands raised…) are the month's;
the standing figures (open and overdue referrals, offices waiting for premises, overdue
commitments) are as they stand on the day the report is made, which the report says.
WeasyPrint reads nothing but the report's own font files: no network, no other file.
"""

import datetime
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from meetings.models import Demand, Meeting
from ngos.models import NGO, Licence
from offices.collation import persian_order
from offices.formatting import jalali_month_label
from offices.jalali import month_bounds
from offices.models import FacilitationOffice, Neighbourhood
from reports.models import REFERRAL_STATES, IssueReport
from workspace.models import Activity, MonthlyReturn, Referral

from .figures import (
    BY_NAME,
    Scope,
    agency_scorecard,
    key_figures,
    reports_by_category_and_status,
)
from .figures import demands as demand_figures
from .figures.offices_work import waiting_for_premises
from .figures.places import OPEN
from .models import MonthlyReport

TOP_NEIGHBOURHOODS = 10
LATE_LISTED = 40  # the late referrals listed one by one; the total is always given
OVERDUE_COMMITMENTS_LISTED = 20

FONTS = {
    "normal": "npm/vazirmatn/fonts/webfonts/Vazirmatn-Regular.woff2",
    "500": "npm/vazirmatn/fonts/webfonts/Vazirmatn-Medium.woff2",
    "bold": "npm/vazirmatn/fonts/webfonts/Vazirmatn-Bold.woff2",
}
STYLESHEET = "css/monthly_report.css"


# -- the figures ---------------------------------------------------------------------


def month_scope(county, year: int, month: int, today: datetime.date) -> Scope:
    """Everything of the county (or the province) for the month [start, end); no user's
    scope: who may ask for which report was decided when it was requested."""
    reports, offices = IssueReport.objects.all(), FacilitationOffice.objects.all()
    ngos, neighbourhoods = NGO.objects.all(), Neighbourhood.objects.all()
    if county is not None:
        reports, offices = reports.filter(county=county), offices.filter(county=county)
        ngos, neighbourhoods = ngos.filter(county=county), neighbourhoods.filter(county=county)
    start, end = month_bounds(year, month)
    county_id = county.pk if county is not None else None
    return Scope(reports, offices, ngos, neighbourhoods, start, end, today, county_id)


def report_figures(scope: Scope) -> dict:
    """The month's reports: received and resolved in it, referrals open and overdue now."""
    received = scope.in_period(scope.reports, "submitted_at")
    resolved = scope.in_period(
        scope.reports.filter(first_resolved_at__isnull=False), "first_resolved_at"
    )
    referred = scope.reports.filter(status__in=REFERRAL_STATES, duplicate_of__isnull=True)
    return {
        **key_figures(scope),
        "received": received.count(),
        "resolved": resolved.count(),
        "open_referrals": referred.count(),
    }


def by_neighbourhood(scope: Scope, limit: int = TOP_NEIGHBOURHOODS) -> list[dict]:
    """The neighbourhoods with most reports received in the month, and how many of those
    are still open; two queries."""
    rows = list(
        scope.in_period(scope.reports, "submitted_at")
        .filter(neighbourhood__isnull=False)
        .order_by()
        .values("neighbourhood_id")
        .annotate(n=Count("pk"), open=Count("pk", filter=OPEN))
        .order_by("-n", "neighbourhood_id")[:limit]
    )
    hoods = Neighbourhood.objects.select_related("county").in_bulk(
        [r["neighbourhood_id"] for r in rows]
    )
    return [
        {"neighbourhood": hoods[r["neighbourhood_id"]], "received": r["n"], "still_open": r["open"]}
        for r in rows
    ]


def late_referrals(scope: Scope, limit: int = LATE_LISTED) -> dict:
    """Referrals past their due date today, longest late first, with the days late (and,
    for an extended referral, against its first due date); two queries."""
    late = scope.reports.overdue(scope.today)
    listed = list(
        late.select_related("agency", "neighbourhood").order_by("due_on", "reference")[:limit]
    )
    for report in listed:
        report.days_late = (scope.today - report.due_on).days
        first = report.first_due_on
        report.days_late_first = (
            (scope.today - first).days if first and first != report.due_on else None
        )
    return {"listed": listed, "total": late.count()}


def offices_month(scope: Scope, year: int, month: int) -> dict:
    """Each office's month: the figures of its accepted return, else those recorded so far
    (marked not accepted), and where its return stands; four queries."""
    offices = list(
        scope.offices.filter(status=FacilitationOffice.Status.ACTIVE)
        .select_related("county")
        .order_by(persian_order("county__name"), "code")
    )
    in_month = {"jalali_year": year, "jalali_month": month, "office__in": scope.offices}
    returns: dict = {}
    for r in MonthlyReturn.objects.filter(**in_month).exclude(
        status=MonthlyReturn.Status.SUPERSEDED
    ):
        kept = returns.setdefault(r.office_id, {})
        kept["accepted" if r.status == MonthlyReturn.Status.ACCEPTED else "open"] = r
    activities = {
        row["office_id"]: row
        for row in Activity.objects.filter(**in_month)
        .order_by()
        .values("office_id")
        .annotate(n=Count("pk"), w=Sum("women"), m=Sum("men"), c=Sum("children"))
    }
    referred = dict(
        Referral.objects.filter(**in_month)
        .order_by()
        .values("office_id")
        .annotate(people=Sum("people"))
        .values_list("office_id", "people")
    )
    rows, totals = [], {"activities": 0, "attendance": 0, "referrals": 0}
    for office in offices:
        versions = returns.get(office.pk, {})
        accepted, current = versions.get("accepted"), versions.get("open", versions.get("accepted"))
        if accepted is not None:
            figures = {
                "activities": accepted.activities,
                "attendance": accepted.attendance,
                "referrals": accepted.referrals,
            }
        else:
            live = activities.get(office.pk, {})
            figures = {
                "activities": live.get("n", 0),
                "attendance": sum(live.get(k) or 0 for k in ("w", "m", "c")),
                "referrals": referred.get(office.pk) or 0,
            }
        for key in totals:
            totals[key] += figures[key]
        status = current.get_status_display() if current else _("no return")
        rows.append(
            {"office": office, "accepted": accepted is not None, "status": status, **figures}
        )
    return {"rows": rows, "totals": totals}


def demand_figures_for(scope: Scope) -> dict:
    """The demands NGOs raised in the month and their answers, by category, and the
    commitments overdue today (the demands dashboard's figures)."""
    demands, meetings = Demand.objects.all(), Meeting.objects.all()
    if scope.county_id is not None:
        demands = demands.filter(county_id=scope.county_id)
        meetings = meetings.filter(
            pk__in=Meeting.objects.filter(
                Q(county_id=scope.county_id) | Q(attendance__ngo__county_id=scope.county_id)
            ).values("pk")
        )
    meetings = meetings.filter(held_on__gte=scope.start, held_on__lt=scope.end)
    ds = demand_figures.DemandScope(demands, meetings, scope.start, scope.end, scope.today)
    return {
        "key": demand_figures.key_figures(ds),
        "by_category": demand_figures.by_category(ds),
        "overdue": demand_figures.overdue_commitments(ds, OVERDUE_COMMITMENTS_LISTED),
        "meetings": meetings.count(),
    }


def licence_lapses(scope: Scope) -> list[Licence]:
    """Verified licences of the scope's NGOs that expired in the month, each saying whether
    a later licence has been verified since; one query."""
    later = Licence.objects.verified().filter(
        ngo=OuterRef("ngo"), expires_on__gt=OuterRef("expires_on")
    )
    return list(
        Licence.objects.verified()
        .filter(ngo__in=scope.ngos, expires_on__gte=scope.start, expires_on__lt=scope.end)
        .annotate(renewed=Exists(later))
        .select_related("ngo", "authority")
        .order_by("expires_on", "pk")
    )


def gather(report: MonthlyReport, today: datetime.date) -> dict:
    """Everything the document shows, for its template."""
    year, month = report.jalali_year, report.jalali_month
    scope = month_scope(report.county, year, month, today)
    by_category, _by_status = reports_by_category_and_status(scope)
    scorecard = agency_scorecard(scope)
    month_label = jalali_month_label(month_bounds(year, month)[0], "fa")
    place = (
        _("%(name)s county") % {"name": report.county.name}
        if report.county
        else _("the whole province")
    )
    return {
        "letterhead": settings.LETTERHEAD,
        "title": _("Monthly report of %(place)s — %(month)s")
        % {"place": place, "month": month_label},
        "month_label": month_label,
        "county": report.county,
        "scope": scope,
        "produced_on": today,
        "reports": report_figures(scope),
        "by_category": by_category,
        "by_neighbourhood": by_neighbourhood(scope),
        "scorecard": scorecard,
        "definitions": BY_NAME,
        "referred_total": sum(row["received"] for row in scorecard),
        "late": late_referrals(scope),
        "offices": offices_month(scope, year, month),
        "premises": waiting_for_premises(scope.offices, today),
        "demands": demand_figures_for(scope),
        "licences": licence_lapses(scope),
    }


# -- the document --------------------------------------------------------------------


def static_file(name: str) -> Path:
    """A static file on disk: where the finders find it (the project's static folder,
    the npm packages), else where collectstatic put it."""
    found = finders.find(name)
    if found:
        return Path(found)
    collected = Path(settings.STATIC_ROOT) / name
    if collected.is_file():
        return collected
    raise FileNotFoundError(f"The static file {name} is missing (npm ci, collectstatic).")


def local_files(allowed):
    """A URL fetcher that lets WeasyPrint read the given files only: nothing from the
    network, no other file, whatever the document names."""
    from weasyprint.urls import URLFetcher  # imported when a PDF is drawn: see render_pdf

    class LocalFiles(URLFetcher):
        def __init__(self):
            super().__init__(allowed_protocols=["file"])
            self.allowed = {Path(path).resolve() for path in allowed}

        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            path = Path(url2pathname(parsed.path)).resolve() if parsed.scheme == "file" else None
            if path not in self.allowed:
                raise ValueError(f"The monthly report may not read {url}")
            return super().fetch(url, headers)

    return LocalFiles()


def render_pdf(report: MonthlyReport, today: datetime.date | None = None) -> bytes:
    """The report as PDF bytes, in Persian whatever language the worker runs in."""
    # Imported here, not with the module: WeasyPrint loads Pango when imported, and a
    # server without it must still serve every page (the report then fails, and says why).
    from weasyprint import CSS, HTML

    today = today or timezone.localdate()
    fonts = {weight: static_file(name) for weight, name in FONTS.items()}
    stylesheet = static_file(STYLESHEET)
    with translation.override("fa"):
        context = gather(report, today)
        context["fonts"] = {weight: path.as_uri() for weight, path in fonts.items()}
        html = render_to_string("dashboards/monthly_report_pdf.html", context)
    fetcher = local_files([*fonts.values(), stylesheet])
    document = HTML(string=html, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[CSS(filename=str(stylesheet), url_fetcher=fetcher)])
