"""Persian text normalisation and the phone validators."""

import pytest
from django.core.exceptions import ValidationError

from offices.text import normalize_code, normalize_digits, normalize_phone, normalize_text
from offices.validators import validate_landline, validate_mobile, validate_phone

ZWNJ = "\u200c"


def test_arabic_yeh_and_kaf_become_persian():
    assert normalize_text("كوي علي") == "کوی علی"


def test_zero_width_non_joiner_is_kept():
    assert normalize_text(f"تسهيل{ZWNJ}گري") == f"تسهیل{ZWNJ}گری"


def test_spaces_fold_but_line_breaks_stay():
    assert normalize_text("  یک   دو \n سه  ") == "یک دو\nسه"


def test_persian_and_arabic_indic_digits_become_ascii():
    assert normalize_digits("۱۲۳٤٥٦") == "123456"


def test_codes_lose_spaces_and_get_ascii_digits():
    assert normalize_code(" URM - ۰۱ ") == "URM-01"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("۰۹۱۴ ۱۲۳ ۴۵۶۷", "09141234567"),
        ("+98 914 123 4567", "09141234567"),
        ("0098-914-123-4567", "09141234567"),
        ("(044) 3344-5566", "04433445566"),
    ],
)
def test_phone_numbers_are_stored_as_plain_digits(typed, stored):
    assert normalize_phone(typed) == stored


@pytest.mark.parametrize("value", ["09141234567", "۰۹۱۴۱۲۳۴۵۶۷", "+989141234567"])
def test_valid_mobile_numbers_pass(value):
    validate_mobile(value)
    validate_phone(value)


@pytest.mark.parametrize(
    "value", ["0914123456", "091412345678", "08141234567", "9141234567", "abc"]
)
def test_invalid_mobile_numbers_are_refused_in_persian(value):
    with pytest.raises(ValidationError) as caught:
        validate_mobile(value)
    assert caught.value.code == "invalid_mobile"
    assert "۰۹" in caught.value.messages[0] or "09" in caught.value.messages[0]


@pytest.mark.parametrize("value", ["04433445566", "02188776655", "۰۴۴۳۳۴۴۵۵۶۶"])
def test_valid_landline_numbers_pass(value):
    validate_landline(value)
    validate_phone(value)


@pytest.mark.parametrize("value", ["4433445566", "0443344556", "09141234567", "00433445566"])
def test_invalid_landline_numbers_are_refused(value):
    with pytest.raises(ValidationError) as caught:
        validate_landline(value)
    assert caught.value.code == "invalid_landline"


@pytest.mark.parametrize("value", ["12345", "0914-12", "phone"])
def test_phone_field_refuses_what_is_neither_mobile_nor_landline(value):
    with pytest.raises(ValidationError) as caught:
        validate_phone(value)
    assert "شماره" in caught.value.messages[0]
