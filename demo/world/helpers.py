"""Small helpers for seeding: a made-up PNG, valid national IDs, dates and counts."""

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
