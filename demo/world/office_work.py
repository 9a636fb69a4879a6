"""Seeds the offices' work: their staff, a year of activities and referrals, the monthly
returns computed from them, and two requests for dedicated premises.

Only Urmia's eight offices (the article's) have this history. Every Jalali month that has
ended in the last year has its return, with the figures exactly as
`workspace.services.months.month_figures` computes them; most were accepted, some came
in after the 5th (late), one was sent back, two await review and one office has not sent
its last one (overdue once the 5th has passed).
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile

from accounts.models import OfficeStaff
from ngos.models import NGO, Partnership
from offices.jalali import month_bounds, month_length, shift_month, to_jalali
from offices.models import FacilitationOffice
from reports.models import Agency
from workspace.models import Activity, ActivityFile, ActivityKind, PremisesRequest, Referral
from workspace.services.months import last_ended_month

from .helpers import demo_pdf, demo_png
from .names import (
    ACTIVITY_NARRATIVES,
    ACTIVITY_PLANS,
    BATCH,
    DEMO_FACILITATOR_OFFICE,
    FIRST_NAMES,
    LAST_NAMES,
    PREMISES_NEED,
    PREMISES_OFFER_ADDRESS,
    PREMISES_OFFERED,
    PREMISES_REQUESTED,
    REFERRAL_SERVICES,
    URMIA_OFFICES,
    WORK_MONTHS,
)
from .returns import ReturnsMixin

# How often each kind is held (the order of the workspace's seeded kinds).
KIND_WEIGHTS = {"جلسه": 3, "کارگاه": 3, "بازدید از خانه": 4, "کلاس": 3, "پویش": 1, "روز خدمت": 1}


def office_staff_username(code: str) -> str:
    return f"demo-office-{code.lower()}"


class OfficeWorkMixin(ReturnsMixin):
    def make_office_work(self):
        offices = list(
            FacilitationOffice.objects.filter(
                code__in=[code for code, *_ in URMIA_OFFICES],
                status=FacilitationOffice.Status.ACTIVE,
            )
            .prefetch_related("neighbourhoods")
            .order_by("code")
        )
        if not offices:
            return
        self.office_staff = self._make_office_staff(offices)
        if not Activity.objects.filter(office__in=offices).exists():
            self._make_work(offices)
        self._make_premises_requests(offices)

    # -- the people --------------------------------------------------------------------

    def _make_office_staff(self, offices) -> dict:
        """An acting facilitator account per office (it cannot log in, like the other
        acting accounts), and `demo-facilitator` as the manager of one office. Returns
        office id → the user ids who record and submit its work."""
        User = get_user_model()
        wanted = {office_staff_username(office.code): office for office in offices}
        existing = set(User.objects.filter(username__in=wanted).values_list("username", flat=True))
        rng = random.Random("office-staff")
        unusable = make_password(None)
        new_users = [
            User(
                username=username,
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                password=unusable,
            )
            for username in wanted
            if username not in existing
        ]
        User.objects.bulk_create(new_users, batch_size=BATCH)
        self.counts.add("office staff acting in the demo", len(new_users))
        ids = dict(User.objects.filter(username__in=wanted).values_list("username", "pk"))
        with_role = set(
            OfficeStaff.objects.filter(user_id__in=ids.values()).values_list("user_id", flat=True)
        )
        OfficeStaff.objects.bulk_create(
            OfficeStaff(user_id=ids[username], office=office)
            for username, office in wanted.items()
            if ids[username] not in with_role
        )
        staff = {office.pk: [ids[office_staff_username(office.code)]] for office in offices}
        login = self.users.get("demo-facilitator")
        office = next((o for o in offices if o.code == DEMO_FACILITATOR_OFFICE), None)
        if login and office:
            _role, created = OfficeStaff.objects.get_or_create(
                user=login,
                defaults={"office": office, "position": OfficeStaff.Position.MANAGER},
            )
            self.counts.add("office staff roles", created)
            # The demo login submits its office's returns.
            staff[office.pk].insert(0, login.pk)
        return staff

    # -- a year of activities and referrals --------------------------------------------

    def _make_work(self, offices):
        last = last_ended_month(self.today)
        months = [shift_month(*last, -k) for k in range(WORK_MONTHS - 1, -1, -1)]
        current = shift_month(*last, 1)
        kinds = list(ActivityKind.objects.filter(active=True).order_by("position", "pk"))
        agencies = list(Agency.objects.filter(active=True).order_by("pk"))
        leads = dict(
            Partnership.objects.filter(
                office__in=offices, role=Partnership.Role.LEAD, ended_on__isnull=True
            ).values_list("office_id", "ngo_id")
        )
        self._work_lists = {
            "kinds": kinds,
            "weights": [KIND_WEIGHTS.get(kind.name, 2) for kind in kinds],
            "agencies": agencies,
            "services": [
                (agency, offered)
                for agency in agencies
                for key, offered in REFERRAL_SERVICES.items()
                if key in agency.name
            ]
            or [(agency, ["پیگیری خدمات"]) for agency in agencies],
            "ngos": list(
                NGO.objects.filter(county__code="urmia", status=NGO.Status.ACTIVE)
                .order_by("national_id")
                .values_list("pk", flat=True)[:12]
            ),
        }
        activities, referrals = [], []
        for office in offices:
            rng = random.Random(f"work-{office.code}")
            hoods = list(office.neighbourhoods.all())
            if not hoods or not kinds:
                continue
            by = self.office_staff[office.pk]
            for year, month in [*months, current]:
                days = self._days_of(office, year, month)
                share = len(days) / month_length(year, month)  # the month under way: so far
                for _ in range(round(rng.randint(3, 8) * share)):
                    activity = self._activity(office, rng, days, hoods, by, leads.get(office.pk))
                    activities.append(activity)
                for _ in range(round(rng.randint(2, 6) * share)):
                    referrals.append(self._referral(office, rng, days, hoods, by))
        Activity.objects.bulk_create(activities, batch_size=BATCH)
        Referral.objects.bulk_create(referrals, batch_size=BATCH)
        self.counts.add("activities", len(activities))
        self.counts.add("referrals", len(referrals))
        self._make_activity_files(offices, activities, months)
        kind_names = {kind.pk: kind.name for kind in kinds}
        agency_names = {agency.pk: agency.name for agency in agencies}
        self._make_returns(offices, months, activities, referrals, kind_names, agency_names)

    def _days_of(self, office, year, month) -> list[datetime.date]:
        """The month's days on which the office may have worked: open, and not after today."""
        start, end = month_bounds(year, month)
        if office.opened_on:
            start = max(start, office.opened_on)
        end = min(end, self.today + datetime.timedelta(days=1))
        return [start + datetime.timedelta(days=k) for k in range((end - start).days)]

    def _activity(self, office, rng, days, hoods, by, lead) -> Activity:
        """One activity: its kind's topics and usual attendance, often with the office's lead
        partner NGO, sometimes with another NGO or an agency."""
        lists = self._work_lists
        kind = rng.choices(lists["kinds"], weights=lists["weights"])[0]
        topics, (low, high) = ACTIVITY_PLANS.get(kind.name, ([kind.name], (5, 30)))
        hood = rng.choice(hoods)
        total = rng.randint(low, high)
        if hood.population:  # never more people than live in the neighbourhood
            total = min(total, hood.population)
        women = round(total * rng.uniform(0.35, 0.7))
        children = round((total - women) * rng.uniform(0.2, 0.7))
        held_on = rng.choice(days)
        jalali = to_jalali(held_on)
        partner = rng.random()
        if partner < 0.4:
            partner_ngo = lead
        elif partner < 0.5 and lists["ngos"]:
            partner_ngo = rng.choice(lists["ngos"])
        else:
            partner_ngo = None
        with_agency = lists["agencies"] and rng.random() < 0.25
        return Activity(
            office=office,
            held_on=held_on,
            jalali_year=jalali.year,  # bulk_create skips save(), which keeps these
            jalali_month=jalali.month,
            kind=kind,
            topic=rng.choice(topics),
            neighbourhood=hood,
            partner_ngo_id=partner_ngo,
            partner_agency=rng.choice(lists["agencies"]) if with_agency else None,
            women=women,
            men=total - women - children,
            children=children,
            narrative=rng.choice(ACTIVITY_NARRATIVES),
            recorded_by_id=rng.choice(by),
        )

    def _referral(self, office, rng, days, hoods, by) -> Referral:
        """Residents referred to an agency for one of its services; older ones have an
        outcome, recent ones mostly await the agency."""
        agency, offered = rng.choice(self._work_lists["services"])
        referred_on = rng.choice(days)
        jalali = to_jalali(referred_on)
        recent = (self.today - referred_on).days < 45
        outcomes = Referral.Outcome
        outcome = rng.choices(
            [outcomes.PENDING, outcomes.SERVED, outcomes.REFUSED, outcomes.UNKNOWN],
            weights=[5, 3, 1, 1] if recent else [1, 6, 2, 1],
        )[0]
        return Referral(
            office=office,
            referred_on=referred_on,
            jalali_year=jalali.year,
            jalali_month=jalali.month,
            agency=agency,
            service=rng.choice(offered),
            people=rng.randint(1, 6),
            neighbourhood=rng.choice(hoods),
            outcome=outcome,
            recorded_by_id=rng.choice(by),
        )

    def _make_activity_files(self, offices, activities, months):
        """A photo and an attendance list on each office's latest activity of an ended month,
        stored like uploads, so the files can be seen and served."""
        ended = set(months)
        latest = {}
        for activity in activities:
            if (activity.jalali_year, activity.jalali_month) in ended:
                held = latest.get(activity.office_id)
                if held is None or (activity.held_on, activity.pk) > (held.held_on, held.pk):
                    latest[activity.office_id] = activity
        for k, office in enumerate(offices, start=1):
            activity = latest.get(office.pk)
            if activity is None:
                continue
            for content, name, original in [
                (demo_png(100 + k), "photo.png", f"عکس {activity.topic}.png"),
                (demo_pdf(f"Attendance list {k}"), "list.pdf", "فهرست حضور و غیاب.pdf"),
            ]:
                ActivityFile.objects.create(
                    activity=activity, file=ContentFile(content, name=name), original_name=original
                )
                self.counts.add("activity files")

    # -- premises --------------------------------------------------------------------------

    def _make_premises_requests(self, offices):
        """Two offices without premises of their own ask for them: one waits, one has an offer."""
        by_code = {office.code: office for office in offices}
        if PremisesRequest.objects.filter(office__in=offices).exists():
            return
        owner = Agency.objects.filter(name__contains="شهرداری").order_by("pk").first()
        plans = [
            (PREMISES_REQUESTED, 75, None),
            (PREMISES_OFFERED, 210, 24),
        ]
        for code, asked_days_ago, offered_days_ago in plans:
            office = by_code.get(code)
            if office is None:
                continue
            request = PremisesRequest(
                office=office,
                requested_on=self.today - datetime.timedelta(days=asked_days_ago),
                need=PREMISES_NEED,
                updated_by_id=self.office_staff[office.pk][0],
            )
            if offered_days_ago is not None:
                request.step = PremisesRequest.Step.OFFERED
                request.offered_on = self.today - datetime.timedelta(days=offered_days_ago)
                request.offer_address = PREMISES_OFFER_ADDRESS
                request.offer_agency = owner
                request.offer_size = 140
            request.save()
            self.counts.add("premises requests")
