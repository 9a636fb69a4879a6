"""Facilitators of the offices, matched by their office's code and their name.

A row naming a person the office already has updates them (role, phone, since when,
training, whether still active); any other row adds a facilitator to that office, which
must be registered (import the offices first).
"""

from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from offices.formatting import digits_for_reader
from offices.models import FacilitationOffice, Facilitator

from ..reading import Column, Row
from .common import (
    YES_NO,
    Plan,
    choices,
    chunks,
    duplicates,
    label,
    model_errors,
    same_code,
    unfilled,
    yes_no_choices,
)

# Written to a facilitator who is updated (their office and name are what they are matched by).
UPDATED_FIELDS = ["role", "phone", "since", "training_completed", "active"]
BATCH = 500


def columns() -> list[Column]:
    """The template's columns, in order; headers in the active language (Persian)."""
    return [
        Column("office", _("Office code"), "code", True),
        Column("name", _("Facilitator's name"), "line", True, width=30),
        Column(
            "role", label(Facilitator, "role"), "choice", choices=choices(Facilitator.Role.choices)
        ),
        Column("phone", label(Facilitator, "phone"), "phone"),
        Column("since", label(Facilitator, "since"), "date"),
        Column("training_completed", label(Facilitator, "training_completed"), "bool", width=24),
        # Empty is «yes»: a list of an office's people is a list of those working there.
        Column("active", label(Facilitator, "active"), "choice", choices=yes_no_choices()),
    ]


def allowed_values() -> list[tuple[str, list[str]]]:
    """The lists a cell must be chosen from, for the template's second sheet."""
    return [
        (label(Facilitator, "role"), list(choices(Facilitator.Role.choices))),
        (label(Facilitator, "training_completed"), YES_NO),
        (label(Facilitator, "active"), YES_NO),
    ]


def _offices(rows: list[Row]) -> dict:
    """The file's offices, by code in any letter case."""
    codes = {same_code(r.values.get("office") or "") for r in rows} - {""}
    found = {}
    for chunk in chunks(codes):
        query = FacilitationOffice.objects.annotate(code_key=Lower("code")).filter(
            code_key__in=chunk
        )
        for pk, code in query.values_list("pk", "code"):
            found[same_code(code)] = pk
    return found


def _existing(rows: list[Row], office_ids, *, lock: bool) -> dict:
    """The offices' facilitators with the file's names, by (office, name): a list, since two
    people of one office may share a name."""
    names = {r.values.get("name") for r in rows} - {None, ""}
    found = {}
    for chunk in chunks(names):
        query = Facilitator.objects.filter(office_id__in=office_ids, name__in=chunk).order_by("pk")
        for facilitator in query.select_for_update() if lock else query:
            found.setdefault((facilitator.office_id, facilitator.name), []).append(facilitator)
    return found


def check(rows: list[Row], *, lock: bool = False) -> Plan:
    """What importing the rows would do, row by row; writes nothing."""
    by_key = {c.key: c for c in columns()}
    offices = _offices(rows)
    for row in rows:
        code = row.values.get("office")
        row.values["office_id"] = offices.get(same_code(code or ""))
        if code and row.values["office_id"] is None:
            row.add_error(
                by_key["office"],
                _("no office has the code «%(code)s»: correct it, or import the offices first.")
                % {"code": code},
            )

    def key(row):
        office_id, name = row.values.get("office_id"), row.values.get("name")
        return (office_id, name) if office_id and name else None

    duplicates(
        rows, key, by_key["name"], _("the same person of the same office is also on row %(row)s.")
    )
    existing = _existing(rows, set(offices.values()), lock=lock)
    plan = Plan()
    now = timezone.now()
    for row in rows:
        values = row.values
        matches = existing.get(key(row), [])
        if len(matches) > 1:
            row.add_error(
                by_key["name"],
                _(
                    "this office has %(count)s facilitators of this name: tell them apart on "
                    "the office's facilitators page first."
                )
                % {"count": digits_for_reader(len(matches))},
            )
        facilitator = matches[0] if matches else None
        outcome = "update" if facilitator else "new"
        if facilitator is None:
            facilitator = Facilitator(
                office_id=values.get("office_id"), name=values.get("name") or ""
            )
        before = {f: getattr(facilitator, f) for f in UPDATED_FIELDS}
        facilitator.role = values.get("role") or Facilitator.Role.FACILITATOR
        facilitator.phone = values.get("phone") or ""
        facilitator.since = values.get("since")
        facilitator.training_completed = bool(values.get("training_completed"))
        active = values.get("active")
        facilitator.active = True if active in (None, "") else active
        try:
            facilitator.full_clean(
                exclude=unfilled(row, by_key, extra=["office"]),
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            model_errors(row, error, by_key, "name")
        if outcome == "update" and all(
            getattr(facilitator, f) == before[f] for f in UPDATED_FIELDS
        ):
            outcome = "unchanged"
        outcome = plan.add_result(
            row, outcome, values.get("name") or "", values.get("office") or ""
        )
        if outcome == "new":
            plan.new.append(facilitator)
        elif outcome == "update":
            facilitator.updated_at = now
            plan.updated.append(facilitator)
    return plan


def write(plan: Plan, *, user, reason: str) -> None:
    """The plan's writes, in batches, each record's history naming the user and the file."""
    history = {"default_user": user, "default_change_reason": reason, "batch_size": BATCH}
    bulk_create_with_history(plan.new, Facilitator, **history)
    if plan.updated:
        bulk_update_with_history(
            plan.updated, Facilitator, [*UPDATED_FIELDS, "updated_at"], **history
        )
