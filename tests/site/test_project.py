"""Whole-project checks: migrations, settings read from the environment, reversible data migrations."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from offices.models import County
from reports.models import Agency, Category

ROOT = Path(__file__).resolve().parents[2]
# Strong enough for the start-up check (50 characters, not all alike); not a real secret.
KEY = "test-only-not-a-secret-but-long-enough-for-the-start-check"


def test_no_missing_migrations(db):
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_persian_and_tehran_are_the_defaults():
    assert settings.LANGUAGE_CODE == "fa"
    assert settings.TIME_ZONE == "Asia/Tehran"
    assert settings.USE_TZ is True
    assert [code for code, _ in settings.LANGUAGES] == ["fa", "en"]


def _settings_in_subprocess(env, expression="settings.DEBUG"):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    clean.update(env)
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='facilitation.settings'; "
        f"django.setup(); from django.conf import settings; print({expression})"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_debug_is_off_and_a_secret_key_is_required_by_default():
    result = _settings_in_subprocess({})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_debug_run_works_without_a_secret_key():
    result = _settings_in_subprocess({"DJANGO_DEBUG": "1"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_database_defaults_to_sqlite_in_the_project():
    result = _settings_in_subprocess(
        {"DJANGO_SECRET_KEY": KEY},
        "settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME']",
    )
    assert result.returncode == 0, result.stderr
    assert "sqlite3" in result.stdout and str(ROOT / "db.sqlite3") in result.stdout


def test_postgres_url_gets_persistent_health_checked_connections():
    result = _settings_in_subprocess(
        {"DJANGO_SECRET_KEY": KEY, "DATABASE_URL": "postgres://u:p@db.example:5432/social"},
        "settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['CONN_MAX_AGE'], "
        "settings.DATABASES['default']['CONN_HEALTH_CHECKS'], settings.DATABASES['default']['HOST']",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.postgresql 60 True db.example"


@pytest.mark.parametrize(
    "key",
    ["short", "a" * 60, "django-insecure-" + "abcdefghij" * 5],
    ids=["short", "alike", "insecure"],
)
def test_a_weak_secret_key_stops_the_app_with_a_message_naming_it(key):
    result = _settings_in_subprocess({"DJANGO_SECRET_KEY": key})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is too weak" in result.stderr


@pytest.mark.parametrize("url", ["not a url", "postgres://", "mysql//host/db"])
def test_a_database_url_that_does_not_parse_stops_the_app_with_a_message(url):
    result = _settings_in_subprocess({"DJANGO_SECRET_KEY": KEY, "DATABASE_URL": url})
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr.strip().splitlines()[-1]


def test_env_example_lists_every_setting_read_from_the_environment():
    source = (ROOT / "facilitation" / "settings.py").read_text()
    example = (ROOT / ".env.example").read_text()
    import re

    names = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', source))
    assert names, "no settings read from the environment?"
    missing = {n for n in names if f"{n}=" not in example}
    assert not missing


@pytest.mark.django_db(transaction=True)
def test_reference_data_migrations_reverse_and_reapply():
    call_command("migrate", "reports", "0001", verbosity=0)
    assert not Category.objects.exists() and not Agency.objects.exists()
    call_command("migrate", "offices", "0001", verbosity=0)
    assert not County.objects.exists()
    call_command("migrate", verbosity=0)
    assert County.objects.count() == 19
    assert Category.objects.filter(kind="harm").count() == 20
    assert Category.objects.filter(kind="need").count() >= 6
    assert Agency.objects.count() >= 8
