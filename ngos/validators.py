import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from offices.text import normalize_code

_COEFFICIENTS = (29, 27, 23, 19, 17)


def national_id_check_digit(first_ten: str) -> int:
    """The check digit of an Iranian legal entity's national ID (شناسه ملی).

    Each of the first ten digits plus (the tenth digit + 2), weighted 29, 27,
    23, 19, 17 in turn, summed, modulo 11; a remainder of 10 counts as 0.
    """
    shift = int(first_ten[9]) + 2
    total = sum((shift + int(d)) * _COEFFICIENTS[i % 5] for i, d in enumerate(first_ten))
    return total % 11 % 10


def is_valid_national_id(value: str) -> bool:
    """11 digits, not all zero, a non-zero serial part, and the right check digit."""
    if not re.fullmatch(r"\d{11}", value) or int(value) == 0 or int(value[3:9]) == 0:
        return False
    return national_id_check_digit(value[:10]) == int(value[10])


def validate_national_id(value):
    value = normalize_code(value)
    if not re.fullmatch(r"\d{11}", value):
        raise ValidationError(
            _("The national ID must be exactly 11 digits."), code="national_id_length"
        )
    if not is_valid_national_id(value):
        raise ValidationError(
            _("This national ID is not valid: its check digit does not match. Check the number."),
            code="national_id_checksum",
        )
