"""Form fields for text people type: the same cleaning as the model fields that keep it."""

from django import forms

from .formatting import digits_for_reader
from .text import normalize_text

# The longest description, note or comment kept (characters).
TEXT_LIMIT = 10_000


class ReaderDigitsInput(forms.TextInput):
    """A box for a number, code or phone whose digits are read back in any script: the
    value it is filled with shows the reader's digits (Persian in Persian), left to right."""

    def __init__(self, attrs=None):
        super().__init__({"dir": "ltr", **(attrs or {})})

    def format_value(self, value):
        value = super().format_value(value)
        return None if value is None else digits_for_reader(value)


class LineField(forms.CharField):
    """One line of text: Persian letters, no bidi controls, and nothing visible is empty."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_text(value, single_line=True) if isinstance(value, str) else value


class TextField(forms.CharField):
    """Free text (a description, a note, a comment): Persian letters, line breaks kept,
    nothing visible is empty, at most TEXT_LIMIT characters unless said otherwise."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", TEXT_LIMIT)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_text(value) if isinstance(value, str) else value
