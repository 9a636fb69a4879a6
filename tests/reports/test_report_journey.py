"""The whole loop of a report, in a real Chromium, as the people who use it would go."""

import pytest

from reports.models import IssueReport, Status
from tests.conftest import browser_login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def take_step(page, label, note=None, **fields):
    """Fill the form of one workflow step (found by its heading) and send it."""
    form = page.locator("form.app-card", has=page.locator("h2", has_text=label))
    for name, value in fields.items():
        control = form.locator(f"[name$='-{name}']")
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(label=value)
        else:
            control.fill(value)
            control.press("Escape")
    if note is not None:
        form.locator("textarea[name$='-note']").fill(note)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def test_a_report_travels_the_whole_loop(
    site, open_page, manager_a, ngo_a, neighbourhood, official, agency, tmp_path
):
    photo = tmp_path / "photo.png"
    photo.write_bytes(PNG)

    # The NGO manager submits a report with a photo.
    manager = open_page()
    browser_login(manager, site, "manager-a")
    manager.click("text=گزارش تازه")
    manager.select_option("#id_category", label="کودکان کار و خیابان")
    manager.select_option("#id_neighbourhood", label=neighbourhood.name)
    manager.fill("#id_title", "کودکان کار در ورودی بازار")
    manager.fill("#id_description", "هر روز حدود ده کودک در ورودی بازار کار می‌کنند.")
    manager.fill("#id_people_affected", "10")
    manager.set_input_files("#id_files", str(photo))
    screenshot(manager, "journey-1-new-report-fa")
    manager.click("button:has-text('ثبت گزارش')")
    manager.wait_for_load_state()
    report = IssueReport.objects.get()
    persian_reference = report.reference.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert persian_reference in manager.inner_text("main")
    screenshot(manager, "journey-2-reference-fa")

    # The official finds it among the new reports and asks for information.
    office = open_page()
    browser_login(office, site, "official")
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
