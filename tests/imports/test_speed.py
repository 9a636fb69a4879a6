"""5,000 NGOs from one file, checked and imported by the worker in under a minute."""

import os
import time

import pytest
from django.db import connection
from django.urls import reverse

from imports.models import ImportRun
from ngos.models import NGO, Licence

from .helpers import filled, ngo_row, upload

ROWS = 5000


# In the PostgreSQL pass (IMPORT_BENCH=1 runs it on SQLite too): it takes a while.
@pytest.mark.skipif(
    connection.vendor != "postgresql" and not os.environ.get("IMPORT_BENCH"),
    reason="the 5,000-row import runs in the PostgreSQL pass",
)
@pytest.mark.django_db
def test_five_thousand_ngos_import_in_under_a_minute(
    client, admin_user, reference_data, run_tasks, settings
):
    client.force_login(admin_user)
    file = filled(client, [ngo_row(n) for n in range(100, 100 + ROWS)])
    started = time.perf_counter()
    upload(client, file)
    run_tasks()  # the check (the preview)
    run = ImportRun.objects.get()
    checked = time.perf_counter()
    assert run.status == "ready" and run.new_count == ROWS
    client.post(reverse("import_confirm", args=[run.pk]))
    run_tasks()  # the import
    finished = time.perf_counter()
    run.refresh_from_db()
    assert run.status == "done"
    assert NGO.objects.count() == ROWS and Licence.objects.count() == ROWS
    print(
        f"\n{ROWS} NGOs: checked in {checked - started:.1f} s, imported in {finished - checked:.1f} s"
    )
    assert finished - started < 60
