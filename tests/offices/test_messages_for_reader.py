"""Messages in the reader's digits, with what must stay as typed kept as typed: e-mail and
web addresses, and file names («s1.py», not «s۱.py»); Django's own wording where its
Persian reads oddly."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from offices.formatting import join_for_reader, text_for_reader
from offices.forms import DigitsIntegerField


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("s1.py: پذیرفته نمی‌شود.", "s1.py: پذیرفته نمی‌شود."),
        (
            "پرونده «report-2.pdf» بیش از 10 مگابایت است",
            "پرونده «report-2.pdf» بیش از ۱۰ مگابایت است",
        ),
        ("عکس2.JPG و 1405.docx، 3 پرونده", "عکس2.JPG و 1405.docx، ۳ پرونده"),
        ("حجم 11.5 مگابایت", "حجم ۱۱.۵ مگابایت"),  # a decimal number is no file name
        (
            "به a1@example.ir یا https://x.ir/2 بنویسید: 4",
            "به a1@example.ir یا https://x.ir/2 بنویسید: ۴",
        ),
    ],
)
def test_file_names_and_addresses_keep_their_digits_the_rest_turn_persian(text, shown):
    assert text_for_reader(text, "fa") == shown


def test_in_english_nothing_changes():
    assert text_for_reader("s1.py: 3 files", "en") == "s1.py: 3 files"


def test_a_list_in_running_text_takes_the_readers_comma():
    assert join_for_reader(["DOCX", "JPG", "PDF"], "fa") == "DOCX، JPG، PDF"
    assert join_for_reader(["DOCX", "JPG", "PDF"], "en") == "DOCX, JPG, PDF"


def test_a_number_that_is_not_whole_is_refused_in_plain_persian():
    field = DigitsIntegerField()
    with translation.override("fa"), pytest.raises(ValidationError) as refused:
        field.clean("دو")
    assert refused.value.messages == ["یک عدد صحیح وارد کنید."]
