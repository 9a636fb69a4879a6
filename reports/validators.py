"""Checks on uploaded attachments: size, and type read from the file's content."""

import os
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from offices.formatting import format_filesize, join_for_reader
from offices.validators import validate_not_in_the_future  # noqa: F401 (migrations name it here)

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS_PER_REPORT = 5

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


def validate_attachment(file):
    """Refuse files that are too large, of a type not allowed, or not what their name says."""
    allowed = join_for_reader(
        sorted({e.lstrip(".").upper() for e in ALLOWED_TYPES if e != ".jpeg"})
    )
    if file.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s). Each file may be at most %(limit)s.")
            % {"size": format_filesize(file.size), "limit": format_filesize(MAX_ATTACHMENT_BYTES)},
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
