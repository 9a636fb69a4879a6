"""An NGO's proposed solution on its report, and other NGOs supporting a report instead of
filing the same problem again."""

import csv
import io
import re
from html import unescape

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from ngos.models import NGO
from offices.models import Neighbourhood
from reports.models import Category, IssueReport, ReportEvent, ReportSupport, Status
from reports.services import report_comment
from reports.supporting import report_support
from reports.workflow import Action, report_transition
from tests.conftest import _user, browser_login, make_national_id
from tests.reports.test_report_pages import act, form_data

pytestmark = pytest.mark.django_db

SOLUTION = "راه‌اندازی کلاس‌های مهارت‌آموزی در سرای محله با همکاری بهزیستی"


@pytest.fixture
def manager_c(db):
    return _user("manager-c")


@pytest.fixture
def ngo_c(urmia, manager_c):
    """A second NGO of Urmia, which sees the same problems as ngo_a."""
    ngo = NGO.objects.create(
        name="جمعیت امداد دانشجویی", national_id=make_national_id(3), county=urmia, members=20
    )
    ngo.managers.add(manager_c)
    return ngo


@pytest.fixture
def report(make_report):
    return make_report(title="کودکان کار در ورودی بازار")


def support(client, user, ngo, report, note=""):
    client.force_login(user)
    url = reverse("report_support", args=[ngo.pk, report.pk])
    return client.post(url, {"note": note}, follow=True)


def nothing_written():
    return (
        not ReportSupport.objects.exists()
        and not ReportEvent.objects.filter(kind=ReportEvent.Kind.SUPPORT).exists()
    )


# -- the NGO's proposed solution ---------------------------------------------------------


def test_the_proposed_solution_is_saved_shown_searched_and_exported(
    client, manager_a, ngo_a, official
):
    client.force_login(manager_a)
    page = client.get(reverse("report_new", args=[ngo_a.pk])).text
    assert "راه‌حل پیشنهادی سمن" in page and 'name="proposed_solution"' in page
    data = form_data(client, ngo_a, proposed_solution=SOLUTION)
    client.post(reverse("report_new", args=[ngo_a.pk]), data)
    report = IssueReport.objects.get()
    assert report.proposed_solution == SOLUTION
    # The NGO and the officials read it beside the description.
    for user in (manager_a, official):
        client.force_login(user)
        page = client.get(reverse("report_detail", args=[report.pk])).text
        assert "راه‌حل پیشنهادی سمن" in page and SOLUTION in page
    # An official finds the report by a word of it, and reads it in the exports.
    listed = client.get(reverse("report_list"), {"q": "مهارت‌آموزی"})
    assert [r.pk for r in listed.context["page"].object_list] == [report.pk]
    response = client.get(reverse("report_export_csv"))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][-1] == "راه‌حل پیشنهادی سمن" and rows[1][-1] == SOLUTION


def test_the_proposed_solution_is_optional(client, manager_a, ngo_a):
    client.force_login(manager_a)
    client.post(reverse("report_new", args=[ngo_a.pk]), form_data(client, ngo_a))
    report = IssueReport.objects.get()
    assert report.proposed_solution == ""
    assert "راه‌حل پیشنهادی سمن" not in client.get(reverse("report_detail", args=[report.pk])).text


# -- supporting a report -------------------------------------------------------------------


def test_another_ngo_supports_a_report_and_the_reporting_ngo_is_told(
    client, report, ngo_c, manager_c, official, run_tasks
):
    report_transition(report=report, action=Action.START_REVIEW, actor=official)
    report_assign_to(report, official)
    run_tasks()
    mail.outbox.clear()
    response = support(client, manager_c, ngo_c, report, note="در محله ما هم همین مشکل هست.")
    assert response.redirect_chain[-1][0] == reverse("report_detail", args=[report.pk])
    page = unescape(response.content.decode())
    assert "اکنون از گزارش" in page  # the success message
    # The report names its supporter, with the note and the day, for everyone who reads it.
    [supported] = ReportSupport.objects.all()
    assert (supported.report, supported.ngo, supported.added_by) == (report, ngo_c, manager_c)
    for user in (manager_c, report.submitted_by, official):
        client.force_login(user)
        page = client.get(reverse("report_detail", args=[report.pk])).text
        assert "سمن‌های حامی" in page and ngo_c.name in page
        assert "در محله ما هم همین مشکل هست." in page
    # It is on the timeline, which the NGO reads.
    event = ReportEvent.objects.get(kind=ReportEvent.Kind.SUPPORT)
    assert event.visible_to_ngo and event.actor == manager_c and ngo_c.name in event.note
    # The reporting NGO's managers and the official following it are told, not the supporter.
    run_tasks()
    told = sorted(m.to[0] for m in mail.outbox)
    assert told == ["manager-a@example.ir", "official@example.ir"]
    persian_reference = report.reference.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert all(persian_reference in m.subject for m in mail.outbox)
    assert all(ngo_c.name in m.body for m in mail.outbox)


def report_assign_to(report, official):
    from reports.services import report_assign

    report_assign(report=report, actor=official, assignee=official)


def test_supporters_are_told_of_later_steps_but_not_of_internal_notes(
    client, report, ngo_c, manager_c, official, run_tasks
):
    support(client, manager_c, ngo_c, report)
    run_tasks()
    mail.outbox.clear()
    report_comment(report=report, actor=official, text="یادداشت داخلی کارشناس", internal=True)
    run_tasks()
    assert mail.outbox == []
    report_transition(report=report, action=Action.START_REVIEW, actor=official)
    run_tasks()
    assert sorted(m.to[0] for m in mail.outbox) == ["manager-a@example.ir", "manager-c@example.ir"]
    [to_supporter] = [m for m in mail.outbox if m.to == ["manager-c@example.ir"]]
    assert "حمایت" in to_supporter.subject and "یادداشت داخلی" not in to_supporter.body
    # The reporting NGO's own answer is news for the supporters too.
    mail.outbox.clear()
    report_comment(report=report, actor=report.submitted_by, text="تعداد خانوارها بیست است.")
    run_tasks()
    assert [m.to[0] for m in mail.outbox] == ["manager-c@example.ir"]
    assert "تعداد خانوارها بیست است." in mail.outbox[0].body


def test_a_supporter_reads_the_report_but_cannot_act_and_sees_no_internal_note(
    client, report, ngo_c, manager_c, official
):
    client.force_login(manager_c)
    url = reverse("report_detail", args=[report.pk])
    assert client.get(url).status_code == 404  # not theirs before they support it
    report_transition(report=report, action=Action.START_REVIEW, actor=official)
    report_comment(report=report, actor=official, text="یادداشت داخلی کارشناس", internal=True)
    support(client, manager_c, ngo_c, report)
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="act"' not in page  # no steps to take
    assert "یادداشت داخلی کارشناس" not in page
    assert act(client, report, "request_info", note="؟").status_code == 403
    assert (
        client.post(reverse("report_comment", args=[report.pk]), {"text": "x"}).status_code == 403
    )
    assert IssueReport.objects.get(pk=report.pk).status == Status.UNDER_REVIEW
    # In their list once, however many of their NGOs support it.
    other = NGO.objects.create(
        name="کانون مهر", national_id=make_national_id(4), county=ngo_c.county
    )
    other.managers.add(manager_c)
    support(client, manager_c, other, report)
    listed = client.get(reverse("report_list")).context["page"].object_list
    assert [r.pk for r in listed] == [report.pk]


# -- refused supports ----------------------------------------------------------------------


def test_the_reporting_ngo_cannot_support_its_own_report(client, report, ngo_a, manager_a):
    response = support(client, manager_a, ngo_a, report)
    assert "سمن گزارش‌دهنده نمی‌تواند از گزارش خود حمایت کند" in unescape(response.text)
    assert nothing_written()


def test_an_ngo_supports_a_report_once(client, report, ngo_c, manager_c):
    support(client, manager_c, ngo_c, report, note="یک")
    response = support(client, manager_c, ngo_c, report, note="دو")
    assert "این سمن پیش‌تر از این گزارش حمایت کرده است" in unescape(response.text)
    assert ReportSupport.objects.count() == 1
    assert ReportEvent.objects.filter(kind=ReportEvent.Kind.SUPPORT).count() == 1


@pytest.mark.parametrize("how", ["rejected", "duplicate"])
def test_a_closed_or_duplicate_report_cannot_be_supported(
    client, make_report, report, ngo_c, manager_c, official, how
):
    if how == "rejected":
        report_transition(report=report, action=Action.REJECT, actor=official, note="تکراری")
    else:
        original = make_report()
        report_transition(
            report=report, action=Action.MARK_DUPLICATE, actor=official, duplicate_of=original
        )
    response = support(client, manager_c, ngo_c, report)
    assert "فقط از گزارش باز می‌توان حمایت کرد" in unescape(response.text)
    assert nothing_written()


def test_only_the_ngos_managers_support_in_its_name(
    client, report, ngo_c, manager_b, official, urmia_official, khoy_official
):
    url = reverse("report_support", args=[ngo_c.pk, report.pk])
    client.force_login(manager_b)  # another NGO's manager: not even the NGO is theirs
    assert client.post(url).status_code == 404
    client.force_login(khoy_official)
    assert client.post(url).status_code == 404
    for user in (official, urmia_official):  # they see the NGO, but do not manage it
        client.force_login(user)
        assert client.post(url).status_code == 403
    client.logout()
    assert client.post(url).status_code == 302  # to the login page
    assert nothing_written()
    # The service refuses whoever calls it.
    with pytest.raises(ValidationError) as refused:
        report_support(user=manager_b, report=report, ngo=ngo_c)
    assert "فقط به نام سمن فعالی" in refused.value.messages[0]
    assert nothing_written()


def test_a_county_ngo_supports_only_reports_of_its_county(client, report, ngo_b, manager_b):
    client.force_login(manager_b)  # a Khoy NGO, a report of Urmia
    assert client.post(reverse("report_support", args=[ngo_b.pk, report.pk])).status_code == 404
    with pytest.raises(ValidationError):
        report_support(user=manager_b, report=report, ngo=ngo_b)
    assert nothing_written()


def test_the_support_address_only_takes_a_posted_form(client, report, ngo_c, manager_c):
    client.force_login(manager_c)
    assert client.get(reverse("report_support", args=[ngo_c.pk, report.pk])).status_code == 405


# -- similar reports on the new-report form -------------------------------------------------


@pytest.fixture
def similar_world(make_report, report, ngo_c, manager_c, neighbourhood, harm, official, urmia):
    """Open reports about `harm` in `neighbourhood` (ngo_a's), and others that are not alike."""
    other_hood = Neighbourhood.objects.create(county=urmia, name="اسلام‌آباد")
    other_harm = Category.objects.get(name="کودکان کار و خیابان")
    rejected = make_report(title="گزارش ردشده")
    report_transition(report=rejected, action=Action.REJECT, actor=official, note="ناقص")
    return {
        "alike": [report, make_report(title="گزارش دوم همان محله")],
        "not_alike": [
            make_report(title="گزارش محله دیگر", neighbourhood=other_hood),
            make_report(title="گزارش دسته دیگر", category=other_harm),
            rejected,
        ],
    }


def test_the_form_lists_open_reports_of_the_same_category_and_neighbourhood_without_js(
    client, similar_world, ngo_c, manager_c, neighbourhood, harm
):
    client.force_login(manager_c)
    url = reverse("report_new", args=[ngo_c.pk])
    page = client.get(url).text
    assert "گزارش‌های باز مشابه در این محله" in page and 'name="check_similar"' in page
    data = form_data(
        client,
        ngo_c,
        category=harm.pk,
        neighbourhood=neighbourhood.pk,
        title="عنوانی که نوشته شد",
        description="",
        check_similar="1",
    )
    before = IssueReport.objects.count()
    response = client.post(url, data)
    assert response.status_code == 200 and IssueReport.objects.count() == before
    page = unescape(response.content.decode())
    for report in similar_world["alike"]:
        assert report.title in page
        assert reverse("report_support", args=[ngo_c.pk, report.pk]) in page
    for report in similar_world["not_alike"]:
        assert report.title not in page
    # What was typed is kept; nothing is refused, as nothing was submitted.
    assert 'value="عنوانی که نوشته شد"' in page and 'aria-invalid="true"' not in page
    assert "حمایت از این گزارش" in page


def test_the_similar_list_counts_supporters_and_offers_no_button_for_own_or_supported(
    client, similar_world, ngo_a, manager_a, ngo_c, manager_c, neighbourhood, harm
):
    supported, fresh = similar_world["alike"]
    support(client, manager_c, ngo_c, supported)
    params = {"category": harm.pk, "neighbourhood": neighbourhood.pk}
    fragment = client.get(reverse("report_similar", args=[ngo_c.pk]), params).text
    assert "۱ سمن حامی" in fragment
    assert reverse("report_support", args=[ngo_c.pk, supported.pk]) not in fragment
    assert reverse("report_support", args=[ngo_c.pk, fresh.pk]) in fragment
    # The reporting NGO sees its own reports among them, without a button to support them.
    client.force_login(manager_a)
    fragment = client.get(reverse("report_similar", args=[ngo_a.pk]), params).text
    assert "گزارش خود سمن شماست" in fragment and "/support/" not in fragment


def test_the_similar_list_answers_only_the_ngos_managers(
    client, ngo_c, manager_c, manager_b, official, harm, neighbourhood
):
    url = reverse("report_similar", args=[ngo_c.pk])
    params = {"category": harm.pk, "neighbourhood": neighbourhood.pk}
    client.force_login(manager_b)
    assert client.get(url, params).status_code == 404
    client.force_login(official)
    assert client.get(url, params).status_code == 403
    client.force_login(manager_c)
    assert client.get(url, {"category": "x", "neighbourhood": "2" * 30}).status_code == 200


def test_a_neighbourhood_outside_the_ngos_county_lists_nothing(
    client, make_report, ngo_b, manager_b, neighbourhood, harm
):
    make_report(title="گزارش ارومیه")
    client.force_login(manager_b)  # a Khoy NGO asking about an Urmia neighbourhood
    params = {"category": harm.pk, "neighbourhood": neighbourhood.pk}
    fragment = client.get(reverse("report_similar", args=[ngo_b.pk]), params).text
    assert "گزارش ارومیه" not in fragment


@pytest.mark.parametrize("count", [2, 8])
def test_the_similar_list_runs_a_fixed_number_of_queries(
    client, make_report, ngo_c, manager_c, neighbourhood, harm, django_assert_num_queries, count
):
    for _ in range(count):
        make_report()
    client.force_login(manager_c)
    url = reverse("report_similar", args=[ngo_c.pk])
    params = {"category": harm.pk, "neighbourhood": neighbourhood.pk}
    client.get(url, params)
    # session, user, the user's NGOs, official role, the NGO, the category, the
    # neighbourhood, the reports with their supporters counted
    with django_assert_num_queries(8):
        response = client.get(url, params)
    assert len(re.findall(r"/support/", response.text)) == count


@pytest.mark.parametrize("count", [2, 10])
def test_a_supporters_report_list_runs_a_fixed_number_of_queries(
    client, make_report, ngo_c, manager_c, django_assert_num_queries, count
):
    for _ in range(count):
        support(client, manager_c, ngo_c, make_report())
    client.force_login(manager_c)
    response = client.get(reverse("report_list"))
    assert response.context["page"].paginator.count == count
    # session, user, the user's NGOs, official role, the count (their NGOs' reports and
    # those they support, one subquery), categories (filter), the page of reports
    with django_assert_num_queries(7):
        client.get(reverse("report_list"))


# -- figures -----------------------------------------------------------------------------


def test_a_supported_report_counts_once_in_the_figures(
    client, report, ngo_a, manager_a, ngo_c, manager_c, official
):
    other = NGO.objects.create(
        name="کانون مهر", national_id=make_national_id(4), county=ngo_c.county
    )
    other.managers.add(manager_c)
    support(client, manager_c, ngo_c, report)
    support(client, manager_c, other, report)
    assert report.supports.count() == 2
    client.force_login(official)
    key = client.get(reverse("dashboard")).context["key"]
    assert key["open_reports"] == 1
    listed = client.get(reverse("report_list"))
    assert listed.context["page"].paginator.count == 1
    # Each NGO's figures count its own reports: the reporting NGO one, the supporters none.
    client.force_login(manager_a)
    assert client.get(reverse("ngo_home", args=[ngo_a.pk])).context["figures"]["total"] == 1
    client.force_login(manager_c)
    assert client.get(reverse("ngo_home", args=[ngo_c.pk])).context["figures"]["total"] == 0


@pytest.mark.parametrize("supporters", [1, 3])
def test_a_supported_reports_page_runs_a_fixed_number_of_queries(
    client, report, manager_c, official, django_assert_num_queries, supporters
):
    ngos = [
        NGO.objects.create(
            name=f"سمن حامی {i}", national_id=make_national_id(10 + i), county=report.county
        )
        for i in range(supporters)
    ]
    for ngo in ngos:
        ngo.managers.add(manager_c)
    for ngo in ngos:
        report_support(user=manager_c, report=report, ngo=ngo)
    client.force_login(official)
    client.get(reverse("report_detail", args=[report.pk]))
    # session, user, the user's NGOs, official role, the report with its related rows, the
    # timeline, attachments, duplicates, the supporting NGOs (only as the timeline has a
    # support), the officials for assignment
    with django_assert_num_queries(10):
        page = client.get(reverse("report_detail", args=[report.pk])).text
    assert page.count("سمن حامی ") == supporters * 2  # on the list and on the timeline


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_with_javascript_the_similar_reports_come_without_leaving_the_form(
    site, open_page, make_report, ngo_c, neighbourhood, harm
):
    make_report(title="گزارش همانند")
    page = open_page(width=360, height=740)
    browser_login(page, site, "manager-c")
    page.goto(f"{site}{reverse('report_new', args=[ngo_c.pk])}")
    page.fill("#id_title", "عنوان من")
    page.select_option("#id_category", label=harm.name)
    page.select_option("#id_neighbourhood", label=neighbourhood.name)
    page.locator("#similar-reports li", has_text="گزارش همانند").wait_for()
    # The list is above the form; a note under the neighbourhood leads the reader to it.
    note = page.locator("#similar-note")
    assert note.is_visible() and "بالای فرم" in note.inner_text()
    note.click()
    assert page.evaluate("document.activeElement.id") == "similar-title"
    # "Look for similar reports" looks again in place: the page is not left, nothing is
    # lost, and the form is not held as if it had been sent.
    page.evaluate("window.stillHere = true")
    with page.expect_response(lambda response: "/reports/similar/" in response.url):
        page.locator("button[name=check_similar]").click()
    page.locator("#similar-reports li", has_text="گزارش همانند").wait_for()
    assert page.evaluate("window.stillHere === true")
    assert page.input_value("#id_title") == "عنوان من"
    page.fill("#id_description", "شرح کوتاه مسئله")
    with page.expect_navigation():
        page.locator("form[data-submit-once] button[data-main-submit]").click()
    assert IssueReport.objects.filter(ngo=ngo_c).count() == 1
