"""Realistic, clearly fictional demo data for the whole product.

Every record is made from a fixed seed, so two runs make the same world; each
record is looked up by its natural key first, so a second run adds nothing.
`scale` multiplies the volumes (NGOs, reports and their events, extra
neighbourhoods and offices) for benchmarks; large volumes go in with bulk
inserts.
"""

import datetime
import random
import struct
import zlib
from dataclasses import dataclass, field

import jdatetime
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from ngos.models import (
    NGO,
    FieldOfActivity,
    Licence,
    LicensingAuthority,
    Partnership,
    SupervisionVisit,
)
from ngos.validators import national_id_check_digit
from offices.models import (
    County,
    FacilitationOffice,
    Facilitator,
    MonthlyActivity,
    Neighbourhood,
    PremisesChange,
)
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

DEMO_PASSWORD = "demo-pass-1405"
BASE_NGOS = 40
BASE_REPORTS = 1000
BATCH = 2000

URMIA_NEIGHBOURHOODS = [
    # name, population, households
    ("الواج", 28000, 7100),
    ("دیگاله", 19000, 4800),
    ("پشت کشتارگاه", 9500, 2400),
    ("دیزج سیاوش", 14000, 3500),
    ("کوی آذربایجان", 22000, 5600),
    ("کوی لاله", 11000, 2800),
    ("اسلام‌آباد", 17500, 4400),
    ("پشت ترمینال", 8000, 2000),
    ("حاجی‌پیرلو", 6500, 1600),
    ("ریحان‌آباد", 12500, 3100),
]

# The eight offices in Urmia's informal settlements; most have no premises of their own.
URMIA_OFFICES = [
    ("URM-01", "دفتر تسهیل‌گری و توسعه محله الواج", ["الواج"], "dedicated"),
    ("URM-02", "دفتر تسهیل‌گری و توسعه محله دیگاله", ["دیگاله"], "shared"),
    ("URM-03", "دفتر تسهیل‌گری و توسعه محله کوی آذربایجان", ["کوی آذربایجان"], "shared"),
    ("URM-04", "دفتر تسهیل‌گری و توسعه محله اسلام‌آباد", ["اسلام‌آباد"], "temporary"),
    ("URM-05", "دفتر تسهیل‌گری و توسعه محله دیزج سیاوش", ["دیزج سیاوش"], "none"),
    ("URM-06", "دفتر تسهیل‌گری و توسعه محله ریحان‌آباد", ["ریحان‌آباد", "حاجی‌پیرلو"], "shared"),
    ("URM-07", "دفتر تسهیل‌گری و توسعه محله کوی لاله", ["کوی لاله"], "temporary"),
    ("URM-08", "دفتر تسهیل‌گری و توسعه محله پشت کشتارگاه", ["پشت کشتارگاه"], "none"),
]

# Offices planned in other counties ("soon in every county of the province").
PLANNED_OFFICES = [
    ("khoy", "KHY-01"),
    ("mahabad", "MHB-01"),
    ("miandoab", "MND-01"),
    ("bukan", "BKN-01"),
    ("salmas", "SLM-01"),
]

NGO_KINDS = ["انجمن", "مؤسسه خیریه", "کانون", "جمعیت", "خانه"]
NGO_THEMES = [
    "حامیان کودکان کار",
    "توانیابان",
    "زنان سرپرست خانوار",
    "جوانان داوطلب",
    "سلامت محله",
    "همیاران سالمندان",
    "مهرآفرینان",
    "پیشگامان اشتغال",
    "یاوران بهبودیافتگان",
    "دوستداران طبیعت",
    "همدلان محله",
    "امید فردا",
]
FIRST_NAMES = [
    "مریم",
    "علی",
    "زهرا",
    "رضا",
    "فاطمه",
    "حسین",
    "لیلا",
    "سعید",
    "نسرین",
    "کامران",
    "شیرین",
    "آرش",
]
LAST_NAMES = ["نمونه‌ای", "آزمایشی", "فرضی‌زاده", "مثالی", "خیالی‌پور", "نمایشی"]
REPORT_TITLES = {
    "harm": [
        "افزایش موارد {c} در محله",
        "نیاز به پیگیری فوری {c}",
        "گزارش چند خانواده درباره {c}",
        "{c} در اطراف مدرسه محله",
    ],
    "need": [
        "درخواست رسیدگی: {c}",
        "مشکل سمن در زمینه {c}",
        "پیگیری {c} برای اعضای انجمن",
    ],
}
DESCRIPTION = (
    "این گزارش نمونه و ساختگی است و برای نمایش سامانه ساخته شده است.\n"
    "تسهیل‌گران محله در بازدیدهای اخیر این موضوع را دیده‌اند و پیشنهاد می‌کنند "
    "دستگاه مسئول با هماهنگی سمن پیگیری کند."
)


def demo_png(seed: int, width: int = 160, height: int = 90) -> bytes:
    """A small, plain-coloured PNG image, made here so the demo needs no files."""
    colour = bytes([(seed * 53) % 256, (seed * 97) % 256, (seed * 151) % 256])
    rows = b"".join(b"\x00" + colour * width for _ in range(height))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def demo_national_id(serial: int) -> str:
    first_ten = f"15{serial:06d}10"
    return first_ten + str(national_id_check_digit(first_ten))


def jalali_year_start(year: int) -> datetime.date:
    return jdatetime.date(year, 1, 1).togregorian()


@dataclass
class Counts:
    made: dict = field(default_factory=dict)

    def add(self, label: str, n: int = 1):
        if n:
            self.made[label] = self.made.get(label, 0) + n


class DemoWorld:
    def __init__(self, *, scale: int = 1, with_users: bool = False, stdout=None):
        self.scale = max(1, scale)
        self.with_users = with_users
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.counts = Counts()
        self.stdout = stdout

    # -- helpers -------------------------------------------------------------

    def _say(self, text):
        if self.stdout:
            self.stdout.write(text)

    def _phone(self, rng, mobile=False):
        return ("0914" if mobile else "0443") + f"{rng.randrange(10**7):07d}"

    def _person(self, rng):
        return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"

    def _at(self, day: datetime.date, rng) -> datetime.datetime:
        moment = datetime.datetime.combine(
            day, datetime.time(8 + rng.randrange(9), rng.randrange(60))
        )
        return timezone.make_aware(moment)

    # -- the world -----------------------------------------------------------

    def build(self):
        self.users = self.make_users() if self.with_users else {}
        with transaction.atomic():
            self.make_places()
            self.make_ngos()
        self.make_reports()
        self.make_attachments()
        return self.counts.made

    def make_users(self):
        User = get_user_model()
        spec = [
            ("demo-admin", {"is_staff": True, "is_superuser": True}),
            ("demo-official", {}),
            ("demo-county", {}),
            ("demo-ngo-a", {}),
            ("demo-ngo-b", {}),
        ]
        users = {}
        for username, flags in spec:
            user, created = User.objects.get_or_create(
                username=username, defaults={"email": f"{username}@example.ir", **flags}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
                self.counts.add("users")
            users[username] = user
        from accounts.models import Official

        urmia = County.objects.get(code="urmia")
        for username, level, county in [
            ("demo-official", Official.Level.PROVINCE, None),
            ("demo-county", Official.Level.COUNTY, urmia),
        ]:
            Official.objects.get_or_create(
                user=users[username], defaults={"level": level, "county": county}
            )
        return users

    def make_places(self):
        rng = random.Random("places")
        counties = {c.code: c for c in County.objects.all()}
        urmia = counties["urmia"]
        self.neighbourhoods = {}
        for name, population, households in URMIA_NEIGHBOURHOODS:
            n, created = Neighbourhood.objects.get_or_create(
                county=urmia,
                name=name,
                defaults={
                    "kind": Neighbourhood.Kind.INFORMAL,
                    "population": population,
                    "households": households,
                    "latitude": round(37.50 + rng.uniform(0, 0.08), 6),
                    "longitude": round(45.00 + rng.uniform(0, 0.10), 6),
                },
            )
            self.counts.add("neighbourhoods", created)
            self.neighbourhoods[name] = n
        # Two marginal neighbourhoods in each other county, and more at larger scales.
        extra_per_county = 2 * self.scale
        new = []
        existing = set(Neighbourhood.objects.exclude(county=urmia).values_list("county_id", "name"))
        for code, county in counties.items():
            if code == "urmia":
                continue
            for k in range(1, extra_per_county + 1):
                name = f"محله حاشیه‌ای نمونه {k} {county.name}"
                if (county.pk, name) in existing:
                    continue
                population = rng.randrange(2000, 15000)
                new.append(
                    Neighbourhood(
                        county=county,
                        name=name,
                        kind=rng.choice([Neighbourhood.Kind.INFORMAL, Neighbourhood.Kind.MARGINAL]),
                        population=population,
                        households=population // 4,
                    )
                )
        Neighbourhood.objects.bulk_create(new, batch_size=BATCH)
        self.counts.add("neighbourhoods", len(new))

        opened = jalali_year_start(1401)
        for i, (code, name, served, premises) in enumerate(URMIA_OFFICES):
            office = self._office(
                code=code,
                name=name,
                county=urmia,
                status=FacilitationOffice.Status.ACTIVE,
                opened_on=opened + datetime.timedelta(days=40 * i),
                premises=premises,
                rng=rng,
            )
            office.neighbourhoods.add(*[self.neighbourhoods[n] for n in served])
        for county_code, code in PLANNED_OFFICES:
            county = counties[county_code]
            office = self._office(
                code=code,
                name=f"دفتر تسهیل‌گری و توسعه محله {county.name}",
                county=county,
                status=FacilitationOffice.Status.PLANNED,
                opened_on=None,
                premises="none",
                rng=rng,
            )
            office.neighbourhoods.add(*county.neighbourhoods.order_by("pk")[:1])
        # At larger scales, more offices across the province for realistic volumes.
        extra_offices = (self.scale - 1) // 2
        if extra_offices:
            for code, county in counties.items():
                hoods = list(county.neighbourhoods.order_by("pk")[1 : 1 + extra_offices])
                for k, hood in enumerate(hoods, start=2):
                    office = self._office(
                        code=f"{code[:3].upper()}-{k:02d}",
                        name=f"دفتر تسهیل‌گری {hood.name}",
                        county=county,
                        status=rng.choice(["active", "active", "planned", "suspended"]),
                        opened_on=opened + datetime.timedelta(days=rng.randrange(900)),
                        premises=rng.choice(["dedicated", "shared", "temporary", "none"]),
                        rng=rng,
                    )
                    office.neighbourhoods.add(hood)
        self.offices = list(FacilitationOffice.objects.all())
        self.office_by_hood = {
            hood_id: office_id
            for office_id, hood_id in FacilitationOffice.neighbourhoods.through.objects.values_list(
                "facilitationoffice_id", "neighbourhood_id"
            )
        }

    def _office(self, *, code, name, county, status, opened_on, premises, rng):
        office = FacilitationOffice.objects.filter(code=code).first()
        if office:
            return office
        office = FacilitationOffice.objects.create(
            code=code,
            name=name,
            county=county,
            status=status,
            opened_on=opened_on,
            premises=premises,
            premises_since=opened_on,
            phone=self._phone(rng) if opened_on else "",
            address=f"{county.name}، نشانی نمونه، پلاک {rng.randrange(1, 200)}"
            if opened_on
            else "",
            notes="داده نمایشی" if status == "planned" else "",
        )
        self.counts.add("offices")
        if opened_on:
            history = [("none", opened_on)]
            if premises != "none":
                history.append(
                    (premises, opened_on + datetime.timedelta(days=rng.randrange(60, 400)))
                )
            for kind, since in history:
                PremisesChange.objects.create(
                    office=office, premises=kind, since=min(since, self.today)
                )
                self.counts.add("premises history")
            office.premises_since = min(history[-1][1], self.today)
            office.save(update_fields=["premises_since"])
            roles = [
                Facilitator.Role.HEAD,
                Facilitator.Role.FACILITATOR,
                Facilitator.Role.SOCIAL_WORKER,
            ]
            Facilitator.objects.bulk_create(
                Facilitator(
                    office=office,
                    name=self._person(rng),
                    role=role,
                    phone=self._phone(rng, mobile=True),
                )
                for role in roles
            )
            self.counts.add("facilitators", len(roles))
            if status == "active":
                year, month = jalali_year_month(self.now)
                rows = []
                for back in range(1, 13):
                    m, y = month - back, year
                    while m < 1:
                        m, y = m + 12, y - 1
                    rows.append(
                        MonthlyActivity(
                            office=office,
                            jalali_year=y,
                            jalali_month=m,
                            residents_served=rng.randrange(40, 400),
                            sessions_held=rng.randrange(2, 20),
                            referrals_made=rng.randrange(0, 30),
                        )
                    )
                MonthlyActivity.objects.bulk_create(rows)
                self.counts.add("monthly activity", len(rows))
        return office

    def make_ngos(self):
        counties = list(County.objects.order_by("pk"))
        urmia = next(c for c in counties if c.code == "urmia")
        authorities = list(LicensingAuthority.objects.order_by("pk"))
        fields = list(FieldOfActivity.objects.order_by("pk"))
        total = BASE_NGOS * self.scale
        self.demo_ids = [demo_national_id(i) for i in range(1, total + 1)]
        existing = set(
            NGO.objects.filter(national_id__in=self.demo_ids).values_list("national_id", flat=True)
        )
        new_ngos, plans = [], []
        for i in range(1, total + 1):
            national_id = demo_national_id(i)
            if national_id in existing:
                continue
            rng = random.Random(f"ngo-{i}")
            # Most NGOs in the demo sit in Urmia, where the offices are.
            county = urmia if i % 3 else counties[i % len(counties)]
            members = rng.randrange(7, 180)
            name = (
                f"{NGO_KINDS[i % len(NGO_KINDS)]} {NGO_THEMES[i % len(NGO_THEMES)]} {county.name}"
            )
            if i > len(NGO_THEMES) * len(NGO_KINDS) // 2:
                name += f" (شعبه {i})"
            ngo = NGO(
                name=name,
                national_id=national_id,
                registration_number=str(1000 + i),
                county=county,
                scope=rng.choice(["county", "county", "province", "national"]),
                contact_person=self._person(rng),
                phone=self._phone(rng, mobile=True),
                email=f"ngo{i}@example.ir",
                address=f"{county.name}، نشانی نمونه {i}",
                founded_on=self.today - datetime.timedelta(days=rng.randrange(400, 7000)),
                members=members,
                insured_members=rng.randrange(0, members + 1),
                works_with_disabilities=rng.random() < 0.3,
                status="active" if rng.random() < 0.9 else rng.choice(["suspended", "dissolved"]),
            )
            new_ngos.append(ngo)
            plans.append((i, rng))
        NGO.objects.bulk_create(new_ngos, batch_size=BATCH)
        self.counts.add("NGOs", len(new_ngos))

        licences, visits, links = [], [], []
        through = NGO.fields.through
        for ngo, (i, rng) in zip(new_ngos, plans, strict=True):
            authority = authorities[i % len(authorities)]
            for f in rng.sample(fields, rng.randrange(1, 4)):
                links.append(through(ngo_id=ngo.pk, fieldofactivity_id=f.pk))
            # About one in ten expired, one in seven expiring within 60 days.
            roll = i % 20
            if roll in (0, 7):
                expires = self.today - datetime.timedelta(days=rng.randrange(5, 300))
            elif roll in (3, 11, 16):
                expires = self.today + datetime.timedelta(days=rng.randrange(0, 60))
            else:
                expires = self.today + datetime.timedelta(days=rng.randrange(90, 1000))
            issued = expires - datetime.timedelta(days=3 * 365)
            licences.append(
                Licence(
                    ngo=ngo,
                    authority=authority,
                    number=f"DEMO-{i}-2",
                    issued_on=issued,
                    expires_on=expires,
                )
            )
            if roll % 4 == 1:  # a renewed NGO keeps its older licence on record
                licences.append(
                    Licence(
                        ngo=ngo,
                        authority=authority,
                        number=f"DEMO-{i}-1",
                        issued_on=issued - datetime.timedelta(days=3 * 365),
                        expires_on=issued - datetime.timedelta(days=1),
                    )
                )
            for v in range(rng.randrange(0, 3)):
                visits.append(
                    SupervisionVisit(
                        ngo=ngo,
                        authority=authority,
                        visited_on=self.today - datetime.timedelta(days=rng.randrange(10, 700)),
                        outcome=rng.choice(SupervisionVisit.Outcome.values),
                        notes="بازدید نظارتی نمونه" if v == 0 else "",
                    )
                )
        through.objects.bulk_create(links, batch_size=BATCH)
        Licence.objects.bulk_create(licences, batch_size=BATCH)
        SupervisionVisit.objects.bulk_create(visits, batch_size=BATCH)
        self.counts.add("licences", len(licences))
        self.counts.add("supervision visits", len(visits))

        # The Urmia offices are run by NGOs, as the article says.
        demo_ngos = NGO.objects.filter(national_id__in=self.demo_ids, status=NGO.Status.ACTIVE)
        urmia_ngos = list(demo_ngos.filter(county=urmia).order_by("national_id"))
        for k, office in enumerate(o for o in self.offices if o.status == "active"):
            if office.partnerships.exists() or not urmia_ngos:
                continue
            Partnership.objects.create(
                ngo=urmia_ngos[k % len(urmia_ngos)],
                office=office,
                role=Partnership.Role.LEAD,
                started_on=office.opened_on or self.today,
            )
            self.counts.add("partnerships")

        if self.users:
            demo_b = demo_ngos.exclude(county=urmia).order_by("national_id").first()
            urmia_ngos[0].managers.add(self.users["demo-ngo-a"])
            if demo_b:
                demo_b.managers.add(self.users["demo-ngo-b"])

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
        managers = dict(NGO.managers.through.objects.values_list("ngo_id", "user_id"))

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
        )
        if hood_id:
            report.county_id = self._hood_county(hood_id)
        events = self._timeline(report, final, category, rng, agencies, actor_id)
        previous = self._last_report.get(ngo.pk)
        report.original = None
        if final in (Status.SUBMITTED, Status.UNDER_REVIEW) and previous and rng.random() < 0.15:
            # Two NGOs' members reported the same thing: closed as a duplicate.
            report.original = previous
            moment = min(report.status_changed_at + datetime.timedelta(days=1), self.now)
            events.append(
                (Action.MARK_DUPLICATE, final, Status.CLOSED, moment, "", None, None, None)
            )
            report.status, report.status_changed_at = Status.CLOSED, moment
        else:
            self._last_report[ngo.pk] = report
        return report, events

    def _hood_county(self, hood_id):
        if not hasattr(self, "_hood_counties"):
            self._hood_counties = dict(Neighbourhood.objects.values_list("pk", "county_id"))
        return self._hood_counties[hood_id]

    def _timeline(self, report, final, category, rng, agencies, ngo_actor_id):
        """Walk the workflow to the final state, stamping believable times."""
        moment = report.submitted_at
        events = [(Action.SUBMIT, "", Status.SUBMITTED, moment, "", None, None, ngo_actor_id)]

        def step(action, frm, to, days_low, days_high, note="", agency=None, due=None, actor=None):
            nonlocal moment
            moment = min(
                moment + datetime.timedelta(hours=rng.randrange(days_low * 24, days_high * 24 + 1)),
                self.now,
            )
            events.append((action, frm, to, moment, note, agency, due, actor))

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
                step(
                    Action.REFER,
                    Status.UNDER_REVIEW,
                    Status.REFERRED,
                    0,
                    5,
                    agency=agency,
                    due=timezone.localdate(moment)
                    + datetime.timedelta(days=category.default_due_days),
                )
                report.agency = agency
                report.due_on = events[-1][6]
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
            referred_at = None
            for action, frm, to, at, note, agency, due, actor in timeline:
                if action == Action.REFER:
                    referred_at = at
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
                        due_on=due,
                        actor_id=actor,
                        answer_delay=at - referred_at
                        if action in answers and referred_at
                        else None,
                    )
                )
        ReportEvent.objects.bulk_create(events, batch_size=BATCH)
        self.counts.add("reports", len(reports))
        self.counts.add("report events", len(events))
