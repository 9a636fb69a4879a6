"""NGOs with their latest licence, matched by national ID: columns, checks and the writes.

Each row is checked with the models' own validation (`full_clean`: the national ID's check
digit, no founding date after today, the licence dates…) and with their constraints, which
are checked here in Python against what was read beforehand, so that 5,000 rows need a
handful of queries rather than several per row.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from ngos.models import NGO, Licence, LicensingAuthority
from offices.formatting import digits_for_reader
from offices.models import County
from offices.text import normalize_text

from ..reading import Column, Row

NGO_FIELDS = [
    "name",
    "national_id",
    "registration_number",
    "county",
    "scope",
    "status",
    "contact_person",
    "phone",
    "email",
    "address",
    "founded_on",
    "members",
    "insured_members",
    "works_with_disabilities",
]
LICENCE_FIELDS = ["number", "authority", "issued_on", "expires_on"]
# Written to an NGO that is updated (the national ID is what it is matched by).
UPDATED_FIELDS = [f if f != "county" else "county_id" for f in NGO_FIELDS if f != "national_id"]
BATCH = 500


def _label(model, name) -> str:
    return str(model._meta.get_field(name).verbose_name)


def _choices(pairs) -> dict:
    return {normalize_text(str(label), single_line=True): value for value, label in pairs}


def columns() -> list[Column]:
    """The template's columns, in order; headers in the active language (Persian)."""
    kinds = {
        "registration_number": "code",
        "national_id": "code",
        "phone": "phone",
        "address": "text",
        "founded_on": "date",
        "members": "int",
        "insured_members": "int",
        "works_with_disabilities": "bool",
    }
    choices = {
        "county": _choices(County.objects.values_list("pk", "name")),
        "scope": _choices(NGO.Scope.choices),
        "status": _choices(NGO.Status.choices),
    }
    result = []
    for name in NGO_FIELDS:
        header = _("NGO name") if name == "name" else _label(NGO, name)
        kind = "choice" if name in choices else kinds.get(name, "line")
        result.append(
            Column(
                name,
                header,
                kind,
                required=name in ("name", "national_id", "county"),
                choices=choices.get(name, {}),
                width=30 if name in ("name", "address") else 18,
            )
        )
    authorities = _choices(LicensingAuthority.objects.values_list("pk", "name"))
    for name in LICENCE_FIELDS:
        kind = {"authority": "choice", "number": "code"}.get(name, "date")
        header = _label(Licence, name)
        result.append(
            Column(
                f"licence_{name}",
                header,
                kind,
                choices=authorities if name == "authority" else {},
                width=30 if name == "authority" else 18,
            )
        )
    return result


def allowed_values() -> list[tuple[str, list[str]]]:
    """The lists a cell must be chosen from, for the template's second sheet."""
    return [(c.header, list(c.choices)) for c in columns() if c.kind == "choice"] + [
        (_label(NGO, "works_with_disabilities"), ["بله", "خیر"])
    ]


@dataclass
class Plan:
    new_ngos: list = field(default_factory=list)
    updated_ngos: list = field(default_factory=list)
    new_licences: list = field(default_factory=list)
    updated_licences: list = field(default_factory=list)
    results: list = field(default_factory=list)

    @property
    def error_count(self) -> int:
        return sum(1 for r in self.results if r["outcome"] == "error")


def _chunks(values, size=2000):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _existing(rows: list[Row], *, lock: bool):
    """The NGOs already registered under the file's national IDs, and the licences
    already issued under its licence numbers (one query per 2,000 of each)."""
    ids = {r.values.get("national_id") for r in rows} - {None, ""}
    numbers = {r.values.get("licence_number") for r in rows} - {None, ""}
    ngos, licences = {}, {}
    for chunk in _chunks(ids):
        query = NGO.objects.filter(national_id__in=chunk)
        for ngo in query.select_for_update() if lock else query:
            ngos[ngo.national_id] = ngo
    for chunk in _chunks(numbers):
        for licence in Licence.objects.filter(number__in=chunk):
            licences[(licence.authority_id, licence.number)] = licence
    return ngos, licences


def _duplicates(rows: list[Row], key: str, columns_by_key: dict, message) -> None:
    """A value that must be unique in the file: both rows are told about each other."""
    seen = {}
    for row in rows:
        value = row.values.get(key)
        if not value:
            continue
        if value in seen:
            first = seen[value]
            column = columns_by_key[key]
            row.add_error(column, message % {"row": digits_for_reader(first.number)})
            first.add_error(column, message % {"row": digits_for_reader(row.number)})
        else:
            seen[value] = row


def _model_errors(row: Row, error: ValidationError, columns_by_key: dict, prefix="") -> None:
    for name, messages in error.message_dict.items():
        fallback = "licence_number" if prefix else "name"
        column = columns_by_key.get(prefix + name) or columns_by_key[fallback]
        for message in messages:
            row.add_error(column, message)


def _constraint_message(model, name) -> str:
    constraint = next(c for c in model._meta.constraints if c.name == name)
    return str(constraint.violation_error_message)


def check(rows: list[Row], *, lock: bool = False) -> Plan:
    """What importing the rows would do, row by row; writes nothing."""
    by_key = {c.key: c for c in columns()}
    _duplicates(rows, "national_id", by_key, _("the same national ID is also on row %(row)s."))
    for row in rows:  # one licence number per authority, in the file as in the registry
        number = row.values.get("licence_number")
        if number and row.values.get("licence_authority"):
            row.values["licence_key"] = (row.values["licence_authority"], number)
    _duplicates(
        rows,
        "licence_key",
        {**by_key, "licence_key": by_key["licence_number"]},
        _("the same licence number of the same authority is also on row %(row)s."),
    )
    ngos, licences = _existing(rows, lock=lock)
    insured_message = _constraint_message(NGO, "ngo_insured_not_above_members")
    expiry_message = _constraint_message(Licence, "licence_expires_after_issue")
    plan = Plan()
    now = timezone.now()
    for row in rows:
        values = row.values
        ngo = ngos.get(values.get("national_id"))
        outcome = "new" if ngo is None else "update"
        if ngo is None:
            ngo = NGO()
        before = {f: getattr(ngo, f) for f in UPDATED_FIELDS}
        for name in NGO_FIELDS:
            if name not in values:
                continue
            value = values[name]
            if name == "county":
                ngo.county_id = value or None
            elif name in ("scope", "status"):
                setattr(ngo, name, value or NGO._meta.get_field(name).default)
            elif name in ("members", "insured_members"):
                setattr(ngo, name, value or 0)
            elif name == "founded_on":
                ngo.founded_on = value
            else:
                setattr(ngo, name, "" if value is None else value)
        skipped = [n for n in NGO_FIELDS if n not in values] + ["county"]
        try:
            ngo.full_clean(exclude=skipped, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            _model_errors(row, error, by_key)
        if ngo.insured_members > ngo.members:
            row.add_error(by_key["insured_members"], insured_message)
        licence, licence_outcome = _licence(row, ngo, licences, by_key, expiry_message)
        if outcome == "update" and all(getattr(ngo, f) == before[f] for f in UPDATED_FIELDS):
            outcome = "unchanged" if licence_outcome is None else "update"
        if row.errors:
            outcome = "error"
        plan.results.append(
            {
                "row": row.number,
                "outcome": outcome,
                "label": values.get("name") or "",
                "key": values.get("national_id") or "",
                "errors": row.errors,
            }
        )
        if outcome == "error":
            continue
        ngo.search_text = ngo.build_search_text()
        if outcome == "new":
            plan.new_ngos.append(ngo)
        elif ngo.pk and any(getattr(ngo, f) != before[f] for f in UPDATED_FIELDS):
            ngo.updated_at = now
            plan.updated_ngos.append(ngo)
        if licence_outcome == "new":
            plan.new_licences.append(licence)
        elif licence_outcome == "update":
            licence.updated_at = now
            plan.updated_licences.append(licence)
    return plan


def _licence(row, ngo, licences, by_key, expiry_message):
    """The row's licence and whether it is new, changed or neither (None)."""
    keys = [f"licence_{n}" for n in LICENCE_FIELDS]
    filled = [k for k in keys if row.values.get(k) not in (None, "")]
    if not filled:
        return None, None
    if len(filled) < len(keys):
        for key in keys:
            if key not in filled and key in row.values:
                row.add_error(
                    by_key[key], _("fill in all four licence columns, or leave them all empty.")
                )
        return None, None
    values = {n: row.values[f"licence_{n}"] for n in LICENCE_FIELDS}
    existing = licences.get((values["authority"], values["number"]))
    if existing is not None and existing.ngo_id != ngo.pk:
        row.add_error(
            by_key["licence_number"],
            _("this authority already issued a licence with this number to another NGO."),
        )
        return None, None
    licence = existing or Licence(ngo=ngo, authority_id=values["authority"])
    before = (licence.number, licence.issued_on, licence.expires_on)
    licence.number = values["number"]
    licence.issued_on = values["issued_on"]
    licence.expires_on = values["expires_on"]
    try:
        licence.full_clean(
            exclude=["ngo", "authority"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        _model_errors(row, error, by_key, prefix="licence_")
    if licence.issued_on and licence.expires_on and licence.expires_on <= licence.issued_on:
        row.add_error(by_key["licence_expires_on"], expiry_message)
    if existing is None:
        return licence, "new"
    changed = before != (licence.number, licence.issued_on, licence.expires_on)
    return licence, "update" if changed else None


def write(plan: Plan, *, user, reason: str) -> None:
    """The plan's writes, in batches, each record's history naming the user and the file."""
    history = {"default_user": user, "default_change_reason": reason, "batch_size": BATCH}
    bulk_create_with_history(plan.new_ngos, NGO, **history)
    fields = [*UPDATED_FIELDS, "search_text", "updated_at"]
    fields = [f.removesuffix("_id") if f == "county_id" else f for f in fields]
    if plan.updated_ngos:
        bulk_update_with_history(plan.updated_ngos, NGO, fields, **history)
    # bulk_create sets each licence's ngo_id from its NGO, created just above.
    bulk_create_with_history(plan.new_licences, Licence, **history)
    if plan.updated_licences:
        bulk_update_with_history(
            plan.updated_licences, Licence, ["issued_on", "expires_on", "updated_at"], **history
        )
