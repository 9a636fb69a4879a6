"""A facilitator's month, in a real Chromium: the office's activities logged, the month's
return submitted, the county official accepting it, and the dashboard counting it."""

import jdatetime
import pytest

from tests.conftest import browser_login, screenshot
from workspace.models import Activity, MonthlyReturn
from workspace.services.months import last_ended_month

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def log_activity(page, day, topic, neighbourhood, women, men, children, photo=None):
    """Record one activity through the office's form, typing as a facilitator would."""
    page.get_by_role("link", name="ثبت فعالیت").first.click()
    page.fill("#id_held_on", day)
    page.press("#id_held_on", "Escape")
    page.select_option("#id_kind", label="کارگاه")
    page.fill("#id_topic", topic)
    page.select_option("#id_neighbourhood", label=neighbourhood.name)
    page.fill("#id_women", women)
    page.fill("#id_men", men)
    page.fill("#id_children", children)
    if photo is not None:
        page.set_input_files("#id_files", str(photo))
    page.click("button:has-text('ذخیره‌ی فعالیت')")
    page.wait_for_load_state()


def test_a_facilitators_month_reaches_the_dashboard(
    site, open_page, office, neighbourhood, facilitator, urmia_official, tmp_path
):
    year, month = last_ended_month()
    photo = tmp_path / "کارگاه.png"
    photo.write_bytes(PNG)

    # The facilitator lands on the office's workspace and goes to last month's activities.
    staff = open_page()
    browser_login(staff, site, "facilitator")
    assert staff.url.endswith(f"/offices/{office.pk}/workspace/")
    staff.goto(f"{site}/offices/{office.pk}/activities/?month={year}-{month:02d}")
    for day, topic, people in [
        (5, "کارگاه مهارت‌های زندگی", ("۱۲", "۳", "۷")),
        (18, "کارگاه فرزندپروری", ("۲۰", "۰", "۴")),
    ]:
        typed = f"{year}/{month:02d}/{day:02d}".translate(PERSIAN)
        log_activity(staff, typed, topic, neighbourhood, *people, photo=photo if day == 5 else None)
        assert topic in staff.inner_text("main")
    assert Activity.objects.filter(office=office, jalali_year=year, jalali_month=month).count() == 2
    screenshot(staff, "facilitator-1-activities-fa")

    # The month's return shows its figures, computed: nobody types them again.
    staff.goto(f"{site}/offices/{office.pk}/returns/{year}/{month}/")
    main = staff.inner_text("main")
    assert "۴۶" in main  # 22 + 24 people attended
    staff.fill("#id_narrative", "دو کارگاه برای مادران محله برگزار شد.")
    staff.click("button:has-text('ارسال گزارش')")
    staff.wait_for_load_state()
    record = MonthlyReturn.objects.get(office=office, jalali_year=year, jalali_month=month)
    assert record.status == "submitted" and record.activities == 2 and record.attendance == 46
    screenshot(staff, "facilitator-2-return-submitted-fa")

    # The county official finds it among the returns to review and accepts it.
    official = open_page()
    browser_login(official, site, "urmia-official")
    official.goto(f"{site}/returns/")
    official.get_by_role("link", name=office.name).first.click()
    official.wait_for_load_state()
    official.click("button:has-text('پذیرش گزارش')")
    official.wait_for_load_state()
    record.refresh_from_db()
    assert record.status == "accepted" and record.reviewed_by == urmia_official
    screenshot(official, "facilitator-3-return-accepted-fa")

    # The dashboard counts the office's accepted return for the month.
    official.goto(f"{site}/dashboard/")
    row = official.locator("section[aria-labelledby=work-title] tbody tr", has_text="ارومیه")
    assert row.locator("td").nth(2).inner_text().strip() == "۱"
    month_name = jdatetime.date(year, month, 1).j_months_fa[month - 1]
    assert month_name in official.inner_text("#work-title")

    # The month is locked for the office now: its activities can no longer be edited.
    staff.goto(f"{site}/offices/{office.pk}/activities/?month={year}-{month:02d}")
    assert staff.get_by_role("link", name="ویرایش").count() == 0
