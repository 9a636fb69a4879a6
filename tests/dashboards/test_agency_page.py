"""The agency's page as an official reads it in a browser: an overdue referral stands out
as one marked card on a phone and one marked row on a computer, never by colour alone."""

import datetime

import pytest
from django.urls import reverse

from reports.models import IssueReport
from reports.workflow import Action, report_transition
from tests.conftest import browser_login, screenshot

RED = "rgb(176, 42, 55)"  # #b02a37


def referred(make_report, official, agency, today, title):
    report = make_report(title=title)
    report_transition(report=report, action=Action.START_REVIEW, actor=official)
    report_transition(
        report=report,
        action=Action.REFER,
        actor=official,
        agency=agency,
        due_on=today + datetime.timedelta(days=5),
    )
    return report


ROW_LOOK = """row => {
    const look = element => getComputedStyle(element);
    return {
        edge: look(row).borderRightWidth + " " + look(row).borderRightColor,
        firstCellEdge: look(row.cells[0]).borderRightWidth + " " + look(row.cells[0]).borderRightColor,
        cellBackgrounds: [...new Set([...row.cells].map(cell => look(cell).backgroundColor))],
        cellShades: [...new Set([...row.cells].map(cell => look(cell).boxShadow))],
        chip: row.querySelector(".badge") ? row.querySelector(".badge").innerText : "",
    };
}"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_overdue_referral_is_one_marked_card_on_a_phone_and_one_marked_row_on_a_computer(
    site, open_page, make_report, official, agency, today
):
    late = referred(make_report, official, agency, today, "دیر")
    referred(make_report, official, agency, today, "به‌موقع")
    IssueReport.objects.filter(pk=late.pk).update(due_on=today - datetime.timedelta(days=3))
    url = f"{site}{reverse('agency_detail', args=[agency.pk])}"

    phone = open_page(width=360, height=740)
    browser_login(phone, site, "official")
    phone.goto(url)
    rows = phone.locator("section[aria-labelledby=referrals-title] tbody tr")
    overdue, on_time = rows.nth(0).evaluate(ROW_LOOK), rows.nth(1).evaluate(ROW_LOOK)
    # One block: every line of the card on the card's own white, no pink strips.
    assert overdue["cellBackgrounds"] == ["rgb(255, 255, 255)"], overdue
    assert overdue["cellShades"] == ["none"], overdue
    # Marked by its edge and said in words.
    assert overdue["edge"] == f"4px {RED}" and overdue["chip"] == "عقب‌افتاده"
    assert on_time["edge"].startswith("1px") and on_time["chip"] == ""
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(phone, "agency-fa-phone")

    desktop = open_page(width=1366, height=900)
    browser_login(desktop, site, "official")
    desktop.goto(url)
    rows = desktop.locator("section[aria-labelledby=referrals-title] tbody tr")
    overdue, on_time = rows.nth(0).evaluate(ROW_LOOK), rows.nth(1).evaluate(ROW_LOOK)
    # Only the overdue row is marked, and not by painting the table pink.
    assert overdue["firstCellEdge"] == f"4px {RED}" and overdue["chip"] == "عقب‌افتاده"
    assert not on_time["firstCellEdge"].startswith("4px") and on_time["chip"] == ""
    for row in (overdue, on_time):
        assert row["cellBackgrounds"] == ["rgb(255, 255, 255)"], row
    screenshot(desktop, "agency-fa-desktop")
