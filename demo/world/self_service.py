"""Seeds what NGOs' managers keep themselves: profiles confirmed (or changed) at different
times, the members with disabilities and jobs created, and one renewed licence uploaded
and awaiting an official's verification."""

import datetime
import random

from django.core.files.base import ContentFile

from ngos.models import NGO, Licence, LicenceStatus

from .helpers import demo_pdf


class SelfServiceMixin:
    def keep_profile(self, ngo: NGO, serial: int):
        """Fill the figures the NGO keeps and when its managers last confirmed them: a fifth
        never, a fifth more than a year ago (due a reminder), the rest lately, some with a
        change officials see as «changed by the NGO on …». Drawn apart from the NGO's other
        values, so those stay as they were."""
        rng = random.Random(f"ngo-profile-{serial}")
        ngo.members_with_disabilities = rng.randrange(0, ngo.members // 5 + 1)
        ngo.disability_jobs = rng.randrange(1, 9) if ngo.works_with_disabilities else 0
        kind = serial % 5
        if kind == 0:
            return
        days_ago = {
            1: rng.randrange(380, 700),
            2: rng.randrange(1, 60),
            3: rng.randrange(60, 300),
            4: rng.randrange(3, 200),
        }[kind]
        founded_days = (self.today - ngo.founded_on).days if ngo.founded_on else days_ago
        moment = self._at(self.today - datetime.timedelta(days=min(days_ago, founded_days)), rng)
        ngo.profile_confirmed_at = min(moment, self.now)
        if kind == 4:
            old_members = max(ngo.members - rng.randrange(1, 15), ngo.insured_members, 1)
            old_insured = min(max(ngo.insured_members - rng.randrange(0, 6), 0), old_members)
            ngo.profile_changed_at = ngo.profile_confirmed_at
            ngo.profile_changes = [
                {"field": "members", "old": old_members, "new": ngo.members},
                {"field": "insured_members", "old": old_insured, "new": ngo.insured_members},
            ]

    def make_renewal_awaiting(self):
        """An Urmia NGO whose licence expires soon uploaded its renewed licence a few days ago;
        the county official has not verified it yet (not an NGO of the demo logins, who may
        still upload one)."""
        demo_ngos = NGO.objects.filter(national_id__in=self.demo_ids)
        if Licence.objects.filter(
            ngo__in=demo_ngos, verification=Licence.Verification.AWAITING
        ).exists():
            return
        logins = [user.pk for user in self.users.values()]
        candidates = (
            demo_ngos.with_licence_status(self.today)
            .filter(
                county__code="urmia",
                status=NGO.Status.ACTIVE,
                licence_status=LicenceStatus.EXPIRING,
            )
            .exclude(managers__in=logins)
            .order_by("national_id")
        )
        ngo = candidates.first()
        if ngo is None:
            return
        latest = ngo.licences.verified().order_by("-expires_on").first()
        manager = ngo.managers.order_by("pk").first()
        issued = self.today - datetime.timedelta(days=6)
        licence = Licence(
            ngo=ngo,
            authority=latest.authority,
            number=latest.number.rsplit("-", 1)[0] + "-3",
            issued_on=issued,
            expires_on=issued + datetime.timedelta(days=3 * 365),
            verification=Licence.Verification.AWAITING,
            document=ContentFile(demo_pdf("Renewed licence"), name="licence.pdf"),
            document_name="پروانه فعالیت تمدیدشده.pdf",
            submitted_by=manager,
        )
        licence._history_user = manager
        licence.save()
        self.counts.add("renewed licences awaiting verification")
