"""Reports end to end through HTTP: the NGO's form, the queue, a report's page, every step of the loop."""

import datetime
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reports.models import Category, IssueReport, ReportEvent, Status
from reports.validators import MAX_ATTACHMENT_BYTES
from reports.workflow import Action, report_transition

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n%demo\n"


def form_data(client, ngo, **overrides):
    page = client.get(reverse("report_new", args=[ngo.pk]))
    key = re.search(r'name="submission_key" value="([^"]+)"', page.text).group(1)
    data = {
        "category": Category.objects.get(name="کودکان کار و خیابان").pk,
        "title": "کودکان کار در ورودی بازار",
        "description": "هر روز حدود ده کودک در ورودی بازار کار می‌کنند.",
        "severity": "high",
        "people_affected": "10",
        "submission_key": key,
    }
    data.update(overrides)
    return data


@pytest.fixture
def as_manager(client, manager_a):
    client.force_login(manager_a)
    return client


# -- submitting ------------------------------------------------------------------------


def test_manager_submits_a_report_with_attachments_and_gets_its_reference(
    as_manager,
    ngo_a,
    neighbourhood,
    office,
    official,
    urmia_official,
    khoy_official,
    run_tasks,
):
    data = form_data(as_manager, ngo_a, neighbourhood=neighbourhood.pk, office=office.pk)
    data["files"] = [SimpleUploadedFile("نامه.pdf", PDF), SimpleUploadedFile("عکس.png", PNG)]
    response = as_manager.post(reverse("report_new", args=[ngo_a.pk]), data)
    assert mail.outbox == []  # written to the outbox with the report, sent by the worker
    run_tasks()
    report = IssueReport.objects.get()
    assert response.headers["Location"] == reverse("report_detail", args=[report.pk])
    page = as_manager.get(response.headers["Location"]).text
    persian_reference = report.reference.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert persian_reference in page
    assert report.attachments.count() == 2 and report.county == neighbourhood.county
    # The manager is told; the province's and Urmia's officials are told; Khoy's are not.
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(
        ["manager-a@example.ir", "official@example.ir", "urmia-official@example.ir"]
    )
    assert all(persian_reference in m.subject for m in mail.outbox)


def test_the_date_the_issue_was_seen_is_typed_in_jalali_and_shown_back(as_manager, ngo_a):
    data = form_data(as_manager, ngo_a, observed_on="۱۴۰۵/۰۸/۲۰")
    response = as_manager.post(reverse("report_new", args=[ngo_a.pk]), data)
    report = IssueReport.objects.get()
    assert report.observed_on == datetime.date(2026, 11, 11)
    assert "۲۰ آبان ۱۴۰۵" in as_manager.get(response.headers["Location"]).text


def test_a_double_click_makes_one_report(as_manager, ngo_a):
    data = form_data(as_manager, ngo_a)
    first = as_manager.post(reverse("report_new", args=[ngo_a.pk]), data)
    second = as_manager.post(reverse("report_new", args=[ngo_a.pk]), data)
    assert IssueReport.objects.count() == 1
    assert first.headers["Location"] == second.headers["Location"]


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"title": ""}, "title", "لازم"),
        ({"title": "x" * 201}, "title", "۲۰۰"),
        ({"description": ""}, "description", "لازم"),
        ({"category": ""}, "category", "لازم"),
        ({"people_affected": "-3"}, "people_affected", "۰"),
        ({"people_affected": "بسیار"}, "people_affected", "عدد"),
        ({"severity": "apocalyptic"}, "severity", "گزینه"),
        ({"observed_on": "1499/01/01"}, "observed_on", "هنوز نرسیده"),
        ({"observed_on": "1404/12/30"}, "observed_on", "کبیسه"),
        ({"observed_on": "دیروز"}, "observed_on", "شمسی"),
    ],
)
def test_bad_input_gets_a_persian_message_beside_the_field(
    as_manager, ngo_a, overrides, field, words
):
    response = as_manager.post(
        reverse("report_new", args=[ngo_a.pk]), form_data(as_manager, ngo_a, **overrides)
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors[field])
    assert words in errors.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")) or words in errors
    assert not IssueReport.objects.exists()
    # What the user typed is kept.
    assert "کودکان کار در ورودی بازار" in response.text or field == "title"


@pytest.mark.parametrize(
    ("files", "words"),
    [
        ([("fake.pdf", b"MZ\x90\x00 not a pdf")], "هم‌خوان"),
        ([("virus.exe", b"MZ\x90\x00")], "پذیرفته"),
        ([(f"{i}.png", PNG) for i in range(6)], "حداکثر"),
        ([("huge.pdf", PDF + b"\x00" * MAX_ATTACHMENT_BYTES)], "حجم"),
    ],
)
def test_wrong_files_are_refused_and_nothing_is_saved(as_manager, ngo_a, files, words):
    data = form_data(as_manager, ngo_a)
    data["files"] = [SimpleUploadedFile(name, content) for name, content in files]
    response = as_manager.post(reverse("report_new", args=[ngo_a.pk]), data)
    assert response.status_code == 200
    assert words in " ".join(response.context["form"].errors["files"])
    assert not IssueReport.objects.exists()


def test_office_must_serve_the_neighbourhood(as_manager, ngo_a, office, urmia):
    from offices.models import Neighbourhood

    other = Neighbourhood.objects.create(county=urmia, name="دیگاله")
    response = as_manager.post(
        reverse("report_new", args=[ngo_a.pk]),
        form_data(as_manager, ngo_a, neighbourhood=other.pk, office=office.pk),
    )
    assert "office" in response.context["form"].errors
    assert not IssueReport.objects.exists()


def test_arabic_letters_in_the_title_are_saved_as_persian(as_manager, ngo_a):
    as_manager.post(
        reverse("report_new", args=[ngo_a.pk]), form_data(as_manager, ngo_a, title="كودكان كار")
    )
    assert IssueReport.objects.get().title == "کودکان کار"


# -- lists ---------------------------------------------------------------------------


def test_manager_sees_only_their_ngos_reports(client, manager_a, make_report, ngo_b, manager_b):
    mine = make_report()
    theirs = make_report(ngo=ngo_b, submitted_by=manager_b, neighbourhood=None)
    client.force_login(manager_a)
    page = client.get(reverse("report_list")).text
    assert mine.title in page and theirs.reference not in page


@pytest.mark.parametrize("count", [2, 30])
def test_report_list_runs_a_fixed_number_of_queries(
    client, official, make_report, django_assert_num_queries, count
):
    for _ in range(count):
        make_report()
    client.force_login(official)
    client.get(reverse("report_list"))
    # session, user, the user's NGOs, the official role, counties (filter), categories
    # and agencies (filters), the count, the page of reports with their related rows,
    # officials for bulk assignment, agencies for bulk referral
    with django_assert_num_queries(11):
        client.get(reverse("report_list"), {"queue": "", "q": "مواد"})


def test_queue_and_filters(client, official, make_report, agency, today, harm):
    fresh = make_report(title="گزارش تازه")
    referred = make_report(title="گزارش ارجاع‌شده")
    report_transition(report=referred, action=Action.START_REVIEW, actor=official)
    report_transition(
        report=referred,
        action=Action.REFER,
        actor=official,
        agency=agency,
        due_on=today,
    )
    IssueReport.objects.filter(pk=referred.pk).update(due_on=today - datetime.timedelta(days=2))
    client.force_login(official)

    def titles(**params):
        return {
            r.title for r in client.get(reverse("report_list"), params).context["page"].object_list
        }

    assert titles(queue="new") == {fresh.title}
    assert titles(queue="overdue") == {referred.title}
    assert titles(queue="referred") == {referred.title}
    assert titles(status="submitted") == {fresh.title}
    assert titles(agency=agency.pk) == {referred.title}
    assert titles(category=harm.pk) == {fresh.title, referred.title}
    assert titles(q="تازه") == {fresh.title}
    assert titles(q="گزارش تازه".replace("ی", "ي")) == {fresh.title}  # typed with Arabic yeh
    jalali_today = client.get(reverse("report_list")).context["today"]
    from offices.jalali import format_jalali

    assert titles(
        submitted_from=format_jalali(jalali_today), submitted_to=format_jalali(jalali_today)
    ) == {fresh.title, referred.title}
    overdue_page = client.get(reverse("report_list"), {"queue": "overdue"}).text
    assert "عقب‌افتاده" in overdue_page or "overdue" in overdue_page


def test_impossible_filter_dates_get_a_message_not_an_error(client, official, make_report):
    make_report()
    client.force_login(official)
    response = client.get(reverse("report_list"), {"submitted_from": "1404/12/30"})
    assert response.status_code == 200
    assert "کبیسه" in response.text
    assert list(response.context["page"].object_list) == []
    response = client.get(
        reverse("report_list"), {"submitted_from": "1405/05/01", "submitted_to": "1405/01/01"}
    )
    assert "پیش از" in response.text


# -- one report's page ---------------------------------------------------------------


def test_ngo_never_sees_internal_notes_or_assignments(client, make_report, official, manager_a):
    from reports.services import report_assign, report_comment

    report = make_report()
    report_comment(report=report, actor=official, text="یادداشت محرمانه", internal=True)
    report_assign(report=report, actor=official, assignee=official)
    report_comment(report=report, actor=official, text="پیام برای سمن")
    client.force_login(manager_a)
    page = client.get(reverse("report_detail", args=[report.pk])).text
    assert "پیام برای سمن" in page and "یادداشت محرمانه" not in page
    client.force_login(official)
    assert "یادداشت محرمانه" in client.get(reverse("report_detail", args=[report.pk])).text


def test_read_only_official_sees_but_cannot_act(client, make_report, readonly_official):
    report = make_report()
    client.force_login(readonly_official)
    page = client.get(reverse("report_detail", args=[report.pk])).text
    assert report.title in page and reverse("report_act", args=[report.pk]) not in page
    response = client.post(reverse("report_act", args=[report.pk]), {"action": "start_review"})
    assert response.status_code == 403
    assert IssueReport.objects.get(pk=report.pk).status == Status.SUBMITTED


def act(client, report, action, seen=None, **fields):
    data = {
        "action": action,
        f"{action}-action": action,
        f"{action}-seen_version": seen or IssueReport.objects.get(pk=report.pk).version,
    }
    data.update({f"{action}-{k}": v for k, v in fields.items()})
    return client.post(reverse("report_act", args=[report.pk]), data, follow=True)


def test_the_whole_loop_through_the_pages(
    client, make_report, official, manager_a, agency, today, run_tasks
):
    report = make_report()
    run_tasks()  # the submission's emails
    steps = [
        (official, "start_review", {}, Status.UNDER_REVIEW),
        (official, "request_info", {"note": "تعداد خانوارها را بفرستید."}, Status.AWAITING_INFO),
        (manager_a, "provide_info", {"note": "حدود بیست خانوار."}, Status.UNDER_REVIEW),
        (
            official,
            "refer",
            {"agency": agency.pk, "due_on": "۱۴۰۹/۰۱/۱۵", "note": "لطفاً رسیدگی کنید."},
            Status.REFERRED,
        ),
        (official, "agency_accept", {}, Status.IN_PROGRESS),
        (official, "resolve", {"note": "بهزیستی اقدام کرد."}, Status.RESOLVED),
        (manager_a, "confirm", {}, Status.CLOSED),
    ]
    for user, action, fields, status in steps:
        client.force_login(user)
        mail.outbox.clear()
        response = act(client, report, action, **fields)
        run_tasks()
        assert response.status_code == 200
        assert IssueReport.objects.get(pk=report.pk).status == status, action
        # The manager hears of every change made by the office, never of their own.
        told = [m.to[0] for m in mail.outbox]
        assert told == ([] if user == manager_a else ["manager-a@example.ir"]), action
    report.refresh_from_db()
    assert report.due_on == datetime.date(2030, 4, 4)
    assert report.events.count() == 8


def test_referral_due_date_defaults_to_the_categorys(client, make_report, official, today):
    report = make_report()
    report_transition(report=report, action=Action.START_REVIEW, actor=official)
    client.force_login(official)
    page = client.get(reverse("report_detail", args=[report.pk])).text
    from offices.formatting import persian_digits
    from offices.jalali import format_jalali

    expected = format_jalali(today + datetime.timedelta(days=report.category.default_due_days))
    assert f'value="{persian_digits(expected)}"' in page


def test_agency_declines_with_a_suggestion(client, make_report, official, agency, today):
    from reports.models import Agency

    report = make_report()
    report_transition(report=report, action=Action.START_REVIEW, actor=official)
    report_transition(
        report=report,
        action=Action.REFER,
        actor=official,
        agency=agency,
        due_on=today,
    )
    other = Agency.objects.exclude(pk=agency.pk).first()
    client.force_login(official)
    act(client, report, "agency_decline", note="در حیطه ما نیست", suggested_agency=other.pk)
    event = report.events.order_by("pk").last()
    assert event.suggested_agency == other and event.agency == agency
    assert IssueReport.objects.get(pk=report.pk).status == Status.UNDER_REVIEW
    assert other.name in client.get(reverse("report_detail", args=[report.pk])).text


def test_a_step_that_needs_a_note_says_so(client, make_report, official):
    report = make_report()
    client.force_login(official)
    act(client, report, "start_review")
    response = act(client, report, "request_info", note="")
    assert "یادداشت" in response.text
    assert IssueReport.objects.get(pk=report.pk).status == Status.UNDER_REVIEW


def test_two_officials_at_once_the_second_is_told_to_decide_again(
    client, make_report, official, urmia_official
):
    report = make_report()
    report_transition(report=report, action=Action.START_REVIEW, actor=official)
    seen = IssueReport.objects.get(pk=report.pk).version  # both pages opened now
    client.force_login(official)
    act(client, report, "request_info", seen=seen, note="؟")
    client.force_login(urmia_official)
    response = act(client, report, "reject", seen=seen, note="خارج از حیطه")
    assert "دوباره تصمیم بگیرید" in response.text and response.status_code == 409
    assert IssueReport.objects.get(pk=report.pk).status == Status.AWAITING_INFO


def test_a_page_opened_before_a_round_trip_of_the_status_is_out_of_date(
    client, make_report, official, agency, today
):
    """Under review → referred → declined → under review: the status is the same as when the
    page was opened, but the report is not; the step is refused."""
    report = make_report()
    report_transition(report=report, action=Action.START_REVIEW, actor=official)
    seen = IssueReport.objects.get(pk=report.pk).version
    report_transition(
        report=report, action=Action.REFER, actor=official, agency=agency, due_on=today
    )
    report_transition(report=report, action=Action.AGENCY_DECLINE, actor=official, note="نه")
    assert IssueReport.objects.get(pk=report.pk).status == Status.UNDER_REVIEW
    client.force_login(official)
    response = act(client, report, "reject", seen=seen, note="خارج از حیطه")
    assert "دوباره تصمیم بگیرید" in response.text and response.status_code == 409
    assert IssueReport.objects.get(pk=report.pk).status == Status.UNDER_REVIEW


def test_an_internal_note_on_a_step_never_reaches_the_ngo(
    client, make_report, official, manager_a, run_tasks
):
    report = make_report()
    run_tasks()
    client.force_login(official)
    page = client.get(reverse("report_detail", args=[report.pk])).text
    # Each note says who reads it.
    assert "یادداشت برای سمن (روی گزارش نمایش داده و برای سمن رایانامه می‌شود)" in page
    assert "یادداشت داخلی (فقط کارشناسان؛ هرگز به سمن نشان داده نمی‌شود)" in page
    act(client, report, "start_review", note="بررسی آغاز شد", internal_note="سابقه مشابه دارد")
    mail.outbox.clear()
    run_tasks()
    [email] = mail.outbox
    assert email.to == ["manager-a@example.ir"]
    assert "بررسی آغاز شد" in email.body and "سابقه مشابه" not in email.body
    client.force_login(manager_a)
    page = client.get(reverse("report_detail", args=[report.pk])).text
    assert "بررسی آغاز شد" in page and "سابقه مشابه" not in page
    client.force_login(official)
    assert "سابقه مشابه دارد" in client.get(reverse("report_detail", args=[report.pk])).text


def test_an_ngo_manager_cannot_write_an_internal_note(client, make_report, official, manager_a):
    report = make_report()
    report_transition(report=report, action=Action.START_REVIEW, actor=official)
    report_transition(report=report, action=Action.REQUEST_INFO, actor=official, note="؟")
    client.force_login(manager_a)
    page = client.get(reverse("report_detail", args=[report.pk])).text
    assert "internal_note" not in page
    assert "یادداشت (کارشناسان پیگیر گزارش آن را می‌خوانند)" in page
    act(client, report, "provide_info", note="پاسخ", internal_note="پنهان")
    assert not report.events.filter(note="پنهان").exists()


def test_manager_reopens_a_resolution_with_a_reason(
    client, make_report, official, manager_a, agency, today
):
    report = make_report()
    for action, extra in [("start_review", {}), ("resolve", {"note": "حل شد"})]:
        report_transition(report=report, action=action, actor=official, **extra)
    client.force_login(manager_a)
    act(client, report, "reopen", note="هنوز مشکل هست")
    assert IssueReport.objects.get(pk=report.pk).status == Status.UNDER_REVIEW


def test_duplicate_pages_link_to_each_other(client, make_report, official):
    original, duplicate = make_report(), make_report(title="همان مسئله")
    client.force_login(official)
    act(client, duplicate, "mark_duplicate", duplicate_of=original.reference)
    duplicate.refresh_from_db()
    assert duplicate.duplicate_of == original and duplicate.status == Status.CLOSED
    assert (
        reverse("report_detail", args=[original.pk])
        in client.get(reverse("report_detail", args=[duplicate.pk])).text
    )
    assert (
        reverse("report_detail", args=[duplicate.pk])
        in client.get(reverse("report_detail", args=[original.pk])).text
    )
    response = act(client, make_report(), "mark_duplicate", duplicate_of="1399-999999")
    assert "شماره" in response.text


def test_comments_and_assignment_through_the_pages(client, make_report, official, urmia_official):
    report = make_report()
    client.force_login(official)
    client.post(
        reverse("report_comment", args=[report.pk]), {"text": "یادداشت داخلی", "internal": "on"}
    )
    client.post(reverse("report_assign", args=[report.pk]), {"assignee": urmia_official.pk})
    report.refresh_from_db()
    assert report.assigned_to == urmia_official
    kinds = list(report.events.values_list("kind", flat=True))
    assert ReportEvent.Kind.INTERNAL_NOTE in kinds and ReportEvent.Kind.ASSIGNMENT in kinds
    client.force_login(urmia_official)
    mine = client.get(reverse("report_list"), {"queue": "mine"}).context["page"].object_list
    assert list(mine) == [report]


def test_bulk_assign_and_refer(client, make_report, official, agency):
    reports = [make_report() for _ in range(3)]
    client.force_login(official)
    ids = [r.pk for r in reports]
    client.post(
        reverse("report_bulk"), {"selected": ids, "operation": "assign", "assignee": official.pk}
    )
    assert IssueReport.objects.filter(assigned_to=official).count() == 3
    response = client.post(
        reverse("report_bulk"),
        {"selected": ids[:2], "operation": "refer", "agency": agency.pk, "due_on": "1409/01/15"},
        follow=True,
    )
    assert response.status_code == 200
    assert IssueReport.objects.filter(status=Status.REFERRED, agency=agency).count() == 2
    response = client.post(
        reverse("report_bulk"),
        {"selected": ids[2:], "operation": "refer", "due_on": ""},
        follow=True,
    )
    assert "دستگاه" in response.text
    assert IssueReport.objects.get(pk=ids[2]).status == Status.SUBMITTED


def test_bulk_actions_touch_only_reports_in_scope(client, make_report, khoy_official, agency):
    report = make_report()  # an Urmia report
    client.force_login(khoy_official)
    client.post(
        reverse("report_bulk"),
        {"selected": [report.pk], "operation": "assign", "assignee": khoy_official.pk},
    )
    assert IssueReport.objects.get(pk=report.pk).assigned_to is None


def test_attachment_is_served_to_people_who_may_see_the_report(
    client, make_report, manager_a, manager_b
):
    report = make_report(files=[SimpleUploadedFile("گزارش.pdf", PDF)])
    attachment = report.attachments.get()
    url = reverse("attachment_download", args=[report.pk, attachment.pk])
    client.force_login(manager_a)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert "attachment" in response.headers["Content-Disposition"]
    client.force_login(manager_b)
    assert client.get(url).status_code == 404


def test_emails_are_kept_with_the_change_and_sent_by_the_worker(make_report, official, run_tasks):
    with pytest.raises(RuntimeError), transaction.atomic():
        make_report()
        raise RuntimeError("the change is rolled back")
    # A change that was not saved tells nobody: its task went with it.
    assert not DBTaskResult.objects.exists()
    assert run_tasks() == 0 and mail.outbox == []
    make_report()
    assert mail.outbox == []  # nothing is sent while the change is being made
    run_tasks()
    assert sorted(m.to[0] for m in mail.outbox) == ["manager-a@example.ir", "official@example.ir"]


def test_overdue_is_shown_on_the_report_page(client, make_report, official, agency, today):
    report = make_report()
    report_transition(report=report, action=Action.START_REVIEW, actor=official)
    report_transition(
        report=report,
        action=Action.REFER,
        actor=official,
        agency=agency,
        due_on=today,
    )
    IssueReport.objects.filter(pk=report.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    client.force_login(official)
    assert "عقب" in client.get(reverse("report_detail", args=[report.pk])).text


@pytest.mark.parametrize("comments", [1, 15])
def test_report_page_runs_a_fixed_number_of_queries(
    client, make_report, official, django_assert_num_queries, comments
):
    from reports.services import report_comment

    report = make_report(files=[SimpleUploadedFile("a.png", PNG)])
    for i in range(comments):
        report_comment(report=report, actor=official, text=f"نظر {i}", internal=i % 2 == 0)
    client.force_login(official)
    client.get(reverse("report_detail", args=[report.pk]))
    # session, user, the user's NGOs, official role, the report with its related rows,
    # the timeline, attachments, duplicates, the officials for assignment (a report under
    # review adds the agencies for a referral). Whether the user may act is decided from
    # the report in hand, with no query of its own.
    with django_assert_num_queries(9):
        client.get(reverse("report_detail", args=[report.pk]))


# -- found when the pages were used as people would --------------------------------


def test_people_affected_typed_in_persian_digits_is_kept(as_manager, ngo_a):
    as_manager.post(
        reverse("report_new", args=[ngo_a.pk]), form_data(as_manager, ngo_a, people_affected="۱۲")
    )
    assert IssueReport.objects.get().people_affected == 12


def test_reference_in_the_message_stays_in_one_piece(as_manager, ngo_a):
    response = as_manager.post(
        reverse("report_new", args=[ngo_a.pk]), form_data(as_manager, ngo_a), follow=True
    )
    reference = IssueReport.objects.get().reference.translate(
        str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
    )
    assert f"\u2068{reference}\u2069" in response.text


def test_search_finds_a_reference_typed_in_persian_digits(client, official, make_report):
    report = make_report()
    client.force_login(official)
    typed = report.reference.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    found = client.get(reverse("report_list"), {"q": typed}).context["page"].object_list
    assert list(found) == [report]


def test_bulk_referral_with_a_past_date_changes_nothing(client, make_report, official, agency):
    report = make_report()
    client.force_login(official)
    response = client.post(
        reverse("report_bulk"),
        {
            "selected": [report.pk],
            "operation": "refer",
            "agency": agency.pk,
            "due_on": "1400/01/01",
        },
        follow=True,
    )
    assert "گذشته" in response.text
    assert IssueReport.objects.get(pk=report.pk).status == Status.SUBMITTED


def test_a_report_is_given_only_to_officials_who_can_open_it(
    client, make_report, official, khoy_official, urmia_official
):
    report = make_report()  # in Urmia
    client.force_login(official)
    page = client.get(reverse("report_detail", args=[report.pk]))
    choices = [u.username for u in page.context["assign_form"].fields["assignee"].queryset]
    assert "urmia-official" in choices and "khoy-official" not in choices
    client.post(reverse("report_assign", args=[report.pk]), {"assignee": khoy_official.pk})
    assert IssueReport.objects.get(pk=report.pk).assigned_to is None
    client.post(
        reverse("report_bulk"),
        {"selected": [report.pk], "operation": "assign", "assignee": khoy_official.pk},
    )
    assert IssueReport.objects.get(pk=report.pk).assigned_to is None


def test_duplicate_of_must_be_a_report_the_official_can_see(
    client, make_report, ngo_b, manager_b, urmia_official, manager_a
):
    mine = make_report()
    elsewhere = make_report(ngo=ngo_b, submitted_by=manager_b, neighbourhood=None)  # Khoy
    client.force_login(urmia_official)
    response = act(client, mine, "mark_duplicate", duplicate_of=elsewhere.reference)
    assert "میان گزارش‌های شما" in response.text or "among yours" in response.text
    assert IssueReport.objects.get(pk=mine.pk).duplicate_of is None


def test_officials_can_go_on_without_the_ngos_answer(client, make_report, official):
    report = make_report()
    client.force_login(official)
    act(client, report, "start_review")
    act(client, report, "request_info", note="؟")
    act(client, report, "withdraw_request", note="سمن پاسخ نداد؛ بررسی ادامه می‌یابد.")
    assert IssueReport.objects.get(pk=report.pk).status == Status.UNDER_REVIEW


def test_a_refused_step_keeps_what_was_typed_and_says_why_beside_the_field(
    client, make_report, official, agency
):
    report = make_report()
    client.force_login(official)
    act(client, report, "start_review")
    response = act(
        client, report, "refer", agency=agency.pk, due_on="1404/12/30", note="یادداشت مهم"
    )
    assert response.status_code == 400
    form = next(
        item["form"]
        for item in response.context["transitions"]
        if item["transition"].action == "refer"
    )
    assert "کبیسه" in " ".join(form.errors["due_on"])
    assert (
        "یادداشت مهم" in response.text and 'value="۱۴۰۴/۱۲/۳۰"' in response.text
    )  # the reader's digits
    assert IssueReport.objects.get(pk=report.pk).status == Status.UNDER_REVIEW
    response = act(
        client, report, "refer", agency=agency.pk, due_on="1400/01/01", note="یادداشت مهم"
    )
    assert response.status_code == 400 and "گذشته" in response.text
