"""Neighbourhoods, matched by their county and name: columns, checks and the writes.

A neighbourhood's name is unique within its county, so a row naming a neighbourhood the
county already has updates it (its kind, population, households and location); any other
row adds one. The county may be given by its name or its code.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from offices.models import Neighbourhood

from ..reading import Column, Row
from .common import (
    Plan,
    choices,
    chunks,
    constraint_message,
    county_choices,
    county_names,
    duplicates,
    label,
    model_errors,
    unfilled,
)

FIELDS = ["county", "name", "kind", "population", "households", "latitude", "longitude"]
# Written to a neighbourhood that is updated (its county and name are what it is matched by).
UPDATED_FIELDS = ["kind", "population", "households", "latitude", "longitude"]
# The model keeps six decimal places (about 10 cm): more, as a spreadsheet computes, is rounded.
PLACES = Decimal("0.000001")
BATCH = 500


def columns() -> list[Column]:
    """The template's columns, in order; headers in the active language (Persian)."""
    return [
        Column("county", label(Neighbourhood, "county"), "choice", True, county_choices()),
        Column("name", _("Neighbourhood name"), "line", True, width=30),
        Column(
            "kind",
            label(Neighbourhood, "kind"),
            "choice",
            choices=choices(Neighbourhood.Kind.choices),
        ),
        Column("population", label(Neighbourhood, "population"), "int"),
        Column("households", label(Neighbourhood, "households"), "int"),
        Column("latitude", label(Neighbourhood, "latitude"), "decimal"),
        Column("longitude", label(Neighbourhood, "longitude"), "decimal"),
    ]


def allowed_values() -> list[tuple[str, list[str]]]:
    """The lists a cell must be chosen from, for the template's second sheet."""
    kinds = choices(Neighbourhood.Kind.choices)
    return [
        (label(Neighbourhood, "county"), county_names()),
        (label(Neighbourhood, "kind"), list(kinds)),
    ]


def _key(row: Row):
    county, name = row.values.get("county"), row.values.get("name")
    return (county, name) if county and name else None


def _existing(rows: list[Row], *, lock: bool) -> dict:
    """The neighbourhoods already registered under the file's names, by (county, name)."""
    names = {r.values.get("name") for r in rows} - {None, ""}
    found = {}
    for chunk in chunks(names):
        query = Neighbourhood.objects.filter(name__in=chunk)
        for neighbourhood in query.select_for_update() if lock else query:
            found[(neighbourhood.county_id, neighbourhood.name)] = neighbourhood
    return found


def _rounded(value):
    return value.quantize(PLACES) if value is not None and -value.as_tuple().exponent > 6 else value


def check(rows: list[Row], *, lock: bool = False) -> Plan:
    """What importing the rows would do, row by row; writes nothing."""
    by_key = {c.key: c for c in columns()}
    duplicates(
        rows,
        _key,
        by_key["name"],
        _("the same neighbourhood of the same county is also on row %(row)s."),
    )
    existing = _existing(rows, lock=lock)
    households_message = constraint_message(
        Neighbourhood, "neighbourhood_households_not_above_population"
    )
    plan = Plan()
    now = timezone.now()
    for row in rows:
        values = row.values
        neighbourhood = existing.get(_key(row))
        outcome = "update" if neighbourhood else "new"
        if neighbourhood is None:
            neighbourhood = Neighbourhood(county_id=values.get("county") or None)
            neighbourhood.name = values.get("name") or ""
        before = {f: getattr(neighbourhood, f) for f in UPDATED_FIELDS}
        neighbourhood.kind = values.get("kind") or Neighbourhood.Kind.INFORMAL
        neighbourhood.population = values.get("population")
        neighbourhood.households = values.get("households")
        neighbourhood.latitude = _rounded(values.get("latitude"))
        neighbourhood.longitude = _rounded(values.get("longitude"))
        try:
            neighbourhood.full_clean(
                exclude=unfilled(row, by_key, extra=["county"]),
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            model_errors(row, error, by_key, "name")
        population, households = neighbourhood.population, neighbourhood.households
        if population is not None and households is not None and households > population:
            row.add_error(by_key["households"], households_message)
        changed = any(getattr(neighbourhood, f) != before[f] for f in UPDATED_FIELDS)
        if outcome == "update" and not changed:
            outcome = "unchanged"
        outcome = plan.add_result(row, outcome, values.get("name") or "")
        if outcome == "new":
            plan.new.append(neighbourhood)
        elif outcome == "update":
            neighbourhood.updated_at = now
            plan.updated.append(neighbourhood)
    return plan


def write(plan: Plan, *, user, reason: str) -> None:
    """The plan's writes, in batches, each record's history naming the user and the file."""
    history = {"default_user": user, "default_change_reason": reason, "batch_size": BATCH}
    bulk_create_with_history(plan.new, Neighbourhood, **history)
    if plan.updated:
        bulk_update_with_history(
            plan.updated, Neighbourhood, [*UPDATED_FIELDS, "updated_at"], **history
        )
