"""Persian alphabetical order: پ چ ژ گ in their places, in Python and in the database
(run on SQLite and on PostgreSQL: the two must agree)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.access import assignable_officials
from accounts.models import Official
from dashboards import figures
from ngos.models import NGO
from offices.collation import persian_order, persian_sort_key
from offices.models import County, FacilitationOffice, Neighbourhood
from reports.models import Agency
from tests.conftest import make_national_id

# The counties of West Azerbaijan as a Persian dictionary orders them.
COUNTIES_IN_ORDER = [
    "ارومیه",
    "اشنویه",
    "باروق",
    "بوکان",
    "پلدشت",
    "پیرانشهر",
    "تکاب",
    "چالدران",
    "چایپاره",
    "چهاربرج",
    "خوی",
    "سردشت",
    "سلماس",
    "شاهین‌دژ",
    "شوط",
    "ماکو",
    "مهاباد",
    "میاندوآب",
    "نقده",
]


def test_the_sort_key_follows_the_persian_alphabet():
    shuffled = sorted(COUNTIES_IN_ORDER)  # by code point: پ چ after نقده
    assert shuffled.index("نقده") < shuffled.index("پلدشت")
    assert sorted(shuffled, key=persian_sort_key) == COUNTIES_IN_ORDER


@pytest.mark.parametrize(
    "before, after",
    [
        ("پشت ترمینال", "ریحان‌آباد"),  # پ before ر, although U+067E > U+0631
        ("ژاله", "سردشت"),
        ("کوی", "گلستان"),
        ("گلستان", "لاله"),
        ("آذرشهر", "ارومیه"),  # آ first, as in dictionaries and in ICU
        ("پشت ترمینال", "پشتی"),  # a word that ends sorts first
        ("علی آباد", "علیرضا"),
        ("زهرا", "یاسمن"),
        ("شعبه ۲", "شعبه 3"),  # digits compare as digits, whatever their script
        ("نقده", "Naqadeh"),  # Persian before Latin, as ICU's Persian order has it
    ],
)
def test_pairs_in_order(before, after):
    assert persian_sort_key(before) < persian_sort_key(after)


@pytest.mark.parametrize(
    "one, other",
    [
        ("علي آباد", "علی آباد"),  # Arabic yeh is the Persian yeh
        ("كوي", "کوی"),  # Arabic kaf is keheh
        ("ریحان‌آباد", "ریحانآباد"),  # ZWNJ does not move a name
        ("پشت  ترمینال ", "پشت ترمینال"),  # nor do extra spaces
        ("مـحـله", "محله"),  # nor tatweel
    ],
)
def test_spellings_of_the_same_name_sort_together(one, other):
    assert persian_sort_key(one)[0] == persian_sort_key(other)[0]


def test_counties_come_from_the_database_in_persian_order(reference_data):
    assert list(County.objects.values_list("name", flat=True)) == COUNTIES_IN_ORDER
    reverse_order = County.objects.order_by(persian_order("name").desc())
    assert list(reverse_order.values_list("name", flat=True)) == COUNTIES_IN_ORDER[::-1]


def test_database_and_python_agree(urmia):
    names = [
        "ریحان‌آباد",
        "پشت ترمینال",
        "گلستان",
        "کوی زنبق",
        "ژاله",
        "چهارراه",
        "آذر",
        "اسلام‌آباد",
        "بهار",
        "نوروزآباد",
        "ياسمن",
        "یوسف‌آباد",
        "ملک",
        "طالقانی",
    ]
    for name in names:
        Neighbourhood.objects.create(county=urmia, name=name)
    in_db = list(Neighbourhood.objects.filter(county=urmia).values_list("name", flat=True))
    assert len(in_db) == len(names)
    assert in_db == sorted(in_db, key=persian_sort_key)
    assert in_db.index("پشت ترمینال") < in_db.index("ریحان‌آباد")


def test_offices_sort_by_county_in_persian_order(reference_data):
    for code, county in [("NAQ-1", "naqadeh"), ("PIR-1", "piranshahr"), ("URM-1", "urmia")]:
        FacilitationOffice.objects.create(
            code=code, name=f"دفتر {code}", county=County.objects.get(code=county)
        )
    assert list(FacilitationOffice.objects.values_list("code", flat=True)) == [
        "URM-1",
        "PIR-1",
        "NAQ-1",
    ]


def test_ngo_list_page_and_select_boxes_sort_in_persian_order(client, official, urmia):
    for serial, name in enumerate(["نگین", "گام نو", "پویش", "آوای مهر", "چتر"], start=10):
        NGO.objects.create(name=name, national_id=make_national_id(serial), county=urmia)
    client.force_login(official)
    page = client.get(reverse("ngo_list")).context["page"]
    assert [ngo.name for ngo in page.object_list] == ["آوای مهر", "پویش", "چتر", "گام نو", "نگین"]
    # The report list's county filter lists the counties the same way.
    form = client.get(reverse("report_list")).context["form"]
    choices = [label for _value, label in form.fields["county"].choices][1:]
    assert choices == COUNTIES_IN_ORDER


def test_agencies_and_officials_sort_in_persian_order(official):
    names = ["میراث فرهنگی نمونه", "بهزیستی نمونه", "آموزش نمونه", "گاز نمونه", "پلیس نمونه"]
    for name in names:
        Agency.objects.create(name=name)
    agencies = Agency.objects.filter(name__in=names)
    assert [name.removesuffix(" نمونه") for name in agencies.values_list("name", flat=True)] == [
        "آموزش",
        "بهزیستی",
        "پلیس",
        "گاز",
        "میراث فرهنگی",
    ]
    users = get_user_model().objects
    for username, first in [("u1", "یاسر"), ("u2", "پرویز"), ("u3", "ژیلا"), ("u4", "بهرام")]:
        user = users.create_user(username=username, first_name=first, last_name="احمدی")
        Official.objects.create(user=user, level=Official.Level.PROVINCE)
    # The officials a report may be given to, as the assignment select box lists them.
    names = [u.first_name for u in assignable_officials() if u.first_name]
    assert names == ["بهرام", "پرویز", "ژیلا", "یاسر"]


def test_dashboard_table_of_offices_by_county_is_in_persian_order(official):
    for code, county in [("NAQ-1", "naqadeh"), ("CHA-1", "chaldoran"), ("BUK-1", "bukan")]:
        FacilitationOffice.objects.create(
            code=code, name=f"دفتر {code}", county=County.objects.get(code=county)
        )
    rows = figures.offices_by_county(figures.scope_for(official))
    assert [county.name for county, _counts in rows] == ["بوکان", "چالدران", "نقده"]


def test_the_new_report_forms_offices_are_picked_by_name_in_persian_order(urmia):
    from reports.forms import ReportForm  # the form of a layer above: only this test uses it

    for code, name in [("URM-1", "کوی گلشن"), ("URM-2", "الواج"), ("URM-3", "پشت ترمینال")]:
        FacilitationOffice.objects.create(
            code=code, name=name, county=urmia, status=FacilitationOffice.Status.ACTIVE
        )
    offices = [office.name for office in ReportForm().fields["office"].queryset]
    assert offices == ["الواج", "پشت ترمینال", "کوی گلشن"]
