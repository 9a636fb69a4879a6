"""`make loadtest` itself, small: a few managers at once through gunicorn (PostgreSQL)."""

import io

import pytest
from django.conf import global_settings
from django.core.management import call_command
from django.db import connection

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="gunicorn shares the database"),
]


def test_a_small_load_test_keeps_every_report_once_and_says_so(
    monkeypatch, settings, reference_data
):
    # Passwords hashed as gunicorn's production settings read them.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    db = connection.settings_dict
    # gunicorn must open the test database, the one this test can count.
    monkeypatch.setenv(
        "DATABASE_URL", f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    out = io.StringIO()
    call_command("loadtest", "--submitters", "4", "--reports", "12", stdout=out)
    table = dict(
        line.strip("|").split(" | ", 1) for line in out.getvalue().splitlines()[2:] if line
    )
    values = {name.strip(): value.strip() for name, value in table.items()}
    assert values["reports saved (the page showed the saved report)"] == "12"
    assert values["new reports in the database"] == "12"
    assert values["answers 5xx"] == "0"
    assert values["duplicate references"] == "0"
    assert values["reports without their first timeline event"] == "0"
    assert values["notifications enqueued for the new reports"] == "12"
