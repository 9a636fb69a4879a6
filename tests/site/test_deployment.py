"""The production path: `check --deploy` clean, `make serve` serving pages and hashed static
files with debug off, /healthz, the security headers, and backups that restore."""

import io
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import OperationalError, connection
from django.urls import reverse

from reports.models import Attachment, IssueReport
from tests.conftest import run_ready_tasks

ROOT = Path(__file__).resolve().parents[2]
KEY = "deployment-test-only-0123456789-abcdefghijklmnopqrstuvwxyz"


def production_env(tmp_path, **extra):
    """The environment docs/DEPLOYMENT.md gives a production server (on a SQLite file here)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=KEY,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}",
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
        DJANGO_SSL_REDIRECT="1",
        DJANGO_HSTS_SECONDS="31536000",
        DJANGO_HSTS_INCLUDE_SUBDOMAINS="1",
        DJANGO_HSTS_PRELOAD="1",
    )
    env.update(extra)
    return env


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_check_deploy_reports_nothing_under_the_production_environment(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url, **headers):
    request = urllib.request.Request(url, headers={"Host": "127.0.0.1", **headers})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


class Served:
    """`make serve` running in the background with the given environment."""

    def __init__(self, env, port):
        self.url = f"http://127.0.0.1:{port}"
        self.log = open(env["DJANGO_STATIC_ROOT"] + ".log", "w+")  # noqa: SIM115
        self.process = subprocess.Popen(
            ["make", "--no-print-directory", "serve"],
            cwd=ROOT,
            env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2"},
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait(self, seconds=120):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"make serve stopped:\n{self.output()}")
            try:
                return fetch(f"{self.url}/healthz")
            except OSError:
                time.sleep(0.5)
        raise AssertionError(f"make serve did not answer:\n{self.output()}")

    def output(self):
        self.log.flush()
        self.log.seek(0)
        return self.log.read()

    def stop(self):
        os.killpg(self.process.pid, 15)
        self.process.wait(timeout=30)
        self.log.close()


@pytest.fixture
def served(tmp_path):
    servers = []

    def serve(**extra):
        server = Served(production_env(tmp_path, DJANGO_SSL_REDIRECT="0", **extra), free_port())
        servers.append(server)
        return server

    yield serve
    for server in servers:
        server.stop()


def test_make_serve_serves_pages_and_hashed_compressed_static_files_with_debug_off(served):
    server = served()
    status, _headers, body = server.wait()
    assert (status, body) == (200, b"ok\n")

    status, headers, body = fetch(f"{server.url}/accounts/login/")
    page = body.decode()
    assert status == 200 and 'lang="fa" dir="rtl"' in page
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY" and headers["X-Content-Type-Options"] == "nosniff"
    # The stylesheet under its hashed name, compressed, cached for a long time.
    css = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page)
    assert css, "the page does not link the hashed stylesheet"
    status, headers, body = fetch(server.url + css.group(1), **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert "max-age=315360000" in headers["Cache-Control"]

    # Debug is off: an unknown page is the app's own 404, no traceback, no settings.
    status, _headers, body = fetch(f"{server.url}/no-such-page/")
    assert status == 404 and b"Traceback" not in body and b"DJANGO_SETTINGS" not in body
    # gunicorn's access log goes to standard output.
    assert re.search(r'"GET /accounts/login/ HTTP/1\.[01]" 200', server.output())


def test_healthz_fails_when_the_database_does_not_answer(tmp_path):
    # A PostgreSQL address where nothing listens: gunicorn starts, the health check says no.
    bind = f"127.0.0.1:{free_port()}"
    env = production_env(
        tmp_path,
        DATABASE_URL=f"postgres://nobody@127.0.0.1:{free_port()}/nothing",
        DJANGO_SSL_REDIRECT="0",
        DJANGO_STATIC_MANIFEST="0",
        GUNICORN_BIND=bind,
        WEB_CONCURRENCY="1",
    )
    gunicorn = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "--config", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(120):
            try:
                status, _headers, body = fetch(f"http://{bind}/healthz")
                break
            except OSError:
                time.sleep(0.5)
        assert (status, body) == (503, b"database unavailable\n")
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)


def test_healthz_answers_within_a_second_while_the_other_threads_are_busy(tmp_path):
    """One worker, four threads; three clients that send half a request and wait keep
    three threads busy: the health check (and any page) still answers at once."""
    bind = f"127.0.0.1:{free_port()}"
    env = production_env(
        tmp_path,
        DJANGO_SSL_REDIRECT="0",
        DJANGO_STATIC_MANIFEST="0",
        GUNICORN_BIND=bind,
        WEB_CONCURRENCY="1",
        GUNICORN_THREADS="4",
    )
    gunicorn = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "--config", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    slow = []
    try:
        for _ in range(120):
            try:
                fetch(f"http://{bind}/healthz")
                break
            except OSError:
                time.sleep(0.5)
        host, port = bind.split(":")
        for _ in range(3):
            client = socket.create_connection((host, int(port)))
            client.sendall(b"GET /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # no end
            slow.append(client)
        time.sleep(0.5)
        started = time.monotonic()
        status, _headers, body = fetch(f"http://{bind}/healthz")
        assert (status, body) == (200, b"ok\n")
        assert time.monotonic() - started < 1.0
    finally:
        for client in slow:
            client.close()
        gunicorn.terminate()
        gunicorn.wait(timeout=30)


def test_healthz_answers_for_anyone_while_the_database_answers(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200 and response.content == b"ok\n"
    refused = OperationalError("connection refused")
    with mock.patch.object(connection, "cursor", side_effect=refused):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503 and response.content == b"database unavailable\n"


def test_every_page_carries_the_content_security_policy(client, official, db):
    client.force_login(official)
    for url in [reverse("login"), reverse("dashboard"), reverse("report_list")]:
        policy = client.get(url).headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy


def test_uploads_are_outside_the_static_root_and_not_served_as_files(client, official, db):
    assert (
        not Path(settings.MEDIA_ROOT).resolve().is_relative_to(Path(settings.STATIC_ROOT).resolve())
    )
    client.force_login(official)
    assert client.get(f"/{settings.MEDIA_URL}attachments/anything.png").status_code == 404


# -- backups ------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_an_empty_database_with_the_same_rows_and_files(
    make_report, reference_data, tmp_path, settings
):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    report = make_report(files=[SimpleUploadedFile("photo.png", png)])
    stored = report.attachments.get().file.name
    # As the nightly timer does it: enqueued, then made by the queue's worker.
    call_command("backup", str(tmp_path / "backup"), "--enqueue", stdout=io.StringIO())
    assert not (tmp_path / "backup").exists()
    run_ready_tasks()
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["rows"]["reports_issuereport"] == 1 and manifest["media_files"] == 1

    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(DJANGO_SECRET_KEY=KEY, DJANGO_MEDIA_ROOT=str(tmp_path / "restored-media"))
    database = settings.DATABASES["default"]
    if connection.vendor == "postgresql":
        empty = "facilitation_restore_test"
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{empty}"')
            cursor.execute(f'CREATE DATABASE "{empty}"')
        env["DATABASE_URL"] = (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{empty}"
        )
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    try:
        result = manage(env, "restore", str(tmp_path / "backup"))
        assert result.returncode == 0, result.stderr
        assert "every count as in the backup" in result.stdout
        # The restored database answers with the same report, as the app would read it.
        code = (
            "from reports.models import IssueReport; r = IssueReport.objects.get(); "
            "print(r.reference, r.title, r.attachments.get().file.name, r.events.count())"
        )
        shown = manage(env, "shell", "-c", code)
        assert shown.returncode == 0, shown.stderr
        assert shown.stdout.split("\n")[-2] == (
            f"{report.reference} {report.title} {stored} {report.events.count()}"
        )
        assert (tmp_path / "restored-media" / stored).read_bytes() == png
        # A second restore into the now-full database is refused, with the way out named.
        again = manage(env, "restore", str(tmp_path / "backup"))
        assert again.returncode != 0 and "--replace" in again.stderr
    finally:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{empty}" WITH (FORCE)')
    assert IssueReport.objects.count() == 1 and Attachment.objects.count() == 1
