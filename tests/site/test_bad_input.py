"""Bad input gets a clear Persian message, never a 500 and never a half-saved record;
failure pages say only what they know."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from ngos.models import NGO
from reports.models import IssueReport, ReportEvent, Status
from reports.workflow import Action, report_transition
from tests.reports.test_report_pages import PDF, act, form_data

pytestmark = pytest.mark.django_db

SUPERSCRIPT_DATE = "1405/09/0\u00b2"  # 1405/09/0²: a digit that is not a decimal digit
INVISIBLE = "\u200c\u200b\ufeff\u202e \u2066\u2069"
NUL_MESSAGE = "کاراکتر NUL"


# -- NUL characters ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/reports/?q=a%00b",
        "/dashboard/?start=%00",
        "/admin/reports/issuereport/?status__exact=%00",
        "/offices/?q=%00",
    ],
)
def test_a_nul_character_anywhere_is_refused_with_a_message(admin_client, url):
    response = admin_client.get(url)
    assert response.status_code == 400
    assert NUL_MESSAGE in response.text


def test_a_nul_character_in_a_form_saves_nothing(client, manager_a, ngo_a):
    client.force_login(manager_a)
    data = form_data(client, ngo_a, title="عنوان\x00")
    response = client.post(reverse("report_new", args=[ngo_a.pk]), data)
    assert response.status_code == 400 and NUL_MESSAGE in response.text
    assert not IssueReport.objects.exists()


# -- digits that are not decimal digits -------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        f"/reports/?submitted_from={SUPERSCRIPT_DATE}",
        f"/reports/export.csv?submitted_to={SUPERSCRIPT_DATE}",
        f"/reports/export.xlsx?submitted_to={SUPERSCRIPT_DATE}",
        f"/dashboard/?start={SUPERSCRIPT_DATE}",
    ],
)
def test_a_superscript_digit_in_a_date_filter_is_a_message_not_a_500(client, official, url):
    client.force_login(official)
    response = client.get(url)
    assert response.status_code in (200, 400)
    if "export" not in url:
        assert "تاریخ" in response.text  # the date's message beside its field


def test_a_superscript_digit_in_the_agency_page_period(client, official, agency):
    client.force_login(official)
    response = client.get(reverse("agency_detail", args=[agency.pk]) + f"?end={SUPERSCRIPT_DATE}")
    assert response.status_code == 200 and "تاریخ" in response.text


def test_a_superscript_digit_in_a_referral_due_date(client, make_report, official, agency):
    report = make_report()
    report_transition(report=report, action=Action.START_REVIEW, actor=official)
    client.force_login(official)
    response = act(client, report, "refer", agency=agency.pk, due_on=SUPERSCRIPT_DATE)
    assert response.status_code == 400 and "تاریخ" in response.text
    assert IssueReport.objects.get(pk=report.pk).status == Status.UNDER_REVIEW


def test_a_superscript_digit_in_an_admin_date_field(admin_client, ngo_a, authority):
    response = admin_client.post(
        reverse("admin:ngos_licence_add"),
        {
            "ngo": ngo_a.pk,
            "authority": authority.pk,
            "number": "L-1",
            "issued_on": SUPERSCRIPT_DATE,
            "expires_on": "1406/01/01",
        },
    )
    assert response.status_code == 200 and "تاریخ" in response.text
    assert not ngo_a.licences.exists()


def test_a_superscript_id_in_a_bulk_action_selects_nothing(client, official, make_report):
    make_report()
    client.force_login(official)
    response = client.post(
        reverse("report_bulk"), {"operation": "assign", "selected": ["\u00b2"]}, follow=True
    )
    assert response.status_code == 200
    assert "دست‌کم یک گزارش" in response.text


# -- invisible text, bidi controls, length ----------------------------------------------------


def test_a_title_and_description_of_invisible_characters_are_empty(client, manager_a, ngo_a):
    client.force_login(manager_a)
    data = form_data(client, ngo_a, title=INVISIBLE, description=INVISIBLE)
    response = client.post(reverse("report_new", args=[ngo_a.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"title", "description"}
    assert not IssueReport.objects.exists()


def test_a_comment_or_a_required_note_of_invisible_characters_is_refused(
    client, make_report, official
):
    report = make_report()
    report_transition(report=report, action=Action.START_REVIEW, actor=official)
    client.force_login(official)
    client.post(reverse("report_comment", args=[report.pk]), {"text": INVISIBLE})
    response = act(client, report, "request_info", note=INVISIBLE)
    assert response.status_code == 400
    assert report.events.count() == 2  # the submission and the review only
    assert IssueReport.objects.get(pk=report.pk).status == Status.UNDER_REVIEW


def test_a_contact_name_of_invisible_characters_is_kept_empty(client, manager_a, ngo_a):
    client.force_login(manager_a)
    client.post(
        reverse("ngo_profile", args=[ngo_a.pk]),
        {"contact_person": INVISIBLE, "members": "30", "insured_members": "0"}
        | {"members_with_disabilities": "0", "disability_jobs": "0"},
    )
    assert NGO.objects.get(pk=ngo_a.pk).contact_person == ""


def test_bidi_overrides_are_removed_from_titles_and_zwnj_inside_words_kept(
    client, manager_a, ngo_a, run_tasks
):
    from django.core import mail

    client.force_login(manager_a)
    title = "\u202eتسهیل\u200cگری در محله"
    client.post(reverse("report_new", args=[ngo_a.pk]), form_data(client, ngo_a, title=title))
    assert IssueReport.objects.get().title == "تسهیل\u200cگری در محله"
    run_tasks()
    assert all("\u202e" not in m.body and "\u202e" not in m.subject for m in mail.outbox)


def test_a_megabyte_description_is_refused_with_a_message(client, manager_a, ngo_a):
    client.force_login(manager_a)
    data = form_data(client, ngo_a, description="آ" * 1_000_000)
    response = client.post(reverse("report_new", args=[ngo_a.pk]), data)
    assert response.status_code == 200 and "description" in response.context["form"].errors
    assert not IssueReport.objects.exists()


def test_a_persian_file_name_with_zwnj_is_kept_for_download_and_stored_at_random(
    client, manager_a, ngo_a
):
    client.force_login(manager_a)
    data = form_data(client, ngo_a)
    data["files"] = [SimpleUploadedFile("نامه\u200cی دفتر.pdf", PDF)]
    client.post(reverse("report_new", args=[ngo_a.pk]), data)
    attachment = IssueReport.objects.get().attachments.get()
    assert attachment.original_name == "نامه\u200cی دفتر.pdf"
    assert "نامه" not in attachment.file.name
    response = client.get(
        reverse("attachment_download", args=[attachment.report_id, attachment.pk])
    )
    assert "%D9%86%D8%A7%D9%85%D9%87%E2%80%8C" in response.headers["Content-Disposition"]


# -- refusals explained -----------------------------------------------------------------------


def test_a_form_sent_twice_leads_to_the_saved_report_with_a_message(client, manager_a, ngo_a):
    client.force_login(manager_a)
    data = form_data(client, ngo_a)
    client.post(reverse("report_new", args=[ngo_a.pk]), data)
    again = client.post(reverse("report_new", args=[ngo_a.pk]), data, follow=True)
    report = IssueReport.objects.get()
    assert again.redirect_chain[-1][0] == reverse("report_detail", args=[report.pk])
    assert "دوباره ثبت نشد" in again.text


def test_a_step_the_user_may_not_take_says_why(client, make_report, readonly_official):
    report = make_report()
    client.force_login(readonly_official)
    response = client.post(reverse("report_act", args=[report.pk]), {"action": "start_review"})
    assert response.status_code == 403
    assert "فقط می‌توانید آن را بخوانید" in response.text


def test_a_csrf_failure_is_explained_in_persian_without_settings(manager_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager_a)
    response = client.post(reverse("password_change"), {})
    assert response.status_code == 403
    assert "فرم" in response.text and "DEBUG" not in response.text


# -- failure pages --------------------------------------------------------------------------


def test_a_database_that_does_not_answer_gives_a_503_with_retry_after(
    client, official, monkeypatch
):
    client.raise_request_exception = False
    client.force_login(official)

    def down(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("dashboards.views.dashboard.figures.key_figures", down)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "60"
    assert "موقتاً" in response.text


def test_the_500_page_does_not_claim_that_nothing_was_saved(client, official, monkeypatch):
    client.raise_request_exception = False
    client.force_login(official)

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("dashboards.views.dashboard.figures.key_figures", broken)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 500
    assert "ذخیره نشد" not in response.text and "بررسی کنید" in response.text


def test_nothing_half_written_when_a_step_fails_midway(make_report, official, monkeypatch):
    report = make_report()

    def fail(*args, **kwargs):
        raise OperationalError("connection lost")

    monkeypatch.setattr(ReportEvent.objects, "create", fail)
    with pytest.raises(OperationalError):
        report_transition(report=report, action=Action.START_REVIEW, actor=official)
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED and report.version == 1
