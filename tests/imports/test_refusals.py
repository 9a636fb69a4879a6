"""Files and cells the importer refuses with their own message: a template with no row filled
in is refused at the upload, before anything is kept; a count below zero is named as negative."""

import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from imports.models import ImportRun
from imports.reading import read_cell
from imports.services import KINDS, import_check
from ngos.models import NGO
from offices.models import Neighbourhood

from .helpers import filled, filled_place, ngo_row, upload

pytestmark = pytest.mark.django_db

NO_ROWS = "این پرونده هیچ ردیفی ندارد"
NEGATIVE = "نمی‌تواند منفی باشد"
NOT_A_NUMBER = "یک عدد صحیح بنویسید"


@pytest.fixture
def admin(client, admin_user, reference_data):
    client.force_login(admin_user)
    return client


def blank(client, kind, edit=None):
    """The template of `kind` as downloaded, perhaps touched by `edit`, with no row filled."""
    if kind == "ngos":
        return filled(client, [], edit=edit)
    return filled_place(client, kind, [], edit=edit)


def stored_files(settings):
    folder = settings.MEDIA_ROOT / "imports"
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


# --- a file with no rows ------------------------------------------------------------


@pytest.mark.parametrize("kind", ["ngos", "neighbourhoods", "offices", "facilitators"])
@pytest.mark.parametrize("path", ["page", "worker"])
def test_the_template_with_no_rows_is_refused_on_the_field_and_nothing_is_kept(
    admin, settings, kind, path
):
    if path == "worker":  # a file this large would be checked by the task queue
        settings.IMPORT_SYNC_MAX_BYTES = 0
    response = upload(admin, blank(admin, kind), kind=kind)
    assert response.status_code == 400
    page = response.content.decode()
    assert NO_ROWS in page
    assert 'aria-describedby="id_file_helptext id_file_error"' in page
    assert not ImportRun.objects.exists()
    assert not DBTaskResult.objects.exists()
    assert stored_files(settings) == []


def test_cells_holding_only_spaces_are_no_rows(admin):
    def spaces(sheet):
        sheet["A2"], sheet["B3"], sheet["D4"] = "   ", "\u200c", " \u200f "

    response = upload(admin, blank(admin, "neighbourhoods", spaces), kind="neighbourhoods")
    assert response.status_code == 400 and NO_ROWS in response.content.decode()
    assert not ImportRun.objects.exists()


def test_a_single_row_far_below_the_header_is_read(admin):
    def far_down(sheet):
        sheet["A60"], sheet["B60"] = "ارومیه", "باغ"

    response = upload(admin, blank(admin, "neighbourhoods", far_down), kind="neighbourhoods")
    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert run.status == "ready" and run.total_rows == 1


def test_a_row_is_found_even_when_the_file_states_a_wrong_size(admin):
    # Some programs write the sheet's size as its header row only, whatever it holds.
    file = filled(admin, [ngo_row(43)])
    source, out = zipfile.ZipFile(io.BytesIO(file.read())), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:R1"', data)
                assert b'<dimension ref="A1:R1"' in data
            target.writestr(item, data)
    response = upload(admin, SimpleUploadedFile("x.xlsx", out.getvalue()))
    assert response.status_code == 302 and ImportRun.objects.get().total_rows == 1


def test_another_kinds_empty_template_is_still_told_it_is_the_wrong_template(admin):
    upload(admin, blank(admin, "offices"), kind="facilitators")
    run = ImportRun.objects.get()
    assert run.status == "invalid" and "الگوی" in run.message


def test_a_run_whose_file_has_no_rows_is_never_ready_to_import(admin, admin_user, settings):
    # As a run kept before the upload refused empty files: its check now says so.
    run = ImportRun.objects.create(
        kind="neighbourhoods", file=blank(admin, "neighbourhoods"), created_by=admin_user
    )
    import_check(run)
    run.refresh_from_db()
    assert run.status == "invalid" and NO_ROWS in run.message
    page = admin.get(reverse("import_detail", args=[run.pk])).content.decode()
    assert NO_ROWS in page and reverse("import_confirm", args=[run.pk]) not in page


# --- a count below zero -------------------------------------------------------------


@pytest.mark.parametrize("value", [-5, -5.0, "-5", "-۵", "۵-", "\u2212۵", "-۱٬۲۰۰"])
def test_every_whole_number_column_of_every_kind_refuses_a_negative(reference_data, value):
    with translation.override("fa"):
        columns = [(k, c) for k, m in KINDS.items() for c in m.columns() if c.kind == "int"]
    # The NGOs' members and insured members, the neighbourhoods' population and households;
    # offices and facilitators have no whole-number column.
    assert {(k, c.key) for k, c in columns} == {
        ("ngos", "members"),
        ("ngos", "insured_members"),
        ("neighbourhoods", "population"),
        ("neighbourhoods", "households"),
    }
    with translation.override("fa"):
        for _kind, column in columns:
            with pytest.raises(ValidationError) as error:
                read_cell(column, value)
            assert error.value.messages[0].startswith(NEGATIVE)
            assert read_cell(column, "۱٬۲۰۰") == 1200 and read_cell(column, "0") == 0
            for not_a_number in ("بیست", "5.5", 5.5, "--5", "-", "۵-۵"):
                with pytest.raises(ValidationError) as error:
                    read_cell(column, not_a_number)
                assert error.value.messages == [NOT_A_NUMBER + "."], not_a_number


def errors_of(run):
    return [e for row in run.rows for e in row["errors"]]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"members": "-5"}, f"ستون اعضا، ردیف ۲: {NEGATIVE}"),
        ({"members": -5}, f"ستون اعضا، ردیف ۲: {NEGATIVE}"),
        ({"insured_members": "-۵"}, f"ستون اعضای دارای بیمه، ردیف ۲: {NEGATIVE}"),
        ({"members": "بیست"}, f"ستون اعضا، ردیف ۲: {NOT_A_NUMBER}"),
    ],
)
def test_a_negative_ngo_count_is_named_so_and_nothing_is_written(admin, values, message):
    upload(admin, filled(admin, [ngo_row(41, **values), ngo_row(42)]))
    run = ImportRun.objects.get()
    assert run.status == "invalid" and run.error_count == 1
    assert any(e.startswith(message) for e in errors_of(run)), errors_of(run)
    page = admin.get(reverse("import_detail", args=[run.pk])).content.decode()
    assert message in page
    admin.post(reverse("import_confirm", args=[run.pk]))
    assert not NGO.objects.exists()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"population": "-۵"}, f"ستون جمعیت، ردیف ۲: {NEGATIVE}"),
        ({"households": -3}, f"ستون خانوار، ردیف ۲: {NEGATIVE}"),
        ({"population": "۵-"}, f"ستون جمعیت، ردیف ۲: {NEGATIVE}"),
        ({"population": "پنج"}, f"ستون جمعیت، ردیف ۲: {NOT_A_NUMBER}"),
    ],
)
def test_a_negative_neighbourhood_count_is_named_so_and_nothing_is_written(admin, values, message):
    rows = [{"county": "ارومیه", "name": "باغ", **values}, {"county": "ارومیه", "name": "گل"}]
    upload(admin, filled_place(admin, "neighbourhoods", rows), kind="neighbourhoods")
    run = ImportRun.objects.get()
    assert run.status == "invalid" and run.error_count == 1
    assert any(e.startswith(message) for e in errors_of(run)), errors_of(run)
    admin.post(reverse("import_confirm", args=[run.pk]))
    assert not Neighbourhood.objects.exists()
