"""The admin in Persian: dates that cannot be in the future, the project's font, Persian
names and digits, and Django's own Persian strings corrected."""

import re
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.contrib.staticfiles import finders
from django.urls import reverse

from ngos.models import NGO, Licence, SupervisionVisit
from offices.jalali import format_jalali, to_jalali
from offices.models import FacilitationOffice, PremisesChange
from offices.services import office_change_premises
from reports.models import IssueReport
from tests.conftest import browser_login, make_national_id, screenshot
from tests.site.test_admin import admin_url, post_data
from tests.site.test_browser import vazirmatn_loaded
from workspace.models import MonthlyReturn

PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
GREGORIAN_DATE = re.compile(r"\b(19|20)\d\d-\d\d-\d\d\b")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def persian(text) -> str:
    return str(text).translate(PERSIAN)


def visible_text(html: str) -> str:
    """The page's text as a reader sees it: no tags, scripts, styles or attribute values."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def changelist_text(response) -> str:
    """The counts and headings around a list: the toolbar, actions and paginator."""
    parts = re.findall(
        r'<(?:div id="toolbar"|div class="actions"|p class="paginator").*?</(?:div|p)>',
        response.text,
        flags=re.S,
    )
    return visible_text(" ".join(parts))


# --- dates of things that have already happened -------------------------------------


def test_a_supervision_visit_dated_in_the_future_is_refused(
    admin_client, ngo_a, authority, today, days
):
    url = admin_url(SupervisionVisit, "add")
    data = post_data(admin_client.get(url))
    data.update(
        ngo=str(ngo_a.pk),
        authority=str(authority.pk),
        visited_on=format_jalali(today + days(200)),
        outcome="satisfactory",
    )

    response = admin_client.post(url, data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["visited_on"]
    assert errors == [
        f"بازدید را تنها پس از انجام آن می‌توان ثبت کرد: نه پس از امروز ({persian(format_jalali(today))})."
    ]
    assert errors[0] in response.text
    assert not SupervisionVisit.objects.exists()


def test_a_visit_made_today_is_recorded(admin_client, ngo_a, authority, today):
    url = admin_url(SupervisionVisit, "add")
    data = post_data(admin_client.get(url))
    data.update(
        ngo=str(ngo_a.pk),
        authority=str(authority.pk),
        visited_on=format_jalali(today),
        outcome="satisfactory",
    )
    assert admin_client.post(url, data).status_code == 302
    assert SupervisionVisit.objects.get().visited_on == today


def test_a_future_visit_is_refused_in_the_ngos_own_page_too(
    admin_client, ngo_a, authority, today, days
):
    url = admin_url(NGO, "change", ngo_a.pk)
    data = post_data(admin_client.get(url))
    data["supervision_visits-TOTAL_FORMS"] = "1"
    data.update(
        {
            "supervision_visits-0-visited_on": format_jalali(today + days(1)),
            "supervision_visits-0-authority": str(authority.pk),
            "supervision_visits-0-outcome": "satisfactory",
        }
    )

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "نه پس از امروز" in response.text
    assert not SupervisionVisit.objects.exists()


def test_a_licence_issued_in_the_future_is_refused(admin_client, ngo_a, authority, today, days):
    url = admin_url(Licence, "add")
    data = post_data(admin_client.get(url))
    data.update(
        ngo=str(ngo_a.pk),
        authority=str(authority.pk),
        number="1405-12",
        issued_on=format_jalali(today + days(30)),
        expires_on=format_jalali(today + days(1000)),
    )

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["issued_on"] == [
        f"پروانه را نمی‌توان با تاریخ صدور پس از امروز ({persian(format_jalali(today))}) ثبت کرد."
    ]
    assert not Licence.objects.exists()


def test_an_ngo_founded_in_the_future_is_refused(admin_client, ngo_a, today, days):
    url = admin_url(NGO, "change", ngo_a.pk)
    data = post_data(admin_client.get(url))
    data["founded_on"] = format_jalali(today + days(3))

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "تاریخ تأسیس" in str(response.context["adminform"].form.errors["founded_on"])
    ngo_a.refresh_from_db()
    assert ngo_a.founded_on is None


def test_return_of_a_month_not_yet_ended_is_refused(admin_client, office, today):
    this_month = to_jalali(today)
    url = admin_url(MonthlyReturn, "add")
    data = post_data(admin_client.get(url))
    data.update(
        office=str(office.pk),
        jalali_year=str(this_month.year),
        jalali_month=str(this_month.month),
        version="1",
        status="submitted",
        activities="12",
    )

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "هنوز تمام نشده" in str(response.context["adminform"].form.errors["jalali_month"])
    assert not MonthlyReturn.objects.exists()


def test_premises_cannot_date_from_the_future_of_an_open_office(admin_client, office, today, days):
    office.opened_on = today - days(100)
    office.save()
    change = office_change_premises(office=office, premises="shared", since=today - days(10))
    url = admin_url(PremisesChange, "change", change.pk)
    data = post_data(admin_client.get(url))
    data["since"] = format_jalali(today + days(5))

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "since" in response.context["adminform"].form.errors
    change.refresh_from_db()
    assert change.since == today - days(10)


def test_an_office_typed_with_premises_from_next_month_is_refused(
    admin_client, office, today, days
):
    url = admin_url(FacilitationOffice, "change", office.pk)
    data = post_data(admin_client.get(url))
    data.update(premises="dedicated", premises_since=format_jalali(today + days(30)))

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "premises_since" in response.context["adminform"].form.errors
    assert not PremisesChange.objects.exists()


def test_a_report_observed_in_the_future_is_refused(admin_client, ngo_a, harm, today, days):
    url = admin_url(IssueReport, "add")
    data = post_data(admin_client.get(url))
    data.update(
        ngo=str(ngo_a.pk),
        category=str(harm.pk),
        title="کودکان کار در میدان",
        description="چند کودک هر روز در میدان کار می‌کنند.",
        severity="high",
        observed_on=format_jalali(today + days(2)),
    )

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "هنوز نرسیده" in str(response.context["adminform"].form.errors["observed_on"])
    assert not IssueReport.objects.exists()


def test_the_ngo_page_does_not_show_a_future_dated_visit_as_made(
    client, manager_a, ngo_a, authority, today, days
):
    # Old data: saved before the admin refused such dates.
    SupervisionVisit.objects.create(
        ngo=ngo_a, authority=authority, visited_on=today + days(60), outcome="satisfactory"
    )
    client.force_login(manager_a)

    page = client.get(reverse("ngo_home", args=[ngo_a.pk])).text

    assert "هنوز انجام نشده" in page
    assert "رضایت‌بخش" not in page


# --- Persian dates and digits ------------------------------------------------------


def test_the_saved_message_names_the_visit_with_its_jalali_date(
    admin_client, ngo_a, authority, today, days
):
    visit = SupervisionVisit.objects.create(
        ngo=ngo_a, authority=authority, visited_on=today - days(3), outcome="satisfactory"
    )
    url = admin_url(SupervisionVisit, "change", visit.pk)
    data = post_data(admin_client.get(url))
    data["notes"] = "بازدید دوره‌ای"

    response = admin_client.post(url, data, follow=True)

    (message,) = [visible_text(str(m)) for m in response.context["messages"]]
    assert persian(format_jalali(today - days(3))) in message
    assert not re.search(r"[0-9]", message), message


def test_premises_history_rows_show_jalali_dates(admin_client, office, today, days):
    office_change_premises(office=office, premises="shared", since=today - days(20))
    page = visible_text(admin_client.get(admin_url(FacilitationOffice, "change", office.pk)).text)
    assert persian(format_jalali(today - days(20))) in page
    assert str(today - days(20)) not in page
    assert not GREGORIAN_DATE.search(page)


def test_changelist_counts_are_in_persian_digits(admin_client, urmia, monkeypatch):
    for serial in range(10, 22):
        NGO.objects.create(name=f"سمن {serial}", national_id=make_national_id(serial), county=urmia)
    monkeypatch.setattr(admin.site._registry[NGO], "list_per_page", 5)

    text = changelist_text(admin_client.get(admin_url(NGO, "changelist")))

    assert "۰ از ۵ انتخاب شده‌اند" in text
    assert "۱۲ سازمان مردم‌نهاد" in text
    assert re.search(r"۱\s+۲\s+۳", text), text  # the page links
    assert not re.search(r"[0-9]", text), text


def test_search_result_counts_are_in_persian_digits(admin_client, ngo_a, ngo_b):
    response = admin_client.get(admin_url(NGO, "changelist"), {"q": "یاری"})
    text = changelist_text(response)
    assert "۱ نتیجه" in text
    assert "در مجموع ۲" in text
    assert not re.search(r"[0-9]", text), text


def test_list_columns_show_counts_and_dates_in_persian(admin_client, ngo_a, authority, today, days):
    Licence.objects.create(
        ngo=ngo_a,
        authority=authority,
        number="1404-5",
        issued_on=today - days(400),
        expires_on=today + days(300),
    )
    response = admin_client.get(admin_url(NGO, "changelist"))
    expiry = persian(format_jalali(today + days(300)))
    assert f'<td class="field-latest_expiry">{expiry}</td>' in response.text
    assert '<td class="field-reports">۰</td>' in response.text


def test_history_pages_show_jalali_dates_and_labels(admin_client, ngo_a, today, days):
    ngo_a.founded_on = today - days(900)
    ngo_a.save()
    ngo_a.founded_on, ngo_a.status = today - days(800), "suspended"
    ngo_a.save()
    url = admin_url(NGO, "history", quote(ngo_a.pk))
    page = visible_text(admin_client.get(url).text)
    assert persian(format_jalali(today)) in page  # when each change was made
    # What changed, as the NGO's page says it: a date in Jalali, a status by its label.
    assert persian(format_jalali(today - days(900))) in page
    assert persian(format_jalali(today - days(800))) in page
    assert "تعلیق" in page and "suspended" not in page
    assert not re.search(r"20\d\d", page)  # no Gregorian year, in any format


def test_jalali_month_filters_are_in_persian_digits(admin_client, ngo_a, authority, today):
    year = to_jalali(today).year
    page = admin_client.get(admin_url(Licence, "changelist")).text
    assert f"سال {persian(year)}" in page
    assert f"سال {year}" not in page


# --- the admin's look and words ------------------------------------------------------


def test_admin_pages_use_the_projects_font(admin_client):
    page = admin_client.get(reverse("admin:index")).text
    assert '<link rel="stylesheet" href="/static/css/fonts.css">' in page
    assert '<link rel="stylesheet" href="/static/css/admin.css">' in page
    stylesheet = Path(finders.find("css/admin.css")).read_text(encoding="utf-8")
    assert '--font-family-primary: "Vazirmatn"' in stylesheet
    # Every font file the shared font stylesheet names is served by the app itself.
    fonts = Path(finders.find("css/fonts.css")).read_text(encoding="utf-8")
    named = re.findall(r'url\("\.\./(npm/[^"]+)"\)', fonts)
    assert len(named) == 3
    for font in named:
        assert finders.find(font), font


def test_third_party_apps_have_persian_names(admin_client):
    page = admin_client.get(reverse("admin:index")).text
    assert "قفل ورود" in page and "صف کارها" in page
    assert not re.search(r">\s*(Axes|Tasks Database Backend|Task Results)\s*<", page, flags=re.I)
    assert "فعالیتهای" not in page  # Django's Persian, without its ZWNJ


def test_djangos_persian_typo_in_add_another_is_corrected(admin_client):
    page = admin_client.get(admin_url(NGO, "add")).text
    assert "افزدون" not in page
    assert 'title="افزودن شهرستان دیگر"' in page


def test_djangos_persian_typo_on_the_login_page_is_corrected(client, manager_a):
    client.force_login(manager_a)  # logged in, but not an administrator
    page = client.get(reverse("admin:login")).text
    assert "نداریدو" not in page
    assert "اجازهٔ دیدن این صفحه را ندارید" in page


# --- in a real browser -----------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_admin_list_in_a_browser(site, open_page, admin_user, make_report):
    for _n in range(3):
        make_report()
    page = open_page(1366, 800)
    browser_login(page, site, "admin")
    page.goto(f"{site}{admin_url(IssueReport, 'changelist')}")

    family = page.evaluate("() => getComputedStyle(document.body).fontFamily")
    assert family.split(",")[0].strip('" ') == "Vazirmatn"
    assert vazirmatn_loaded(page)
    # A reference stays on one line (its digits and dash are separate bidi runs, hence
    # several boxes, but all at one height).
    lines = page.eval_on_selector_all(
        "#result_list .field-reference a",
        "links => links.map(a => new Set([...a.getClientRects()].map(r => Math.round(r.top))).size)",
    )
    assert lines == [1, 1, 1]
    # Nothing of the list is cut off: the page itself does not scroll sideways.
    assert page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    # Ticking a row keeps the counter in Persian digits.
    page.check("#result_list tbody input.action-select >> nth=0")
    assert page.inner_text(".action-counter") == "۱ از ۳ انتخاب شده‌اند"
    screenshot(page, "admin-reports-fa-desktop")
