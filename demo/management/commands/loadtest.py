"""`make loadtest`: many NGO managers submitting at once through gunicorn, and what was kept.

Starts gunicorn (gunicorn.conf.py, debug off) on a free loopback port against the
configured database, logs in N managers of N NGOs, and has them submit reports
concurrently through the real form (its page, its CSRF token, its submission key).
Then it counts: reports saved, unique references, reports without their first
timeline event, notifications enqueued, answers by status (5xx!), latency p50/p95,
and the throughput as a multiple of a trivial page (/healthz) in the same run.
Only loopback traffic, bounded in count and time.
"""

import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django_tasks_db.models import DBTaskResult

from ngos.models import NGO
from offices.formatting import persian_digits
from offices.models import County
from reports.models import Category, IssueReport
from reports.workflow import Action

from ...world.helpers import demo_national_id

ROOT = Path(settings.BASE_DIR)
PASSWORD = "load-test-pass-1405"
PREFIX = "load-"
TIMEOUT = 60  # seconds for any one request


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Browser:
    """One person's cookies and requests, like a browser (CSRF token included)."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers={"Host": "127.0.0.1"})
        started = time.monotonic()
        self.url = ""
        try:
            with self.opener.open(request, timeout=TIMEOUT) as response:
                status, text = response.status, response.read().decode("utf-8", "replace")
                self.url = response.geturl()  # where the redirects led
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode("utf-8", "replace")
        except OSError as error:
            status, text = f"error: {type(error).__name__}", ""
        return status, text, time.monotonic() - started

    def token(self, text):
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text)
        return found.group(1) if found else ""

    def log_in(self, username):
        _status, page, _t = self.request("/accounts/login/")
        data = {"csrfmiddlewaretoken": self.token(page), "username": username}
        return self.request("/accounts/login/", {**data, "password": PASSWORD})


class Command(BaseCommand):
    help = (
        "Submit reports from many NGO managers at once through gunicorn and count what was "
        "kept (PostgreSQL). Adds load-test users and NGOs; run it on a database of its own."
    )

    def add_arguments(self, parser):
        parser.add_argument("--submitters", type=int, default=64)
        parser.add_argument("--reports", type=int, default=640, help="in total")
        parser.add_argument("--write", help="write the table to this Markdown file's section")

    def handle(self, *args, submitters, reports, write=None, **options):
        if not 1 <= submitters <= 256 or not 1 <= reports <= 20000:
            raise CommandError("--submitters must be 1-256 and --reports 1-20000.")
        self.ngos = self.prepare(submitters)
        port = free_port()
        server = self.start_gunicorn(port)
        try:
            base = f"http://127.0.0.1:{port}"
            self.wait_for(base)
            before = self.counts()
            trivial = self.run_trivial(base, submitters, reports)
            outcome = self.run_submissions(base, submitters, reports)
            after = self.counts()
        finally:
            server.terminate()
            server.wait(timeout=30)
        table = self.table(submitters, reports, trivial, outcome, before, after)
        self.stdout.write(table)
        if write:
            self.write(Path(write), table)
        problems = (after["reports"] - before["reports"]) != outcome["saved"]
        failed = outcome["5xx"] or outcome["unanswered"] or problems
        if failed or after["without_event"] or after["duplicate_refs"]:
            raise CommandError("Something was lost, duplicated or answered 5xx: see the table.")

    # -- setup -------------------------------------------------------------------------

    def prepare(self, n):
        User = get_user_model()
        county = County.objects.order_by("pk").first()
        ngos = []
        for i in range(n):
            user, created = User.objects.get_or_create(
                username=f"{PREFIX}{i:03d}", defaults={"email": f"{PREFIX}{i:03d}@example.ir"}
            )
            if created:
                user.set_password(PASSWORD)
                user.save()
            ngo, _ = NGO.objects.get_or_create(
                national_id=demo_national_id(900_000 + i),
                defaults={"name": f"سمن آزمون بار {persian_digits(f'{i:03d}')}", "county": county},
            )
            ngo.managers.add(user)
            ngos.append((user.username, ngo.pk))
        return ngos

    def start_gunicorn(self, port):
        env = {
            **os.environ,
            "DJANGO_DEBUG": "0",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SSL_REDIRECT": "0",
            "DJANGO_SECURE_COOKIES": "0",
            "DJANGO_STATIC_MANIFEST": "0",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_LOG_LEVEL": "warning",
        }
        env.setdefault("DJANGO_SECRET_KEY", "load-test-only-not-a-secret-0123456789-abcdefghijklmn")
        gunicorn = Path(sys.executable).parent / "gunicorn"
        return subprocess.Popen(
            [str(gunicorn), "--config", "gunicorn.conf.py", "--access-logfile", "/dev/null"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def wait_for(self, base):
        for _ in range(120):
            status, _text, _t = Browser(base).request("/healthz")
            if status == 200:
                return
            time.sleep(0.5)
        raise CommandError("gunicorn did not answer /healthz within a minute.")

    # -- the runs ----------------------------------------------------------------------

    def run_trivial(self, base, workers, total):
        browser = Browser(base)
        started = time.monotonic()
        with ThreadPoolExecutor(workers) as pool:
            answers = list(pool.map(lambda _i: browser.request("/healthz"), range(total)))
        seconds = time.monotonic() - started
        return {"per_second": total / seconds, "statuses": Counter(a[0] for a in answers)}

    def run_submissions(self, base, workers, total):
        category = Category.objects.filter(active=True).order_by("pk").first()
        share = [total // workers + (1 if i < total % workers else 0) for i in range(workers)]

        dropped = []  # connections that ended without an answer (then sent again)

        def submitter(i):
            username, ngo_pk = self.ngos[i]
            browser = Browser(base)
            results = []
            status, _page, _t = browser.log_in(username)
            if status != 200:
                return [(status, 0.0, False)] * share[i]
            for n in range(share[i]):
                for _try in range(3):  # a page that did not come is asked for again
                    status, page, _t = browser.request(f"/ngos/{ngo_pk}/reports/new/")
                    if status == 200:
                        break
                key = re.search(r'name="submission_key" value="([^"]+)"', page)
                data = {
                    "csrfmiddlewaretoken": browser.token(page),
                    "submission_key": key.group(1) if key else "",
                    "category": category.pk,
                    "title": f"گزارش آزمون بار {i:03d}-{n:04d}",
                    "description": "شرح گزارش آزمون بار برای سنجش پایداری سامانه.",
                    "severity": "medium",
                    "people_affected": "12",
                }
                # As a person would: when no answer comes, the same form is sent again;
                # its submission key makes that the same report, never a second one.
                for _attempt in range(3):
                    status, text, seconds = browser.request(f"/ngos/{ngo_pk}/reports/new/", data)
                    if isinstance(status, int):
                        break
                    dropped.append(status)
                # Saved: the form led to the report's own page.
                saved = status == 200 and re.search(r"/reports/\d+/$", browser.url) is not None
                results.append((status, seconds, saved))
            return results

        started = time.monotonic()
        with ThreadPoolExecutor(workers) as pool:
            results = [r for batch in pool.map(submitter, range(workers)) for r in batch]
        seconds = time.monotonic() - started
        latencies = sorted(r[1] for r in results if r[1])
        statuses = Counter(r[0] for r in results)
        return {
            "per_second": len(results) / seconds,
            "seconds": seconds,
            "statuses": statuses,
            "saved": sum(1 for r in results if r[2]),
            "dropped": len(dropped),
            "5xx": sum(n for s, n in statuses.items() if isinstance(s, int) and s >= 500),
            "unanswered": sum(n for s, n in statuses.items() if not isinstance(s, int)),
            "p50": statistics.median(latencies) if latencies else 0,
            "p95": latencies[int(len(latencies) * 0.95) - 1] if latencies else 0,
        }

    # -- counting ----------------------------------------------------------------------

    def counts(self):
        ours = IssueReport.objects.filter(submitted_by__username__startswith=PREFIX)
        return {
            "reports": ours.count(),
            "references": ours.values("reference").distinct().count(),
            "duplicate_refs": ours.count() - ours.values("reference").distinct().count(),
            "without_event": ours.exclude(events__action=Action.SUBMIT).count(),
            "notifications": DBTaskResult.objects.filter(
                task_path="reports.notifications.notify_event"
            ).count(),
        }

    def table(self, submitters, reports, trivial, outcome, before, after):
        new = after["reports"] - before["reports"]
        statuses = ", ".join(f"{s}: {n}" for s, n in sorted(outcome["statuses"].items(), key=str))
        rows = [
            ("database", connection.vendor),
            ("submitters at once", submitters),
            ("reports submitted", reports),
            ("answers", statuses),
            ("answers 5xx", outcome["5xx"]),
            ("connections dropped without an answer (the form sent again)", outcome["dropped"]),
            ("forms never answered after three tries", outcome["unanswered"]),
            ("reports saved (the page showed the saved report)", outcome["saved"]),
            ("new reports in the database", new),
            ("lost (shown as saved, not in the database)", max(outcome["saved"] - new, 0)),
            ("saved twice (in the database more than shown)", max(new - outcome["saved"], 0)),
            ("duplicate references", after["duplicate_refs"]),
            ("reports without their first timeline event", after["without_event"]),
            (
                "notifications enqueued for the new reports",
                after["notifications"] - before["notifications"],
            ),
            (
                "submission p50 / p95",
                f"{outcome['p50'] * 1000:.0f} ms / {outcome['p95'] * 1000:.0f} ms",
            ),
            ("submissions per second", f"{outcome['per_second']:.1f}"),
            ("trivial page (/healthz) per second", f"{trivial['per_second']:.1f}"),
            (
                "throughput as a share of the trivial page",
                f"{outcome['per_second'] / trivial['per_second']:.3f}",
            ),
        ]
        lines = ["| measure | value |", "|---|---|"]
        lines += [f"| {name} | {value} |" for name, value in rows]
        return "\n".join(lines) + "\n"

    def write(self, path, table):
        marker = "<!-- loadtest -->"
        text = path.read_text(encoding="utf-8") if path.exists() else f"{marker}\n{marker}\n"
        start, end = text.find(marker), text.rfind(marker)
        if start == end:
            text = text + f"\n{marker}\n{marker}\n"
            start, end = text.find(marker), text.rfind(marker)
        stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        block = f"{marker}\nLast run: {stamp}, {os.cpu_count()} cores.\n\n{table}"
        path.write_text(text[:start] + block + text[end:], encoding="utf-8")
