"""What `manage.py backup` and `manage.py restore` share."""

import os

MANIFEST = "manifest.json"


def pg_environment(database: dict) -> dict:
    """The libpq environment that points pg_dump/pg_restore at a Django database."""
    env = dict(os.environ)
    for key, name in [
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ]:
        if database.get(key):
            env[name] = str(database[key])
    return env


def row_counts(connection) -> dict[str, int]:
    """Rows in each of the project's tables: what a restore must find again."""
    tables = sorted(connection.introspection.django_table_names(only_existing=True))
    counts = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts
