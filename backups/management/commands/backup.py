"""Back up the database and the uploaded files into one folder (docs/DEPLOYMENT.md).

    manage.py backup /srv/backups/2026-11-28

PostgreSQL: `pg_dump --format=custom` (restored with `manage.py restore`, or
pg_restore); SQLite: a consistent copy made with SQLite's own backup API. The
uploaded files go into media.tar.gz. A manifest records what was saved and how
many rows each table had, so a restore can be checked.
"""

import json
import os
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from backups.files import MANIFEST, pg_environment, row_counts
from backups.tasks import make_backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into a new folder."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="a folder that does not exist yet, or is empty")
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Only put the backup on the task queue (a timer's way); the worker makes it.",
        )

    def handle(self, *args, folder, enqueue=False, **options):
        if enqueue:
            make_backup.enqueue(str(Path(folder).resolve()))
            self.stdout.write(f"Backup into {folder} put on the task queue.")
            return
        target = Path(folder)
        if target.exists() and any(target.iterdir()):
            raise CommandError(f"{target} is not empty: back up into a new folder.")
        target.mkdir(parents=True, exist_ok=True)
        database = settings.DATABASES["default"]
        if connection.vendor == "postgresql":
            dump = target / "database.dump"
            result = subprocess.run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    "--file",
                    str(dump),
                ],
                env=pg_environment(database),
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
        elif connection.vendor == "sqlite":
            dump = target / "database.sqlite3"
            with sqlite3.connect(database["NAME"]) as source, sqlite3.connect(dump) as copy:
                source.backup(copy)
        else:
            raise CommandError(f"No backup method for {connection.vendor}.")
        media = Path(settings.MEDIA_ROOT)
        with tarfile.open(target / "media.tar.gz", "w:gz") as archive:
            if media.exists():
                archive.add(media, arcname="media")
        manifest = {
            "made_at": timezone.now().isoformat(),
            "database": connection.vendor,
            "dump": dump.name,
            "rows": row_counts(connection),
            "media_files": sum(len(files) for _root, _dirs, files in os.walk(media)),
        }
        (target / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
        self.stdout.write(
            f"Backed up {sum(manifest['rows'].values()):,} rows and "
            f"{manifest['media_files']:,} uploaded files into {target}"
        )
