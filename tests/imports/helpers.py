"""Filled templates for the import tests: the template downloaded as an administrator would,
with rows written into it."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from ngos.models import LicensingAuthority
from tests.conftest import make_national_id

# The NGO template's columns, in order (tests/imports/test_template.py checks the headers).
KEYS = [
    "name",
    "national_id",
    "registration_number",
    "county",
    "scope",
    "status",
    "contact_person",
    "phone",
    "email",
    "address",
    "founded_on",
    "members",
    "insured_members",
    "works_with_disabilities",
    "licence_number",
    "licence_authority",
    "licence_issued_on",
    "licence_expires_on",
]


def ngo_row(serial: int, **values) -> dict:
    """A valid row: an NGO of Urmia with a licence from the first authority."""
    authority = LicensingAuthority.objects.order_by("pk").first()
    row = {
        "name": f"انجمن آزمایشی {serial}",
        "national_id": make_national_id(serial),
        "county": "ارومیه",
        "scope": "شهرستان",
        "status": "فعال",
        "phone": "04433445566",
        "founded_on": "1398/05/12",
        "members": 20,
        "insured_members": 5,
        "works_with_disabilities": "بله",
        "licence_number": f"L-{serial}",
        "licence_authority": authority.name,
        "licence_issued_on": "1402/01/15",
        "licence_expires_on": "1406/01/14",
    }
    row.update(values)
    return row


def template_bytes(client, kind="ngos") -> bytes:
    response = client.get(reverse("import_template", args=[kind]))
    assert response.status_code == 200
    return response.content


def filled(client, rows: list[dict], *, kind="ngos", edit=None, name="سمن‌ها.xlsx"):
    """The downloaded template with `rows` from the second row down; `edit(sheet)` may
    change it further. An uploaded file, ready to post."""
    workbook = load_workbook(io.BytesIO(template_bytes(client, kind)))
    sheet = workbook.worksheets[0]
    for number, row in enumerate(rows, start=2):
        for key, value in row.items():
            cell = sheet.cell(row=number, column=KEYS.index(key) + 1, value=value)
            if isinstance(value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
    if edit:
        edit(sheet)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/octet-stream")


def upload(client, file, kind="ngos"):
    return client.post(reverse("import_list"), {"kind": kind, "file": file})


# The templates of places and people: each column's key and its Persian header, in order.
PLACE_COLUMNS = {
    "neighbourhoods": {
        "county": "شهرستان",
        "name": "نام محله",
        "kind": "نوع",
        "population": "جمعیت",
        "households": "خانوار",
        "latitude": "عرض جغرافیایی",
        "longitude": "طول جغرافیایی",
    },
    "offices": {
        "code": "کد دفتر",
        "name": "نام دفتر",
        "county": "شهرستان",
        "status": "وضعیت",
        "premises": "محل دفتر",
        "premises_since": "محل کنونی از تاریخ",
        "address": "نشانی",
        "phone": "تلفن",
        "opened_on": "تاریخ گشایش",
        "neighbourhoods": "محله‌های تحت پوشش",
        "notes": "یادداشت‌ها",
    },
    "facilitators": {
        "office": "کد دفتر",
        "name": "نام تسهیل‌گر",
        "role": "نقش",
        "phone": "تلفن",
        "since": "در دفتر از",
        "training_completed": "آموزش تسهیل‌گری گذرانده",
        "active": "فعال",
    },
}


def filled_place(client, kind, rows, *, edit=None, template_kind=None):
    """The downloaded template of `kind` with `rows` (dicts by column key) from row 2 down."""
    workbook = load_workbook(io.BytesIO(template_bytes(client, template_kind or kind)))
    sheet = workbook.worksheets[0]
    keys = list(PLACE_COLUMNS[template_kind or kind])
    for number, row in enumerate(rows, start=2):
        for key, value in row.items():
            cell = sheet.cell(row=number, column=keys.index(key) + 1, value=value)
            if isinstance(value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
    if edit:
        edit(sheet)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(f"{kind}.xlsx", out.getvalue())
