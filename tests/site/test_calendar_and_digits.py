"""One calendar (Jalali) in both languages, and Persian digits wherever a Persian reader looks.

English shows the same Jalali dates with ASCII digits and the month names
transliterated (Farvardin … Esfand); Persian shows Persian digits, numbers in
messages and errors included; codes, IDs and phone numbers keep the order they
were typed in.
"""

import csv
import datetime
import io
import re

import jdatetime
import openpyxl
import pytest
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from ngos.models import Licence
from offices.formatting import format_filesize
from offices.jalali import format_jalali
from reports.models import Category
from reports.validators import MAX_ATTACHMENT_BYTES, validate_attachment
from tests.conftest import browser_login, screenshot

LATIN_DIGIT = re.compile(r"[0-9]")
ENGLISH_MONTHS = [
    "Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar",
    "Mehr", "Aban", "Azar", "Dey", "Bahman", "Esfand",
]  # fmt: skip
GREGORIAN_MONTHS = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December)\b"
)


def in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def jalali_long_en(day):
    j = jdatetime.date.fromgregorian(date=day)
    return f"{j.day} {ENGLISH_MONTHS[j.month - 1]} {j.year}"


def persian(text):
    return text.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


def described_ids_missing(html):
    """Ids named by aria-describedby that no element of the page carries."""
    named = {i for value in re.findall(r'aria-describedby="([^"]*)"', html) for i in value.split()}
    present = set(re.findall(r'\sid="([^"]+)"', html))
    return named - present


# -- English: the same Jalali calendar --------------------------------------------------


@pytest.mark.django_db
def test_english_pages_show_jalali_dates_with_english_month_names(
    client, official, make_report, today
):
    make_report()
    in_english(client).force_login(official)
    dashboard = client.get(reverse("dashboard")).text
    assert f"Figures as of \u2066{jalali_long_en(today)}\u2069." in dashboard
    listing = client.get(reverse("report_list")).text
    assert format_jalali(today) in listing  # the submission date, e.g. 1405/09/08
    for page in (dashboard, listing):
        assert today.isoformat() not in page
        assert GREGORIAN_MONTHS.search(page) is None


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fa", "en"])
def test_date_filters_read_jalali_in_both_languages(
    client, official, make_report, today, days, language
):
    report = make_report()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(official)

    def listed(**params):
        return list(client.get(reverse("report_list"), params).context["page"].object_list)

    typed_today = persian(format_jalali(today))  # «۱۴۰۵/۰۹/۰۸», Persian digits in either language
    assert listed(submitted_from=typed_today, submitted_to=typed_today) == [report]
    assert listed(submitted_from=format_jalali(today + days(1))) == []
    page = client.get(reverse("report_list")).text
    hint = "۱۴۰۵/۰۹/۰۸" if language == "fa" else "e.g. 1405/09/08"
    named = (
        "تاریخ هجری شمسی: سال/ماه/روز"
        if language == "fa"
        else "A Solar Hijri (Jalali) date: year/month/day"
    )
    box = re.search(r'<input[^>]*name="submitted_from"[^>]*>', page).group()
    assert f'placeholder="{hint}"' in box and f'title="{named}"' in box  # the calendar is named


@pytest.mark.django_db
def test_a_date_copied_from_a_page_with_its_direction_marks_is_read(client, official, make_report):
    report = make_report()
    in_english(client).force_login(official)
    with translation.override("en"):
        shown = Template("{% load persian %}{{ day|jdate }}").render(
            Context({"day": timezone.localdate()})
        )
    assert shown.startswith("\u2066")  # isolated left to right in English
    page = client.get(reverse("report_list"), {"submitted_from": shown, "submitted_to": shown})
    assert list(page.context["page"].object_list) == [report]


# -- exports ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_exports_name_their_files_and_dates_in_jalali(client, official, make_report, today):
    make_report()
    client.force_login(official)
    stamp = format_jalali(today).replace("/", "-")  # 1405-09-08
    response = client.get(reverse("report_export_csv"))
    assert f'filename="reports-{stamp}.csv"' in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    [header, row] = list(csv.reader(io.StringIO(text)))
    column = header.index("تاریخ ثبت (شمسی)")
    assert row[column] == format_jalali(today)
    assert header[column + 1] == "تاریخ ثبت (میلادی)"  # the real date is labelled as such

    response = client.get(reverse("report_export_xlsx"))
    assert f'filename="reports-{stamp}.xlsx"' in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [cell.value for cell in sheet[2]]
    assert values[column] == format_jalali(today)


# -- numbers in messages and errors -----------------------------------------------------


class _Short(forms.Form):
    name = forms.CharField(max_length=5)
    count = forms.IntegerField(min_value=0)


@pytest.mark.parametrize(("language", "expected", "refused"), [("fa", "۵", "5"), ("en", "5", "۵")])
def test_every_forms_errors_get_the_readers_digits(language, expected, refused):
    with translation.override(language):
        form = _Short({"name": "abcdefgh", "count": "-3"})
        assert not form.is_valid()
        rendered = str(form["name"].errors) + str(form["count"].errors)
        shown = list(form.errors["name"])
    assert expected in shown[0] and refused not in shown[0]
    assert expected in rendered and refused not in rendered
    assert ("۰" if language == "fa" else "0") in rendered  # «… greater than or equal to 0»
    assert form.errors.as_data()["name"][0].params["limit_value"] == 5  # the data is untouched


@pytest.mark.django_db
def test_the_length_limit_message_on_a_page_has_persian_digits(client, manager_a, ngo_a):
    client.force_login(manager_a)
    page = client.get(reverse("report_new", args=[ngo_a.pk]))
    key = re.search(r'name="submission_key" value="([^"]+)"', page.text).group(1)
    response = client.post(
        reverse("report_new", args=[ngo_a.pk]),
        {
            "category": Category.objects.get(name="کودکان کار و خیابان").pk,
            "title": "ک" * 201,
            "description": "شرح",
            "severity": "high",
            "people_affected": "-1",
            "submission_key": key,
        },
    )
    errors = " ".join(re.findall(r'<ul class="errorlist"[^>]*>(.*?)</ul>', response.text, re.S))
    assert "۲۰۰" in errors and "۲۰۱" in errors  # at most 200 characters (it has 201)
    assert "۰" in errors  # greater than or equal to 0
    assert LATIN_DIGIT.search(errors) is None
    assert described_ids_missing(response.text) == set()


def test_the_file_size_error_has_persian_digits_and_units():
    upload = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (11 * 1024 * 1024))
    with translation.override("fa"), pytest.raises(forms.ValidationError) as refused:
        validate_attachment(upload)
    message = refused.value.messages[0]
    assert "۱۱ مگابایت" in message and "۱۰ مگابایت" in message
    assert LATIN_DIGIT.search(message) is None and "MB" not in message
    assert format_filesize(MAX_ATTACHMENT_BYTES, "en") == "10 MB"


@pytest.mark.django_db
def test_a_bulk_message_has_persian_digits(client, official, make_report):
    reports = [make_report() for _ in range(3)]
    client.force_login(official)
    response = client.post(
        reverse("report_bulk"),
        {"selected": [r.pk for r in reports], "operation": "assign", "assignee": official.pk},
        follow=True,
    )
    assert "۳ گزارش به‌روز شد." in response.text
    in_english(client)
    response = client.post(
        reverse("report_bulk"),
        {"selected": [reports[0].pk], "operation": "assign", "assignee": official.pk},
        follow=True,
    )
    assert "1 report was updated." in response.text


@pytest.mark.parametrize(
    ("size", "fa", "en"),
    [
        (1, "۱ بایت", "1 byte"),
        (100, "۱۰۰ بایت", "100 bytes"),
        (1536, "۱٫۵ کیلوبایت", "1.5 KB"),
        (10 * 1024 * 1024, "۱۰ مگابایت", "10 MB"),
        (3 * 1024**3, "۳ گیگابایت", "3 GB"),
    ],
)
def test_filesize_filter(size, fa, en):
    template = Template("{% load persian %}{{ size|filesize }}")
    with translation.override("fa"):
        assert template.render(Context({"size": size})) == fa
    with translation.override("en"):
        assert template.render(Context({"size": size})) == en


# -- codes, IDs and phone numbers -------------------------------------------------------


@pytest.mark.django_db
def test_licence_number_national_id_and_phone_in_persian_digits_left_to_right(
    client, official, ngo_a, authority, today, days
):
    ngo_a.phone = "۰۴۴۳۳۴۴۵۵۶۶"
    ngo_a.save()
    licence = Licence.objects.create(
        ngo=ngo_a,
        authority=authority,
        number="۱۴۰۵/الف/۷۸۹",
        issued_on=today - days(30),
        expires_on=today + days(700),
    )
    licence.refresh_from_db()
    assert licence.number == "1405/الف/789"  # stored with ASCII digits, as searched
    client.force_login(official)
    page = client.get(reverse("ngo_home", args=[ngo_a.pk])).text
    ltr = '<bdi dir="ltr" class="code">'
    # The letters are isolated inside a left-to-right whole: never shown «۷۸۹/الف/۱۴۰۵».
    assert f"{ltr}۱۴۰۵/<bdi>الف</bdi>/۷۸۹</bdi>" in page
    assert f"{ltr}{persian(ngo_a.national_id)}</bdi>" in page
    assert f"{ltr}۰۴۴۳۳۴۴۵۵۶۶</bdi>" in page
    with translation.override("fa"):
        assert str(licence).startswith("\u2066۱۴۰۵/\u2068الف\u2069/۷۸۹\u2069")


# -- the date field ---------------------------------------------------------------------


@pytest.mark.django_db
def test_date_fields_name_only_ids_that_exist(client, official, manager_a, ngo_a):
    client.force_login(manager_a)
    new_report = client.get(reverse("report_new", args=[ngo_a.pk])).text
    assert 'aria-describedby="id_observed_on_helptext"' in new_report
    assert described_ids_missing(new_report) == set()
    client.force_login(official)
    for url, name in [
        (reverse("dashboard"), "start"),
        (reverse("ngo_list"), None),
        (reverse("report_list"), "submitted_from"),
    ]:
        bad = client.get(url, {name or "county": "1404/12/30"}).text
        assert 'aria-describedby="id_' in bad  # a field tied to its error …
        assert described_ids_missing(bad) == set()  # … that is on the page


@pytest.mark.django_db
def test_only_past_only_dates_stop_the_picker_at_today(client, manager_a, official, ngo_a, today):
    client.force_login(manager_a)
    page = client.get(reverse("report_new", args=[ngo_a.pk])).text
    observed = re.search(r'<input[^>]*name="observed_on"[^>]*>', page).group()
    assert f'data-jdp-max-date="{format_jalali(today)}"' in observed
    client.force_login(official)
    filters = client.get(reverse("report_list")).text
    submitted_from = re.search(r'<input[^>]*name="submitted_from"[^>]*>', filters).group()
    assert "data-jdp-max-date" not in submitted_from  # a filter may look ahead


# -- the date picker in a real browser -------------------------------------------------


def open_picker(page):
    page.click("#id_observed_on")
    page.wait_for_selector("jdp-container", state="visible")
    page.wait_for_timeout(700)  # its opening animation, before the picture


def picker_geometry(page):
    return page.evaluate(
        """() => {
            // Where it is placed (its opening animation scales it from the middle).
            const box = document.querySelector('jdp-container');
            const left = parseFloat(getComputedStyle(box).left);
            const input = document.querySelector('#id_observed_on').getBoundingClientRect();
            return {box_left: left, box_right: left + box.offsetWidth,
                    input_left: input.left, input_right: input.right};
        }"""
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_date_picker_speaks_persian_blocks_future_days_and_opens_at_the_right_edge(
    site, open_page, manager_a, ngo_a
):
    now = timezone.localtime()
    noon = now.replace(hour=12, minute=0, second=0, microsecond=0)
    page = open_page()
    page.clock.set_fixed_time(noon)  # the browser's today is the server's (Tehran) today
    browser_login(page, site, "manager-a")
    page.goto(f"{site}{reverse('report_new', args=[ngo_a.pk])}")
    open_picker(page)
    screenshot(page, "datepicker-observed-on-fa")

    grid = page.inner_text("jdp-container .jdp-days")
    assert LATIN_DIGIT.search(grid) is None and "۱" in grid
    today = jdatetime.date.fromgregorian(date=now.date())
    cells = page.eval_on_selector_all(
        "jdp-container .jdp-day",
        "cells => cells.map(c => [c.textContent, c.className])",
    )
    in_month = [(text, cls) for text, cls in cells if "not-in-month" not in cls]
    for text, cls in in_month:
        day = int(text.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")))
        assert ("disabled-day" in cls) == (day > today.day), (text, cls)
    next_month = page.query_selector("jdp-container .jdp-months .jdp-icon-plus")
    assert "not-in-range" in next_month.get_attribute("class")  # no later month either
    future = page.query_selector("jdp-container .jdp-day.disabled-day:not(.not-in-month)")
    if future:
        future.click(force=True)
        assert page.input_value("#id_observed_on") == ""

    where = picker_geometry(page)
    # Under the input's right edge, not its left one.
    assert abs(where["box_right"] - where["input_right"]) <= 1
    assert where["box_left"] - where["input_left"] > 100

    page.click("jdp-container .jdp-day.today")
    typed = page.input_value("#id_observed_on")
    assert typed == persian(format_jalali(now.date()))  # written in Persian digits


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_date_picker_in_english_names_the_jalali_months_in_english(
    site, open_page, manager_a, ngo_a
):
    page = open_page()
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": site}])
    browser_login(page, site, "manager-a")
    page.goto(f"{site}{reverse('report_new', args=[ngo_a.pk])}")
    open_picker(page)
    screenshot(page, "datepicker-observed-on-en")
    months = page.eval_on_selector_all(
        "jdp-container .jdp-month option", "options => options.map(o => o.textContent)"
    )
    assert set(months) <= set(ENGLISH_MONTHS) and months
    assert page.inner_text("jdp-container .jdp-btn-today") == "Today"
    assert re.search(r"[0-9]", page.inner_text("jdp-container .jdp-days"))
    week = page.eval_on_selector_all(
        "jdp-container .jdp-day-name",
        "names => names.map(n => [n.textContent, n.getBoundingClientRect().left])",
    )
    assert [name for name, _left in sorted(week, key=lambda n: n[1])] == [
        "Sa", "Su", "Mo", "Tu", "We", "Th", "Fr"
    ]  # fmt: skip
    where = picker_geometry(page)
    # Left to right: under the input's left edge (the picker's own place), not its right one.
    assert abs(where["box_left"] - where["input_left"]) <= 1
    assert where["input_right"] - where["box_right"] > 100


def test_dates_next_to_persian_names_keep_their_place_in_english():
    day = datetime.date(2026, 11, 28)
    template = Template("{% load persian %}{{ name }} · {{ day|jdate }}|{{ day|jdate:'long' }}")
    context = Context({"day": day, "name": "علی رضایی"})
    with translation.override("en"):
        assert template.render(context) == (
            "علی رضایی · \u20661405/09/07\u2069|\u20667 Azar 1405\u2069"
        )
    with translation.override("fa"):  # a Persian line reads the date in its own direction
        assert template.render(context) == "علی رضایی · ۱۴۰۵/۰۹/۰۷|۷ آذر ۱۴۰۵"
