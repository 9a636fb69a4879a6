"""The interface shell: layout, language, login and home pages, assets served by the app."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from facilitation import assets
from ngos.models import Licence
from tests.conftest import EXTERNAL_REFERENCE, PASSWORD

ROOT = Path(settings.BASE_DIR)

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


# -- layout and language ---------------------------------------------------------


def test_login_page_is_persian_and_right_to_left_by_default(client):
    page = client.get(reverse("login")).text
    assert '<html lang="fa" dir="rtl">' in page
    assert "bootstrap.rtl.min.css" in page
    assert "ورود" in page


def test_login_page_in_english_is_left_to_right(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("login")).text
    assert '<html lang="en" dir="ltr">' in page
    assert "bootstrap.min.css" in page and "rtl" not in page.split("<body")[0].split("dir=")[0]


def test_language_switch_remembers_the_choice(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert 'lang="en"' in client.get(reverse("login")).text
    client.post(reverse("set_language"), {"language": "fa", "next": reverse("login")})
    assert 'lang="fa"' in client.get(reverse("login")).text


def test_language_switch_does_not_redirect_to_another_site(client):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert "evil.example" not in response.headers.get("Location", "")


# -- login and home -----------------------------------------------------------------


def test_home_sends_anonymous_users_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("login"))


def test_wrong_password_gets_a_persian_message_and_keeps_the_username(client, manager_a):
    response = client.post(reverse("login"), {"username": "manager-a", "password": "wrong"})
    assert response.status_code == 200
    assert "گذرواژه" in response.text
    assert 'value="manager-a"' in response.text


def test_login_lands_on_home(client, manager_a):
    response = client.post(reverse("login"), {"username": "manager-a", "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == reverse("home")


def test_manager_with_several_ngos_sees_them_listed_with_licence_status(
    client, manager_a, ngo_a, ngo_b, authority, today, days
):
    ngo_b.managers.add(manager_a)
    Licence.objects.create(
        ngo=ngo_a,
        authority=authority,
        number="9",
        issued_on=today - days(300),
        expires_on=today + days(30),
    )
    page = login(client, manager_a).get(reverse("home")).text
    assert ngo_a.name in page and ngo_b.name in page
    assert "در آستانه انقضا" in page
    assert reverse("admin:index") not in page  # no link an NGO manager cannot follow


def test_administrator_sees_the_administration_link(client, admin_user):
    page = login(client, admin_user).get(reverse("dashboard")).text
    assert f'href="{reverse("admin:index")}"' in page


def test_user_without_a_role_is_told_so(client, no_role_user):
    page = login(client, no_role_user).get(reverse("home")).text
    assert "نقشی" in page


def test_pages_show_numbers_in_persian_digits_but_not_in_attributes(client, manager_a, ngo_a):
    ngo_a.members = 1234
    ngo_a.save()
    page = login(client, manager_a).get(reverse("ngo_home", args=[ngo_a.pk])).text
    assert "۱٬۲۳۴" in page
    for attribute in re.findall(r'(?:href|src|value|action)="([^"]*)"', page):
        assert not re.search("[۰-۹]", attribute), attribute


def test_logout_is_a_post_and_ends_the_session(client, manager_a):
    login(client, manager_a)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


# -- assets ----------------------------------------------------------------------------


@pytest.mark.parametrize("file", assets.FILES)
def test_each_listed_npm_file_is_served_from_node_modules(file):
    found = finders.find(assets.static_path(file))
    assert found and Path(found).is_file()
    assert Path(found).resolve().is_relative_to((ROOT / "node_modules").resolve())


def test_nothing_else_from_node_modules_is_served():
    assert finders.find("npm/bootstrap/dist/js/bootstrap.bundle.js") is None
    assert finders.find("npm/vazirmatn/fonts/webfonts/Vazirmatn-Thin.woff2") is None
    assert finders.find("npm/../package.json") is None


def test_no_third_party_file_is_committed():
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    offenders = [
        f
        for f in tracked
        if f.startswith("node_modules/")
        or re.search(r"\.(min\.(js|css)|woff2?|ttf|otf|eot|mo)$", f)
    ]
    assert offenders == []


def test_no_template_refers_to_another_host():
    templates = [
        p
        for p in ROOT.glob("**/templates/**/*.html")
        if ".venv" not in p.parts and "node_modules" not in p.parts
    ]
    assert templates
    for template in templates:
        assert not EXTERNAL_REFERENCE.search(template.read_text()), template


def test_external_reference_check_catches_what_it_should():
    for html in [
        '<script src="https://cdn.example/x.js">',
        "<link href='//fonts.example/css'>",
        '<img SRC = "http://a/b.png">',
    ]:
        assert EXTERNAL_REFERENCE.search(html)
    assert not EXTERNAL_REFERENCE.search('<a href="/static/npm/vazirmatn/OFL.txt">')


# -- translations --------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_persian_translation_is_complete(domain):
    po = ROOT / "locale" / "fa" / "LC_MESSAGES" / f"{domain}.po"
    result = subprocess.run(
        ["msgfmt", "--statistics", "--check", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr
    assert "translated" in result.stderr


def test_every_python_string_in_a_template_is_marked_for_translation():
    # Visible English words outside {% translate %} would show untranslated in Persian.
    for template in (ROOT / "templates").glob("**/*.html"):
        text = re.sub(
            r"{% (blocktranslate|comment).*?end(blocktranslate|comment) %}",
            " ",
            template.read_text(),
            flags=re.S,
        )
        text = re.sub(r"<style>.*?</style>", " ", text, flags=re.S)  # CSS is never shown
        text = re.sub(r"{%.*?%}|{{.*?}}|<[^>]+>|&\w+;", " ", text, flags=re.S)
        words = re.findall(r"\b[A-Za-z]{4,}\b", text)
        allowed = {"English", "Vazirmatn", "Open", "Font", "License"}
        assert not [w for w in words if w not in allowed], (template, words)


# -- Jalali in the admin ------------------------------------------------------------------


def test_admin_lists_and_forms_show_dates_in_jalali(client, admin_user, ngo_a, authority):
    import datetime

    licence = Licence.objects.create(
        ngo=ngo_a,
        authority=authority,
        number="77",
        issued_on=datetime.date(2025, 3, 21),
        expires_on=datetime.date(2028, 3, 20),
    )
    login(client, admin_user)
    page = client.get(reverse("admin:ngos_licence_changelist")).text
    assert "۱۴۰۴/۰۱/۰۱" in page and "۱۴۰۷/۰۱/۰۱" in page
    assert "2025" not in page
    form = client.get(reverse("admin:ngos_licence_change", args=[licence.pk])).text
    assert 'value="۱۴۰۴/۰۱/۰۱"' in form and "data-jdp" in form
    assert "jalalidatepicker.min.js" in form


def test_admin_refuses_an_impossible_jalali_date_in_persian(client, admin_user, ngo_a, authority):
    login(client, admin_user)
    response = client.post(
        reverse("admin:ngos_licence_add"),
        {
            "ngo": ngo_a.pk,
            "authority": authority.pk,
            "number": "78",
            "issued_on": "1404/12/30",
            "expires_on": "۱۴۰۷/۰۱/۰۱",
        },
    )
    assert response.status_code == 200
    assert "کبیسه" in response.text
    assert 'value="۱۴۰۷/۰۱/۰۱"' in response.text  # what was typed is kept
    assert not Licence.objects.exists()
