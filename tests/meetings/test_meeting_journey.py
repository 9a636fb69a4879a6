"""A meeting in a real Chromium, as its people would go: the official records the meeting
and a demand raised in it, answers it to "done"; the NGO's manager sees it done and is
told by email."""

import pytest

from meetings.models import Demand, DemandStatus, Meeting
from reports.models import Category
from tests.conftest import browser_login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def typed_date(page, selector, value):
    page.fill(selector, value)
    page.press(selector, "Escape")


def test_a_demand_raised_in_a_meeting_is_followed_to_done_and_the_ngo_sees_it(
    site, open_page, official, manager_a, ngo_a, agency, run_tasks, mailoutbox
):
    manager_a.email = "manager-a@example.ir"
    manager_a.save()
    insurance = Category.objects.get(kind=Category.Kind.NEED, name__startswith="بیمه")

    # The official records the meeting, with the NGO present and who came for it.
    page = open_page()
    browser_login(page, site, "official")
    page.goto(f"{site}/meetings/")
    page.click("text=ثبت نشست")
    typed_date(page, "#id_held_on", "۱۴۰۵/۰۸/۲۷")
    page.fill("#id_title", "نشست صمیمی با سمن‌های استان")
    page.fill("#id_place", "سالن جلسات استانداری")
    page.fill("#id_chaired_by", "معاون سیاسی، امنیتی و اجتماعی استاندار")
    page.fill("#id_officials_present", "سرپرست دفتر امور اجتماعی\nفرماندار ارومیه")
    page.select_option("#id_ngos-0-ngo", value=str(ngo_a.pk), force=True)
    page.fill("#id_ngos-0-attended_by", "مدیرعامل سمن")
    page.fill("#id_minutes", "بیست نفر از مدیران سمن‌ها مشکلات خود را گفتند.")
    screenshot(page, "meeting-1-new-fa")
    with page.expect_navigation():  # the answer to the POST
        page.click("button:has-text('ثبت نشست')")
    meeting = Meeting.objects.get()
    assert meeting.held_on.isoformat() == "2026-11-18"
    assert list(meeting.ngos.all()) == [ngo_a]
    assert "۲۷ آبان ۱۴۰۵" in page.inner_text("main")

    # A demand raised in it: the NGO's members' insurance.
    with page.expect_navigation():
        page.click("text=ثبت مطالبه")
    page.select_option("#id_ngo", value=str(ngo_a.pk), force=True)
    page.select_option("#id_category", value=str(insurance.pk), force=True)
    page.fill("#id_text", "اعضای داوطلب سمن بیمه ندارند.")
    with page.expect_navigation():  # the answer to the POST
        page.click("button:has-text('ثبت مطالبه') >> nth=0")
    demand = Demand.objects.get()
    assert demand.meeting == meeting and demand.status == DemandStatus.OPEN

    # The official records the commitment, then that it was done.
    page.goto(f"{site}/demands/{demand.pk}/")
    page.select_option("#id_answer-status", value="committed", force=True)
    page.select_option("#id_answer-agency", value=str(agency.pk), force=True)
    page.fill("#id_answer-commitment", "بیمه‌ی گروهی حوادث برای اعضای فعال")
    typed_date(page, "#id_answer-due_on", "۱۴۰۹/۰۱/۱۵")
    with page.expect_navigation():
        page.click("button:has-text('ذخیرهٔ پاسخ')")
    demand.refresh_from_db()
    assert demand.status == DemandStatus.COMMITTED and demand.agency == agency
    page.select_option("#id_answer-status", value="done", force=True)
    page.fill("#id_answer-note", "قرارداد بیمه امضا شد.")
    with page.expect_navigation():
        page.click("button:has-text('ذخیرهٔ پاسخ')")
    demand.refresh_from_db()
    assert demand.status == DemandStatus.DONE and demand.closed_at is not None
    screenshot(page, "meeting-2-demand-done-fa")

    # The meeting's page says what happened to what was said at it.
    page.goto(f"{site}/meetings/{meeting.pk}/")
    assert "انجام‌شده" in page.inner_text("main")

    # The NGO's manager was emailed of each change, and sees the demand done on a phone.
    run_tasks()
    assert [m.to for m in mailoutbox] == [["manager-a@example.ir"]] * 2
    phone = open_page(width=360, height=740)
    browser_login(phone, site, "manager-a")
    phone.goto(f"{site}/ngos/{ngo_a.pk}/")
    section = phone.locator("section[aria-labelledby=ngo-demands]")
    assert "اعضای داوطلب سمن بیمه ندارند." in section.inner_text()
    assert "انجام‌شده" in section.inner_text()
    with phone.expect_navigation():
        phone.click("text=اعضای داوطلب سمن بیمه ندارند.")
    main = phone.inner_text("main")
    assert "قرارداد بیمه امضا شد." in main and meeting.title in main
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(phone, "meeting-3-manager-phone-fa")
    # The meeting is among the manager's meetings.
    phone.goto(f"{site}/meetings/")
    assert meeting.title in phone.inner_text("main")
