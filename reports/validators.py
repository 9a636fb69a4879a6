"""Checks on uploaded attachments: the shared document checks (size, and type read from
the file's content) of `offices.validators`, under the names the migrations use."""

from offices.validators import (  # noqa: F401 (migrations and tests name them here)
    ALLOWED_TYPES,
    MAX_DOCUMENT_BYTES,
    detect_type,
    validate_document,
    validate_not_in_the_future,
)

MAX_ATTACHMENT_BYTES = MAX_DOCUMENT_BYTES
MAX_ATTACHMENTS_PER_REPORT = 5


def validate_attachment(file):
    """Refuse files that are too large, of a type not allowed, or not what their name says."""
    validate_document(file)
