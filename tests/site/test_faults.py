"""Faults rehearsed: the database connection dies in the middle of a request (PostgreSQL)."""

import psycopg2
import pytest
from django.conf import settings
from django.db import connection

from reports.models import IssueReport, ReportEvent, Status
from tests.reports.test_report_pages import act

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs pg_terminate_backend"),
]


def terminate(pid):
    """End one server process from another connection, as a database restart would."""
    db = settings.DATABASES["default"]
    other = psycopg2.connect(
        dbname=connection.settings_dict["NAME"],
        user=db["USER"],
        host=db["HOST"],
        port=db["PORT"] or 5432,
        password=db.get("PASSWORD") or None,
    )
    other.autocommit = True
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    other.close()


def test_a_connection_killed_mid_step_gives_a_503_and_writes_nothing(
    client, make_report, official, monkeypatch
):
    report = make_report()
    client.force_login(official)
    client.raise_request_exception = False
    act(client, report, "start_review")
    original = ReportEvent.objects.create

    def killed_midway(**fields):
        # The report's row is updated; before its timeline event is written, the
        # connection dies.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            (pid,) = cursor.fetchone()
        terminate(pid)
        return original(**fields)

    monkeypatch.setattr(ReportEvent.objects, "create", killed_midway)
    try:
        response = act(client, report, "reject", note="خارج از حیطه")
    finally:
        monkeypatch.undo()
        connection.close()  # the next query opens a new connection
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "60"
    assert "موقتاً" in response.content.decode()
    fresh = IssueReport.objects.get(pk=report.pk)
    assert fresh.status == Status.UNDER_REVIEW  # the half-made step was rolled back
    assert not ReportEvent.objects.filter(report=report, action="reject").exists()
    # And the app goes on: the same step now works.
    client.force_login(official)
    assert act(client, report, "reject", note="خارج از حیطه").status_code == 200
    assert IssueReport.objects.get(pk=report.pk).status == Status.REJECTED
