"""The interface in a real Chromium: direction, font, Jalali dates, phone width, screenshots."""

import datetime

import pytest
from django.conf import settings

from ngos.models import NGO
from offices.jalali import parse_jalali
from tests.conftest import browser_login, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PHONE = {"width": 360, "height": 740}


def direction(page):
    return page.evaluate(
        "() => [document.documentElement.lang, document.documentElement.dir,"
        " getComputedStyle(document.body).direction]"
    )


def switch_language(page, to):
    page.click(f"form.language-switch button[value={to}]")
    page.wait_for_load_state()


def vazirmatn_loaded(page):
    return page.evaluate(
        """async () => {
            await document.fonts.ready;
            const faces = [...document.fonts].filter(f => f.family.replace(/"/g, '') === 'Vazirmatn');
            return faces.some(f => f.status === 'loaded') && document.fonts.check('16px Vazirmatn');
        }"""
    )


def no_sideways_scroll(page):
    return page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_login_page_is_right_to_left_in_persian_and_left_to_right_in_english(site, open_page):
    page = open_page()
    page.goto(f"{site}/accounts/login/")
    assert direction(page) == ["fa", "rtl", "rtl"]
    assert page.inner_text("h1") == "ورود"
    assert vazirmatn_loaded(page)
    screenshot(page, "login-fa-desktop")

    switch_language(page, "en")
    assert direction(page) == ["en", "ltr", "ltr"]
    assert page.inner_text("h1") == "Log in"
    screenshot(page, "login-en-desktop")

    page.goto(f"{site}/accounts/login/")  # the choice is remembered
    assert direction(page)[0] == "en"
    switch_language(page, "fa")
    assert direction(page)[0] == "fa"


def test_login_page_fits_a_phone(site, open_page):
    page = open_page(**PHONE)
    page.goto(f"{site}/accounts/login/")
    assert no_sideways_scroll(page)
    screenshot(page, "login-fa-phone")
    switch_language(page, "en")
    assert no_sideways_scroll(page)
    screenshot(page, "login-en-phone")


def test_wrong_password_shows_a_persian_message(site, open_page, manager_a):
    page = open_page()
    browser_login(page, site, "manager-a", "not-the-password")
    assert "/accounts/login/" in page.url
    assert "گذرواژه" in page.inner_text(".alert-danger")
    assert page.input_value("#id_username") == "manager-a"
    screenshot(page, "login-fa-wrong-password")


def test_manager_home_in_both_languages_and_on_a_phone(site, open_page, manager_a, ngo_a):
    for language, width in [("fa", 1280), ("fa", 360), ("en", 1280), ("en", 360)]:
        page = open_page(width=width, height=800)
        if language == "en":
            page.context.add_cookies(
                [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": site}]
            )
        browser_login(page, site, "manager-a")
        assert page.url == f"{site}/ngos/{ngo_a.pk}/"  # a manager lands on their NGO
        assert direction(page)[0] == language
        assert ngo_a.name in page.inner_text("main")
        assert vazirmatn_loaded(page)
        assert no_sideways_scroll(page)
        screenshot(page, f"ngo-home-{language}-{'phone' if width == 360 else 'desktop'}")


def test_a_jalali_date_typed_in_a_form_comes_back_the_same(site, open_page, admin_user, ngo_a):
    page = open_page()
    browser_login(page, site, "admin")
    change = f"{site}/admin/ngos/ngo/{ngo_a.pk}/change/"
    page.goto(change)

    # An impossible date: a Persian message beside the field, and what was typed is kept.
    page.fill("#id_founded_on", "۱۴۰۴/۱۲/۳۰")
    page.fill("#id_contact_person", "مریم نمونه‌ای")
    page.keyboard.press("Escape")
    page.click("input[name=_continue]")
    error = page.inner_text(".field-founded_on .errorlist")
    assert "کبیسه" in error
    assert page.input_value("#id_founded_on") == "۱۴۰۴/۱۲/۳۰"
    assert page.input_value("#id_contact_person") == "مریم نمونه‌ای"
    screenshot(page, "admin-date-error-fa")
    assert NGO.objects.get(pk=ngo_a.pk).founded_on is None  # nothing half-saved

    # A real date typed in Persian digits is saved and shown back as the same Jalali date.
    page.fill("#id_founded_on", "۱۴۰۰/۰۷/۱۵")
    page.keyboard.press("Escape")
    page.click("input[name=_continue]")
    page.wait_for_load_state()
    assert page.input_value("#id_founded_on") == "۱۴۰۰/۰۷/۱۵"  # shown in Persian digits
    assert NGO.objects.get(pk=ngo_a.pk).founded_on == parse_jalali("1400/07/15")
    assert NGO.objects.get(pk=ngo_a.pk).founded_on == datetime.date(2021, 10, 7)
    screenshot(page, "admin-date-saved-fa")


def test_the_date_picker_opens_and_fills_a_jalali_date(site, open_page, admin_user, ngo_a):
    page = open_page()
    browser_login(page, site, "admin")
    page.goto(f"{site}/admin/ngos/ngo/{ngo_a.pk}/change/")
    page.click("#id_founded_on")
    page.wait_for_selector("jdp-container", state="visible")
    page.wait_for_timeout(400)  # let its opening animation finish before the picture
    screenshot(page, "datepicker-fa")
    # The founding date cannot be after today: the picker offers only days up to today.
    page.click("jdp-container .jdp-day:not(.not-in-month):not(.disabled-day) >> nth=0")
    value = page.input_value("#id_founded_on")
    assert parse_jalali(value)  # a Jalali date the server reads


def test_a_manager_and_an_official_each_see_only_their_own_world(
    site, open_page, manager_a, manager_b, ngo_a, ngo_b, urmia_official, make_report
):
    report = make_report()
    # Manager B: their NGO only; A's NGO answers "not found", the dashboard "not allowed".
    page = open_page()
    browser_login(page, site, "manager-b")
    assert ngo_b.name in page.inner_text("main")
    assert page.goto(f"{site}/ngos/{ngo_a.pk}/").status == 404
    assert "یافت نشد" in page.inner_text("main")
    screenshot(page, "manager-b-other-ngo-404")
    assert page.goto(f"{site}/dashboard/").status == 403
    assert page.goto(f"{site}/admin/").url.startswith(f"{site}/admin/login/")
    nav = page.inner_text("header")
    assert "پیشخوان" not in nav and "مدیریت سامانه" not in nav

    # The Urmia official: the Urmia dashboard, Urmia's NGO, not Khoy's.
    page = open_page()
    browser_login(page, site, "urmia-official")
    assert page.url == f"{site}/dashboard/"
    main = page.inner_text("main")
    assert "ارومیه" in main and "۱" in main  # one open report, counted in Persian digits
    screenshot(page, "urmia-official-dashboard")
    assert page.goto(f"{site}/ngos/{ngo_a.pk}/").status == 200
    assert page.locator("form.app-form").count() == 0  # officials read; managers edit
    assert page.goto(f"{site}/ngos/{ngo_b.pk}/").status == 404
    assert report.county == ngo_a.county
