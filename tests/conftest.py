"""Named users and a small world shared by every test.

Counties, categories, agencies and licensing authorities come from the data
migrations, as in production.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model

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
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"


def _user(username, **extra):
    return get_user_model().objects.create_user(
        username=username, password=PASSWORD, email=f"{username}@example.ir", **extra
    )


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser(
        username="admin", password=PASSWORD, email="admin@example.ir"
    )


@pytest.fixture
def official(db):
    return _user("official")


@pytest.fixture
def manager_a(db):
    return _user("manager-a")


@pytest.fixture
def manager_b(db):
    return _user("manager-b")


@pytest.fixture
def urmia(db):
    return County.objects.get(code="urmia")


@pytest.fixture
def khoy(db):
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
def authority(db):
    return LicensingAuthority.objects.order_by("pk").first()


@pytest.fixture
def harm(db):
    return Category.objects.get(kind="harm", name="اعتیاد به مواد مخدر")


@pytest.fixture
def agency(db):
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
