"""Seeds the article's meeting — the deputy governor, the head of the social-affairs office
and Urmia's governor with twenty NGO managers, on a Tuesday — and the demands raised in it,
followed to different stages; reports carrying the NGOs' proposed solutions and other NGOs'
support; referrals extended and escalated.

Everything goes through the services the pages use, then the dates are set back to when it
happened (the services stamp "now")."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from meetings.models import Demand, DemandEvent, Meeting
from meetings.services.demands import demand_answer, demand_raise
from meetings.services.meetings import meeting_save
from ngos.models import NGO
from offices.models import County
from reports.models import Agency, Category, IssueReport, Status
from reports.referrals import escalate_referrals, report_extend
from reports.supporting import report_support

from .names import (
    ARTICLE_MEETING,
    ARTICLE_OFFICIALS,
    DEMANDS,
    EXTENSION_REASON,
    SUPPORT_NOTES,
)


def last_tuesday_before(day: datetime.date, days_back: int = 7) -> datetime.date:
    """The latest Tuesday at least `days_back` days before `day`."""
    day -= datetime.timedelta(days=days_back)
    return day - datetime.timedelta(days=(day.weekday() - 1) % 7)


class MeetingsMixin:
    def make_meetings(self):
        if Meeting.objects.filter(title=ARTICLE_MEETING["title"]).exists():
            return
        User = get_user_model()
        chair = User.objects.get(pk=self.province_official)
        urmia = County.objects.get(code="urmia")
        held_on = last_tuesday_before(self.today)
        ngos = list(
            NGO.objects.filter(
                national_id__in=self.demo_ids, county=urmia, status=NGO.Status.ACTIVE
            ).order_by("national_id")[:20]
        )
        rng = random.Random("meeting")
        managers = {
            ngo_id: f"{first} {last}".strip() or self._person(rng)
            for ngo_id, first, last in NGO.managers.through.objects.filter(
                ngo__in=ngos
            ).values_list("ngo_id", "user__first_name", "user__last_name")
        }
        present = [(ngo, self._attendee(ngo, managers, rng)) for ngo in ngos]
        agencies = list(Agency.objects.filter(active=True).order_by("pk")[:4])
        meeting = meeting_save(
            user=chair,
            fields={
                **ARTICLE_MEETING,
                "held_on": held_on,
                "county": None,
                "kind": Meeting.Kind.WITH_NGOS,
                "officials_present": "\n".join(ARTICLE_OFFICIALS),
                "agencies": agencies,
            },
            ngos=present,
            files=[],
        )
        self.counts.add("meetings")
        needs = {c.name: c for c in Category.objects.filter(kind=Category.Kind.NEED)}
        by_name = {a.name: a for a in Agency.objects.all()}
        for i, plan in enumerate(DEMANDS):
            ngo = ngos[i * 3 % len(ngos)]
            demand = demand_raise(
                user=chair,
                ngo=ngo,
                category=needs[plan["category"]],
                text=plan["text"],
                meeting=meeting,
            )
            self._follow_demand(demand, plan, chair, by_name, held_on)
            self.counts.add("demands")
        self._set_times(meeting, held_on)

    def _attendee(self, ngo, managers, rng):
        name = managers.get(ngo.pk) or self._person(rng)
        return f"{name} {rng.choice(('(مدیرعامل)', '(رئیس هیئت‌مدیره)', '(دبیر)'))}"

    def _follow_demand(self, demand, plan, chair, agencies, held_on):
        """Take the demand along its planned steps, each on its day after the meeting."""
        for step in plan["steps"]:
            due = step.get("due_days")
            # A later step keeps the answer path the earlier one set.
            demand_answer(
                user=chair,
                demand=demand,
                status=step["status"],
                responsible_official=chair,
                agency=agencies.get(step.get("agency", ""), demand.agency),
                commitment=step.get("commitment", demand.commitment),
                due_on=held_on + datetime.timedelta(days=due) if due is not None else demand.due_on,
                reason=step.get("reason", ""),
                note=step.get("note", ""),
            )
            demand.refresh_from_db()

    @transaction.atomic
    def _set_times(self, meeting, held_on):
        """The services stamped today; the demands were raised at the meeting and answered
        in the weeks after it (never later than now)."""
        start = timezone.make_aware(datetime.datetime.combine(held_on, datetime.time(10)))
        for demand in Demand.objects.filter(meeting=meeting).prefetch_related("events"):
            events = sorted(demand.events.all(), key=lambda e: (e.created_at, e.pk))
            for n, event in enumerate(events):
                event.created_at = min(start + datetime.timedelta(days=2 * n), self.now)
            DemandEvent.objects.bulk_update(events, ["created_at"])
            answered = next((e.created_at for e in events if e.from_status == "open"), None)
            closed = events[-1].created_at if demand.is_closed else None
            Demand.objects.filter(pk=demand.pk).update(
                raised_on=held_on,
                answered_at=answered if demand.answered_at else None,
                closed_at=closed,
            )

    # -- reports: solutions, support, extended and escalated referrals -------------

    def make_report_followups(self):
        if IssueReport.objects.filter(supports__isnull=False).exists():
            return
        User = get_user_model()
        rng = random.Random("support")
        open_reports = list(
            IssueReport.objects.filter(
                ngo__national_id__in=self.demo_ids,
                status__in=[Status.UNDER_REVIEW, Status.REFERRED, Status.IN_PROGRESS],
                neighbourhood__isnull=False,
                duplicate_of__isnull=True,
            )
            .select_related("ngo")
            .order_by("-submitted_at")[:6]
        )
        managed = dict(
            NGO.managers.through.objects.filter(ngo__national_id__in=self.demo_ids)
            .order_by("-user_id")
            .values_list("ngo_id", "user_id")
        )
        supporters_by_county = {}
        for ngo in NGO.objects.filter(national_id__in=self.demo_ids, status=NGO.Status.ACTIVE):
            supporters_by_county.setdefault(ngo.county_id, []).append(ngo)
        # Six reports get one or two supporting NGOs of their county.
        for supported, report in enumerate(open_reports[:6], start=1):
            others = [
                n
                for n in supporters_by_county.get(report.county_id, [])
                if n.pk != report.ngo_id and n.pk in managed
            ]
            for ngo in rng.sample(others, min(len(others), 1 + supported % 2)):
                report_support(
                    user=User.objects.get(pk=managed[ngo.pk]),
                    report=report,
                    ngo=ngo,
                    note=rng.choice(SUPPORT_NOTES),
                )
                self.counts.add("report supports")
        # One referral extended by its county's official, with the reason on the timeline.
        referred = (
            IssueReport.objects.filter(
                ngo__national_id__in=self.demo_ids,
                status=Status.REFERRED,
                due_on__gte=self.today,
                duplicate_of__isnull=True,
            )
            .order_by("due_on", "pk")
            .first()
        )
        if referred is not None:
            official = self.county_officials.get(referred.county_id, self.province_official)
            report_extend(
                report=referred,
                actor=User.objects.get(pk=official),
                due_on=referred.due_on + datetime.timedelta(days=21),
                reason=EXTENSION_REASON,
            )
            self.counts.add("referrals extended")
        # The daily run escalates referrals long overdue: the province's list shows them.
        self.counts.add("referrals escalated", escalate_referrals(day=self.today))
