"""Restore a folder made by `manage.py backup` into an empty database (docs/DEPLOYMENT.md).

    DATABASE_URL=postgres://…/facilitation_new manage.py restore /srv/backups/2026-11-28

The database must be empty (create it with `createdb`); `--replace` drops what is
there first. Uploaded files are put back under DJANGO_MEDIA_ROOT. Afterwards the
rows of every table are counted and compared with the backup's manifest.
"""

import json
import shutil
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from backups.files import MANIFEST, pg_environment, row_counts


class Command(BaseCommand):
    help = "Restore a backup folder into an empty database, with its uploaded files."

    def add_arguments(self, parser):
        parser.add_argument("folder")
        parser.add_argument(
            "--replace", action="store_true", help="drop the database's current contents first"
        )

    def handle(self, *args, folder, replace, **options):
        source = Path(folder)
        try:
            manifest = json.loads((source / MANIFEST).read_text())
        except (OSError, ValueError) as error:
            raise CommandError(
                f"{source} is not a backup made by manage.py backup: {error}"
            ) from None
        if manifest["database"] != connection.vendor:
            raise CommandError(
                f"This backup is of a {manifest['database']} database; "
                f"DATABASE_URL points at {connection.vendor}."
            )
        existing = connection.introspection.table_names()
        if existing and not replace:
            raise CommandError(
                f"The database already has {len(existing)} tables. Restore into a new, empty "
                "database, or add --replace to drop what is there."
            )
        database = settings.DATABASES["default"]
        dump = source / manifest["dump"]
        if connection.vendor == "postgresql":
            command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error"]
            if replace:
                command += ["--clean", "--if-exists"]
            connection.close()
            result = subprocess.run(
                [*command, "--dbname", database["NAME"], str(dump)],
                env=pg_environment(database),
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                raise CommandError(f"pg_restore failed: {result.stderr.strip()}")
        else:
            connection.close()
            shutil.copyfile(dump, database["NAME"])
        media = Path(settings.MEDIA_ROOT)
        media.mkdir(parents=True, exist_ok=True)
        with tarfile.open(source / "media.tar.gz") as archive:
            members = []
            for member in archive.getmembers():
                parts = Path(member.name).parts
                if len(parts) > 1 and parts[0] == "media":
                    member.name = str(Path(*parts[1:]))
                    members.append(member)
            archive.extractall(media, members=members, filter="data")
        found = row_counts(connection)
        differences = {
            table: (rows, found.get(table))
            for table, rows in manifest["rows"].items()
            if found.get(table) != rows
        }
        if differences:
            raise CommandError(f"Restored, but these tables differ from the backup: {differences}")
        self.stdout.write(
            f"Restored {sum(found.values()):,} rows in {len(found)} tables, every count as "
            f"in the backup, and the uploaded files into {media}"
        )
