"""Seeds the people who act on the reports: an official per county and a manager per NGO.

They are fictional colleagues of the demo logins, named like them, whose
accounts cannot log in (no usable password, no email): the timelines show who
reviewed, referred or answered each report instead of «سامانه».
"""

import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from accounts.models import Official
from ngos.models import NGO
from offices.models import County

from .names import BATCH, FIRST_NAMES, LAST_NAMES

PROVINCE_STAFF = "demo-staff-province"


class StaffMixin:
    def make_staff(self):
        """Fill `self.county_officials` (county id → user id) and `self.ngo_managers`."""
        User = get_user_model()
        counties = list(County.objects.order_by("pk"))
        wanted = {f"demo-staff-{county.code}": county for county in counties}
        wanted[PROVINCE_STAFF] = None
        serial = {national_id: i for i, national_id in enumerate(self.demo_ids, start=1)}
        demo_ngos = NGO.objects.filter(national_id__in=self.demo_ids).values_list(
            "pk", "national_id"
        )
        managed = set(NGO.managers.through.objects.values_list("ngo_id", flat=True))
        managers_wanted = {
            f"demo-manager-{serial[national_id]}": ngo_id
            for ngo_id, national_id in demo_ngos
            if ngo_id not in managed
        }
        existing = set(
            User.objects.filter(username__in=[*wanted, *managers_wanted]).values_list(
                "username", flat=True
            )
        )
        rng = random.Random("staff")
        unusable = make_password(None)  # the same unusable hash for all: none can log in
        new_users = [
            User(
                username=username,
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                password=unusable,
            )
            for username in [*wanted, *managers_wanted]
            if username not in existing
        ]
        User.objects.bulk_create(new_users, batch_size=BATCH)
        self.counts.add("officials and managers acting in the demo", len(new_users))
        ids = dict(
            User.objects.filter(username__in=[*wanted, *managers_wanted]).values_list(
                "username", "pk"
            )
        )

        with_role = set(
            Official.objects.filter(user_id__in=ids.values()).values_list("user_id", flat=True)
        )
        Official.objects.bulk_create(
            [
                Official(
                    user_id=ids[username],
                    level=Official.Level.COUNTY if county else Official.Level.PROVINCE,
                    county=county,
                    job_title="کارشناس امور اجتماعی",
                )
                for username, county in wanted.items()
                if ids[username] not in with_role
            ]
        )
        NGO.managers.through.objects.bulk_create(
            [
                NGO.managers.through(ngo_id=ngo_id, user_id=ids[username])
                for username, ngo_id in managers_wanted.items()
            ],
            batch_size=BATCH,
        )
        self.county_officials = {county.pk: ids[f"demo-staff-{county.code}"] for county in counties}
        self.province_official = ids[PROVINCE_STAFF]
