"""Seeds NGOs with their fields, licences, supervision visits and office partnerships."""

import datetime
import random

from ngos.models import (
    NGO,
    FieldOfActivity,
    Licence,
    LicensingAuthority,
    Partnership,
    SupervisionVisit,
)
from offices.formatting import persian_digits
from offices.models import County

from .helpers import demo_national_id
from .names import BASE_NGOS, BATCH, NGO_KINDS, NGO_THEMES


class NGOsMixin:
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
                name += f" (شعبه {persian_digits(i)})"
            ngo = NGO(
                name=name,
                national_id=national_id,
                registration_number=str(1000 + i),
                county=county,
                scope=rng.choice(["county", "county", "province", "national"]),
                contact_person=self._person(rng),
                phone=self._phone(rng, mobile=True),
                email=f"ngo{i}@example.ir",
                address=f"{county.name}، نشانی نمونه {persian_digits(i)}",
                founded_on=self.today - datetime.timedelta(days=rng.randrange(400, 7000)),
                members=members,
                insured_members=rng.randrange(0, members + 1),
                works_with_disabilities=rng.random() < 0.3,
                status="active" if rng.random() < 0.9 else rng.choice(["suspended", "dissolved"]),
            )
            self.keep_profile(ngo, i)
            ngo.search_text = ngo.build_search_text()  # bulk_create skips save()
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
