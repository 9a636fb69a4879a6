"""The whole loop of a report, in a real Chromium, as the people who use it would go."""

import pytest

from reports.models import IssueReport, Status
from tests.conftest import browser_login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def take_step(page, label, note=None, **fields):
    """Choose one workflow step on the report's action panel (its button), fill the form
    it opens in place and send it."""
    page.locator("#act a[data-step]").get_by_text(label, exact=True).click()
    form = page.locator("form.report-step:not([hidden])")
    for name, value in fields.items():
        control = form.locator(f"[name$='-{name}']")
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(label=value)
        else:
            control.fill(value)
            control.press("Escape")
    if note is not None:
        form.locator("textarea[name$='-note']").fill(note)
    with page.expect_navigation():  # the answer to the POST, not the page already loaded
        form.locator("button[type=submit]").click()


LATIN = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")


def dashboard_figures(page, site):
    """The province dashboard's open reports and overdue referrals, as the official reads them."""
    page.goto(f"{site}/dashboard/")
    figures = []
    for queue in ("open", "overdue"):
        text = page.locator(f"a[href='/reports/?queue={queue}']").inner_text()
        figures.append(int(text.strip().translate(LATIN)))
    return figures


def test_a_report_travels_the_whole_loop(
    site, open_page, manager_a, ngo_a, neighbourhood, official, agency, tmp_path
):
    photo = tmp_path / "photo.png"
    photo.write_bytes(PNG)

    # The official's dashboard before anything happens.
    office = open_page()
    browser_login(office, site, "official")
    assert dashboard_figures(office, site) == [0, 0]
    screenshot(office, "journey-0-dashboard-before-fa")

    # The NGO manager submits a report, with the day it was seen and a photo.
    manager = open_page()
    browser_login(manager, site, "manager-a")
    manager.click("text=گزارش تازه")
    manager.fill("#id_observed_on", "۱۴۰۵/۰۸/۲۰")
    manager.press("#id_observed_on", "Escape")
    manager.select_option("#id_category", label="کودکان کار و خیابان")
    manager.select_option("#id_neighbourhood", label=neighbourhood.name)
    # The open reports like it there are looked up as the two are chosen: none yet.
    manager.locator("#similar-reports [role=status]").wait_for()
    manager.fill("#id_title", "کودکان کار در ورودی بازار")
    manager.fill("#id_description", "هر روز حدود ده کودک در ورودی بازار کار می‌کنند.")
    manager.fill("#id_people_affected", "10")
    manager.set_input_files("#id_files", str(photo))
    screenshot(manager, "journey-1-new-report-fa")
    with manager.expect_navigation():
        manager.click("button:has-text('ثبت گزارش')")
    report = IssueReport.objects.get()
    persian_reference = report.reference.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert persian_reference in manager.inner_text("main")
    screenshot(manager, "journey-2-reference-fa")

    assert report.observed_on.isoformat() == "2026-11-11"
    assert "۲۰ آبان ۱۴۰۵" in manager.inner_text("main")

    # The dashboard counts it as open.
    assert dashboard_figures(office, site) == [1, 0]
    screenshot(office, "journey-2b-dashboard-open-fa")

    # The official finds it among the new reports and asks for information.
    office.goto(f"{site}/reports/?queue=new")
    office.click(f"text={persian_reference}")
    take_step(office, "آغاز بررسی")
    take_step(office, "درخواست اطلاعات از سمن", note="تعداد خانوارها را بفرستید.")
    screenshot(office, "journey-3-asked-fa")
    assert IssueReport.objects.get().status == Status.AWAITING_INFO

    # The manager answers on the report's page.
    manager.reload()
    take_step(manager, "ارسال اطلاعات درخواستی", note="حدود بیست خانوار.")
    assert IssueReport.objects.get().status == Status.UNDER_REVIEW

    # The official refers it, records the agency's acceptance, and resolves it.
    office.reload()
    take_step(
        office,
        "ارجاع به دستگاه اجرایی",
        note="لطفاً رسیدگی کنید.",
        agency=agency.name,
        due_on="۱۴۰۹/۰۱/۱۵",
    )
    assert IssueReport.objects.get().status == Status.REFERRED
    take_step(office, "ثبت پذیرش دستگاه")
    take_step(office, "ثبت رفع مسئله", note="دستگاه اقدام کرد.")
    screenshot(office, "journey-4-resolved-fa")
    assert IssueReport.objects.get().status == Status.RESOLVED

    # The manager confirms the resolution; the timeline tells the whole story.
    manager.reload()
    take_step(manager, "تأیید رفع مسئله")
    report.refresh_from_db()
    assert report.status == Status.CLOSED
    timeline = manager.inner_text("#timeline + ol")
    assert "حدود بیست خانوار." in timeline and "دستگاه اقدام کرد." in timeline
    screenshot(manager, "journey-5-closed-fa")
    assert report.attachments.count() == 1

    # Closed: no longer open on the dashboard; the referral was answered, so never overdue.
    assert dashboard_figures(office, site) == [0, 0]
    screenshot(office, "journey-6-dashboard-after-fa")

    # The same manager on a phone: the report list and the report, then English and back.
    phone = open_page(width=360, height=740)
    browser_login(phone, site, "manager-a")
    phone.goto(f"{site}/reports/")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(phone, "journey-7-phone-list-fa")
    with phone.expect_navigation():
        phone.click(f"text={persian_reference}")
    phone.wait_for_load_state()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(phone, "journey-8-phone-report-fa")
    # On a phone the language switch is in the header's menu.
    phone.click(".app-menu-button")
    phone.click("button[name=language]")
    phone.wait_for_load_state()
    assert phone.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [
        "en",
        "ltr",
    ]
    assert report.reference in phone.inner_text("main")
    screenshot(phone, "journey-9-phone-report-en")
    phone.click(".app-menu-button")
    phone.click("button[name=language]")
    phone.wait_for_load_state()
    assert phone.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [
        "fa",
        "rtl",
    ]
    screenshot(phone, "journey-10-phone-report-fa-again")
