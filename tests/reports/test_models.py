"""Reports: references, derived county, constraints, attachments, submission and comments."""

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from reports.models import Attachment, IssueReport, ReferenceCounter, ReportEvent, Status
from reports.services import report_comment
from reports.validators import MAX_ATTACHMENT_BYTES, validate_attachment
from reports.workflow import Action, TransitionError

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PDF = b"%PDF-1.7\n%demo\n"


def office_document(inner: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(inner, "<x/>")
    return buffer.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content)


# -- references ---------------------------------------------------------------


def test_reference_is_jalali_year_and_a_six_digit_sequence(make_report):
    first, second = make_report(), make_report()
    year = first.jalali_year
    assert 1404 <= year <= 1500
    assert first.reference == f"{year}-000001"
    assert second.reference == f"{year}-000002"
    assert ReferenceCounter.objects.get(jalali_year=year).last == 2


def test_sequence_restarts_each_jalali_year(make_report):
    # 1404/12/29 and 1405/01/01 (20 and 21 March 2026)
    last_day = timezone.make_aware(datetime.datetime(2026, 3, 20, 12))
    first_day = timezone.make_aware(datetime.datetime(2026, 3, 21, 12))
    a = make_report()
    a_old = IssueReport(
        ngo=a.ngo, category=a.category, title="t", description="d", submitted_at=last_day
    )
    a_old.save()
    b_new = IssueReport(
        ngo=a.ngo, category=a.category, title="t", description="d", submitted_at=first_day
    )
    b_new.save()
    assert a_old.reference == "1404-000001"
    assert (a_old.submitted_jyear, a_old.submitted_jmonth) == (1404, 12)
    assert b_new.reference.startswith("1405-")
    assert (b_new.submitted_jyear, b_new.submitted_jmonth) == (1405, 1)


def test_reference_is_never_reused_after_a_failed_submission(make_report, harm):
    make_report()
    with pytest.raises(ValidationError):
        make_report(title="")
    third = make_report()
    assert third.reference.endswith("000002")


# -- county -------------------------------------------------------------------


def test_county_comes_from_the_neighbourhood_first(make_report, ngo_b, manager_b, neighbourhood):
    ngo_b.managers.add(manager_b)
    report = make_report(ngo=ngo_b, submitted_by=manager_b, neighbourhood=neighbourhood)
    assert report.county == neighbourhood.county != ngo_b.county


def test_county_comes_from_the_office_when_no_neighbourhood(make_report, ngo_b, manager_b, office):
    report = make_report(ngo=ngo_b, submitted_by=manager_b, neighbourhood=None, office=office)
    assert report.county == office.county


def test_county_falls_back_to_the_ngos_seat(make_report, ngo_b, manager_b):
    report = make_report(ngo=ngo_b, submitted_by=manager_b, neighbourhood=None)
    assert report.county == ngo_b.county


# -- constraints --------------------------------------------------------------


def test_referred_report_needs_agency_and_due_date_in_the_database(make_report):
    report = make_report()
    with pytest.raises(IntegrityError), transaction.atomic():
        IssueReport.objects.filter(pk=report.pk).update(status=Status.REFERRED)


def test_rejected_report_needs_a_reason_in_the_database(make_report):
    report = make_report()
    with pytest.raises(IntegrityError), transaction.atomic():
        IssueReport.objects.filter(pk=report.pk).update(status=Status.REJECTED)


def test_report_cannot_be_its_own_duplicate_in_the_database(make_report):
    report = make_report()
    with pytest.raises(IntegrityError), transaction.atomic():
        IssueReport.objects.filter(pk=report.pk).update(duplicate_of=report)


def test_internal_note_can_never_be_visible_to_the_ngo(make_report, official):
    report = make_report()
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportEvent.objects.create(
            report=report, kind="internal_note", actor=official, visible_to_ngo=True
        )


def test_people_affected_must_be_plausible(make_report):
    with pytest.raises(ValidationError) as caught:
        make_report(people_affected=50_000_000)
    assert "people_affected" in caught.value.message_dict
    assert not IssueReport.objects.exists()


# -- open and overdue ---------------------------------------------------------


def test_open_excludes_finished_and_duplicate_reports(make_report, official):
    from reports.workflow import report_transition

    live, rejected, duplicate = make_report(), make_report(), make_report()
    report_transition(
        report=rejected,
        action=Action.REJECT,
        actor=official,
        note="خارج از حیطه",
    )
    report_transition(
        report=duplicate,
        action=Action.MARK_DUPLICATE,
        actor=official,
        duplicate_of=live,
    )
    assert list(IssueReport.objects.open()) == [live]


def test_overdue_means_referred_or_in_progress_past_the_due_date(
    make_report, official, agency, today
):
    from reports.workflow import report_transition

    report = make_report()
    report_transition(report=report, action=Action.START_REVIEW, actor=official)
    report_transition(
        report=report,
        action=Action.REFER,
        actor=official,
        agency=agency,
        due_on=today,
    )
    assert not IssueReport.objects.overdue(today).exists()
    assert not report.is_overdue(today)
    tomorrow = today + datetime.timedelta(days=1)
    assert list(IssueReport.objects.overdue(tomorrow)) == [report]
    assert report.is_overdue(tomorrow)


# -- attachments --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.png", PNG),
        ("photo.JPG", JPEG),
        ("photo.jpeg", JPEG),
        ("letter.pdf", PDF),
        ("letter.docx", office_document("word/document.xml")),
        ("figures.xlsx", office_document("xl/workbook.xml")),
    ],
)
def test_allowed_files_pass(name, content):
    validate_attachment(upload(name, content))


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("fake.pdf", b"MZ\x90\x00 this is an exe", "file_content"),
        ("photo.png", JPEG, "file_content"),
        ("letter.docx", office_document("xl/workbook.xml"), "file_content"),
        ("archive.docx", b"PK\x03\x04not really a zip", "file_content"),
        ("script.exe", b"MZ\x90\x00", "file_type"),
        ("page.html", b"<html>", "file_type"),
        ("noextension", PDF, "file_type"),
    ],
)
def test_wrong_or_disguised_files_are_refused(name, content, code):
    with pytest.raises(ValidationError) as caught:
        validate_attachment(upload(name, content))
    assert caught.value.code == code


def test_file_over_10_mb_is_refused():
    big = upload("big.pdf", PDF + b"\x00" * MAX_ATTACHMENT_BYTES)
    with pytest.raises(ValidationError) as caught:
        validate_attachment(big)
    assert caught.value.code == "file_too_large"


def test_refusal_message_names_the_allowed_types_in_persian():
    with pytest.raises(ValidationError) as caught:
        validate_attachment(upload("a.exe", b"MZ"))
    assert "PDF" in caught.value.messages[0] and "مجاز" in caught.value.messages[0]


# -- submission ---------------------------------------------------------------


def test_submission_writes_the_first_timeline_event(make_report, manager_a):
    report = make_report()
    event = report.events.get()
    assert (event.action, event.to_status, event.actor) == (
        Action.SUBMIT,
        Status.SUBMITTED,
        manager_a,
    )
    assert report.status == Status.SUBMITTED


def test_submission_saves_attachments_under_random_names(make_report, manager_a):
    report = make_report(files=[upload("نامه.pdf", PDF), upload("عکس.png", PNG)])
    names = sorted(a.original_name for a in report.attachments.all())
    assert names == ["عکس.png", "نامه.pdf"]
    stored = report.attachments.first().file.name
    assert "نامه" not in stored and "عکس" not in stored
    assert all(a.size > 0 and a.uploaded_by == manager_a for a in report.attachments.all())


def test_bad_attachment_saves_nothing(make_report):
    with pytest.raises(ValidationError):
        make_report(files=[upload("ok.pdf", PDF), upload("bad.pdf", b"not a pdf")])
    assert not IssueReport.objects.exists()
    assert not Attachment.objects.exists()
    assert not ReportEvent.objects.exists()


def test_more_than_five_files_are_refused(make_report):
    with pytest.raises(ValidationError) as caught:
        make_report(files=[upload(f"{i}.pdf", PDF) for i in range(6)])
    assert "files" in caught.value.message_dict
    assert not IssueReport.objects.exists()


def test_only_a_manager_of_the_ngo_can_submit_for_it(make_report, manager_b):
    with pytest.raises(ValidationError):
        make_report(submitted_by=manager_b)
    assert not IssueReport.objects.exists()


def test_suspended_ngo_cannot_submit(make_report, ngo_a):
    ngo_a.status = "suspended"
    ngo_a.save()
    with pytest.raises(ValidationError):
        make_report()


def test_office_must_serve_the_chosen_neighbourhood(make_report, urmia, office):
    from offices.models import Neighbourhood

    elsewhere = Neighbourhood.objects.create(county=urmia, name="دیگاله")
    with pytest.raises(ValidationError) as caught:
        make_report(neighbourhood=elsewhere, office=office)
    assert "office" in caught.value.message_dict


def test_empty_title_and_description_are_refused_with_field_messages(make_report):
    with pytest.raises(ValidationError) as caught:
        make_report(title="  ", description="")
    assert {"title", "description"} <= set(caught.value.message_dict)


def test_title_typed_with_arabic_letters_is_saved_in_persian(make_report):
    report = make_report(title="كودكان كار")
    report.refresh_from_db()
    assert report.title == "کودکان کار"


# -- comments -----------------------------------------------------------------


def test_official_internal_note_is_hidden_from_the_ngo(make_report, official):
    report = make_report()
    note = report_comment(report=report, actor=official, text="پیگیری تلفنی", internal=True)
    assert note.kind == ReportEvent.Kind.INTERNAL_NOTE and not note.visible_to_ngo


def test_ngo_manager_cannot_write_internal_notes(make_report, manager_a):
    report = make_report()
    with pytest.raises(TransitionError):
        report_comment(report=report, actor=manager_a, text="x", internal=True)


def test_ngo_manager_comment_is_on_the_shared_timeline(make_report, manager_a):
    report = make_report()
    comment = report_comment(report=report, actor=manager_a, text="توضیح بیشتر")
    assert comment.visible_to_ngo and comment.kind == ReportEvent.Kind.COMMENT


def test_empty_comment_is_refused(make_report, official):
    with pytest.raises(TransitionError):
        report_comment(report=make_report(), actor=official, text=" \n ")


def test_other_ngos_manager_cannot_comment(make_report, manager_b):
    with pytest.raises(TransitionError):
        report_comment(report=make_report(), actor=manager_b, text="سلام")
