"""An office's activities: its staff log them month by month, with photos; officials of its
county read them; a month whose return has been sent stays as it was."""

import re
import urllib.parse

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from offices.jalali import format_jalali, month_bounds
from offices.models import Neighbourhood
from tests.conftest import browser_login, screenshot
from workspace.models import Activity, ActivityFile, ActivityKind, MonthlyReturn, Referral
from workspace.services.months import last_ended_month
from workspace.services.returns import return_send_back, return_submit

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def persian(text) -> str:
    return str(text).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


def field_errors(response, name) -> str:
    """The errors shown beside one field of the form (tied to it by its id)."""
    match = re.search(rf'id="id_{name}_error">(.*?)</ul>', response.content.decode(), re.S)
    return match.group(1) if match else ""


@pytest.fixture
def kind(reference_data):
    return ActivityKind.objects.filter(active=True).first()


@pytest.fixture
def form_data(kind, neighbourhood, today):
    def data(**overrides):
        fields = {
            "held_on": persian(format_jalali(today)),
            "kind": kind.pk,
            "topic": "کارگاه آموزش مهارت‌های زندگی",
            "neighbourhood": neighbourhood.pk,
            "partner_ngo": "",
            "partner_agency": "",
            "women": "۱۲",
            "men": "۳",
            "children": "۷",
            "narrative": "با همکاری بهزیستی برگزار شد.",
        }
        fields.update(overrides)
        return {k: v for k, v in fields.items() if v is not None}

    return data


@pytest.fixture
def make_activity(office, kind, neighbourhood, today):
    def make(held_on=None, **fields):
        return Activity.objects.create(
            office=office,
            held_on=held_on or today,
            kind=kind,
            topic=fields.pop("topic", "جلسه‌ی محله"),
            neighbourhood=neighbourhood,
            women=fields.pop("women", 5),
            men=fields.pop("men", 4),
            children=fields.pop("children", 2),
            **fields,
        )

    return make


def new_url(office):
    return reverse("activity_new", args=[office.pk])


def list_url(office, month=None):
    url = reverse("activity_list", args=[office.pk])
    return f"{url}?month={month}" if month else url


# -- the facilitator's month ---------------------------------------------------------------


def test_a_facilitator_logs_an_activity_with_a_photo_and_finds_it_in_the_month(
    client, facilitator, office, form_data, ngo_a, agency
):
    client.force_login(facilitator)
    photo = SimpleUploadedFile("عکس کارگاه.jpg", JPEG, content_type="image/jpeg")
    data = form_data(partner_ngo=ngo_a.pk, partner_agency=agency.pk)
    response = client.post(new_url(office), {**data, "files": [photo]}, follow=True)

    assert response.status_code == 200
    activity = Activity.objects.get()
    assert (activity.women, activity.men, activity.children) == (12, 3, 7)
    assert activity.recorded_by == facilitator
    page = response.content.decode()
    assert "کارگاه آموزش مهارت‌های زندگی" in page
    assert "۲۲ (زن ۱۲، مرد ۳، کودک ۷)" in page  # the attendance, in Persian digits
    assert "عکس کارگاه.jpg" in page
    assert ngo_a.name in page and agency.name in page

    stored = ActivityFile.objects.get()
    download = client.get(reverse("activity_file", args=[office.pk, activity.pk, stored.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == JPEG
    assert urllib.parse.quote("عکس کارگاه.jpg") in download["Content-Disposition"]


def test_the_list_shows_the_month_asked_for_and_moves_between_months(
    client, facilitator, office, make_activity
):
    year, month = last_ended_month()
    make_activity(held_on=month_bounds(year, month)[0], topic="دیدار خانه به خانه")
    make_activity(topic="کلاس سوادآموزی")
    client.force_login(facilitator)

    this_month = client.get(list_url(office)).content.decode()
    assert "کلاس سوادآموزی" in this_month and "دیدار خانه به خانه" not in this_month
    previous = f"{year:04d}-{month:02d}"
    assert f"?month={previous}" in this_month  # the link to the month before

    last_month = client.get(list_url(office, persian(previous))).content.decode()
    assert "دیدار خانه به خانه" in last_month and "کلاس سوادآموزی" not in last_month


def test_a_facilitator_replaces_a_photo_and_deletes_an_activity(
    client, facilitator, office, form_data, make_activity
):
    activity = make_activity()
    old = ActivityFile.objects.create(
        activity=activity, file=SimpleUploadedFile("old.png", PNG), original_name="old.png"
    )
    client.force_login(facilitator)
    edit = reverse("activity_edit", args=[office.pk, activity.pk])
    response = client.post(
        edit,
        {
            **form_data(topic="جلسه‌ی شورای محله"),
            "remove_files": [old.pk],
            "files": [SimpleUploadedFile("new.jpg", JPEG)],
        },
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.topic == "جلسه‌ی شورای محله"
    assert list(activity.files.values_list("original_name", flat=True)) == ["new.jpg"]

    delete = reverse("activity_delete", args=[office.pk, activity.pk])
    assert "حذف شود؟" in client.get(delete).content.decode()  # asked to confirm first
    assert client.post(delete).status_code == 302
    assert not Activity.objects.exists() and not ActivityFile.objects.exists()


# -- bad input: a Persian message at the field, nothing written ------------------------------


@pytest.fixture
def other_neighbourhood(urmia):
    """A neighbourhood of the same county that the office does not serve."""
    return Neighbourhood.objects.create(county=urmia, name="اسلام‌آباد", population=9000)


BAD_INPUT = {
    "negative attendance": ({"men": "-۳"}, "men", "نمی‌تواند منفی باشد"),
    # Said at the number most likely mistyped (the largest), with thousands separators.
    "more people than live there": ({"women": "۱۲۰۰۰"}, "women", "بیش از ۱۲٬۰۰۰ نفری"),
    "more men than live there": ({"men": "۱۲۰۰۰"}, "men", "۱۲٬۰۱۹ نفر"),
    "more children than live there": ({"children": "۲۰۰۰۰"}, "children", "۱۲٬۰۰۰ نفری"),
    "a date after today": ("tomorrow", "held_on", "پس از امروز"),
    "six files": ("six files", "files", "حداکثر ۵ پرونده"),
    "a text pretending to be a photo": ("fake jpeg", "files", "هم‌خوان نیست"),
    "a neighbourhood the office does not serve": ("other", "neighbourhood", "این دفتر در آن محله"),
    "an NGO of another county": ("ngo_b", "partner_ngo", "در فهرست نیست"),
}


@pytest.mark.parametrize("case", BAD_INPUT, ids=list(BAD_INPUT))
def test_bad_input_is_refused_at_its_field_and_nothing_is_written(
    case, client, facilitator, office, form_data, other_neighbourhood, ngo_b, today, days, settings
):
    change, field, message = BAD_INPUT[case]
    data = form_data()
    if change == "tomorrow":
        data["held_on"] = format_jalali(today + days(1))
    elif change == "six files":
        data["files"] = [SimpleUploadedFile(f"p{i}.png", PNG) for i in range(6)]
    elif change == "fake jpeg":
        data["files"] = [SimpleUploadedFile("photo.jpg", b"<html>not a photo</html>")]
    elif change == "other":
        data["neighbourhood"] = other_neighbourhood.pk
    elif change == "ngo_b":
        data["partner_ngo"] = ngo_b.pk
    else:
        data.update(change)
    client.force_login(facilitator)

    response = client.post(new_url(office), data)

    assert response.status_code == 400
    assert message in field_errors(response, field)
    assert not Activity.objects.exists() and not ActivityFile.objects.exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_more_than_five_files_with_those_already_attached_is_refused(
    client, facilitator, office, form_data, make_activity
):
    activity = make_activity()
    for i in range(4):
        ActivityFile.objects.create(activity=activity, file=SimpleUploadedFile(f"{i}.png", PNG))
    client.force_login(facilitator)
    data = {**form_data(), "files": [SimpleUploadedFile(f"n{i}.png", PNG) for i in range(2)]}

    response = client.post(reverse("activity_edit", args=[office.pk, activity.pk]), data)

    assert response.status_code == 400
    assert "حداکثر ۵ پرونده" in field_errors(response, "files")
    assert activity.files.count() == 4


# -- a month whose return has been sent ----------------------------------------------------


@pytest.fixture
def sent_month(office):
    """Last month, its return submitted: (year, month, a day in it)."""
    year, month = last_ended_month()
    MonthlyReturn.objects.create(
        office=office, jalali_year=year, jalali_month=month, status="submitted"
    )
    return year, month, month_bounds(year, month)[0]


def test_a_month_whose_return_was_sent_refuses_new_changed_and_deleted_activities(
    client, facilitator, office, form_data, make_activity, sent_month, today
):
    year, month, day = sent_month
    activity = make_activity(held_on=day, topic="جلسه‌ی قبلی")
    client.force_login(facilitator)

    added = client.post(new_url(office), form_data(held_on=format_jalali(day)))
    assert added.status_code == 400
    assert "در انتظار بررسی است" in field_errors(added, "held_on")
    assert Activity.objects.count() == 1

    edit = reverse("activity_edit", args=[office.pk, activity.pk])
    changed = client.post(edit, form_data(topic="تغییر"))
    assert changed.status_code == 400
    assert "در انتظار بررسی است" in changed.content.decode()
    activity.refresh_from_db()
    assert activity.topic == "جلسه‌ی قبلی"

    delete = reverse("activity_delete", args=[office.pk, activity.pk])
    deleted = client.post(delete, follow=True)
    assert "در انتظار بررسی است" in deleted.content.decode()
    assert Activity.objects.filter(pk=activity.pk).exists()

    # Nor can a later activity be moved into that month.
    later = make_activity(topic="فعالیت امروز")
    moved = client.post(
        reverse("activity_edit", args=[office.pk, later.pk]), form_data(held_on=format_jalali(day))
    )
    assert moved.status_code == 400
    later.refresh_from_db()
    assert later.held_on == today

    page = client.get(list_url(office, f"{year}-{month:02d}")).content.decode()
    assert edit not in page and delete not in page  # no buttons that would be refused


def test_an_accepted_months_lock_says_the_return_was_accepted(
    client, facilitator, office, form_data, make_activity, sent_month
):
    year, month, day = sent_month
    MonthlyReturn.objects.filter(office=office).update(status="accepted")
    make_activity(held_on=day)
    client.force_login(facilitator)

    page = client.get(list_url(office, f"{year}-{month:02d}")).content.decode()
    locked = re.search(r'id="month-locked">(.*?)</div>', page, re.S).group(1)
    assert "پذیرفته شد" in locked and "اصلاحیه" in locked and "فرستاده" not in locked
    referrals = client.get(f"{reverse('referral_list', args=[office.pk])}?month={year}-{month:02d}")
    assert locked in referrals.content.decode()
    added = client.post(new_url(office), form_data(held_on=format_jalali(day)))
    assert "پذیرفته شد" in field_errors(added, "held_on")


def test_a_return_sent_back_opens_its_month_again(
    client, facilitator, office, form_data, make_activity, sent_month
):
    year, month, day = sent_month
    MonthlyReturn.objects.filter(office=office).update(status="returned")
    activity = make_activity(held_on=day)
    client.force_login(facilitator)

    response = client.post(
        reverse("activity_edit", args=[office.pk, activity.pk]),
        form_data(held_on=format_jalali(day), topic="اصلاح‌شده"),
    )

    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.topic == "اصلاح‌شده"


# -- who may see and do what ---------------------------------------------------------------


@pytest.mark.parametrize(
    "who, answer",
    [
        ("facilitator", 200),
        ("office_manager", 200),
        ("urmia_official", 200),
        ("official", 200),
        ("admin_user", 200),
        ("khoy_facilitator", 404),
        ("khoy_official", 404),
        ("manager_a", 404),
    ],
)
def test_who_may_read_the_offices_activities(who, answer, request, client, office, make_activity):
    activity = make_activity()
    stored = ActivityFile.objects.create(activity=activity, file=SimpleUploadedFile("a.png", PNG))
    client.force_login(request.getfixturevalue(who))

    assert client.get(list_url(office)).status_code == answer
    download = reverse("activity_file", args=[office.pk, activity.pk, stored.pk])
    assert client.get(download).status_code == answer


def test_the_county_official_reads_but_cannot_record_or_change(
    client, urmia_official, office, form_data, make_activity
):
    activity = make_activity()
    client.force_login(urmia_official)

    page = client.get(list_url(office)).content.decode()
    assert new_url(office) not in page
    assert reverse("activity_edit", args=[office.pk, activity.pk]) not in page
    assert client.get(new_url(office)).status_code == 403
    assert client.post(new_url(office), form_data()).status_code == 403
    edit = reverse("activity_edit", args=[office.pk, activity.pk])
    assert client.post(edit, form_data(topic="x")).status_code == 403
    delete = reverse("activity_delete", args=[office.pk, activity.pk])
    assert client.post(delete).status_code == 403
    assert Activity.objects.count() == 1


@pytest.mark.parametrize("who", ["khoy_facilitator", "manager_a", "khoy_official"])
def test_others_get_not_found_for_the_offices_forms(who, request, client, office, make_activity):
    activity = make_activity()
    client.force_login(request.getfixturevalue(who))
    for url in (
        new_url(office),
        reverse("activity_edit", args=[office.pk, activity.pk]),
        reverse("activity_delete", args=[office.pk, activity.pk]),
    ):
        assert client.get(url).status_code == 404


def test_an_activity_of_another_office_is_not_found_through_this_one(
    client, facilitator, office, khoy_office, kind, today
):
    other = Activity.objects.create(
        office=khoy_office,
        held_on=today,
        kind=kind,
        topic="x",
        neighbourhood=Neighbourhood.objects.create(county=khoy_office.county, name="ب"),
    )
    client.force_login(facilitator)
    assert client.get(reverse("activity_edit", args=[office.pk, other.pk])).status_code == 404


# -- a fixed number of queries ---------------------------------------------------------------


def test_the_list_runs_the_same_queries_for_3_and_30_activities(
    client, facilitator, office, make_activity, django_assert_num_queries
):
    client.force_login(facilitator)

    def fill(n):
        while Activity.objects.count() < n:
            activity = make_activity()
            ActivityFile.objects.create(activity=activity, file=SimpleUploadedFile("a.png", PNG))

    fill(3)
    client.get(list_url(office))  # the session and the user's role, once
    with CaptureQueriesContext(connection) as three:
        assert client.get(list_url(office)).status_code == 200
    fill(30)
    # session, user, the user's NGOs, the user's role, the office, the month's return
    # (locked?), the month's totals, the page's count, the page, the page's files.
    with django_assert_num_queries(10):
        assert client.get(list_url(office)).status_code == 200
    assert len(three) == 10


# -- on a phone ------------------------------------------------------------------------------


# Anything wider than its box at 360 px: the page, or a table (or its scrolling wrapper)
# that would scroll sideways inside its card.
TOO_WIDE = """() => {
  const wide = [];
  if (document.documentElement.scrollWidth > window.innerWidth) wide.push('the page');
  for (const box of document.querySelectorAll('main table, main .table-responsive')) {
    if (box.scrollWidth > box.clientWidth + 1) wide.push(box.outerHTML.slice(0, 120));
  }
  return wide;
}"""

LONG_NGO = "انجمن حمایت از زنان سرپرست خانوار و کودکان کار محله‌های حاشیه‌ی شهر ارومیه"
LONG_AGENCY = "اداره‌ی کل بهزیستی استان آذربایجان غربی، معاونت امور اجتماعی و پیشگیری"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_on_a_phone_every_workspace_list_fits_without_sideways_scrolling(
    site, open_page, facilitator, urmia_official, office, neighbourhood, make_activity, ngo_a,
    agency, today,
):  # fmt: skip
    ngo_a.name = LONG_NGO
    ngo_a.save(update_fields=["name"])
    agency.name = LONG_AGENCY
    agency.save(update_fields=["name"])
    neighbourhood.name = "شهرک بهداری و کوی فرهنگیان (پشت پادگان قدیم)"
    neighbourhood.save(update_fields=["name"])
    for i in range(3):
        make_activity(
            topic=f"کارگاه مهارت‌های زندگی برای نوجوانان محله، نوبت {i + 1}",
            partner_ngo=ngo_a,
            partner_agency=agency,
            narrative="کارگاهی دو ساعته با همکاری سمن و بهزیستی، با پذیرایی و بازی کودکان. " * 4,
        )
    Referral.objects.create(
        office=office,
        referred_on=today,
        agency=agency,
        service="مشاوره‌ی خانواده و پیگیری پرونده‌ی بیمه‌ی درمانی خانوارهای بی‌سرپرست",
        people=4,
        neighbourhood=neighbourhood,
    )
    office.facilitators.create(name="فاطمه محمدزاده قره‌باغی", phone="09141234567")
    # Last month's return, sent back with a long comment: the home page, the month's page
    # and the officials' queue show it.
    year, month = last_ended_month()
    sent = return_submit(
        user=facilitator, office=office, year=year, month=month, narrative="ماه آرام", needs=""
    )
    return_send_back(user=urmia_official, monthly_return=sent, comment="آمار کودکان " * 40)

    page = open_page(width=360, height=740)
    browser_login(page, site, "facilitator")
    urls = [
        reverse("office_workspace", args=[office.pk]),
        list_url(office),
        new_url(office),
        reverse("referral_list", args=[office.pk]),
        reverse("facilitator_list", args=[office.pk]),
        reverse("return_list", args=[office.pk]),
        reverse("return_month", args=[office.pk, year, month]),
        reverse("premises_request", args=[office.pk]),
    ]
    for url in urls:
        page.goto(f"{site}{url}")
        assert page.evaluate(TOO_WIDE) == [], url
        if url == new_url(office):
            screenshot(page, "activity-form-fa-phone")
        elif "workspace" in url:
            screenshot(page, "workspace-home-sent-back-fa-phone")
    page.goto(f"{site}{list_url(office)}")
    rows = page.evaluate(
        """() => [...document.querySelectorAll('.app-table-cards tbody tr')].map((row) => {
          const box = row.getBoundingClientRect();
          return {display: getComputedStyle(row).display, left: box.left, right: box.right};
        })"""
    )
    assert len(rows) == 3
    assert all(
        row["display"] == "flex" and row["left"] >= 0 and row["right"] <= 360 for row in rows
    )
    # The partners' long names wrap whole inside the card: nothing cut off or hidden.
    cut = page.evaluate(
        """(name) => [...document.querySelectorAll('.app-table-cards tbody td')]
          .filter((td) => td.innerText.includes(name))
          .map((td) => [td, ...td.querySelectorAll('*')].some(
            (box) => box.clientHeight > 0 && box.scrollHeight > box.clientHeight + 1))""",
        LONG_NGO,
    )
    assert cut == [False, False, False]
    screenshot(page, "activity-list-fa-phone")

    official = open_page(width=360, height=740)
    browser_login(official, site, "urmia-official")
    for url in (reverse("return_queue"), reverse("return_month", args=[office.pk, year, month])):
        official.goto(f"{site}{url}")
        assert official.evaluate(TOO_WIDE) == [], url
