"""Small helpers for seeding: a made-up PNG and PDF, valid national IDs, dates and counts."""

import datetime
import struct
import zlib
from dataclasses import dataclass, field

import jdatetime

from ngos.validators import national_id_check_digit


def demo_png(seed: int, width: int = 160, height: int = 90) -> bytes:
    """A small, plain-coloured PNG image, made here so the demo needs no files."""
    colour = bytes([(seed * 53) % 256, (seed * 97) % 256, (seed * 151) % 256])
    rows = b"".join(b"\x00" + colour * width for _ in range(height))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def demo_pdf(title: str = "Demo document") -> bytes:
    """A one-page PDF with a line of (ASCII) text, made here so the demo needs no files."""
    text = title.replace("\\", "").replace("(", "").replace(")", "")
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("ascii", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def demo_national_id(serial: int) -> str:
    first_ten = f"15{serial:06d}10"
    return first_ten + str(national_id_check_digit(first_ten))


def jalali_year_start(year: int) -> datetime.date:
    return jdatetime.date(year, 1, 1).togregorian()


@dataclass
class Counts:
    made: dict = field(default_factory=dict)

    def add(self, label: str, n: int = 1):
        if n:
            self.made[label] = self.made.get(label, 0) + n
