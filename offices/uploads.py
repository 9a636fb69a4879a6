"""Uploaded files keep their Persian names.

Django's multipart parser drops every non-printable character from an uploaded
file's name, and the zero-width non-joiner (U+200C) counts as one — yet it is part
of Persian spelling («نامه‌ی دفتر.pdf»). This is Django's own sanitising, path
separators and all, except that the joiners stay (bidi controls still go). The
name is only shown and offered on download: files are stored under random names.
"""

import html

from django.http.multipartparser import MultiPartParser

from .text import BIDI_CONTROLS

JOINERS = {"\u200c", "\u200d"}


def sanitize_file_name(self, file_name):
    file_name = html.unescape(file_name)
    file_name = file_name.rsplit("/")[-1]
    file_name = file_name.rsplit("\\")[-1]
    file_name = BIDI_CONTROLS.sub("", file_name)
    file_name = "".join(c for c in file_name if c.isprintable() or c in JOINERS)
    if file_name.strip("".join(JOINERS)) in {"", ".", ".."}:
        return None
    return file_name


def install():
    MultiPartParser.sanitize_file_name = sanitize_file_name
    MultiPartParser.IE_sanitize = sanitize_file_name
