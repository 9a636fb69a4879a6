"""Who the user is here: their role, worked out once per request."""

import enum
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from ngos.models import NGO

from ..models import OfficeStaff, Official


class Role(enum.StrEnum):
    ANONYMOUS = "anonymous"
    NONE = "none"  # logged in, but no role assigned yet
    NGO_MANAGER = "ngo_manager"
    OFFICE_STAFF = "office_staff"
    COUNTY = "county"
    PROVINCE = "province"
    ADMIN = "admin"


class ActingRole(enum.StrEnum):
    """In which capacity a user acts on one report (the workflow's roles)."""

    NGO_MANAGER = "ngo_manager"
    OFFICIAL = "official"
    ADMIN = "admin"


OFFICIAL_ROLES = frozenset({Role.COUNTY, Role.PROVINCE, Role.ADMIN})
PROVINCE_WIDE = frozenset({Role.PROVINCE, Role.ADMIN})


@dataclass(frozen=True)
class Access:
    role: Role
    county_id: int | None = None
    ngo_ids: frozenset = frozenset()
    read_only: bool = False
    office_id: int | None = None  # office staff: their office
    office_manager: bool = False  # office staff who keep the office's facilitators

    @property
    def is_official(self) -> bool:
        return self.role in OFFICIAL_ROLES

    @property
    def is_manager(self) -> bool:
        return bool(self.ngo_ids)

    @property
    def has_reports(self) -> bool:
        """Whether there are reports for the user to list: an official's scope, the NGOs
        they manage, or the reports their office submitted."""
        return self.is_official or self.is_manager or self.office_id is not None

    @property
    def can_act_on_reports(self) -> bool:
        """Triage, refer, resolve and write internal notes."""
        return self.is_official and not self.read_only

    def covers_county(self, county_id) -> bool:
        """Whether records of this county are in an official's scope."""
        return self.role in PROVINCE_WIDE or (
            self.role == Role.COUNTY and county_id == self.county_id
        )


def access_for(user) -> Access:
    """What the user is here; worked out once per request and kept on the user."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Access(Role.ANONYMOUS)
    cached = getattr(user, "_facilitation_access", None)
    if cached is not None:
        return cached
    ngo_ids = frozenset(NGO.objects.filter(managers=user).values_list("pk", flat=True))
    if user.is_superuser:
        access = Access(Role.ADMIN, ngo_ids=ngo_ids)
    else:
        # The official's and the office staff's roles, both in one query.
        roles = (
            get_user_model()
            .objects.filter(pk=user.pk)
            .values(
                "official__level",
                "official__county_id",
                "official__read_only",
                "office_staff__office_id",
                "office_staff__position",
                "office_staff__active",
            )
            .first()
            or {}
        )
        level = roles.get("official__level")
        if level == Official.Level.PROVINCE:
            access = Access(Role.PROVINCE, ngo_ids=ngo_ids, read_only=roles["official__read_only"])
        elif level == Official.Level.COUNTY:
            access = Access(
                Role.COUNTY,
                county_id=roles["official__county_id"],
                ngo_ids=ngo_ids,
                read_only=roles["official__read_only"],
            )
        elif roles.get("office_staff__office_id") and roles.get("office_staff__active"):
            access = Access(
                Role.OFFICE_STAFF,
                ngo_ids=ngo_ids,
                office_id=roles["office_staff__office_id"],
                office_manager=roles["office_staff__position"] == OfficeStaff.Position.MANAGER,
            )
        elif ngo_ids:
            access = Access(Role.NGO_MANAGER, ngo_ids=ngo_ids)
        else:
            access = Access(Role.NONE)
    user._facilitation_access = access
    return access


def official_access(user) -> Access:
    """The user's access if they are an official; PermissionDenied (403) for anyone else."""
    access = access_for(user)
    if not access.is_official:
        raise PermissionDenied(_("These pages are for the governorate's officials."))
    return access
