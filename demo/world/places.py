"""Seeds neighbourhoods, facilitation offices, their premises, facilitators and activity."""

import datetime
import random

from offices.formatting import persian_digits
from offices.models import (
    County,
    FacilitationOffice,
    Facilitator,
    Neighbourhood,
    PremisesChange,
)

from .helpers import jalali_year_start
from .names import BATCH, PLANNED_OFFICES, URMIA_NEIGHBOURHOODS, URMIA_OFFICES


class PlacesMixin:
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
                name = f"محله حاشیه‌ای نمونه {persian_digits(k)} {county.name}"
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
            address=f"{county.name}، نشانی نمونه، پلاک {persian_digits(rng.randrange(1, 200))}"
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
            # Since when each works there, and whether they finished the facilitators'
            # training (drawn apart, so the rest of the world stays as it was).
            tenure = random.Random(f"facilitators-{code}")
            facilitators = [
                Facilitator(
                    office=office,
                    name=self._person(rng),
                    role=role,
                    phone=self._phone(rng, mobile=True),
                    since=min(
                        opened_on + datetime.timedelta(days=0 if k == 0 else tenure.randrange(500)),
                        self.today,
                    ),
                    training_completed=k == 0 or tenure.random() < 0.6,
                )
                for k, role in enumerate(roles)
            ]
            Facilitator.objects.bulk_create(facilitators)
            self.counts.add("facilitators", len(roles))
        return office
