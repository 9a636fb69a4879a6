"""Seeds issue reports with their workflow timelines, duplicates and photo attachments."""

import datetime
import random

import jdatetime
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from ngos.models import NGO
from offices.models import Neighbourhood
from reports.models import (
    Agency,
    Attachment,
    Category,
    IssueReport,
    ReferenceCounter,
    ReportEvent,
    Severity,
    Status,
    format_reference,
    jalali_year_month,
)
from reports.workflow import Action

from .helpers import demo_png, jalali_year_start
from .names import (
    BASE_REPORTS,
    BATCH,
    DECLINE_NOTE,
    DECLINE_RATES,
    DESCRIPTION,
    PROPOSED_SOLUTIONS,
    REPORT_TITLES,
)


class ReportsMixin:
    # -- reports -------------------------------------------------------------

    def make_reports(self):
        # Only active NGOs report; the quotas are shared among them.
        ngos = list(
            NGO.objects.filter(national_id__in=self.demo_ids, status=NGO.Status.ACTIVE).order_by(
                "national_id"
            )
        )
        with_reports = set(IssueReport.objects.values_list("ngo_id", flat=True).distinct())
        categories = list(Category.objects.filter(active=True).order_by("pk"))
        agencies = list(Agency.objects.filter(active=True).order_by("pk"))
        hoods_by_county = {}
        for hood_id, county_id in Neighbourhood.objects.values_list("pk", "county_id"):
            hoods_by_county.setdefault(county_id, []).append(hood_id)
        # Each NGO's manager acts for it (the first account: a demo login if it has one).
        managers = dict(
            NGO.managers.through.objects.order_by("-user_id").values_list("ngo_id", "user_id")
        )

        # NGOs that already have reports keep them; the rest of the target is shared
        # among the others, so growing the scale adds exactly the difference.
        existing = IssueReport.objects.filter(ngo__in=ngos).count()
        ngos = [ngo for ngo in ngos if ngo.pk not in with_reports]
        weights = [10 + (i * 7) % 31 for i in range(len(ngos))]
        target = max(0, BASE_REPORTS * self.scale - existing)
        quotas = [target * w // sum(weights) for w in weights]
        if quotas:
            quotas[0] += target - sum(quotas)

        self._last_report = {}
        start = jalali_year_start(jdatetime.date.fromgregorian(date=self.today).year - 1)
        span_days = max(1, (self.today - start).days)
        pending = []
        for ngo, quota in zip(ngos, quotas, strict=True):
            rng = random.Random(f"reports-{ngo.national_id}")
            for _n in range(quota):
                pending.append(
                    self._plan_report(
                        ngo, rng, start, span_days, categories, agencies, hoods_by_county, managers
                    )
                )
                if len(pending) >= BATCH:
                    self._insert_reports(pending)
                    pending = []
        if pending:
            self._insert_reports(pending)

    def _plan_report(
        self, ngo, rng, start, span_days, categories, agencies, hoods_by_county, managers
    ):
        submitted_day = start + datetime.timedelta(days=rng.randrange(span_days))
        age = (self.today - submitted_day).days
        if age > 120:
            states = [Status.CLOSED] * 45 + [Status.RESOLVED] * 8 + [Status.REJECTED] * 10
            states += [Status.IN_PROGRESS] * 8 + [Status.REFERRED] * 7 + [Status.UNDER_REVIEW] * 3
        else:
            states = [Status.CLOSED] * 10 + [Status.RESOLVED] * 10 + [Status.REJECTED] * 5
            states += (
                [Status.IN_PROGRESS] * 15 + [Status.REFERRED] * 15 + [Status.UNDER_REVIEW] * 12
            )
            states += [Status.AWAITING_INFO] * 8 + [Status.SUBMITTED] * 15
        final = rng.choice(states)
        category = rng.choice(categories)
        hoods = hoods_by_county.get(ngo.county_id, [])
        hood_id = rng.choice(hoods) if hoods and rng.random() < 0.75 else None
        office_id = self.office_by_hood.get(hood_id) if hood_id and rng.random() < 0.5 else None
        submitted_at = self._at(submitted_day, rng)
        actor_id = managers.get(ngo.pk)
        county_id = self._hood_county(hood_id) if hood_id else ngo.county_id
        # The report's county official takes every official step; now and then the
        # province's official does.
        official_id = (
            self.province_official
            if rng.random() < 0.1
            else self.county_officials.get(county_id, self.province_official)
        )
        report = IssueReport(
            ngo=ngo,
            submitted_by_id=actor_id,
            category=category,
            neighbourhood_id=hood_id,
            office_id=office_id,
            county_id=ngo.county_id,
            title=rng.choice(REPORT_TITLES[category.kind]).format(c=category.name),
            description=DESCRIPTION,
            severity=rng.choice(
                [Severity.LOW, Severity.MEDIUM, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL]
            ),
            people_affected=rng.randrange(3, 400),
            submitted_at=submitted_at,
            # Some NGOs bring a solution with the problem, as the officials asked them to.
            proposed_solution=rng.choice(PROPOSED_SOLUTIONS) if rng.random() < 0.3 else "",
        )
        report.county_id = county_id
        events = self._timeline(report, final, category, rng, agencies, actor_id, official_id)
        if len(events) > 1:  # reviewed: the official who took it up follows it
            report.assigned_to_id = official_id
        previous = self._last_report.get(ngo.pk)
        report.original = None
        if final in (Status.SUBMITTED, Status.UNDER_REVIEW) and previous and rng.random() < 0.15:
            # Two NGOs' members reported the same thing: closed as a duplicate.
            report.original = previous
            moment = min(report.status_changed_at + datetime.timedelta(days=1), self.now)
            events.append(
                (Action.MARK_DUPLICATE, final, Status.CLOSED, moment, "", None, None, official_id)
                + (None,)
            )
            report.status, report.status_changed_at = Status.CLOSED, moment
        else:
            self._last_report[ngo.pk] = report
        return report, events

    def _hood_county(self, hood_id):
        if not hasattr(self, "_hood_counties"):
            self._hood_counties = dict(Neighbourhood.objects.values_list("pk", "county_id"))
        return self._hood_counties[hood_id]

    def _timeline(self, report, final, category, rng, agencies, ngo_actor_id, official_id):
        """Walk the workflow to the final state, stamping believable times.

        Each step is by whom it would be: the NGO's manager submits, answers and
        confirms; the county's official reviews, refers, records the agency's answer
        and resolves. Some agencies decline some referrals (suggesting another
        agency), and the report is referred again to the one suggested.
        """
        moment = report.submitted_at
        events = [(Action.SUBMIT, "", Status.SUBMITTED, moment, "", None, None, ngo_actor_id, None)]

        def step(
            action,
            frm,
            to,
            days_low,
            days_high,
            note="",
            agency=None,
            due=None,
            actor=official_id,
            suggested=None,
        ):
            nonlocal moment
            moment = min(
                moment + datetime.timedelta(hours=rng.randrange(days_low * 24, days_high * 24 + 1)),
                self.now,
            )
            events.append((action, frm, to, moment, note, agency, due, actor, suggested))

        def refer(to_agency):
            step(
                Action.REFER,
                Status.UNDER_REVIEW,
                Status.REFERRED,
                0,
                5,
                agency=to_agency,
                due=timezone.localdate(moment) + datetime.timedelta(days=category.default_due_days),
            )
            report.agency = to_agency
            report.due_on = report.first_due_on = events[-1][6]

        path = {
            Status.SUBMITTED: [],
            Status.UNDER_REVIEW: ["review"],
            Status.AWAITING_INFO: ["review", "ask"],
            Status.REFERRED: ["review", "refer"],
            Status.IN_PROGRESS: ["review", "refer", "accept"],
            Status.RESOLVED: ["review", "refer", "accept", "resolve"],
            Status.CLOSED: ["review", "refer", "accept", "resolve", "confirm"],
            Status.REJECTED: ["review", "reject"],
        }[final]
        if (
            final in (Status.REFERRED, Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED)
            and rng.random() < 0.25
        ):
            path = ["review", "ask", "answer"] + path[1:]
        agency = rng.choice(agencies)
        # Some agencies decline more often than others; every one declines now and then.
        # (Only on reports old enough for a refusal and a second referral to have happened.)
        declines = rng.random() < DECLINE_RATES[agencies.index(agency) % len(DECLINE_RATES)]
        declines = declines and self.now - report.submitted_at > datetime.timedelta(days=30)
        for token in path:
            if token == "review":
                step(Action.START_REVIEW, Status.SUBMITTED, Status.UNDER_REVIEW, 0, 4)
            elif token == "ask":
                step(
                    Action.REQUEST_INFO,
                    Status.UNDER_REVIEW,
                    Status.AWAITING_INFO,
                    0,
                    3,
                    note="لطفاً تعداد خانوارهای درگیر و نشانی دقیق را بفرستید.",
                )
            elif token == "answer":
                step(
                    Action.PROVIDE_INFO,
                    Status.AWAITING_INFO,
                    Status.UNDER_REVIEW,
                    1,
                    6,
                    note="حدود ۲۰ خانوار؛ نشانی در پیوست آمده است.",
                    actor=ngo_actor_id,
                )
            elif token == "refer":
                refer(agency)
                if declines and len(agencies) > 1:
                    suggested = agencies[(agencies.index(agency) + 1) % len(agencies)]
                    step(
                        Action.AGENCY_DECLINE,
                        Status.REFERRED,
                        Status.UNDER_REVIEW,
                        1,
                        8,
                        note=DECLINE_NOTE.format(agency=suggested.name),
                        agency=agency,
                        suggested=suggested,
                    )
                    agency = suggested
                    refer(agency)
            elif token == "accept":
                step(
                    Action.AGENCY_ACCEPT, Status.REFERRED, Status.IN_PROGRESS, 1, 10, agency=agency
                )
            elif token == "resolve":
                step(
                    Action.RESOLVE,
                    Status.IN_PROGRESS,
                    Status.RESOLVED,
                    3,
                    40,
                    note="دستگاه اجرایی اقدام کرد و موضوع برطرف شد.",
                )
                report.first_resolved_at = moment
            elif token == "confirm":
                step(Action.CONFIRM, Status.RESOLVED, Status.CLOSED, 1, 10, actor=ngo_actor_id)
            elif token == "reject":
                step(
                    Action.REJECT,
                    Status.UNDER_REVIEW,
                    Status.REJECTED,
                    0,
                    5,
                    note="موضوع در حیطه وظایف این دفتر نیست.",
                )
                report.rejection_reason = events[-1][4]
        report.status = final
        report.status_changed_at = moment
        return events

    def make_attachments(self, n: int = 12):
        """A few small photos on the first reports, so attachments can be seen and served."""
        reports = IssueReport.objects.filter(ngo__national_id__in=self.demo_ids, attachments=None)
        if Attachment.objects.filter(original_name__startswith="demo-photo-").exists():
            return
        for k, report in enumerate(reports.order_by("pk")[:n], start=1):
            Attachment.objects.create(
                report=report,
                file=ContentFile(demo_png(k), name=f"demo-photo-{k}.png"),
                original_name=f"demo-photo-{k}.png",
                uploaded_by=report.submitted_by,
            )
            self.counts.add("attachments")

    @transaction.atomic
    def _insert_reports(self, planned):
        # Take reference numbers from the same counters the live service uses.
        by_year = {}
        for report, _events in planned:
            report.submitted_jyear, report.submitted_jmonth = jalali_year_month(report.submitted_at)
            by_year.setdefault(report.submitted_jyear, []).append(report)
        for year, reports in by_year.items():
            counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(
                jalali_year=year
            )
            for report in reports:
                counter.last += 1
                report.jalali_year, report.sequence = year, counter.last
                report.reference = format_reference(year, counter.last)
                report.search_text = report.build_search_text()  # bulk_create skips save()
            counter.save(update_fields=["last"])
        reports = [r for r, _e in planned]
        IssueReport.objects.bulk_create(reports, batch_size=BATCH)
        duplicates = [r for r in reports if r.original is not None]
        for report in duplicates:
            report.duplicate_of_id = report.original.pk
        IssueReport.objects.bulk_update(duplicates, ["duplicate_of"], batch_size=BATCH)
        events = []
        answers = (Action.AGENCY_ACCEPT, Action.AGENCY_DECLINE)
        for report, timeline in planned:
            referred_at = referred_due = None
            for action, frm, to, at, note, agency, due, actor, suggested in timeline:
                letter_number, letter_date = "", None
                if action == Action.REFER:
                    referred_at, referred_due = at, due
                    # The referral went by letter, numbered in the office's series.
                    letter_number = f"{report.submitted_jyear}/ص/{report.sequence + 7000}"
                    letter_date = timezone.localdate(at)
                events.append(
                    ReportEvent(
                        report_id=report.pk,
                        county_id=report.county_id,
                        kind=ReportEvent.Kind.TRANSITION,
                        action=action,
                        from_status=frm,
                        to_status=to,
                        created_at=at,
                        note=note,
                        agency=agency,
                        # An answer keeps its referral's first due date, as the workflow does.
                        due_on=referred_due if action in answers else due,
                        actor_id=actor,
                        suggested_agency=suggested,
                        letter_number=letter_number,
                        letter_date=letter_date,
                        answer_delay=at - referred_at
                        if action in answers and referred_at
                        else None,
                    )
                )
        ReportEvent.objects.bulk_create(events, batch_size=BATCH)
        self.counts.add("reports", len(reports))
        self.counts.add("report events", len(events))
