"""Named users and a small world shared by every test.

Counties, categories, agencies and licensing authorities come from the data
migrations, as in production.
"""

import datetime
import importlib
import os
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from dashboards.models import MonthlyReport
from meetings.models import Demand, Meeting, MeetingFile, MeetingNGO
from ngos.models import NGO, LicensingAuthority
from ngos.validators import national_id_check_digit
from offices.models import County, FacilitationOffice, Neighbourhood
from reports.models import Agency, Category
from reports.services import report_submit

PASSWORD = "test-pass-1405"


def make_national_id(serial: int) -> str:
    """A valid 11-digit NGO national ID built from a serial number."""
    first_ten = f"14{serial:06d}00"  # the serial sits in digits 4-9, which must not be all 0
    return first_ten + str(national_id_check_digit(first_ten))


@pytest.fixture(autouse=True)
def _fast_and_local(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # As in production: emails go to the outbox; the worker (`run_tasks`) hands them to
    # Django's in-memory backend, where `mail.outbox` reads them.
    settings.EMAIL_BACKEND = "outbox.backends.QueuedEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    # Pages are rendered without running collectstatic first: plain static names.
    # (tests/site/test_deployment.py serves the hashed, compressed ones through gunicorn.)
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def run_ready_tasks(limit=1000) -> int:
    """Run every task that is due, as the queue's worker would, until none is left.

    The worker's own loop also closes stale connections, which would end the test's
    transaction; this runs each task through the same `run_task` without that.
    """
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    done = 0
    while done < limit:
        task = DBTaskResult.objects.ready().order_by("enqueued_at").first()
        if task is None:
            return done
        task.claim(worker.worker_id)
        worker.run_task(task)
        done += 1
    raise AssertionError(f"more than {limit} tasks: one keeps enqueuing another")


@pytest.fixture
def run_tasks():
    return run_ready_tasks


# src="http://…", href='https://…' or a protocol-relative src="//host/…"
EXTERNAL_REFERENCE = re.compile(r"""(?:src|href)\s*=\s*["']\s*(?:https?:)?//""", re.IGNORECASE)


@pytest.fixture(autouse=True)
def _pages_load_nothing_from_other_hosts(monkeypatch):
    """Every HTML page any test renders is checked: everything is served by the app."""
    original = Client.request

    def request(self, **kwargs):
        response = original(self, **kwargs)
        if response.get("Content-Type", "").startswith("text/html") and not response.streaming:
            found = EXTERNAL_REFERENCE.search(response.content.decode())
            assert found is None, f"{kwargs.get('PATH_INFO')} refers to another host: {found}"
        return response

    monkeypatch.setattr(Client, "request", request)


def _user(username, **extra):
    return get_user_model().objects.create_user(
        username=username, password=PASSWORD, email=f"{username}@example.ir", **extra
    )


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser(
        username="admin", password=PASSWORD, email="admin@example.ir"
    )


def _official(username, county=None, read_only=False):
    from accounts.models import Official

    user = _user(username)
    Official.objects.create(
        user=user, level="county" if county else "province", county=county, read_only=read_only
    )
    return user


@pytest.fixture
def official(reference_data):
    """A provincial official: everything, province-wide."""
    return _official("official")


@pytest.fixture
def readonly_official(reference_data):
    """A provincial official who may look but not act."""
    return _official("readonly-official", read_only=True)


@pytest.fixture
def urmia_official(urmia):
    return _official("urmia-official", county=urmia)


@pytest.fixture
def khoy_official(khoy):
    return _official("khoy-official", county=khoy)


@pytest.fixture
def no_role_user(db):
    """Logged in, but given no role yet."""
    return _user("no-role")


@pytest.fixture
def manager_a(db):
    return _user("manager-a")


@pytest.fixture
def manager_b(db):
    return _user("manager-b")


REFERENCE_DATA_MIGRATIONS = [
    "offices.migrations.0002_seed_counties",
    "ngos.migrations.0002_seed_reference_lists",
    "reports.migrations.0002_seed_reference_lists",
    "workspace.migrations.0002_kinds_and_returns_typed_before",
]


@pytest.fixture
def reference_data(db):
    """The counties and reference lists the data migrations load, as in production.

    A transactional test (browser, concurrency) empties every table when it ends;
    the next one gets the lists back from the same migration code.
    """
    if not County.objects.exists():
        from django.apps import apps

        for name in REFERENCE_DATA_MIGRATIONS:
            importlib.import_module(name).forward(apps, None)


@pytest.fixture
def urmia(reference_data):
    return County.objects.get(code="urmia")


@pytest.fixture
def khoy(reference_data):
    return County.objects.get(code="khoy")


@pytest.fixture
def neighbourhood(urmia):
    return Neighbourhood.objects.create(
        county=urmia, name="الواج", population=12000, households=3100
    )


@pytest.fixture
def office(urmia, neighbourhood):
    office = FacilitationOffice.objects.create(
        code="URM-01", name="دفتر تسهیل‌گری الواج", county=urmia, status="active"
    )
    office.neighbourhoods.add(neighbourhood)
    return office


def _office_staff(username, office, position="facilitator"):
    from accounts.models import OfficeStaff

    user = _user(username)
    OfficeStaff.objects.create(user=user, office=office, position=position)
    return user


@pytest.fixture
def facilitator(office):
    """A facilitator of `office` (office staff)."""
    return _office_staff("facilitator", office)


@pytest.fixture
def office_manager(office):
    """The manager of `office` (office staff who also keep its facilitators)."""
    return _office_staff("office-manager", office, position="manager")


@pytest.fixture
def khoy_office(khoy):
    return FacilitationOffice.objects.create(
        code="KHY-01", name="دفتر تسهیل‌گری خوی", county=khoy, status="active"
    )


@pytest.fixture
def khoy_facilitator(khoy_office):
    return _office_staff("khoy-facilitator", khoy_office)


@pytest.fixture
def ngo_a(urmia, manager_a):
    ngo = NGO.objects.create(
        name="انجمن یاری محله", national_id=make_national_id(1), county=urmia, members=30
    )
    ngo.managers.add(manager_a)
    return ngo


@pytest.fixture
def ngo_b(khoy, manager_b):
    ngo = NGO.objects.create(
        name="کانون همدلی خوی", national_id=make_national_id(2), county=khoy, members=12
    )
    ngo.managers.add(manager_b)
    return ngo


@pytest.fixture
def authority(reference_data):
    return LicensingAuthority.objects.order_by("pk").first()


@pytest.fixture
def harm(reference_data):
    return Category.objects.get(kind="harm", name="اعتیاد به مواد مخدر")


@pytest.fixture
def agency(reference_data):
    return Agency.objects.order_by("pk").first()


@pytest.fixture
def today():
    from django.utils import timezone

    return timezone.localdate()


@pytest.fixture
def make_report(ngo_a, manager_a, harm, neighbourhood):
    """Submit a report through the service, as an NGO manager would."""

    def make(**overrides):
        fields = {
            "ngo": ngo_a,
            "submitted_by": manager_a,
            "category": harm,
            "title": "افزایش مصرف مواد در محله",
            "description": "در ماه‌های اخیر چند مورد گزارش شده است.",
            "severity": "high",
            "people_affected": 40,
            "neighbourhood": neighbourhood,
        }
        fields.update(overrides)
        return report_submit(**fields)

    return make


@pytest.fixture
def days():
    return lambda n: datetime.timedelta(days=n)


# -- the real browser ------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "screenshots"


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright; no browser is downloaded."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's synchronous API keeps an event loop running in this thread; the
    # test's own database calls (fixtures, assertions) are ordinary synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def site(live_server, settings):
    """The app served on this machine for the browser; plain HTTP on the loopback."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    return live_server.url


@pytest.fixture
def open_page(browser):
    """A fresh browser page at a given viewport; closed after the test.

    Anything the Content-Security-Policy blocked on any page fails the test: the
    pages must work with only the app's own scripts, styles and fonts.
    """
    contexts, blocked = [], []

    def open_page(width=1280, height=860):
        context = browser.new_context(viewport={"width": width, "height": height})
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.on(
            "console",
            lambda message: blocked.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None,
        )
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not blocked, "blocked by the Content-Security-Policy:\n" + "\n".join(blocked)


def screenshot(page, name):
    """Save what the person sees, for people to look at (test-artifacts/ is not committed)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    # A full-page picture stretches the window for a moment: let the page settle back
    # before the test clicks again, or a click can land where a button no longer is.
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def browser_login(page, site, username, password=PASSWORD):
    page.goto(f"{site}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]:not([name=language])")
    page.wait_for_load_state()


@pytest.fixture
def world(
    ngo_a, ngo_b, manager_b, make_report, urmia, khoy, neighbourhood, office, khoy_office, agency
):
    """Two of each place, NGO and report (Urmia's and Khoy's), for the permission matrix
    and the form fuzz test."""
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    khoy_hood = Neighbourhood.objects.create(county=khoy, name="محله خوی")
    khoy_office.neighbourhoods.add(khoy_hood)
    meetings = {}
    for which, county, ngo in (("a", urmia, ngo_a), ("b", khoy, ngo_b)):
        meeting = Meeting.objects.create(
            held_on=datetime.date(2026, 11, 3),
            title=f"نشست با سمن‌های {county.name}",
            place="سالن جلسات فرمانداری",
            county=county,
            chaired_by="فرماندار",
        )
        MeetingNGO.objects.create(meeting=meeting, ngo=ngo, attended_by="مدیرعامل")
        MeetingFile.objects.create(meeting=meeting, file=SimpleUploadedFile("m.png", png))
        meetings[f"meeting_{which}"] = meeting
        monthly = MonthlyReport.objects.create(
            jalali_year=1404, jalali_month=8, county=county, status="ready"
        )
        monthly.file.save("r.pdf", SimpleUploadedFile("r.pdf", b"%PDF-1.7"), save=True)
        meetings[f"monthly_report_{which}"] = monthly
        meetings[f"demand_{which}"] = Demand.objects.create(
            ngo=ngo,
            meeting=meeting,
            raised_on=meeting.held_on,
            category=Category.objects.filter(kind=Category.Kind.NEED).first(),
            text="بیمه‌ی اعضای داوطلب",
        )
    return {
        **meetings,
        "county_a": urmia,
        "county_b": khoy,
        "neighbourhood_a": neighbourhood,
        "neighbourhood_b": khoy_hood,
        "office_a": office,
        "office_b": khoy_office,
        "agency": agency,
        "ngo_a": ngo_a,
        "ngo_b": ngo_b,
        "report_a": make_report(files=[SimpleUploadedFile("a.png", png)]),
        "report_b": make_report(
            ngo=ngo_b,
            submitted_by=manager_b,
            neighbourhood=None,
            files=[SimpleUploadedFile("b.png", png)],
        ),
    }
