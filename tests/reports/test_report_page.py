"""A report's page as its people use it: one action panel, a timeline that says what
happened, the NGO within reach, files on answers and steps, and what to do once the
time to reopen has passed."""

import datetime
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from reports.models import Attachment, IssueReport, ReportEvent, Status
from reports.services import report_assign
from reports.validators import MAX_ATTACHMENT_BYTES
from reports.workflow import REOPEN_WINDOW_DAYS, Action, report_transition
from tests.conftest import browser_login, screenshot

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n%letter\n"
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def page_of(client, report, **params):
    return client.get(reverse("report_detail", args=[report.pk]), params)


def without_isolates(text):
    """Text as read: without the marks that keep a date or a number in one piece."""
    return re.sub("[\u2066-\u2069]", "", text)


def buttons(html):
    """The steps offered on the action panel, in order."""
    return re.findall(r'<a class="btn[^"]*" href="\?step=(\w+)#act" data-step="\1"', html)


def open_forms(html):
    """The step forms shown open (the others are in the page, hidden)."""
    forms = re.findall(r'<form [^>]*id="step-(\w+)"[^>]*>', html)
    return [key for key in forms if not re.search(rf'id="step-{key}"[^>]* hidden', html)]


def act(client, report, action, files=(), **fields):
    """Send one step's form as the page does (files as a multipart upload)."""
    data = {
        "action": action,
        f"{action}-action": action,
        f"{action}-seen_version": IssueReport.objects.get(pk=report.pk).version,
    }
    data.update({f"{action}-{k}": v for k, v in fields.items()})
    if files:
        data[f"{action}-files"] = [SimpleUploadedFile(name, content) for name, content in files]
    return client.post(reverse("report_act", args=[report.pk]), data)


def reviewed(make_report, official):
    report = make_report()
    report_transition(report=report, action=Action.START_REVIEW, actor=official)
    return report


def stored_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


# -- one action panel ---------------------------------------------------------------


def test_the_panel_offers_only_the_steps_the_user_may_take_now(
    client, make_report, official, manager_a
):
    report = make_report()
    client.force_login(official)
    page = page_of(client, report).text
    assert buttons(page) == ["start_review", "reject", "mark_duplicate", "comment", "assign"]
    assert open_forms(page) == []  # the forms wait for their button
    client.force_login(manager_a)
    assert buttons(page_of(client, report).text) == ["comment"]
    report_transition(report=report, action=Action.START_REVIEW, actor=official)
    report_transition(report=report, action=Action.REQUEST_INFO, actor=official, note="؟")
    assert buttons(page_of(client, report).text) == ["provide_info", "comment"]


def test_a_step_chosen_without_javascript_opens_its_form(client, make_report, official, agency):
    report = reviewed(make_report, official)
    client.force_login(official)
    page = page_of(client, report, step="refer").text
    assert open_forms(page) == ["refer"]
    assert 'data-step="refer" aria-controls="step-refer" aria-expanded="true"' in page
    # Only what the referral needs: the agency, the due date, the letter and its files.
    refer = re.search(r'id="step-refer".*?</form>', page, re.S).group(0)
    for name in ("agency", "due_on", "note", "letter_number", "letter_date", "files"):
        assert f'name="refer-{name}"' in refer
    assert 'name="refer-suggested_agency"' not in refer
    assert 'enctype="multipart/form-data"' in refer
    assert open_forms(page_of(client, report, step="nonsense").text) == []


def test_a_refused_step_comes_back_open_with_its_errors_tied_to_the_fields(
    client, make_report, official
):
    report = reviewed(make_report, official)
    client.force_login(official)
    response = act(client, report, "refer", note="لطفاً رسیدگی کنید")
    assert response.status_code == 400
    assert open_forms(response.text) == ["refer"]
    select = re.search(r'<select name="refer-agency"[^>]*>', response.text).group(0)
    assert 'aria-invalid="true"' in select and 'aria-describedby="id_refer-agency_error"' in select
    error = re.search(r'id="id_refer-agency_error">(.*?)</ul>', response.text, re.S).group(1)
    assert "دستگاه" in error
    assert "لطفاً رسیدگی کنید" in response.text  # what was typed is kept
    assert IssueReport.objects.get(pk=report.pk).status == Status.UNDER_REVIEW


def test_a_refused_comment_comes_back_open_in_the_same_panel(client, make_report, manager_a):
    report = make_report()
    client.force_login(manager_a)
    response = client.post(reverse("report_comment", args=[report.pk]), {"text": "  "})
    assert response.status_code == 400
    assert open_forms(response.text) == ["comment"]
    assert 'aria-describedby="id_text_error"' in response.text
    assert 'name="internal"' not in response.text  # the NGO writes no internal notes


def test_the_internal_note_checkbox_is_drawn_as_a_checkbox_beside_its_label(
    client, make_report, official
):
    page = (client.force_login(official), page_of(client, make_report()).text)[1]
    checkbox = re.search(r'<div class="form-check[^"]*">\s*<input[^>]*name="internal"[^>]*>', page)
    assert checkbox and 'class="form-check-input"' in checkbox.group(0)
    assert '<label class="form-check-label" for="id_internal">' in page


# -- the timeline says what happened ------------------------------------------------


def test_the_timeline_says_what_happened_in_plain_persian(
    client, make_report, official, urmia_official, manager_a, agency, today, run_tasks
):
    from reports.models import Agency

    other = Agency.objects.exclude(pk=agency.pk).first()
    report = make_report()
    due = today + datetime.timedelta(days=10)
    steps = [
        (official, Action.START_REVIEW, {}),
        (official, Action.REQUEST_INFO, {"note": "چند خانوار؟"}),
        (manager_a, Action.PROVIDE_INFO, {"note": "بیست خانوار"}),
        (official, Action.REFER, {"agency": agency, "due_on": due}),
        (official, Action.AGENCY_DECLINE, {"note": "در حیطه ما نیست", "suggested_agency": other}),
        (official, Action.REFER, {"agency": other, "due_on": due}),
        (official, Action.AGENCY_ACCEPT, {}),
        (official, Action.RESOLVE, {"note": "انجام شد"}),
        (manager_a, Action.CONFIRM, {}),
    ]
    for actor, action, fields in steps:
        report_transition(report=report, action=action, actor=actor, **fields)
    report_assign(report=report, actor=official, assignee=urmia_official)
    client.force_login(official)
    page = page_of(client, report).text
    due_text = f"{due.day}".translate(PERSIAN)  # the day of the due date, in Persian digits
    for phrase in [
        "گزارش ثبت شد",
        "کارشناس گزارش را پذیرفت",
        "از سمن اطلاعات بیشتری خواسته شد",
        "سمن پاسخ داد",
        f"به {agency.name} ارجاع شد تا ",
        f"{agency.name} نپذیرفت و {other.name} را پیشنهاد کرد",
        f"{other.name} ارجاع را پذیرفت",
        "به گزارش رسیدگی شد",
        "سمن رفع مشکل را تأیید کرد",
        "به urmia-official سپرده شد",
    ]:
        assert phrase in page, phrase
    assert "پاسخ دهد" in page and due_text in page
    assert "تغییر وضعیت" not in page and "وضعیت از" not in page
    # The emails say it the same way.
    mail.outbox.clear()
    run_tasks()
    told = " ".join(m.body for m in mail.outbox)
    assert f"به {other.name} ارجاع شد تا " in told and "به گزارش رسیدگی شد" in told


@pytest.mark.parametrize(
    ("steps", "phrase"),
    [
        ([(Action.REJECT, {"note": "خارج از حیطه"})], "گزارش رد شد"),
        ([(Action.CLOSE, {})], "گزارش بسته شد"),
        ([(Action.RESOLVE, {"note": "انجام شد"}), (Action.REOPEN, {})], "سمن گزارش را دوباره گشود"),
        (
            [(Action.REQUEST_INFO, {"note": "؟"}), (Action.WITHDRAW_REQUEST, {"note": "کافی است"})],
            "بررسی بدون پاسخ سمن ادامه یافت",
        ),
    ],
)
def test_each_kind_of_step_has_its_own_sentence(make_report, official, manager_a, steps, phrase):
    report = make_report()
    report_transition(report=report, action=Action.START_REVIEW, actor=official)
    for action, fields in steps:
        if action == Action.CLOSE:
            report_transition(report=report, action=Action.REJECT, actor=official, note="نه")
        actor = manager_a if action == Action.REOPEN else official
        note = fields.pop("note", "هنوز هست" if action == Action.REOPEN else "")
        report_transition(report=report, action=action, actor=actor, note=note, **fields)
    assert report.events.order_by("pk").last().summary == phrase


def test_a_duplicate_is_told_as_such(make_report, official):
    original, duplicate = make_report(), make_report()
    report_transition(
        report=duplicate, action=Action.MARK_DUPLICATE, actor=official, duplicate_of=original
    )
    assert duplicate.events.order_by("pk").last().summary == "گزارش تکراری شناخته شد"


# -- the NGO within reach ------------------------------------------------------------


def test_the_ngo_is_a_link_for_those_who_may_open_it_and_its_phone_is_for_officials(
    client, make_report, official, urmia_official, manager_a, manager_b, ngo_a, ngo_b
):
    ngo_b.phone = "04436223344"
    ngo_b.save()
    # Khoy's NGO reports a problem in an Urmia neighbourhood: an Urmia report.
    report = make_report(ngo=ngo_b, submitted_by=manager_b)
    ngo_link = f'<a href="{reverse("ngo_home", args=[ngo_b.pk])}">{ngo_b.name}</a>'
    phone = '<a href="tel:04436223344" dir="ltr">۰۴۴۳۶۲۲۳۳۴۴</a>'
    client.force_login(official)
    page = page_of(client, report).text
    assert ngo_link in page and phone in page
    client.force_login(urmia_official)  # may read the report, not open Khoy's NGO
    page = page_of(client, report).text
    assert ngo_link not in page and ngo_b.name in page and phone in page
    client.force_login(manager_b)  # the NGO's own manager: the link, not their own number
    page = page_of(client, report).text
    assert ngo_link in page and "tel:" not in page


# -- files on answers and steps -------------------------------------------------------


def test_the_ngo_attaches_files_to_its_answer(client, make_report, official, manager_a):
    report = reviewed(make_report, official)
    report_transition(report=report, action=Action.REQUEST_INFO, actor=official, note="نشانی؟")
    client.force_login(manager_a)
    response = act(
        client,
        report,
        "provide_info",
        files=[("نشانی.pdf", PDF), ("عکس.png", PNG)],
        note="نشانی در پیوست آمده است.",
    )
    assert response.status_code == 302
    answer = report.events.get(action=Action.PROVIDE_INFO)
    assert sorted(answer.attachments.values_list("original_name", flat=True)) == [
        "عکس.png",
        "نشانی.pdf",
    ]
    page = page_of(client, report).text
    timeline = page[page.index('id="timeline"') :]
    for attachment in answer.attachments.all():
        url = reverse("attachment_download", args=[report.pk, attachment.pk])
        assert url in timeline
    client.force_login(official)
    download = client.get(
        reverse("attachment_download", args=[report.pk, answer.attachments.first().pk])
    )
    assert download.status_code == 200


def test_an_official_attaches_the_agencys_letter_with_its_number_and_date(
    client, make_report, official, manager_a, agency, run_tasks
):
    report = reviewed(make_report, official)
    run_tasks()  # the emails of the earlier steps
    client.force_login(official)
    response = act(
        client,
        report,
        "refer",
        files=[("نامه.pdf", PDF)],
        agency=agency.pk,
        due_on="۱۴۰۹/۰۱/۱۵",
        letter_number="۱۴۰۵/الف/۷۸۹",
        letter_date="۱۴۰۵/۰۸/۰۱",
    )
    assert response.status_code == 302
    event = report.events.get(action=Action.REFER)
    assert event.letter_number == "1405/الف/789"  # digits kept as data, like other codes
    assert event.letter_date == datetime.date(2026, 10, 23)
    assert event.attachments.get().original_name == "نامه.pdf"
    client.force_login(manager_a)  # the NGO sees the letter and may download it
    page = page_of(client, report).text
    assert "نامهٔ شمارهٔ ۱۴۰۵/الف/۷۸۹ مورخ ۱ آبان ۱۴۰۵" in without_isolates(page)
    url = reverse("attachment_download", args=[report.pk, event.attachments.get().pk])
    assert url in page and client.get(url).status_code == 200
    mail.outbox.clear()
    run_tasks()
    [email] = mail.outbox
    assert "نامهٔ شمارهٔ ۱۴۰۵/الف/۷۸۹ مورخ ۱ آبان ۱۴۰۵" in without_isolates(email.body)
    assert "یک پرونده همراه آن است" in email.body


def test_the_letter_date_cannot_be_in_the_future(client, make_report, official, agency, today):
    report = reviewed(make_report, official)
    client.force_login(official)
    tomorrow = today + datetime.timedelta(days=1)
    from offices.jalali import format_jalali

    response = act(
        client,
        report,
        "refer",
        agency=agency.pk,
        due_on="۱۴۰۹/۰۱/۱۵",
        letter_date=format_jalali(tomorrow),
    )
    assert response.status_code == 400 and open_forms(response.text) == ["refer"]
    assert 'id="id_refer-letter_date_error"' in response.text and "هنوز نرسیده" in response.text
    assert IssueReport.objects.get(pk=report.pk).status == Status.UNDER_REVIEW


@pytest.mark.parametrize(
    ("files", "words"),
    [
        ([("virus.exe", b"MZ\x90\x00")], "پذیرفته نمی‌شود"),
        ([("fake.pdf", b"MZ\x90\x00 not a pdf")], "هم‌خوان"),
        ([("huge.pdf", PDF + b"\x00" * MAX_ATTACHMENT_BYTES)], "حجم"),
        ([(f"{i}.png", PNG) for i in range(6)], "حداکثر ۵"),
    ],
)
def test_a_bad_file_refuses_the_step_in_persian_and_saves_nothing(
    client, make_report, official, agency, settings, files, words
):
    report = reviewed(make_report, official)
    events = report.events.count()
    client.force_login(official)
    response = act(client, report, "refer", files=files, agency=agency.pk, due_on="۱۴۰۹/۰۱/۱۵")
    assert response.status_code == 400 and open_forms(response.text) == ["refer"]
    assert words in response.text
    assert 'aria-describedby="id_refer-files_helptext id_refer-files_error"' in response.text
    assert IssueReport.objects.get(pk=report.pk).status == Status.UNDER_REVIEW
    assert report.events.count() == events and not Attachment.objects.exists()
    assert stored_files(settings) == []


def test_a_good_file_on_a_step_refused_for_another_reason_is_not_kept(
    client, make_report, official, settings
):
    report = reviewed(make_report, official)
    client.force_login(official)
    response = act(client, report, "refer", files=[("نامه.pdf", PDF)], due_on="۱۴۰۹/۰۱/۱۵")
    assert response.status_code == 400  # no agency chosen
    assert not Attachment.objects.exists() and stored_files(settings) == []


def test_a_step_that_takes_no_files_refuses_them(make_report, official):
    from reports.workflow import TransitionError

    report = make_report()
    with pytest.raises(TransitionError) as refused:
        report_transition(
            report=report,
            action=Action.START_REVIEW,
            actor=official,
            files=[SimpleUploadedFile("a.pdf", PDF)],
        )
    assert "files" in refused.value.message_dict
    assert not Attachment.objects.exists()


def test_the_ngo_cannot_download_a_file_kept_for_officials(
    client, make_report, official, manager_a, agency
):
    report = reviewed(make_report, official)
    client.force_login(official)
    act(
        client,
        report,
        "refer",
        files=[("نامه-داخلی.pdf", PDF)],
        agency=agency.pk,
        due_on="۱۴۰۹/۰۱/۱۵",
        files_internal="on",
    )
    attachment = Attachment.objects.get()
    assert attachment.event.kind == ReportEvent.Kind.INTERNAL_NOTE
    assert not attachment.event.visible_to_ngo
    url = reverse("attachment_download", args=[report.pk, attachment.pk])
    assert url in page_of(client, report).text and client.get(url).status_code == 200
    client.force_login(manager_a)
    assert client.get(url).status_code == 404
    page = page_of(client, report).text
    assert url not in page and "نامه-داخلی" not in page


def test_the_ngo_cannot_keep_files_from_officials(client, make_report, official, manager_a):
    report = reviewed(make_report, official)
    report_transition(report=report, action=Action.REQUEST_INFO, actor=official, note="؟")
    client.force_login(manager_a)
    response = act(
        client, report, "provide_info", files=[("a.pdf", PDF)], note="پاسخ", files_internal="on"
    )
    assert response.status_code == 302  # the box is not on the NGO's form: ignored
    assert Attachment.objects.get().event.visible_to_ngo


@pytest.mark.parametrize("answers", [1, 6])
def test_files_on_every_step_do_not_add_queries_to_the_page(
    client, make_report, official, manager_a, django_assert_num_queries, answers
):
    report = reviewed(make_report, official)
    for i in range(answers):
        report_transition(report=report, action=Action.REQUEST_INFO, actor=official, note="؟")
        report_transition(
            report=report,
            action=Action.PROVIDE_INFO,
            actor=manager_a,
            note="پاسخ",
            files=[SimpleUploadedFile(f"{i}.pdf", PDF), SimpleUploadedFile(f"{i}.png", PNG)],
        )
    client.force_login(official)
    client.get(reverse("report_detail", args=[report.pk]))
    # session, user, the user's NGOs, official role, the report with its related rows, the
    # timeline, every file of the report (shared out to its events), duplicates and
    # follow-ups, the officials for assignment, the agencies for a referral.
    with django_assert_num_queries(10):
        client.get(reverse("report_detail", args=[report.pk]))


# -- after the time to reopen -----------------------------------------------------------


def resolved(make_report, official, days_ago):
    report = reviewed(make_report, official)
    report_transition(report=report, action=Action.RESOLVE, actor=official, note="انجام شد")
    moment = timezone.now() - datetime.timedelta(days=days_ago)
    IssueReport.objects.filter(pk=report.pk).update(status_changed_at=moment)
    report.refresh_from_db()
    return report


def test_within_the_window_the_ngo_may_reopen_and_is_told_until_when(
    client, make_report, official, manager_a
):
    report = resolved(make_report, official, days_ago=3)
    client.force_login(manager_a)
    page = page_of(client, report).text
    assert buttons(page)[:2] == ["confirm", "reopen"]
    assert "می‌توانید این گزارش را دوباره بگشایید" in page
    assert "گزارش تازه دربارهٔ همین مشکل" not in page


def test_after_the_window_the_page_says_why_and_offers_a_linked_new_report(
    client, make_report, official, manager_a, ngo_a, neighbourhood, office
):
    report = resolved(make_report, official, days_ago=REOPEN_WINDOW_DAYS + 1)
    client.force_login(manager_a)
    page = page_of(client, report).text
    assert buttons(page) == ["confirm", "comment"]  # reopening is no longer offered
    ended = timezone.localdate(report.status_changed_at + datetime.timedelta(days=30))
    from offices.formatting import format_date

    ended = without_isolates(format_date(ended, "fa", long=True))
    assert f"مهلت بازگشایی این گزارش در {ended} به پایان رسید" in without_isolates(page)
    new_url = reverse("report_new", args=[ngo_a.pk]) + f"?follows={report.pk}"
    assert f'href="{new_url}">گزارش تازه دربارهٔ همین مشکل</a>' in page

    # One click: the form filled in from the earlier report.
    form_page = client.get(new_url)
    form = form_page.context["form"]
    assert form.initial["title"] == report.title
    assert form.initial["category"] == report.category_id
    assert form.initial["neighbourhood"] == neighbourhood.pk
    persian_reference = report.reference.translate(PERSIAN)
    assert f"پیرو گزارش {persian_reference}" in form.initial["description"]
    assert f'name="follows" value="{report.pk}"' in form_page.text
    assert persian_reference in form_page.text

    key = re.search(r'name="submission_key" value="([^"]+)"', form_page.text).group(1)
    data = {
        "category": report.category_id,
        "neighbourhood": neighbourhood.pk,
        "title": report.title,
        "description": form.initial["description"],
        "severity": report.severity,
        "submission_key": key,
        "follows": report.pk,
    }
    response = client.post(reverse("report_new", args=[ngo_a.pk]), data)
    new = IssueReport.objects.exclude(pk=report.pk).get()
    assert response.headers["Location"] == reverse("report_detail", args=[new.pk])
    assert new.follows == report
    # Both pages show the link.
    assert reverse("report_detail", args=[report.pk]) in page_of(client, new).text
    client.force_login(official)
    assert reverse("report_detail", args=[new.pk]) in page_of(client, report).text


def test_a_new_report_cannot_follow_another_ngos_report(
    client, make_report, official, manager_b, ngo_b, neighbourhood
):
    report = resolved(make_report, official, days_ago=40)  # ngo_a's
    client.force_login(manager_b)
    form_page = client.get(reverse("report_new", args=[ngo_b.pk]), {"follows": report.pk})
    assert form_page.context["form"].initial.get("follows") is None
    assert report.title not in form_page.text


# -- in a real browser --------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_on_a_phone_the_panel_comes_first_and_opens_a_step_in_place(
    site, open_page, make_report, official, agency
):
    report = reviewed(make_report, official)
    report_transition(
        report=report,
        action=Action.REFER,
        actor=official,
        agency=agency,
        due_on=timezone.localdate() + datetime.timedelta(days=5),
    )
    page = open_page(width=360, height=740)
    browser_login(page, site, "official")
    page.goto(f"{site}{reverse('report_detail', args=[report.pk])}")
    panel = page.locator("#act").bounding_box()
    timeline = page.locator("#timeline").bounding_box()
    assert panel["y"] < timeline["y"]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.evaluate("window.notReloaded = true")
    page.get_by_role("button", name="ثبت نپذیرفتن دستگاه").click()
    form = page.locator("#step-agency_decline")
    assert form.is_visible() and page.evaluate("window.notReloaded === true")
    assert page.locator("#step-resolve").is_hidden()
    assert "step=agency_decline" in page.url
    page.mouse.move(0, 0)
    page.wait_for_timeout(300)  # the button's colour change is a short transition
    screenshot(page, "report-page-fa-phone")

    desktop = open_page(width=1366, height=900)
    browser_login(desktop, site, "official")
    desktop.goto(f"{site}{reverse('report_detail', args=[report.pk])}?step=resolve")
    panel = desktop.locator("#act").bounding_box()
    timeline = desktop.locator("#timeline").bounding_box()
    assert panel["x"] + panel["width"] <= timeline["x"]  # beside it, on the left in RTL
    assert desktop.locator("#step-resolve").is_visible()
    screenshot(desktop, "report-page-fa-desktop")
