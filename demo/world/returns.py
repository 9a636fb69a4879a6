"""Seeds the offices' monthly returns from the activities and referrals just made.

A return's figures are computed here exactly as `workspace.services.months.month_figures`
computes them from the database (bulk inserts skip the services), so each return agrees
with its month.
"""

import datetime
import random
from collections import Counter

from django.utils import timezone

from workspace.models import DUE_DAY, MonthlyReturn
from workspace.services.months import due_date

from .names import (
    BATCH,
    RETURN_AWAITING,
    RETURN_CORRECTED,
    RETURN_CORRECTION_NARRATIVE,
    RETURN_MISSING,
    RETURN_NARRATIVES,
    RETURN_NEEDS,
    RETURN_SENT_BACK,
    RETURN_SENT_BACK_COMMENT,
    WORK_MONTHS,
)

# (office code, month's place in the year shown) of returns certainly sent after the 5th;
# about one in six of the others is late too.
LATE = {("URM-02", 3), ("URM-06", 8), ("URM-08", 10)}
LATE_SHARE = 0.17
CORRECTED_MONTH = WORK_MONTHS - 5  # the month of the year whose accepted return was corrected


def figures_of(activities, referrals, kind_names, agency_names) -> dict:
    """A month's figures from its activities and referrals, as `month_figures` gives them."""
    by_kind = Counter(kind_names[a.kind_id] for a in activities)
    by_agency = Counter()
    for referral in referrals:
        by_agency[agency_names[referral.agency_id]] += referral.people
    women = sum(a.women for a in activities)
    men = sum(a.men for a in activities)
    children = sum(a.children for a in activities)
    return {
        "activities": len(activities),
        "women": women,
        "men": men,
        "children": children,
        "attendance": women + men + children,
        "referrals": sum(by_agency.values()),
        "by_kind": dict(by_kind),
        "by_agency": dict(by_agency),
    }


class ReturnsMixin:
    def _make_returns(self, offices, months, activities, referrals, kind_names, agency_names):
        work = {}
        for record in activities:
            key = (record.office_id, record.jalali_year, record.jalali_month)
            work.setdefault(key, ([], []))[0].append(record)
        for record in referrals:
            key = (record.office_id, record.jalali_year, record.jalali_month)
            work.setdefault(key, ([], []))[1].append(record)
        # The overdue office has not sent the latest month whose return was due by now.
        last = months[-1]
        overdue_from = last if self.today > due_date(*last) else months[-2]
        returns = []
        for office in offices:
            rng = random.Random(f"returns-{office.code}")
            reviewer = self.county_officials.get(office.county_id, self.province_official)
            submitter = self.office_staff[office.pk][0]
            for index, (year, month) in enumerate(months):
                if office.code == RETURN_MISSING and (year, month) >= overdue_from:
                    continue
                done, referred = work.get((office.pk, year, month), ([], []))
                late = (office.code, index) in LATE or rng.random() < LATE_SHARE
                submitted_at = self._return_submitted_at(year, month, late, rng)
                reviewed_at = self._return_reviewed_at(submitted_at, rng)
                current = MonthlyReturn(
                    office=office,
                    jalali_year=year,
                    jalali_month=month,
                    status=MonthlyReturn.Status.ACCEPTED,
                    **figures_of(done, referred, kind_names, agency_names),
                    narrative=rng.choice(RETURN_NARRATIVES),
                    needs=rng.choice(RETURN_NEEDS),
                    submitted_at=submitted_at,
                    first_submitted_at=submitted_at,
                    submitted_by_id=submitter,
                    reviewed_at=reviewed_at,
                    reviewed_by_id=reviewer,
                )
                is_last = index == len(months) - 1
                if is_last and office.code == RETURN_SENT_BACK:
                    current.status = MonthlyReturn.Status.RETURNED
                    current.reviewed_at = min(reviewed_at, self.now)
                    current.review_comment = RETURN_SENT_BACK_COMMENT
                elif (is_last and office.code in RETURN_AWAITING) or reviewed_at > self.now:
                    current.status = MonthlyReturn.Status.SUBMITTED
                    current.reviewed_at = current.reviewed_by_id = None
                elif office.code == RETURN_CORRECTED and index == CORRECTED_MONTH and done:
                    returns.append(
                        self._first_version(current, done, referred, kind_names, agency_names)
                    )
                    current.version = 2
                    current.narrative = RETURN_CORRECTION_NARRATIVE
                    current.submitted_at = min(reviewed_at + datetime.timedelta(days=15), self.now)
                    current.reviewed_at = min(
                        current.submitted_at + datetime.timedelta(days=2), self.now
                    )
                returns.append(current)
        MonthlyReturn.objects.bulk_create(returns, batch_size=BATCH)
        self.counts.add("monthly returns", len(returns))

    def _first_version(self, current, done, referred, kind_names, agency_names):
        """The accepted return a correction replaced: the month without its last activity,
        which the office had left out."""
        left_out = max(done, key=lambda a: (a.held_on, a.pk))
        kept = [a for a in done if a is not left_out]
        first = MonthlyReturn(
            office=current.office,
            jalali_year=current.jalali_year,
            jalali_month=current.jalali_month,
            version=1,
            status=MonthlyReturn.Status.SUPERSEDED,
            **figures_of(kept, referred, kind_names, agency_names),
            narrative=current.narrative,
            needs=current.needs,
            submitted_at=current.submitted_at,
            first_submitted_at=current.first_submitted_at,
            submitted_by_id=current.submitted_by_id,
            reviewed_at=current.reviewed_at,
            reviewed_by_id=current.reviewed_by_id,
        )
        return first

    def _return_submitted_at(self, year, month, late, rng) -> datetime.datetime:
        """In the first days of the next month (by the 5th), or some days after it if late;
        never after now."""
        due = due_date(year, month)
        if late:
            day = due + datetime.timedelta(days=rng.randint(1, 12))
        else:
            day = due - datetime.timedelta(days=rng.randrange(DUE_DAY))
        return min(self._at(min(day, self.today), rng), self.now)

    def _return_reviewed_at(self, submitted_at, rng) -> datetime.datetime:
        """The county official's review some days later (may be after now: not reviewed yet)."""
        day = timezone.localdate(submitted_at)
        return max(self._at(day + datetime.timedelta(days=rng.randint(1, 6)), rng), submitted_at)
