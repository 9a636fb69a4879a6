"""Seeds the whole demo world: `DemoWorld` runs each part in order and counts what it made."""

import datetime

from django.db import transaction
from django.utils import timezone

from .helpers import Counts
from .meetings import MeetingsMixin
from .names import FIRST_NAMES, LAST_NAMES
from .ngos import NGOsMixin
from .office_work import OfficeWorkMixin
from .places import PlacesMixin
from .reports import ReportsMixin
from .self_service import SelfServiceMixin
from .staff import StaffMixin
from .users import UsersMixin


class DemoWorld(
    UsersMixin,
    PlacesMixin,
    NGOsMixin,
    SelfServiceMixin,
    StaffMixin,
    OfficeWorkMixin,
    ReportsMixin,
    MeetingsMixin,
):
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
            self.make_staff()
            self.make_renewal_awaiting()
        with transaction.atomic():
            self.make_office_work()
        self.make_reports()
        self.make_attachments()
        self.make_meetings()
        self.make_report_followups()
        return self.counts.made
