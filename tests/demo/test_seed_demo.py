"""`manage.py seed_demo`: a believable world on an empty database, and nothing more the second time."""

import io

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.test import RequestFactory

from demo.world import DEMO_PASSWORD
from ngos.models import NGO, Licence, LicenceStatus
from offices.models import FacilitationOffice, Neighbourhood, PremisesChange
from offices.validators import validate_document
from reports.models import IssueReport, ReferenceCounter, ReportEvent, Status
from workspace.models import Activity, ActivityFile, MonthlyReturn, PremisesRequest, Referral

pytestmark = pytest.mark.django_db

DEMO_USERS = {
    "demo-admin",
    "demo-official",
    "demo-county",
    "demo-ngo-a",
    "demo-ngo-b",
    "demo-facilitator",
}


def seed(*args):
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def table_sizes():
    models = [
        NGO,
        Licence,
        FacilitationOffice,
        Neighbourhood,
        PremisesChange,
        IssueReport,
        ReportEvent,
        Activity,
        ActivityFile,
        Referral,
        MonthlyReturn,
        PremisesRequest,
    ]
    return {m.__name__: m.objects.count() for m in models} | {
        "users": get_user_model().objects.count()
    }


@pytest.fixture
def seeded(db):
    return seed("--with-demo-users")


def test_demo_world_matches_the_article(seeded):
    urmia_offices = FacilitationOffice.objects.filter(county__code="urmia", status="active")
    assert urmia_offices.count() == 8
    without_dedicated = urmia_offices.exclude(premises="dedicated").count()
    assert without_dedicated > 4  # most have no premises of their own
    assert (
        FacilitationOffice.objects.filter(status="planned").exclude(county__code="urmia").exists()
    )
    assert 38 <= NGO.objects.count() <= 45
    names = set(Neighbourhood.objects.filter(county__code="urmia").values_list("name", flat=True))
    assert {"الواج", "دیگاله", "کوی آذربایجان", "ریحان‌آباد"} <= names


def test_licences_include_valid_expiring_and_expired(seeded):
    statuses = set(NGO.objects.with_licence_status().values_list("licence_status", flat=True))
    assert {LicenceStatus.VALID, LicenceStatus.EXPIRING, LicenceStatus.EXPIRED} <= statuses


def test_reports_cover_every_status_and_both_jalali_years(seeded):
    assert IssueReport.objects.count() == 1000
    assert set(IssueReport.objects.values_list("status", flat=True)) == set(Status.values)
    years = set(IssueReport.objects.values_list("submitted_jyear", flat=True))
    assert len(years) == 2
    assert IssueReport.objects.filter(duplicate_of__isnull=False).exists()
    assert IssueReport.objects.overdue().exists()


def test_every_report_has_a_consistent_timeline(seeded):
    # Each report's last transition ends in the report's status, and it starts with the submission.
    for report in IssueReport.objects.prefetch_related("events")[:300]:
        events = list(report.events.all())
        assert events[0].action == "submit"
        transitions = [e for e in events if e.kind == ReportEvent.Kind.TRANSITION]
        assert transitions[-1].to_status == report.status
        times = [e.created_at for e in events]
        assert times == sorted(times)
        assert report.submitted_at == events[0].created_at


def test_references_are_unique_and_counters_continue_after_them(seeded):
    assert IssueReport.objects.values("reference").distinct().count() == IssueReport.objects.count()
    per_year = dict(
        IssueReport.objects.values_list("jalali_year")
        .annotate(n=Count("pk"))
        .values_list("jalali_year", "n")
    )
    assert per_year == dict(ReferenceCounter.objects.values_list("jalali_year", "last"))


def test_running_twice_adds_nothing(seeded):
    before = table_sizes()
    output = seed("--with-demo-users")
    assert table_sizes() == before
    assert "nothing added" in output


def test_demo_logins_work_and_are_printed(seeded):
    for username in DEMO_USERS:
        request = RequestFactory().post("/accounts/login/")
        assert authenticate(request, username=username, password=DEMO_PASSWORD) is not None
        # Shown by name (in Persian) on timelines and lists, never by the login.
        assert get_user_model().objects.get(username=username).get_full_name()
    assert DEMO_PASSWORD in seeded
    assert get_user_model().objects.get(username="demo-admin").is_superuser
    manager_a = get_user_model().objects.get(username="demo-ngo-a")
    manager_b = get_user_model().objects.get(username="demo-ngo-b")
    assert set(manager_a.managed_ngos.all()).isdisjoint(manager_b.managed_ngos.all())
    assert manager_a.managed_ngos.exists() and manager_b.managed_ngos.exists()
    assert IssueReport.objects.filter(ngo__managers=manager_a).exists()


def test_no_demo_accounts_without_debug_or_the_flag(db, settings):
    settings.DEBUG = False
    output = seed()
    assert not get_user_model().objects.filter(username__in=DEMO_USERS).exists()
    assert DEMO_PASSWORD not in output
    assert IssueReport.objects.exists()


def test_if_empty_leaves_a_database_with_data_alone(seeded):
    before = table_sizes()
    assert "already has data" in seed("--if-empty")
    assert table_sizes() == before


def test_scale_multiplies_the_volumes(db):
    seed("--scale", "2")
    assert IssueReport.objects.count() == 2000
    assert NGO.objects.count() == 80


def test_growing_the_scale_adds_only_the_new_part(seeded):
    seed("--scale", "2")
    assert NGO.objects.count() == 80
    assert IssueReport.objects.count() == 2000


def test_scale_must_be_positive(db):
    with pytest.raises(CommandError):
        seed("--scale", "0")


def test_demo_attachments_are_real_images_that_pass_the_upload_checks(seeded):
    from reports.models import Attachment
    from reports.validators import validate_attachment

    attachments = list(Attachment.objects.all())
    assert attachments
    for attachment in attachments:
        with attachment.file.open("rb") as stored:
            content = stored.read()
        validate_attachment(SimpleUploadedFile(attachment.original_name, content))


def test_demo_activity_files_and_the_uploaded_licence_pass_the_upload_checks(seeded):
    stored = [(f.file, f.original_name) for f in ActivityFile.objects.all()]
    stored += [(licence.document, licence.document_name) for licence in Licence.objects.all()]
    stored = [(file, name) for file, name in stored if file]
    assert {name.rsplit(".", 1)[1] for _file, name in stored} == {"png", "pdf"}
    for file, name in stored:
        with file.open("rb") as opened:
            validate_document(SimpleUploadedFile(name, opened.read()))
