"""Lists on a 360 px phone: one card per row, nothing scrolling sideways; the header's menu
button; chart labels that fit; the triage queue's severity and assignee; the favicon."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse

from reports.models import Category
from reports.services import report_assign
from tests.conftest import browser_login, screenshot

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1366, "height": 860}
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
LONG_TITLE = (
    "گزارش چند خانواده ساکن کوچه‌های پشت ترمینال درباره تجمع زباله، نبود روشنایی شبانه و "
    "رفت‌وآمد افراد ناشناس در ساعات پایانی شب که نگرانی جدی اهالی را به دنبال داشته است"
)


def browser_test(test):
    """A test in the real Chromium against the live server (so a transactional database)."""
    return pytest.mark.browser(pytest.mark.django_db(transaction=True)(test))


# Each card of a list: where it, its status chip, its severity chip and its first link lie,
# and how many lines its title takes.
CARDS = """() => [...document.querySelectorAll(".app-table-cards tbody tr")].map((row) => {
  const box = (el) => el ? (({left, right, top, bottom}) => ({left, right, top, bottom}))(
    el.getBoundingClientRect()) : null;
  const chips = [...row.querySelectorAll(".cell-status .badge, .cell-flag .badge")];
  const title = row.querySelector(".cell-main .app-clamp");
  const lineHeight = title ? parseFloat(getComputedStyle(title).lineHeight) : 0;
  return {
    text: row.innerText,
    card: box(row),
    key: (row.querySelector(".cell-key a") || {}).innerText || "",
    keyBox: box(row.querySelector(".cell-key a")),
    chips: chips.map((chip) => ({box: box(chip), cut: chip.scrollWidth > chip.clientWidth + 1})),
    severity: (row.querySelector(".severity-chip") || {}).innerText || "",
    severityBox: box(row.querySelector(".severity-chip")),
    titleLines: title ? Math.round(title.getBoundingClientRect().height / lineHeight) : 0,
    checkbox: box(row.querySelector(".cell-select input")),
  };
})"""


def fits_sideways(page):
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def inside(box, width):
    return box is not None and box["left"] >= 0 and box["right"] <= width


def header_height(page):
    return page.evaluate("() => document.querySelector('header').getBoundingClientRect().height")


def phone_cards(page):
    cards = page.evaluate(CARDS)
    assert cards, "no card on the page"
    for card in cards:
        assert inside(card["card"], PHONE["width"]), card["text"]
        assert inside(card["keyBox"], PHONE["width"]), card["text"]
        for chip in card["chips"]:
            assert inside(chip["box"], PHONE["width"]) and not chip["cut"], card["text"]
    return cards


@pytest.fixture
def triage(official, make_report, harm):
    """Reports of every severity; the critical one with a long title, assigned to the
    official; two in categories whose names are long (for the chart)."""
    official.first_name, official.last_name = "زهرا", "احمدی"
    official.save()
    critical = make_report(title=LONG_TITLE, severity="critical")
    report_assign(report=critical, actor=official, assignee=official)
    low = make_report(title="نبود سطل زباله در پارک محله", severity="low")
    long_names = Category.objects.filter(
        name__in=["حاشیه‌نشینی و سکونت غیررسمی", "حمایت از معلولان و سمن‌های آنان"]
    )
    others = [make_report(category=c, severity="medium") for c in long_names]
    return {"critical": critical, "low": low, "others": others}


# -- the triage queue in HTML: severity and assignee in every row -------------------------


def _row(page, report):
    """The list's row (or card) of one report."""
    reference = f"{report.reference}".translate(PERSIAN_DIGITS)
    [row] = [row for row in page.split("<tr")[1:] if reference in row]
    return row


@pytest.mark.django_db
def test_triage_queue_shows_each_reports_severity_and_assignee(client, official, triage):
    client.force_login(official)
    page = client.get(reverse("report_list")).text
    critical, low = _row(page, triage["critical"]), _row(page, triage["low"])
    assert 'class="severity-chip severity-chip-critical">بحرانی<' in critical
    assert "زهرا احمدی" in critical
    assert 'class="severity-chip severity-chip-low">کم<' in low
    assert "بدون مسئول" in low and "زهرا احمدی" not in low
    # Every caption the phone's cards show is Persian.
    assert 'data-label="شدت"' in critical and 'data-label="کارشناس مسئول"' in critical


@pytest.mark.django_db
def test_a_manager_sees_severity_but_no_assignee(client, manager_a, triage):
    client.force_login(manager_a)
    page = client.get(reverse("report_list")).text
    assert "severity-chip-critical" in _row(page, triage["critical"])
    assert "زهرا احمدی" not in page and "بدون مسئول" not in page


# -- favicon ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_favicon_ico_leads_to_the_projects_own_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response.headers["Location"] == static("img/favicon.svg")
    svg = Path(finders.find("img/favicon.svg")).read_text()
    assert svg.startswith("<svg") and "#0f5c6e" in svg  # the header's colour
    assert (
        f'<link rel="icon" href="{static("img/favicon.svg")}"' in client.get(reverse("login")).text
    )


# -- on a phone --------------------------------------------------------------------------


@browser_test
def test_triage_queue_is_a_list_of_cards_on_a_phone(site, open_page, official, triage):
    page = open_page(**PHONE)
    browser_login(page, site, "official")
    page.goto(f"{site}/reports/")
    assert fits_sideways(page)
    cards = phone_cards(page)
    assert len(cards) == 4
    by_key = {card["key"]: card for card in cards}
    critical = by_key[triage["critical"].reference.translate(PERSIAN_DIGITS)]
    assert critical["severity"].endswith("بحرانی") and inside(critical["severityBox"], 360)
    assert critical["titleLines"] == 2  # a long title is cut at two lines
    assert "زهرا احمدی" in critical["text"]
    low = by_key[triage["low"].reference.translate(PERSIAN_DIGITS)]
    assert low["severity"] == "کم" and "بدون مسئول" in low["text"]
    assert all(inside(card["checkbox"], 360) for card in cards)
    # The filters fold behind a button until they are wanted.
    assert not page.is_visible("#id_q")
    page.get_by_role("button", name="پالایه‌ها").click()
    page.wait_for_selector("#list-filters.collapse.show #id_q", state="visible")
    page.get_by_role("button", name="پالایه‌ها").click()
    page.wait_for_selector("#id_q", state="hidden")
    screenshot(page, "report-list-fa-phone")

    # Bulk selection works from a card: tick the low report and assign it to oneself.
    page.check(f"input[name=selected][value='{triage['low'].pk}']")
    page.click("button[name=operation][value=assign]")
    page.wait_for_load_state()
    triage["low"].refresh_from_db()
    assert triage["low"].assigned_to == official


@browser_test
def test_a_managers_report_list_is_cards_on_a_phone(site, open_page, manager_a, triage):
    page = open_page(**PHONE)
    browser_login(page, site, "manager-a")
    page.goto(f"{site}/reports/")
    assert fits_sideways(page)
    cards = phone_cards(page)
    assert {card["severity"] for card in cards} >= {"کم", "متوسط"}
    assert all(card["checkbox"] is None for card in cards)  # no bulk actions for managers
    screenshot(page, "report-list-manager-cards-fa-phone")


@browser_test
def test_ngo_and_office_lists_are_cards_on_a_phone(site, open_page, official, ngo_a, ngo_b, office):
    page = open_page(**PHONE)
    browser_login(page, site, "official")
    page.goto(f"{site}/ngos/")
    assert fits_sideways(page)
    cards = phone_cards(page)
    assert {card["key"] for card in cards} == {ngo_a.name, ngo_b.name}
    assert all("پروانه" in card["text"] and card["chips"] for card in cards)  # licence
    screenshot(page, "ngo-list-cards-fa-phone")

    page.goto(f"{site}/offices/")
    assert fits_sideways(page)
    [card] = phone_cards(page)
    assert card["key"] == office.name and "URM-" in card["text"]
    screenshot(page, "office-list-cards-fa-phone")


@browser_test
def test_the_header_is_one_row_with_a_menu_button_on_a_phone(site, open_page, official):
    page = open_page(**PHONE)
    browser_login(page, site, "official")
    page.goto(f"{site}/reports/")
    assert header_height(page) <= 70
    menu = page.get_by_role("button", name="منو")
    assert menu.get_attribute("aria-expanded") == "false"
    assert menu.get_attribute("aria-controls") == "main-menu"
    offices = page.locator("#main-menu").get_by_role("link", name="دفترها")
    assert not offices.is_visible()
    # From the keyboard: the button opens the menu, and a link in it is followed.
    menu.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#main-menu.collapse.show")  # opened, not still opening
    assert offices.is_visible()
    assert menu.get_attribute("aria-expanded") == "true"
    assert page.get_by_role("button", name="خروج").is_visible()
    screenshot(page, "report-list-menu-open-fa-phone")
    offices.click()
    page.wait_for_url(f"{site}/offices/")


@browser_test
def test_dashboard_chart_labels_fit_a_phone(site, open_page, official, triage):
    page = open_page(**PHONE)
    browser_login(page, site, "official")
    page.goto(f"{site}/dashboard/")
    assert fits_sideways(page)
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-category')")
    charts = page.evaluate(
        """() => ["chart-status", "chart-category"].map((id) => {
          const chart = Chart.getChart(id), y = chart.scales.y, x = chart.scales.x;
          const ctx = chart.ctx;
          ctx.save();
          ctx.font = Chart.helpers.toFont(y.options.ticks.font).string;
          const widest = Math.max(...y.ticks.flatMap((t) => [].concat(t.label))
            .map((line) => ctx.measureText(line).width));
          ctx.restore();
          return {id, widest, room: y.width, labels: chart.data.labels,
                  numbers: x.ticks.map((t) => t.label).join(" ")};
        })"""
    )
    for chart in charts:
        assert chart["widest"] <= chart["room"], chart  # no label runs off the chart
        assert not re.search("[0-9]", chart["numbers"]), chart  # Persian digits on the axis
    # The tooltip keeps the whole name: the chart's labels are not the shortened ones.
    assert "حمایت از معلولان و سمن‌های آنان" in charts[1]["labels"]


# -- on a computer -------------------------------------------------------------------------


@browser_test
def test_lists_are_tables_with_the_whole_menu_on_a_computer(
    site, open_page, official, triage, ngo_a, office
):
    page = open_page(**DESKTOP)
    browser_login(page, site, "official")
    for path in ("/reports/", "/ngos/", "/offices/"):
        page.goto(f"{site}{path}")
        assert fits_sideways(page)
        assert (
            page.evaluate(
                "() => getComputedStyle(document.querySelector('.app-table-cards tbody tr')).display"
            )
            == "table-row"
        )
        assert page.locator(".app-table-cards thead th").first.is_visible()
        assert page.is_visible("#list-filters")
    assert header_height(page) <= 70
    assert not page.get_by_role("button", name="منو").is_visible()
    assert page.locator("#main-menu").get_by_role("link", name="دفترها").is_visible()
    page.goto(f"{site}/reports/")
    screenshot(page, "report-list-fa-desktop")


@browser_test
def test_the_searchable_selects_filter_box_has_a_label(site, open_page, manager_a, ngo_a):
    page = open_page(**PHONE)
    browser_login(page, site, "manager-a")
    page.goto(f"{site}/ngos/{ngo_a.pk}/reports/new/")
    box = page.get_by_role("searchbox", name="جستجو در فهرست: محله")
    assert box.get_attribute("placeholder") == "بخشی از نام را بنویسید تا فهرست کوتاه شود"
    box.fill("ناموجود")
    assert page.locator("#id_neighbourhood option:not([hidden])").count() == 1  # the empty one
