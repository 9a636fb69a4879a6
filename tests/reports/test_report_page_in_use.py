"""A report's page as a reviewer found it in use: a refused step opens where its error is
(on a phone too), two people on one report lose nothing typed, the answer form quotes the
question, a due date is shown only while it is one, and the duplicate notice reads well."""

import datetime
import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from reports.models import IssueReport, Status
from reports.workflow import Action, report_transition
from tests.conftest import browser_login, screenshot

pytestmark = pytest.mark.django_db


def act(client, report, action, seen=None, **fields):
    """Send one step's form as the page does."""
    data = {
        "action": action,
        f"{action}-action": action,
        f"{action}-seen_version": seen or IssueReport.objects.get(pk=report.pk).version,
    }
    data.update({f"{action}-{k}": v for k, v in fields.items()})
    return client.post(reverse("report_act", args=[report.pk]), data)


def reviewed(make_report, official):
    report = make_report()
    report_transition(report=report, action=Action.START_REVIEW, actor=official)
    return report


def form_of(html, key):
    return re.search(rf'<form [^>]*id="step-{key}".*?</form>', html, re.S).group(0)


def open_forms(html):
    forms = re.findall(r'<form [^>]*id="step-(\w+)"[^>]*>', html)
    return [key for key in forms if not re.search(rf'id="step-{key}"[^>]* hidden', html)]


# -- a refused step lands on its form ----------------------------------------------------


def test_a_refused_step_is_sent_back_to_an_address_that_opens_at_the_panel(
    client, make_report, official
):
    report = reviewed(make_report, official)
    client.force_login(official)
    response = act(client, report, "request_info", note="")
    assert response.status_code == 400
    # Sent again from this page, every step's form keeps landing at the panel.
    actions = dict(
        re.findall(r'<form method="post" action="([^"]+)" id="step-(\w+)"', response.text)
    )
    assert actions == {
        **{url: key for url, key in actions.items() if url.endswith("/act/#act")},
        reverse("report_comment", args=[report.pk]) + "#act": "comment",
        reverse("report_assign", args=[report.pk]) + "#act": "assign",
    }
    assert reverse("report_act", args=[report.pk]) + "#act" in actions


def test_a_step_taken_leads_to_the_top_of_the_page_where_its_message_is(
    client, make_report, official
):
    report = reviewed(make_report, official)
    client.force_login(official)
    response = act(client, report, "request_info", note="تعداد خانوارها؟")
    # Without a fragment of its own the redirect would keep the form's #act.
    assert response.headers["Location"] == reverse("report_detail", args=[report.pk]) + "#top"


def in_view(page, selector):
    """Whether the element is (or within a moment comes) wholly inside the viewport: the
    browser's jump to a fragment happens a little after the page has loaded."""
    for _ in range(30):
        box = page.locator(selector).bounding_box()  # relative to the viewport
        if box and box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"]:
            return True
        page.wait_for_timeout(100)
    return False


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_on_a_phone_a_refused_step_shows_its_error_and_puts_the_cursor_in_the_field(
    site, open_page, make_report, official
):
    report = reviewed(make_report, official)
    page = open_page(width=360, height=740)
    browser_login(page, site, "official")
    page.goto(f"{site}{reverse('report_detail', args=[report.pk])}?step=request_info")
    with page.expect_navigation():
        page.locator("#step-request_info button[type=submit]").click()
    page.wait_for_load_state()
    assert in_view(page, "#id_request_info-note_error")
    focused = page.evaluate(
        "[document.activeElement.id, document.activeElement.getAttribute('aria-invalid')]"
    )
    assert focused == ["id_request_info-note", "true"]
    screenshot(page, "report-refused-step-fa-phone")
    # Typed where the cursor is, and sent: the page opens at its top, with the message.
    page.keyboard.type("تعداد خانوارها را بفرستید.")
    with page.expect_navigation():
        page.locator("#step-request_info button[type=submit]").click()
    page.wait_for_load_state()
    assert page.evaluate("window.scrollY") == 0
    assert in_view(page, ".alert-success")
    assert IssueReport.objects.get(pk=report.pk).status == Status.AWAITING_INFO


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_without_javascript_a_refused_step_opens_at_the_panel_with_its_error_in_view(
    site, browser, make_report, official
):
    report = reviewed(make_report, official)
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    try:
        page = context.new_page()
        browser_login(page, site, "official")
        page.goto(f"{site}{reverse('report_detail', args=[report.pk])}?step=request_info")
        with page.expect_navigation():
            page.locator("#step-request_info button[type=submit]").click()
        page.wait_for_load_state()
        assert page.url.endswith("/act/#act")
        assert in_view(page, "#id_request_info-note_error")
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_on_a_phone_a_refused_new_report_puts_the_cursor_in_its_first_wrong_field(
    site, open_page, ngo_a
):
    page = open_page(width=360, height=740)
    browser_login(page, site, "manager-a")
    page.goto(f"{site}{reverse('report_new', args=[ngo_a.pk])}")
    page.fill("#id_description", "شرح کوتاه")
    page.fill("#id_people_affected", "چند")  # not a number
    with page.expect_navigation():
        page.locator("form[data-submit-once] button[data-main-submit]").click()
    page.wait_for_load_state()
    focused = page.evaluate(
        "[document.activeElement.id, document.activeElement.getAttribute('aria-invalid')]"
    )
    first_invalid = page.evaluate(
        "document.querySelector('form [aria-invalid=\"true\"]:not([type=hidden])').id"
    )
    assert focused == [first_invalid, "true"]
    box = page.locator(f"#{first_invalid}").bounding_box()
    assert box and box["y"] >= 0 and box["y"] + box["height"] <= 740


# -- two people on one report ------------------------------------------------------------


def test_a_step_overtaken_by_someone_else_keeps_the_note_to_copy(
    client, make_report, official, urmia_official
):
    report = reviewed(make_report, official)
    seen = IssueReport.objects.get(pk=report.pk).version  # both pages opened now
    client.force_login(official)
    act(client, report, "request_info", seen=seen, note="تعداد خانوارها؟")
    client.force_login(urmia_official)
    response = act(client, report, "request_info", seen=seen, note="نشانی دقیق را بفرستید.")
    assert response.status_code == 409
    text = unescape(response.text)
    assert "شخص دیگری این گزارش را تغییر داد" in text and "دوباره تصمیم بگیرید" in text
    assert "دوباره بارگیری" not in text  # the page is already the new one
    assert "«در انتظار اطلاعات از سمن»" in text  # the report as it is now
    # Asking again is not possible while the NGO is asked: what was typed is there, to copy.
    typed = re.search(r'<textarea [^>]*id="typed-note"[^>]*>(.*?)</textarea>', text, re.S)
    assert typed and typed.group(1).strip() == "نشانی دقیق را بفرستید."
    assert 'id="step-request_info"' not in text
    assert IssueReport.objects.get(pk=report.pk).status == Status.AWAITING_INFO


def test_a_step_overtaken_but_still_possible_comes_back_open_with_what_was_typed(
    client, make_report, official, agency, today
):
    """Under review → referred → declined → under review: the same status, a new version."""
    report = reviewed(make_report, official)
    seen = IssueReport.objects.get(pk=report.pk).version
    report_transition(
        report=report, action=Action.REFER, actor=official, agency=agency, due_on=today
    )
    report_transition(report=report, action=Action.AGENCY_DECLINE, actor=official, note="نه")
    client.force_login(official)
    response = act(
        client, report, "reject", seen=seen, note="خارج از حیطه", internal_note="بررسی شد"
    )
    assert response.status_code == 409
    assert open_forms(response.text) == ["reject"]
    form = unescape(form_of(response.text, "reject"))
    assert re.search(r'name="reject-note"[^>]*>\s*خارج از حیطه</textarea>', form)
    assert re.search(r'name="reject-internal_note"[^>]*>\s*بررسی شد</textarea>', form)
    version = IssueReport.objects.get(pk=report.pk).version
    assert f'name="reject-seen_version" value="{version}"' in form
    assert "در فرم زیر حفظ شده است" in unescape(response.text)
    # Sent again as it came back, the step is taken.
    act(client, report, "reject", seen=version, note="خارج از حیطه")
    assert IssueReport.objects.get(pk=report.pk).status == Status.REJECTED


# -- the answer quotes the question ------------------------------------------------------


def test_the_answer_form_quotes_the_officials_latest_question(
    client, make_report, official, manager_a
):
    report = reviewed(make_report, official)
    report_transition(
        report=report, action=Action.REQUEST_INFO, actor=official, note="نشانی دقیق کجاست؟"
    )
    report_transition(report=report, action=Action.PROVIDE_INFO, actor=manager_a, note="کوچه ۳")
    report_transition(
        report=report,
        action=Action.REQUEST_INFO,
        actor=official,
        note="چند خانوار آسیب دیده‌اند؟",
        internal_note="پیش از ارجاع بپرسیم",
    )
    client.force_login(manager_a)
    page = client.get(reverse("report_detail", args=[report.pk])).text
    form = form_of(page, "provide_info")
    quoted = re.search(r"<blockquote[^>]*>(.*?)</blockquote>", form, re.S)
    assert quoted and quoted.group(1).strip() == "چند خانوار آسیب دیده‌اند؟"
    assert "پرسیده‌اند" in form
    assert "پیش از ارجاع" not in page  # the internal note stays with the officials


# -- a due date only while it is one -----------------------------------------------------


def referred_to(html):
    return re.search(r"ارجاع به</dt><dd[^>]*>(.*?)</dd>", html, re.S).group(1)


def test_the_due_date_is_shown_only_while_the_agency_has_the_report(
    client, make_report, official, manager_a, agency
):
    report = reviewed(make_report, official)
    due = timezone.localdate() + datetime.timedelta(days=10)
    report_transition(report=report, action=Action.REFER, actor=official, agency=agency, due_on=due)
    client.force_login(official)
    open_referral = referred_to(client.get(reverse("report_detail", args=[report.pk])).text)
    assert agency.name in open_referral and "مهلت پاسخ" in open_referral
    report_transition(report=report, action=Action.AGENCY_ACCEPT, actor=official)
    report_transition(report=report, action=Action.RESOLVE, actor=official, note="انجام شد")
    for user in (official, manager_a):
        client.force_login(user)
        resolved = referred_to(client.get(reverse("report_detail", args=[report.pk])).text)
        assert resolved.strip() == agency.name
    report_transition(report=report, action=Action.CONFIRM, actor=manager_a)
    closed = referred_to(client.get(reverse("report_detail", args=[report.pk])).text)
    assert closed.strip() == agency.name


# -- wording ---------------------------------------------------------------------------------


def test_a_refused_files_name_is_shown_as_typed_with_the_allowed_types_in_persian(
    client, make_report, official
):
    report = reviewed(make_report, official)
    client.force_login(official)
    data = {
        "action": "resolve",
        "resolve-action": "resolve",
        "resolve-seen_version": IssueReport.objects.get(pk=report.pk).version,
        "resolve-note": "انجام شد",
        "resolve-files": [SimpleUploadedFile("s1.py", b"print(1)")],
    }
    response = client.post(reverse("report_act", args=[report.pk]), data)
    assert response.status_code == 400
    error = re.search(r'id="id_resolve-files_error">(.*?)</ul>', response.text, re.S).group(1)
    assert "s1.py:" in error and "s۱" not in error
    assert "DOCX، JPG، PDF، PNG، XLSX" in error


def test_a_duplicate_says_which_report_it_repeats_in_persian_order(
    client, make_report, official, manager_b, ngo_b, neighbourhood
):
    original = make_report()
    duplicate = make_report()
    report_transition(
        report=duplicate, action=Action.MARK_DUPLICATE, actor=official, duplicate_of=original
    )
    client.force_login(official)
    page = unescape(client.get(reverse("report_detail", args=[duplicate.pk])).text)
    reference = original.reference.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    link = reverse("report_detail", args=[original.pk])
    assert f'این گزارش تکرار گزارش <a href="{link}"><bdi>{reference}</bdi></a> است.' in page
