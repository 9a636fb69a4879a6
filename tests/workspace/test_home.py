"""Office staff land on their office's workspace: the month so far, the last return, the
latest activities and the way to the office's work."""

import datetime
from types import SimpleNamespace

import jdatetime
import pytest
from django.urls import reverse
from django.utils import timezone

from workspace.models import Activity, ActivityKind, MonthlyReturn, Referral

pytestmark = pytest.mark.django_db


def jalali(year, month, day) -> datetime.date:
    return jdatetime.date(year, month, day).togregorian()


def workspace_url(office):
    return reverse("office_workspace", args=[office.pk])


@pytest.fixture
def on_day(monkeypatch):
    """The workspace page as it looks on a given day."""

    def set_day(day):
        monkeypatch.setattr("workspace.views.home.timezone", SimpleNamespace(localdate=lambda: day))

    return set_day


def activity(office, neighbourhood, held_on, topic="کارگاه مهارت‌های زندگی", **people):
    return Activity.objects.create(
        office=office,
        held_on=held_on,
        kind=ActivityKind.objects.order_by("pk").first(),
        topic=topic,
        neighbourhood=neighbourhood,
        **people,
    )


def test_office_staff_land_on_their_offices_workspace(client, facilitator, office):
    client.force_login(facilitator)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == workspace_url(office)


def test_office_staff_who_also_manage_an_ngo_still_land_on_the_workspace(
    client, facilitator, office, ngo_a
):
    ngo_a.managers.add(facilitator)
    client.force_login(facilitator)
    assert client.get(reverse("home")).url == workspace_url(office)


def test_the_workspace_address_leads_staff_to_their_own_office(
    client, facilitator, khoy_facilitator, office, khoy_office
):
    client.force_login(khoy_facilitator)
    assert client.get(reverse("workspace")).url == workspace_url(khoy_office)
    client.force_login(facilitator)
    assert client.get(reverse("workspace")).url == workspace_url(office)


@pytest.mark.parametrize("who", ["manager_a", "urmia_official", "no_role_user"])
def test_the_workspace_address_is_only_for_office_staff(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("workspace")).status_code == 404


def test_the_navigation_offers_my_office_to_its_staff(client, facilitator, office, manager_a):
    client.force_login(facilitator)
    page = client.get(workspace_url(office))
    assert "دفتر من" in page.text
    assert f'href="{workspace_url(office)}"' in page.text
    client.force_login(manager_a)
    assert "دفتر من" not in client.get(reverse("report_list")).text


def test_the_workspace_shows_the_month_so_far_and_the_latest_activities(
    client, facilitator, office, neighbourhood, agency, on_day
):
    on_day(jalali(1404, 8, 20))
    activity(office, neighbourhood, jalali(1404, 8, 2), "جلسه با معتمدان", women=3, men=2)
    activity(office, neighbourhood, jalali(1404, 8, 15), "کلاس سواد", children=4)
    activity(office, neighbourhood, jalali(1404, 7, 28), "کارگاه مهر", women=50)
    Referral.objects.create(
        office=office, referred_on=jalali(1404, 8, 10), agency=agency, service="درمان", people=5
    )
    client.force_login(facilitator)
    response = client.get(workspace_url(office))
    assert response.status_code == 200
    figures = response.context["figures"]
    assert (figures["activities"], figures["attendance"], figures["referrals"]) == (2, 9, 5)
    text = response.text
    assert office.name in text and "ارومیه" in text
    assert "آبان ۱۴۰۴" in text  # this month, by its Jalali name
    # The latest first: this month's two, then the last month's.
    assert text.index("کلاس سواد") < text.index("جلسه با معتمدان") < text.index("کارگاه مهر")
    for name in ("activity_list", "referral_list", "facilitator_list", "return_list"):
        assert reverse(name, args=[office.pk]) in text
    assert reverse("premises_request", args=[office.pk]) in text
    assert reverse("office_report_new", args=[office.pk]) in text


def test_the_last_months_return_is_overdue_after_the_fifth(client, facilitator, office, on_day):
    client.force_login(facilitator)
    on_day(jalali(1404, 8, 3))
    response = client.get(workspace_url(office))
    assert not response.context["overdue"]
    assert "مهر ۱۴۰۴" in response.text and "۵ آبان ۱۴۰۴" in response.text
    on_day(jalali(1404, 8, 6))
    response = client.get(workspace_url(office))
    assert response.context["overdue"]
    assert "عقب‌افتاده" in response.text


def test_a_submitted_return_is_shown_with_its_status_and_not_overdue(
    client, facilitator, office, on_day
):
    submitted = timezone.make_aware(
        datetime.datetime.combine(jalali(1404, 8, 4), datetime.time(10))
    )
    MonthlyReturn.objects.create(
        office=office,
        jalali_year=1404,
        jalali_month=7,
        status="accepted",
        submitted_at=submitted,
        first_submitted_at=submitted,
    )
    on_day(jalali(1404, 8, 20))
    client.force_login(facilitator)
    response = client.get(workspace_url(office))
    assert not response.context["overdue"]
    assert response.context["last_return"].status == "accepted"
    assert "پذیرفته" in response.text


def test_the_countys_official_reads_the_workspace_but_cannot_report_for_the_office(
    client, urmia_official, office
):
    client.force_login(urmia_official)
    response = client.get(workspace_url(office))
    assert response.status_code == 200
    assert reverse("office_report_new", args=[office.pk]) not in response.text


@pytest.mark.parametrize("who", ["khoy_facilitator", "manager_a", "khoy_official", "no_role_user"])
def test_the_workspace_is_not_found_for_others(client, request, office, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(workspace_url(office)).status_code == 404


def test_the_workspace_runs_a_fixed_number_of_queries(
    client, facilitator, office, neighbourhood, today, days, django_assert_num_queries
):
    for n in range(8):
        activity(office, neighbourhood, today - days(n), women=n)
    client.force_login(facilitator)
    # session, user, the user's NGOs, roles; the office; the month's totals, by kind and
    # by agency; the last month's return; the latest activities; the open premises request.
    with django_assert_num_queries(11):
        assert client.get(workspace_url(office)).status_code == 200


def sent_back_return(office, official, *, reviewed_on, comment="آمار کودکان جا افتاده است"):
    """The return of Mehr 1404, sent back by `official` on `reviewed_on`."""
    submitted = timezone.make_aware(datetime.datetime.combine(jalali(1404, 8, 3), datetime.time(9)))
    reviewed = timezone.make_aware(datetime.datetime.combine(reviewed_on, datetime.time(11)))
    return MonthlyReturn.objects.create(
        office=office,
        jalali_year=1404,
        jalali_month=7,
        status="returned",
        submitted_at=submitted,
        first_submitted_at=submitted,
        reviewed_at=reviewed,
        reviewed_by=official,
        review_comment=comment,
    )


def test_a_sent_back_return_shows_when_who_and_why_and_the_way_to_correct_it(
    client, facilitator, office, urmia_official, on_day
):
    urmia_official.first_name, urmia_official.last_name = "مریم", "احمدی"
    urmia_official.save()
    sent_back_return(office, urmia_official, reviewed_on=jalali(1404, 8, 4))
    on_day(jalali(1404, 8, 5))  # the due day: not overdue yet
    client.force_login(facilitator)
    response = client.get(workspace_url(office))
    card = response.text.split('id="return-title"')[1].split("</section>")[0]
    assert "برگشت داده شد در ۴ آبان ۱۴۰۴" in card  # the send-back's date, not the submission's
    assert "۳ آبان" not in card
    assert "<bdi>مریم احمدی</bdi>" in card and "آمار کودکان جا افتاده است" in card
    assert "اصلاح و ارسال دوباره" in card
    assert reverse("return_month", args=[office.pk, 1404, 7]) in card
    assert not response.context["overdue"] and "عقب‌افتاده" not in card


def test_a_return_sent_back_and_not_submitted_again_after_the_due_date_is_overdue(
    client, facilitator, office, urmia_official, on_day
):
    """As the dashboard counts it (definition "returns_overdue"): sent back and not
    submitted again after the 5th is overdue, though first submitted on time."""
    sent_back_return(office, urmia_official, reviewed_on=jalali(1404, 8, 4))
    on_day(jalali(1404, 8, 6))
    client.force_login(facilitator)
    response = client.get(workspace_url(office))
    assert response.context["overdue"]
    card = response.text.split('id="return-title"')[1].split("</section>")[0]
    assert "برگشت داده شد" in card and "عقب‌افتاده" in card


def test_a_return_awaiting_review_is_named_so_and_not_overdue(client, facilitator, office, on_day):
    submitted = timezone.make_aware(datetime.datetime.combine(jalali(1404, 8, 9), datetime.time(9)))
    MonthlyReturn.objects.create(
        office=office,
        jalali_year=1404,
        jalali_month=7,
        status="submitted",
        submitted_at=submitted,
        first_submitted_at=submitted,
    )
    on_day(jalali(1404, 8, 20))
    client.force_login(facilitator)
    response = client.get(workspace_url(office))
    card = response.text.split('id="return-title"')[1].split("</section>")[0]
    assert not response.context["overdue"]  # late, but awaiting review: not overdue
    assert "در انتظار بررسی" in card and "فرستاده‌شده در ۹ آبان ۱۴۰۴" in card
    assert "ثبت‌شده" not in card


def test_no_return_is_owed_for_a_month_that_ended_before_the_office_opened(
    client, facilitator, office, on_day
):
    office.opened_on = jalali(1404, 8, 1)
    office.save(update_fields=["opened_on"])
    on_day(jalali(1404, 8, 20))
    client.force_login(facilitator)
    assert not client.get(workspace_url(office)).context["overdue"]


def test_the_links_name_the_social_issue_reports_apart_from_the_monthly_return(
    client, facilitator, office
):
    client.force_login(facilitator)
    page = client.get(workspace_url(office)).text
    links = page.split('id="work-title"')[1].split("</nav>")[0]
    assert "گزارش مسئله‌ی اجتماعی تازه" in links and "گزارش‌های مسائل اجتماعی دفتر" in links
    assert ">گزارش تازه<" not in links and ">گزارش‌ها<" not in links
    assert "ارجاع ساکنان به دستگاه‌ها" in links
