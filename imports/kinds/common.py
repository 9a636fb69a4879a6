"""What the kinds of import of places and people share: the plan of writes, the lists a cell
is chosen from, a key repeated in the file, and the models' own messages put on their cells."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from offices.formatting import digits_for_reader
from offices.models import County
from offices.text import normalize_text

from ..reading import NO, YES, Column, Row


@dataclass
class Plan:
    """The records a file would add and change, and every row's result for the preview."""

    new: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    results: list = field(default_factory=list)

    @property
    def error_count(self) -> int:
        return sum(1 for r in self.results if r["outcome"] == "error")

    def add_result(self, row: Row, outcome: str, label: str, key: str = "") -> str:
        """Record the row's result; a row with errors is an error whatever it would have done."""
        if row.errors:
            outcome = "error"
        self.results.append(
            {
                "row": row.number,
                "outcome": outcome,
                "label": label,
                "key": key,
                "errors": row.errors,
            }
        )
        return outcome


def label(model, name) -> str:
    return str(model._meta.get_field(name).verbose_name)


def choices(pairs) -> dict:
    """Labels as a cell holds them (normalised) → the value stored."""
    return {normalize_text(str(text), single_line=True): value for value, text in pairs}


def county_choices() -> dict:
    """A county by its name or by its code (in any letter case): the code is what other
    systems' lists carry."""
    result = {}
    for pk, name, code in County.objects.values_list("pk", "name", "code"):
        for key in (code, code.lower(), code.upper()):
            result[normalize_text(key, single_line=True)] = pk
        result[normalize_text(name, single_line=True)] = pk
    return result


def county_names() -> list[str]:
    """The counties as the template's list offers them (by name; a code is read too)."""
    return [
        normalize_text(n, single_line=True) for n in County.objects.values_list("name", flat=True)
    ]


YES_NO = ["بله", "خیر"]


def yes_no_choices() -> dict:
    """For a yes/no cell whose empty value is not «no»: read as a list, so empty stays empty."""
    pairs = {**dict.fromkeys(YES, True), **dict.fromkeys(NO, False)}
    return {**pairs, **{k.capitalize(): v for k, v in pairs.items()}}


def duplicates(rows: list[Row], key_of, column: Column, message) -> None:
    """A key that must be unique in the file: both rows are told about each other."""
    seen = {}
    for row in rows:
        key = key_of(row)
        if not key:
            continue
        if key in seen:
            first = seen[key]
            row.add_error(column, message % {"row": digits_for_reader(first.number)})
            first.add_error(column, message % {"row": digits_for_reader(row.number)})
        else:
            seen[key] = row


def model_errors(row: Row, error: ValidationError, by_key: dict, fallback: str) -> None:
    """The model's validation messages, each on its column's cell (else on `fallback`'s)."""
    for name, messages in error.message_dict.items():
        column = by_key.get(name) or by_key[fallback]
        for message in messages:
            row.add_error(column, message)


def constraint_message(model, name) -> str:
    constraint = next(c for c in model._meta.constraints if c.name == name)
    return str(constraint.violation_error_message)


def chunks(values, size=2000):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def same_code(code: str) -> str:
    """Codes are matched whatever their letter case: «urm-01» is the office URM-01."""
    return code.casefold()


def unfilled(row: Row, by_key: dict, extra=()) -> list[str]:
    """Fields to leave out of the model's validation: a required cell left empty (the reader
    has said so already) and `extra`, checked by the kind itself."""
    empty = [k for k, c in by_key.items() if c.required and row.values.get(k) in (None, "")]
    return [*extra, *empty]
