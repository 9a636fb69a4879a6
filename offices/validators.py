"""Validators shared by every app, with messages in the user's language."""

import os
import re
import zipfile

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .formatting import format_filesize, join_for_reader
from .text import normalize_phone

MOBILE_RE = re.compile(r"^09\d{9}$")
# 0 + a two-digit area code (11..87) + an eight-digit subscriber number.
LANDLINE_RE = re.compile(r"^0[1-8]\d{9}$")


def validate_mobile(value):
    if not MOBILE_RE.match(normalize_phone(value)):
        raise ValidationError(
            _("Enter a mobile number of 11 digits starting with 09, for example 09141234567."),
            code="invalid_mobile",
        )


def validate_landline(value):
    if not LANDLINE_RE.match(normalize_phone(value)):
        raise ValidationError(
            _("Enter a landline number of 11 digits with its area code, for example 04433445566."),
            code="invalid_landline",
        )


def validate_phone(value):
    phone = normalize_phone(value)
    if not (MOBILE_RE.match(phone) or LANDLINE_RE.match(phone)):
        raise ValidationError(
            _(
                "Enter an Iranian phone number of 11 digits: a mobile starting with 09 "
                "or a landline with its area code, for example 04433445566."
            ),
            code="invalid_phone",
        )


def validate_not_in_the_future(day):
    """A date something happened (was seen, issued, visited) cannot be after today (Tehran)."""
    if day is not None and day > timezone.localdate():
        raise ValidationError(_("This date is in the future."), code="future")


# The Jalali date field reads this mark: its date picker then greys out the days after today.
validate_not_in_the_future.max_is_today = True


# -- uploaded documents (report attachments, licence scans, ...) -------------------

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024

# extension -> (content type, a test on the first bytes / the file)
ALLOWED_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _office_document_kind(file) -> str | None:
    """'.docx' or '.xlsx' when the file is a real Office Open XML package."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        file.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return ".docx"
    if "xl/workbook.xml" in names:
        return ".xlsx"
    return None


def detect_type(file) -> str | None:
    """The extension that the file's content shows it to be, or None."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return ".pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return ".jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return ".png"
    if head.startswith(b"PK\x03\x04"):
        return _office_document_kind(file)
    return None


def validate_document(file):
    """Refuse files that are too large, of a type not allowed, or not what their name says."""
    allowed = join_for_reader(
        sorted({e.lstrip(".").upper() for e in ALLOWED_TYPES if e != ".jpeg"})
    )
    if file.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s). Each file may be at most %(limit)s.")
            % {"size": format_filesize(file.size), "limit": format_filesize(MAX_DOCUMENT_BYTES)},
            code="file_too_large",
        )
    extension = os.path.splitext(file.name)[1].lower()
    if extension not in ALLOWED_TYPES:
        raise ValidationError(
            _("Files of this type are not accepted. Allowed types: %(types)s.")
            % {"types": allowed},
            code="file_type",
        )
    detected = detect_type(file)
    same = {".jpg": {".jpg", ".jpeg"}}.get(detected, {detected})
    if extension not in same:
        raise ValidationError(
            _(
                "The content of this file does not match its name (%(ext)s). Allowed types: %(types)s."
            )
            % {"ext": extension.lstrip(".").upper(), "types": allowed},
            code="file_content",
        )
