"""Writes that touch more than one row of the offices app."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import FacilitationOffice, PremisesChange


@transaction.atomic
def office_change_premises(
    *,
    office: FacilitationOffice,
    premises: str,
    since: datetime.date | None = None,
    address: str = "",
    note: str = "",
) -> PremisesChange:
    """Give an office new premises and keep the change in its premises history."""
    if premises not in FacilitationOffice.Premises.values:
        raise ValidationError({"premises": _("Choose one of the listed kinds of premises.")})
    since = since or timezone.localdate()
    if office.opened_on and since < office.opened_on:
        raise ValidationError(
            {"premises_since": _("The premises cannot change before the office opened.")}
        )
    office.premises = premises
    office.premises_since = since
    if address:
        office.address = address
    office.save(update_fields=["premises", "premises_since", "address", "updated_at"])
    return PremisesChange.objects.create(
        office=office, premises=premises, since=since, address=address or office.address, note=note
    )
