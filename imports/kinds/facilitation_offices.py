"""Facilitation offices, matched by their code: columns, checks and the writes.

An office's row also names the neighbourhoods it serves (each one of its county's, already
registered: import the neighbourhoods first) and its premises. A new office, or an office
whose premises change, gets an entry in its premises history through the same service as
the admin's office form, from the date in the row (else from today, or the opening day if
it is later), so the history continues from the import.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from offices.models import County, FacilitationOffice, Neighbourhood, latest_premises_date
from offices.services import office_change_premises
from offices.text import normalize_text, search_text

from ..reading import Column, Row
from .common import (
    Plan,
    choices,
    chunks,
    county_choices,
    county_names,
    duplicates,
    label,
    model_errors,
    same_code,
    unfilled,
)

# Written to an office that is updated (its code is what it is matched by); its premises and
# neighbourhoods are compared on their own.
UPDATED_FIELDS = ["name", "county_id", "status", "address", "phone", "opened_on", "notes"]
# Names in the neighbourhoods cell are separated by Persian or Latin commas (or semicolons).
SEPARATORS = re.compile(r"[،,؛;\n]+")


def columns() -> list[Column]:
    """The template's columns, in order; headers in the active language (Persian)."""
    office = FacilitationOffice
    return [
        Column("code", _("Office code"), "code", True),
        Column("name", _("Office name"), "line", True, width=30),
        Column("county", label(office, "county"), "choice", True, county_choices()),
        Column("status", label(office, "status"), "choice", True, choices(office.Status.choices)),
        Column(
            "premises", label(office, "premises"), "choice", True, choices(office.Premises.choices)
        ),
        Column("premises_since", label(office, "premises_since"), "date"),
        Column("address", label(office, "address"), "text", width=30),
        Column("phone", label(office, "phone"), "phone"),
        Column("opened_on", label(office, "opened_on"), "date"),
        Column("neighbourhoods", label(office, "neighbourhoods"), "text", width=40),
        Column("notes", label(office, "notes"), "text", width=30),
    ]


def allowed_values() -> list[tuple[str, list[str]]]:
    """The lists a cell must be chosen from, for the template's second sheet."""
    office = FacilitationOffice
    return [
        (label(office, "county"), county_names()),
        (label(office, "status"), list(choices(office.Status.choices))),
        (label(office, "premises"), list(choices(office.Premises.choices))),
    ]


@dataclass
class Write:
    """One office to save; its neighbourhoods to set (None: as they are) and whether its
    premises change (and so go into its premises history)."""

    office: FacilitationOffice
    save: bool
    neighbourhoods: set | None
    premises_changed: bool


def _code(row: Row) -> str:
    return same_code(row.values.get("code") or "")


def _existing(rows: list[Row], *, lock: bool):
    """The offices already registered under the file's codes (by code, any letter case), and
    the neighbourhoods each of them serves."""
    codes = {_code(r) for r in rows} - {""}
    offices = {}
    for chunk in chunks(codes):
        query = FacilitationOffice.objects.annotate(code_key=Lower("code")).filter(
            code_key__in=chunk
        )
        for office in query.select_for_update(of=("self",)) if lock else query:
            offices[same_code(office.code)] = office
    served = {pk: set() for pk in (o.pk for o in offices.values())}
    through = FacilitationOffice.neighbourhoods.through.objects
    for chunk in chunks(served):
        pairs = through.filter(facilitationoffice_id__in=chunk).values_list(
            "facilitationoffice_id", "neighbourhood_id"
        )
        for office_id, neighbourhood_id in pairs:
            served[office_id].add(neighbourhood_id)
    return offices, served


def _neighbourhoods(rows: list[Row]) -> dict:
    """The neighbourhoods of the file's counties, by (county, name as searched): a name typed
    with a space for its half-space, or Arabic letters, is still found."""
    counties = {r.values.get("county") for r in rows} - {None, ""}
    found = {}
    query = Neighbourhood.objects.filter(county_id__in=counties).values_list(
        "pk", "county_id", "name"
    )
    for pk, county_id, name in query:
        found[(county_id, search_text(name))] = pk
    return found


def _served(row: Row, column: Column, known: dict, county_names: dict) -> set | None:
    """The neighbourhoods the row names, each one of its county's; None if one is unknown."""
    county = row.values.get("county")
    names = [
        normalize_text(n, single_line=True)
        for n in SEPARATORS.split(row.values.get("neighbourhoods") or "")
    ]
    result, missing = set(), False
    for name in dict.fromkeys(n for n in names if n):
        pk = known.get((county, search_text(name)))
        if pk is None:
            missing = True
            if county:
                row.add_error(
                    column,
                    _(
                        "%(county)s has no neighbourhood called «%(name)s»: correct the name, "
                        "or import the neighbourhoods first."
                    )
                    % {"county": county_names[county], "name": name},
                )
        else:
            result.add(pk)
    return None if missing else result


def check(rows: list[Row], *, lock: bool = False) -> Plan:
    """What importing the rows would do, row by row; writes nothing."""
    by_key = {c.key: c for c in columns()}
    duplicates(rows, _code, by_key["code"], _("the same office code is also on row %(row)s."))
    offices, served = _existing(rows, lock=lock)
    known = _neighbourhoods(rows)
    names = dict(County.objects.values_list("pk", "name"))
    plan = Plan()
    for row in rows:
        values = row.values
        office = offices.get(_code(row))
        outcome = "update" if office else "new"
        if office is None:
            office = FacilitationOffice(code=values.get("code") or "")
        before = {f: getattr(office, f) for f in [*UPDATED_FIELDS, "premises_since"]}
        office.name = values.get("name") or ""
        office.county_id = values.get("county") or None
        office.status = values.get("status") or office.status
        for name in ("address", "phone", "notes"):
            setattr(office, name, values.get(name) or "")
        office.opened_on = values.get("opened_on")
        premises_changed = _premises(row, office, outcome, by_key)
        try:
            office.full_clean(
                exclude=unfilled(row, by_key, extra=["county"]),
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            model_errors(row, error, by_key, "name")
        neighbourhoods = _served(row, by_key["neighbourhoods"], known, names)
        if neighbourhoods is not None and neighbourhoods == served.get(office.pk):
            neighbourhoods = None  # as they are
        fields_changed = any(getattr(office, f) != before[f] for f in UPDATED_FIELDS)
        since_changed = office.premises_since != before["premises_since"]
        changed = fields_changed or since_changed or premises_changed or neighbourhoods is not None
        if outcome == "update" and not changed:
            outcome = "unchanged"
        outcome = plan.add_result(row, outcome, values.get("name") or "", values.get("code") or "")
        write = Write(
            office,
            save=outcome == "new" or fields_changed or (since_changed and not premises_changed),
            neighbourhoods=neighbourhoods,
            premises_changed=premises_changed,
        )
        if outcome == "new":
            plan.new.append(write)
        elif outcome == "update":
            plan.updated.append(write)
    return plan


def _premises(row: Row, office, outcome: str, by_key: dict) -> bool:
    """Set the office's premises from the row; whether they change (a new office's do).

    As in the admin's office form: a change of premises dates from the date in the row if it
    was changed too, else from today (or the opening day, if later).
    """
    values = row.values
    typed = values.get("premises_since")
    premises = values.get("premises")
    changed = outcome == "new" or bool(premises and premises != office.premises)
    if not changed:
        office.premises_since = typed
        return False
    if typed and (outcome == "new" or typed != office.premises_since):
        since = typed
    else:
        since = latest_premises_date(office.opened_on)
    office.premises = premises or office.premises
    office.premises_since = since
    if office.opened_on and since < office.opened_on:
        row.add_error(
            by_key["premises_since"], _("The premises cannot change before the office opened.")
        )
    return True


def write(plan: Plan, *, user, reason: str) -> None:
    """Each office saved, its neighbourhoods set and its premises history continued; every
    record's history names the user and the file."""
    for item in [*plan.new, *plan.updated]:
        office = item.office
        office._history_user = user
        office._change_reason = reason
        if item.save:
            office.save()
        if item.neighbourhoods is not None:
            office.neighbourhoods.set(item.neighbourhoods)
        if item.premises_changed:
            change = office_change_premises(
                office=office, premises=office.premises, since=office.premises_since, note=reason
            )
            # Written by the service, which is not told who acts: the history says it here.
            change.history.all().update(history_user=user, history_change_reason=reason)
