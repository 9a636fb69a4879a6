"""Excel imports of neighbourhoods, facilitation offices and their facilitators: each template
downloaded, filled and imported; bad rows named on their cells, and then nothing written."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from imports.models import ImportRun
from offices.models import FacilitationOffice, Facilitator, Neighbourhood, PremisesChange

from .helpers import PLACE_COLUMNS as COLUMNS
from .helpers import filled_place as filled
from .helpers import template_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client, admin_user, reference_data):
    client.force_login(admin_user)
    return client


def imported(client, kind, rows, **kwargs) -> ImportRun:
    """Upload a filled template: the run with its preview."""
    response = upload(client, filled(client, kind, rows, **kwargs), kind=kind)
    assert response.status_code == 302
    return ImportRun.objects.latest("pk")


def confirm(client, run) -> ImportRun:
    assert client.post(reverse("import_confirm", args=[run.pk])).status_code == 302
    run.refresh_from_db()
    return run


def outcomes(run):
    return [r["outcome"] for r in sorted(run.rows, key=lambda r: r["row"])]


def errors_of(run):
    return [e for row in run.rows for e in row["errors"]]


# --- the templates ----------------------------------------------------------------


@pytest.mark.parametrize("kind", ["neighbourhoods", "offices", "facilitators"])
def test_each_template_is_listed_and_downloads_right_to_left_with_its_lists(admin, kind):
    page = admin.get(reverse("import_list")).content.decode()
    assert reverse("import_template", args=[kind]) in page
    assert f'<option value="{kind}">' in page
    workbook = load_workbook(io.BytesIO(template_bytes(admin, kind)))
    sheet, values = workbook.worksheets
    assert sheet.sheet_view.rightToLeft
    assert [c.value for c in sheet[1]] == list(COLUMNS[kind].values())
    assert values.title == "مقادیر مجاز"
    lists = {
        values.cell(1, c).value: [
            r[0].value for r in values.iter_rows(min_row=2, min_col=c, max_col=c) if r[0].value
        ]
        for c in range(1, values.max_column + 1)
    }
    if kind == "facilitators":
        assert "تسهیل‌گر" in lists["نقش"] and lists["فعال"] == ["بله", "خیر"]
    else:
        assert "ارومیه" in lists["شهرستان"]
    if kind == "offices":
        assert "مکان اختصاصی" in lists["محل دفتر"] and "فعال" in lists["وضعیت"]
    assert sheet.data_validations.dataValidation  # Excel offers each list on its column


# --- neighbourhoods -------------------------------------------------------------


def test_neighbourhoods_preview_then_import_with_history(admin, admin_user, neighbourhood, khoy):
    rows = [
        # Arabic ي/ك, Persian and Arabic-Indic digits, a Persian decimal separator.
        {
            "county": "ارومیه",
            "name": "كوي ياسين",
            "kind": "محله حاشیه‌ای",
            "population": "۴٬۵۰۰",
            "households": "١٢٠٠",
            "latitude": "۳۷٫۵۵۱۲",
            "longitude": 45.0766,
        },
        # The county by its code; the kind left empty (an informal settlement).
        {"county": "KHOY", "name": "ربط", "population": 900},
        # الواج of Urmia is registered: updated.
        {"county": "ارومیه", "name": "الواج", "population": 13000, "households": 3200},
    ]
    run = imported(admin, "neighbourhoods", rows)
    assert run.status == "ready", errors_of(run)
    assert outcomes(run) == ["new", "new", "update"]
    assert Neighbourhood.objects.count() == 1  # the preview writes nothing
    page = admin.get(reverse("import_detail", args=[run.pk])).content.decode()
    assert "۳ ردیف: ۲ جدید، ۱ به‌روزرسانی، ۰ دارای خطا." in page
    assert confirm(admin, run).status == "done"
    yasin = Neighbourhood.objects.get(name="کوی یاسین")
    assert (yasin.county.name, yasin.kind) == ("ارومیه", "marginal")
    assert (yasin.population, yasin.households) == (4500, 1200)
    assert yasin.latitude == Decimal("37.5512") and yasin.longitude == Decimal("45.0766")
    assert Neighbourhood.objects.get(name="ربط").county == khoy
    neighbourhood.refresh_from_db()
    assert (neighbourhood.population, neighbourhood.households) == (13000, 3200)
    record = neighbourhood.history.first()
    assert record.history_user == admin_user and run.file_name in record.history_change_reason
    assert yasin.history.get().history_change_reason.startswith("درون‌ریزی")


def test_a_neighbourhood_imported_again_unchanged_is_shown_so(admin, neighbourhood):
    run = imported(
        admin,
        "neighbourhoods",
        [{"county": "ارومیه", "name": "الواج", "population": 12000, "households": 3100}],
    )
    assert outcomes(run) == ["unchanged"] and run.status == "ready"


VALID_NEIGHBOURHOOD = {"county": "ارومیه", "name": "حصار", "population": 800}


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"county": "تبریز"}, "ستون شهرستان، ردیف ۲: "),
        ({"population": 100, "households": 101}, "ستون خانوار، ردیف ۲: "),
        ({"latitude": "شمال"}, "ستون عرض جغرافیایی، ردیف ۲: "),
        ({"latitude": 95}, "ستون عرض جغرافیایی، ردیف ۲: "),
        ({"kind": "روستا"}, "ستون نوع، ردیف ۲: "),
        ({"name": ""}, "ستون نام محله، ردیف ۲: "),
        ({"population": "=SUM(1,2)"}, "ستون جمعیت، ردیف ۲: "),
    ],
)
def test_a_bad_neighbourhood_row_is_named_and_nothing_is_written(admin, values, message):
    run = imported(
        admin,
        "neighbourhoods",
        [{"county": "ارومیه", "name": "باغ", **values}, VALID_NEIGHBOURHOOD],
    )
    assert run.status == "invalid" and outcomes(run) == ["error", "new"]
    assert any(e.startswith(message) for e in errors_of(run)), errors_of(run)
    assert confirm(admin, run).status == "invalid"
    assert not Neighbourhood.objects.exists()


def test_the_same_neighbourhood_twice_in_the_file_names_both_rows(admin):
    run = imported(
        admin, "neighbourhoods", [VALID_NEIGHBOURHOOD, {**VALID_NEIGHBOURHOOD, "population": 9}]
    )
    assert "ستون نام محله، ردیف ۳: همین محله از همین شهرستان در ردیف ۲ هم آمده است." in errors_of(
        run
    )
    assert "ستون نام محله، ردیف ۲: همین محله از همین شهرستان در ردیف ۳ هم آمده است." in errors_of(
        run
    )


# --- facilitation offices ------------------------------------------------------------


def test_offices_preview_then_import_with_neighbourhoods_and_premises_history(
    admin, admin_user, office, neighbourhood, urmia, today
):
    second = Neighbourhood.objects.create(county=urmia, name="کوی یاسین")
    rows = [
        {
            "code": "URM-02",
            "name": "دفتر تسهيل‌گري ياسين",
            "county": "ارومیه",
            "status": "فعال",
            "premises": "مکان مشترک",
            "premises_since": "۱۴۰۲/۰۷/۰۱",
            "phone": "۰۴۴۳۳۴۴۵۵۶۶",
            "opened_on": datetime.datetime(2023, 9, 1),  # an Excel date cell
            # Arabic letters and a Persian comma.
            "neighbourhoods": "كوي ياسين، الواج",
            "address": "ارومیه، کوی یاسین",
        },
        # URM-01 (typed in small letters) moves into dedicated premises.
        {
            "code": "urm-01",
            "name": office.name,
            "county": "URMIA",
            "status": "فعال",
            "premises": "مکان اختصاصی",
            "premises_since": "1404/01/15",
            "neighbourhoods": "الواج,کوی یاسین",
        },
    ]
    run = imported(admin, "offices", rows)
    assert run.status == "ready", errors_of(run)
    assert outcomes(run) == ["new", "update"]
    assert FacilitationOffice.objects.count() == 1 and not PremisesChange.objects.exists()
    assert confirm(admin, run).status == "done"

    new = FacilitationOffice.objects.get(code="URM-02")
    assert (new.name, new.status, new.premises) == ("دفتر تسهیل‌گری یاسین", "active", "shared")
    assert new.premises_since == datetime.date(2023, 9, 23)  # 1402/07/01
    assert new.opened_on == datetime.date(2023, 9, 1) and new.phone == "04433445566"
    assert set(new.neighbourhoods.all()) == {neighbourhood, second}
    assert new.premises_history.get().premises == "shared"
    assert new.history.first().history_user == admin_user

    office.refresh_from_db()
    assert (office.code, office.premises) == ("URM-01", "dedicated")
    assert office.premises_since == datetime.date(2025, 4, 4)  # 1404/01/15
    assert set(office.neighbourhoods.all()) == {neighbourhood, second}
    change = office.premises_history.get()
    assert (change.premises, change.since) == ("dedicated", datetime.date(2025, 4, 4))
    assert run.file_name in change.note
    record = change.history.get()
    assert record.history_user == admin_user and run.file_name in record.history_change_reason
    latest = office.history.first()
    assert latest.history_user == admin_user and run.file_name in latest.history_change_reason


def test_an_office_whose_premises_stay_gets_no_new_premises_history(admin, office, neighbourhood):
    row = {
        "code": "URM-01",
        "name": "دفتر تسهیل‌گری الواج",
        "county": "ارومیه",
        "status": "فعال",
        "premises": "بدون مکان",
        "neighbourhoods": "الواج",
    }
    run = imported(admin, "offices", [row])
    assert outcomes(run) == ["unchanged"]
    run = imported(admin, "offices", [{**row, "phone": "04433445566"}])
    assert outcomes(run) == ["update"]
    confirm(admin, run)
    office.refresh_from_db()
    assert office.phone == "04433445566" and not PremisesChange.objects.exists()


VALID_OFFICE = {
    "code": "URM-05",
    "name": "دفتر حصار",
    "county": "ارومیه",
    "status": "فعال",
    "premises": "بدون مکان",
}


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"county": "تبریز"}, "ستون شهرستان، ردیف ۲: "),
        (
            {"neighbourhoods": "الواج، باغ"},
            "ستون محله‌های تحت پوشش، ردیف ۲: شهرستان ارومیه محله‌ای به نام «باغ» ندارد",
        ),
        (
            {"county": "خوی", "neighbourhoods": "الواج"},
            "ستون محله‌های تحت پوشش، ردیف ۲: شهرستان خوی محله‌ای",
        ),
        ({"premises_since": "1499/01/01"}, "ستون محل کنونی از تاریخ، ردیف ۲: "),
        (
            {"opened_on": "1403/01/01", "premises_since": "1402/01/01"},
            "ستون محل کنونی از تاریخ، ردیف ۲: ",
        ),
        ({"premises": "کاخ"}, "ستون محل دفتر، ردیف ۲: "),
        ({"premises": ""}, "ستون محل دفتر، ردیف ۲: "),
        ({"phone": "123"}, "ستون تلفن، ردیف ۲: "),
        ({"opened_on": "=TODAY()"}, "ستون تاریخ گشایش، ردیف ۲: "),
    ],
)
def test_a_bad_office_row_is_named_and_nothing_is_written(admin, neighbourhood, values, message):
    run = imported(admin, "offices", [{**VALID_OFFICE, "code": "URM-09", **values}, VALID_OFFICE])
    assert run.status == "invalid" and outcomes(run) == ["error", "new"]
    assert any(e.startswith(message) for e in errors_of(run)), errors_of(run)
    assert confirm(admin, run).status == "invalid"
    assert not FacilitationOffice.objects.exists() and not PremisesChange.objects.exists()


def test_the_same_office_code_twice_in_the_file_names_both_rows(admin):
    run = imported(admin, "offices", [VALID_OFFICE, {**VALID_OFFICE, "code": "urm-05"}])
    assert "ستون کد دفتر، ردیف ۳: همین کد دفتر در ردیف ۲ هم آمده است." in errors_of(run)
    assert not FacilitationOffice.objects.exists()


# --- facilitators ---------------------------------------------------------------


def test_facilitators_preview_then_import_with_history(admin, admin_user, office, khoy_office):
    existing = Facilitator.objects.create(office=office, name="مریم کریمی", role="volunteer")
    rows = [
        # Arabic ي/ك in the name still finds مریم کریمی of URM-01 (typed in small letters
        # and Persian digits).
        {
            "office": "urm-۰۱",
            "name": "مريم كريمي",
            "role": "مسئول دفتر",
            "since": "۱۴۰۱/۰۲/۱۰",
            "training_completed": "بله",
        },
        {
            "office": "KHY-01",
            "name": "علی رضایی",
            "phone": "٠٩١٢٣٤٥٦٧٨٩",
            "since": datetime.datetime(2022, 5, 1),
            "active": "خیر",
        },
        {"office": "URM-01", "name": "سارا احمدی"},
    ]
    run = imported(admin, "facilitators", rows)
    assert run.status == "ready", errors_of(run)
    assert outcomes(run) == ["update", "new", "new"]
    assert Facilitator.objects.count() == 1
    assert confirm(admin, run).status == "done"
    existing.refresh_from_db()
    assert (existing.role, existing.training_completed, existing.active) == ("head", True, True)
    assert existing.since == datetime.date(2022, 4, 30)  # 1401/02/10
    ali = Facilitator.objects.get(name="علی رضایی")
    assert (ali.office, ali.phone, ali.active) == (khoy_office, "09123456789", False)
    assert ali.since == datetime.date(2022, 5, 1)
    sara = Facilitator.objects.get(name="سارا احمدی")
    assert (sara.role, sara.active, sara.training_completed) == ("facilitator", True, False)
    record = existing.history.first()
    assert record.history_user == admin_user and run.file_name in record.history_change_reason


VALID_FACILITATOR = {"office": "URM-01", "name": "سارا احمدی"}


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"office": "TBZ-01"}, "ستون کد دفتر، ردیف ۲: دفتری با کد «TBZ-01» ثبت نشده است"),
        ({"since": "1499/01/01"}, "ستون در دفتر از، ردیف ۲: "),
        ({"role": "رئیس"}, "ستون نقش، ردیف ۲: "),
        ({"training_completed": "شاید"}, "ستون آموزش تسهیل‌گری گذرانده، ردیف ۲: "),
        ({"name": ""}, "ستون نام تسهیل‌گر، ردیف ۲: "),
        ({"phone": "=A1"}, "ستون تلفن، ردیف ۲: "),
    ],
)
def test_a_bad_facilitator_row_is_named_and_nothing_is_written(admin, office, values, message):
    run = imported(
        admin, "facilitators", [{"office": "URM-01", "name": "رضا", **values}, VALID_FACILITATOR]
    )
    assert run.status == "invalid" and outcomes(run) == ["error", "new"]
    assert any(e.startswith(message) for e in errors_of(run)), errors_of(run)
    assert confirm(admin, run).status == "invalid"
    assert not Facilitator.objects.exists()


def test_the_same_person_twice_in_the_file_names_both_rows(admin, office):
    run = imported(
        admin, "facilitators", [VALID_FACILITATOR, {**VALID_FACILITATOR, "role": "داوطلب"}]
    )
    assert "ستون نام تسهیل‌گر، ردیف ۳: همین فرد از همین دفتر در ردیف ۲ هم آمده است." in errors_of(
        run
    )


def test_a_large_facilitators_file_goes_through_the_worker(admin, office, settings, run_tasks):
    settings.IMPORT_SYNC_MAX_BYTES = 0
    settings.IMPORT_SYNC_MAX_ROWS = 0
    run = imported(
        admin, "facilitators", [{"office": "URM-01", "name": f"فرد {n}"} for n in range(8)]
    )
    assert run.status == "checking"
    run_tasks()
    run.refresh_from_db()
    assert run.status == "ready" and run.new_count == 8
    assert confirm(admin, run).status == "importing"
    run_tasks()
    run.refresh_from_db()
    assert run.status == "done" and office.facilitators.count() == 8


# --- the file as a whole ----------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "template_kind"),
    [("offices", "neighbourhoods"), ("facilitators", "offices"), ("neighbourhoods", "ngos")],
)
def test_another_kinds_template_is_refused(admin, kind, template_kind):
    if template_kind == "ngos":
        file = SimpleUploadedFile("x.xlsx", template_bytes(admin, "ngos"))
    else:
        file = filled(admin, template_kind, [], template_kind=template_kind)
    upload(admin, file, kind=kind)
    run = ImportRun.objects.get()
    assert run.status == "invalid" and "الگوی" in run.message and not run.rows


@pytest.mark.parametrize("kind", ["neighbourhoods", "offices", "facilitators"])
def test_merged_header_cells_are_refused(admin, kind):
    run = imported(admin, kind, [], edit=lambda sheet: sheet.merge_cells("A1:B1"))
    assert run.status == "invalid" and "A1:B1" in run.message and "ادغام" in run.message


def test_a_long_file_name_is_cut_to_fit_the_history(admin, admin_user):
    file = filled(admin, "neighbourhoods", [VALID_NEIGHBOURHOOD])
    file.name = "فهرست محله‌های حاشیه‌ای شهرستان ارومیه " * 6 + ".xlsx"
    upload(admin, file, kind="neighbourhoods")
    run = confirm(admin, ImportRun.objects.get())
    assert run.status == "done"
    reason = Neighbourhood.objects.get().history.get().history_change_reason
    assert reason.startswith("درون‌ریزی") and len(reason) == 100
