"""Excel imports: the template, the preview, the all-or-nothing import, bad files and the queue."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from imports.models import ImportRun
from ngos.models import NGO, Licence
from tests.conftest import make_national_id

from .helpers import KEYS, filled, ngo_row, template_bytes, upload

pytestmark = pytest.mark.django_db

HEADERS = [
    "نام سمن",
    "شناسه ملی",
    "شماره ثبت",
    "شهرستان محل استقرار",
    "گستره فعالیت",
    "وضعیت",
    "رابط",
    "تلفن",
    "رایانامه",
    "نشانی",
    "تاریخ تأسیس",
    "اعضا",
    "اعضای دارای بیمه",
    "فعالیت با افراد دارای معلولیت",
    "شماره پروانه",
    "مرجع صادرکننده",
    "تاریخ صدور",
    "تاریخ انقضا",
]


@pytest.fixture
def admin(client, admin_user, reference_data):
    client.force_login(admin_user)
    return client


def the_run():
    return ImportRun.objects.get()


def errors_of(run):
    return [e for row in run.rows for e in row["errors"]]


# --- the template ---------------------------------------------------------------


def test_template_is_right_to_left_with_persian_headers_and_lists(admin):
    workbook = load_workbook(io.BytesIO(template_bytes(admin)))
    sheet, values = workbook.worksheets
    assert sheet.sheet_view.rightToLeft
    assert [c.value for c in sheet[1]] == HEADERS
    assert len(KEYS) == len(HEADERS)
    assert values.title == "مقادیر مجاز"
    lists = {
        values.cell(1, c).value: [
            r[0].value for r in values.iter_rows(min_row=2, min_col=c, max_col=c) if r[0].value
        ]
        for c in range(1, values.max_column + 1)
    }
    assert "ارومیه" in lists["شهرستان محل استقرار"]
    assert "فعال" in lists["وضعیت"]
    assert lists["فعالیت با افراد دارای معلولیت"] == ["بله", "خیر"]
    validated = {str(v.sqref).split(":")[0] for v in sheet.data_validations.dataValidation}
    assert {"D2", "E2", "F2", "N2", "P2"} <= validated  # county, scope, status, yes/no, authority


# --- a good file ----------------------------------------------------------------


def test_good_file_previews_then_imports_with_history(admin, admin_user, authority):
    file = filled(admin, [ngo_row(11), ngo_row(12, name="كانون ياري", members="۴۵")])
    response = upload(admin, file)
    run = the_run()
    assert response.status_code == 302 and response["Location"] == reverse(
        "import_detail", args=[run.pk]
    )
    assert run.status == "ready" and (run.new_count, run.error_count) == (2, 0)
    assert not NGO.objects.exists()  # the preview writes nothing
    page = admin.get(reverse("import_detail", args=[run.pk]))
    assert "۲ ردیف: ۲ جدید، ۰ به‌روزرسانی، ۰ دارای خطا." in page.content.decode()
    assert admin.post(reverse("import_confirm", args=[run.pk])).status_code == 302
    run.refresh_from_db()
    assert run.status == "done" and run.confirmed_by == admin_user and run.finished_at
    ngo = NGO.objects.get(national_id=make_national_id(12))
    assert ngo.name == "کانون یاری" and ngo.members == 45 and ngo.works_with_disabilities
    assert ngo.founded_on == datetime.date(2019, 8, 3)  # 1398/05/12
    assert "کانون" in ngo.search_text
    licence = Licence.objects.get(ngo=ngo)
    assert (licence.authority, licence.number) == (authority, "L-12")
    assert licence.expires_on == datetime.date(2027, 4, 3)  # 1406/01/14
    record = ngo.history.get()
    assert record.history_user == admin_user
    assert run.file_name in record.history_change_reason
    assert licence.history.get().history_user == admin_user


def test_a_registered_national_id_updates_that_ngo(admin, ngo_a):
    file = filled(admin, [ngo_row(1, name="انجمن یاری محله نو", members=80, insured_members=30)])
    upload(admin, file)
    run = the_run()
    assert [r["outcome"] for r in run.rows] == ["update"] and run.update_count == 1
    admin.post(reverse("import_confirm", args=[run.pk]))
    ngo_a.refresh_from_db()
    assert (ngo_a.name, ngo_a.members, ngo_a.insured_members) == ("انجمن یاری محله نو", 80, 30)
    assert NGO.objects.count() == 1
    assert ngo_a.history.first().history_change_reason.startswith("درون‌ریزی")


def test_excel_date_cells_and_arabic_indic_digits_are_read(admin):
    row = ngo_row(
        13,
        founded_on=datetime.datetime(2020, 3, 1),
        national_id="١٤٠٠٠٠١٣٠٠" + make_national_id(13)[-1],
        licence_issued_on="۱۴۰۲/۰۱/۱۵",
    )
    upload(admin, filled(admin, [row]))
    run = the_run()
    assert run.status == "ready", errors_of(run)
    admin.post(reverse("import_confirm", args=[run.pk]))
    assert NGO.objects.get(national_id=make_national_id(13)).founded_on == datetime.date(2020, 3, 1)


# --- bad input: a Persian message on the cell, nothing written -----------------


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"national_id": "14000011001"}, "ستون شناسه ملی، ردیف ۲: "),
        ({"insured_members": 50}, "ستون اعضای دارای بیمه، ردیف ۲: "),
        ({"licence_expires_on": "1401/01/01"}, "ستون تاریخ انقضا، ردیف ۲: "),
        ({"founded_on": "1499/01/01"}, "ستون تاریخ تأسیس، ردیف ۲: "),
        ({"founded_on": "1402/13/01"}, "ستون تاریخ تأسیس، ردیف ۲: "),
        ({"county": "تبریز"}, "ستون شهرستان محل استقرار، ردیف ۲: "),
        ({"members": "بیست"}, "ستون اعضا، ردیف ۲: "),
        ({"name": ""}, "ستون نام سمن، ردیف ۲: "),
        ({"licence_number": ""}, "ستون شماره پروانه، ردیف ۲: "),
        ({"members": "=10+10"}, "ستون اعضا، ردیف ۲: "),
    ],
)
def test_a_bad_cell_is_named_and_nothing_is_written(admin, values, message):
    upload(admin, filled(admin, [ngo_row(14, **values), ngo_row(15)]))
    run = the_run()
    assert run.status == "invalid" and run.error_count == 1
    assert any(e.startswith(message) for e in errors_of(run)), errors_of(run)
    page = admin.get(reverse("import_detail", args=[run.pk])).content.decode()
    assert message.strip() in page and "Import every row" not in page
    assert admin.post(reverse("import_confirm", args=[run.pk])).status_code == 302
    assert not NGO.objects.exists() and not Licence.objects.exists()


def test_a_formula_is_refused_with_its_own_message(admin):
    upload(admin, filled(admin, [ngo_row(14, members="=SUM(1,2)")]))
    assert "فرمول" in errors_of(the_run())[0]


def test_duplicate_national_ids_in_the_file_name_both_rows(admin):
    upload(admin, filled(admin, [ngo_row(16), ngo_row(17), ngo_row(16, licence_number="L-99")]))
    errors = errors_of(the_run())
    assert "ستون شناسه ملی، ردیف ۴: همین شناسه ملی در ردیف ۲ هم آمده است." in errors
    assert "ستون شناسه ملی، ردیف ۲: همین شناسه ملی در ردیف ۴ هم آمده است." in errors
    assert not NGO.objects.exists()


def test_wrong_template_is_refused(admin):
    def swap(sheet):
        sheet["A1"], sheet["B1"] = "شناسه ملی", "نام"

    upload(admin, filled(admin, [ngo_row(18)], edit=swap))
    run = the_run()
    assert run.status == "invalid" and "الگوی" in run.message and not run.rows


def test_merged_header_cells_are_refused(admin):
    upload(admin, filled(admin, [ngo_row(18)], edit=lambda s: s.merge_cells("A1:B1")))
    assert "A1:B1" in the_run().message and "ادغام" in the_run().message


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("list.csv", b"a,b\n", "فقط پرونده‌های اکسل"),
        ("list.xlsx", b"%PDF-1.4 not a workbook", "کاربرگ اکسل (‎.xlsx) نیست"),
    ],
)
def test_a_file_that_is_not_excel_is_refused_on_the_field(admin, name, content, message):
    response = upload(admin, SimpleUploadedFile(name, content))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and 'aria-describedby="id_file_helptext id_file_error"' in page
    assert not ImportRun.objects.exists()


def test_a_broken_workbook_is_refused_once_read(admin):
    upload(admin, SimpleUploadedFile("list.xlsx", b"PK\x03\x04broken zip"))
    run = the_run()
    assert run.status == "invalid" and "خوانده نشد" in run.message


def test_a_file_over_the_size_limit_is_refused(admin, settings):
    settings.IMPORT_MAX_BYTES = 1024
    response = upload(admin, filled(admin, [ngo_row(19)]))
    assert response.status_code == 400 and "مگابایت" in response.content.decode()
    assert not ImportRun.objects.exists()


# --- the task queue -------------------------------------------------------------


def test_a_large_file_is_checked_and_imported_by_the_worker(admin, settings, run_tasks):
    settings.IMPORT_SYNC_MAX_BYTES = 0
    settings.IMPORT_SYNC_MAX_ROWS = 0
    upload(admin, filled(admin, [ngo_row(n) for n in range(20, 30)]))
    run = the_run()
    assert run.status == "checking"
    page = admin.get(reverse("import_detail", args=[run.pk])).content.decode()
    assert '<meta http-equiv="refresh"' in page and "<progress" in page
    run_tasks()
    run.refresh_from_db()
    assert run.status == "ready" and run.new_count == 10 and run.progress == 100
    admin.post(reverse("import_confirm", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == "importing" and not NGO.objects.exists()
    run_tasks()
    run.refresh_from_db()
    assert run.status == "done" and NGO.objects.count() == 10
    page = admin.get(reverse("import_detail", args=[run.pk])).content.decode()
    assert '<meta http-equiv="refresh"' not in page


def test_an_ngo_registered_after_the_preview_makes_the_import_write_nothing(admin, urmia):
    upload(admin, filled(admin, [ngo_row(31), ngo_row(32, licence_number="L-1")]))
    run = the_run()
    other = NGO.objects.create(name="دیگری", national_id=make_national_id(33), county=urmia)
    Licence.objects.create(
        ngo=other,
        authority=Licence._meta.get_field("authority").related_model.objects.order_by("pk").first(),
        number="L-1",
        issued_on=datetime.date(2023, 1, 1),
        expires_on=datetime.date(2027, 1, 1),
    )
    admin.post(reverse("import_confirm", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == "invalid" and NGO.objects.count() == 1


# --- who may import -------------------------------------------------------------


@pytest.mark.parametrize("role", ["official", "manager_a", "no_role_user"])
def test_only_administrators_may_import(client, request, role, reference_data):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("import_list")).status_code == 403
    assert client.get(reverse("import_template", args=["ngos"])).status_code == 403


def test_history_and_preview_pages_read_a_fixed_number_of_queries(
    admin, admin_user, django_assert_num_queries
):
    def add_runs(n):
        for i in range(n):
            ImportRun.objects.create(
                kind="ngos",
                file="imports/x.xlsx",
                file_name=f"{i}.xlsx",
                created_by=admin_user,
                rows=[
                    {"row": r, "outcome": "new", "label": "x", "key": "", "errors": []}
                    for r in range(2, 300)
                ],
            )

    add_runs(3)
    run = ImportRun.objects.first()
    admin.get(reverse("import_list"))  # the session's idle timer is saved on the first page
    # the session, the user and their role (the NGOs they manage); then the runs counted,
    # the page of runs with their users
    with django_assert_num_queries(5):
        admin.get(reverse("import_list"))
    # the same three, then the run with its users (its rows are kept on the run itself)
    with django_assert_num_queries(4):
        admin.get(reverse("import_detail", args=[run.pk]))
    add_runs(10)
    with django_assert_num_queries(5):
        admin.get(reverse("import_list"))
