"""Time the dashboard, list and detail pages at province scale (`make bench`)."""

import os
import platform
import statistics
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Official
from ngos.models import NGO
from offices.models import County, FacilitationOffice, Neighbourhood
from reports.models import Agency, IssueReport

BENCH_USERS = {"bench-province": None, "bench-urmia": "urmia"}


class Command(BaseCommand):
    help = "Seed (scale 100) if needed, then time every dashboard, list and detail page."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=7, help="timed runs per page (median)")
        parser.add_argument("--scale", type=int, default=100, help="seed_demo --scale when empty")
        parser.add_argument("--write", help="also write the table to this Markdown file")

    def handle(self, *args, runs, scale, write, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Benchmark on PostgreSQL: set DATABASE_URL (make bench does).")
        if IssueReport.objects.count() < 1000 * scale:
            self.stdout.write(f"Seeding demo data at scale {scale}…")
            call_command("seed_demo", scale=scale, stdout=self.stdout)
            # What autovacuum would do soon after a bulk load: fresh statistics for the
            # planner, and the visibility map that lets counts read only the indexes.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        clients = {name: self._client(name, county) for name, county in BENCH_USERS.items()}
        report = IssueReport.objects.order_by("pk")[IssueReport.objects.count() // 2]
        ngo = NGO.objects.filter(reports__isnull=False).order_by("pk").first()
        urmia = County.objects.get(code="urmia")
        # The busiest of each: the pages at their heaviest.
        busiest = lambda queryset, related: (  # noqa: E731
            queryset.annotate(n=Count(related)).order_by("-n", "pk").first()
        )
        hood = busiest(Neighbourhood.objects.filter(county=urmia), "reports")
        office = busiest(FacilitationOffice.objects.filter(county=urmia), "neighbourhoods")
        agency = busiest(Agency.objects.all(), "reports")
        pages = [
            ("trivial page (login form)", None, reverse("login")),
            ("province dashboard", "bench-province", reverse("dashboard")),
            ("county dashboard (Urmia official)", "bench-urmia", reverse("dashboard")),
            ("definitions", "bench-province", reverse("definitions")),
            ("report list", "bench-province", reverse("report_list")),
            (
                "report list: overdue queue",
                "bench-province",
                reverse("report_list") + "?queue=overdue",
            ),
            (
                "report list: search",
                "bench-province",
                reverse("report_list") + "?q=%D9%85%D9%88%D8%A7%D8%AF",
            ),
            ("report list: page 200", "bench-province", reverse("report_list") + "?page=200"),
            ("report page", "bench-province", reverse("report_detail", args=[report.pk])),
            ("NGO page", "bench-province", reverse("ngo_home", args=[ngo.pk])),
            ("county page (Urmia)", "bench-province", reverse("county_detail", args=[urmia.pk])),
            (
                "neighbourhood page (busiest)",
                "bench-province",
                reverse("neighbourhood_detail", args=[hood.pk]),
            ),
            ("office page (largest)", "bench-province", reverse("office_detail", args=[office.pk])),
            ("agency page (busiest)", "bench-province", reverse("agency_detail", args=[agency.pk])),
            ("office list", "bench-province", reverse("office_list")),
            ("NGO list", "bench-province", reverse("ngo_list")),
            (
                "NGO list: licences expiring",
                "bench-province",
                reverse("ngo_list") + "?licence=expiring",
            ),
        ]
        rows = []
        for label, user, url in pages:
            client = clients[user] if user else Client()
            for _ in range(2):  # warm up
                client.get(url)
            times, queries = [], 0
            for _ in range(runs):
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = client.get(url)
                    times.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise CommandError(f"{url} answered {response.status_code}")
                queries = len(captured)
            rows.append((label, url, statistics.median(times), queries))
        floor = rows[0][2]
        lines = [
            f"Measured {timezone.localtime():%Y-%m-%d %H:%M} (Tehran) on {platform.node()}: "
            f"{os.cpu_count()} cores, Python {platform.python_version()}, "
            f"PostgreSQL {connection.cursor().connection.server_version}, "
            f"{IssueReport.objects.count():,} reports; median of {runs} runs through the test client.",
            "",
            "| page | median ms | × trivial page | queries |",
            "|---|---:|---:|---:|",
        ]
        lines += [f"| {label} | {ms:.1f} | {ms / floor:.1f} | {q} |" for label, _url, ms, q in rows]
        table = "\n".join(lines)
        self.stdout.write(table)
        if write:
            # The hand-written reading of the figures (from "## Reading it" on) is kept.
            notes = ""
            if os.path.exists(write):
                with open(write, encoding="utf-8") as existing:
                    text = existing.read()
                if "\n## Reading it" in text:
                    notes = text[text.index("\n## Reading it") :]
            with open(write, "w", encoding="utf-8") as out:
                out.write(
                    "# Performance\n\n`make bench` (see the Makefile) printed this table.\n\n"
                )
                out.write(table + "\n" + notes)

    def _client(self, username, county_code):
        user, _ = get_user_model().objects.get_or_create(username=username)
        Official.objects.update_or_create(
            user=user,
            defaults={
                "level": Official.Level.COUNTY if county_code else Official.Level.PROVINCE,
                "county": County.objects.get(code=county_code) if county_code else None,
            },
        )
        client = Client()
        client.force_login(user)
        return client
