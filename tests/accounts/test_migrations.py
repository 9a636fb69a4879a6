"""The official role and the reminder log moved out of `facilitation` with their rows.

`accounts.0001` and `reports.0007` take the models over under their old tables, rename
the tables and move the content types; `facilitation.0004` forgets them. These tests
put rows in a database as it was before the move, run the real migrations over it and
read the rows back through today's models; then they walk the same path backwards.
"""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from accounts.models import Official
from offices.models import County
from reports.models import ReminderLog

# The last migrations before the move: the historical models are built from these.
BEFORE_MOVE = [("facilitation", "0003_reminder_log"), ("reports", "0006_report_observed_on")]
# Migrating to those two alone would unapply facilitation 0004 and reports 0007 only:
# accounts 0001 depends on facilitation 0003, not on anything after it, so it would
# stay applied and the official tables would keep their new names. ("accounts", None)
# unapplies it too.
BACK_TO_BEFORE_MOVE = [*BEFORE_MOVE, ("accounts", None)]

OLD_TABLES = {
    "facilitation_official",
    "facilitation_historicalofficial",
    "facilitation_reminderlog",
}
NEW_TABLES = {"accounts_official", "accounts_historicalofficial", "reports_reminderlog"}
MOVED_MODELS = {"official": "accounts", "historicalofficial": "accounts", "reminderlog": "reports"}

SENT_ON = datetime.date(2026, 11, 20)


class Migrator:
    """Runs the project's real migrations over the test database."""

    def __init__(self):
        self.executor = MigrationExecutor(connection)

    def _migrate(self, targets):
        self.executor.loader.build_graph()  # what is applied now, after the last run
        self.executor.migrate(targets)
        self.executor.loader.build_graph()
        # Content type rows changed app label under the cache's feet.
        ContentType.objects.clear_cache()

    def to_before_move(self):
        """Unapply the move; return the models as they were then."""
        self._migrate(BACK_TO_BEFORE_MOVE)
        return self.executor.loader.project_state(BEFORE_MOVE).apps

    def to_latest(self):
        self._migrate(self.executor.loader.graph.leaf_nodes())


@pytest.fixture
def migrator(transactional_db):
    """Schema changes cannot run inside the test's transaction (SQLite will not turn
    foreign-key checks off in one), hence `transactional_db`; the tests after these
    need every migration applied, hence the `finally`."""
    migrator = Migrator()
    try:
        yield migrator
    finally:
        migrator.to_latest()


def table_names():
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


def role(official):
    """What a role is, whichever app's model holds it."""
    return (
        official.pk,
        official.user_id,
        official.level,
        official.county_id,
        official.read_only,
        official.job_title,
        official.created_at,
    )


def history(row):
    return (row.history_id, row.id, row.user_id, row.level, row.county_id, row.history_type)


def reminder(row):
    return (row.pk, row.user_id, row.kind, row.sent_on, row.report_count, row.created_at)


def test_official_roles_and_reminders_keep_their_rows_across_the_move_out_of_facilitation(
    migrator,
):
    old = migrator.to_before_move()
    assert table_names() >= OLD_TABLES
    assert not NEW_TABLES & table_names()

    OldOfficial = old.get_model("facilitation", "Official")
    OldHistoricalOfficial = old.get_model("facilitation", "HistoricalOfficial")
    OldReminderLog = old.get_model("facilitation", "ReminderLog")
    OldContentType = old.get_model("contenttypes", "ContentType")
    OldPermission = old.get_model("auth", "Permission")
    OldGroup = old.get_model("auth", "Group")
    OldUser = old.get_model(settings.AUTH_USER_MODEL)

    # Historical models have no create_user: a user who cannot log in is enough here.
    county_user = OldUser.objects.create(username="county-official-before-move", password="!")
    province_user = OldUser.objects.create(username="province-official-before-move", password="!")
    # Seeded by offices 0002, but an earlier transactional test may have emptied the table.
    urmia, _ = old.get_model("offices", "County").objects.get_or_create(
        code="urmia", defaults={"name": "ارومیه", "name_en": "Urmia"}
    )
    officials = [
        OldOfficial.objects.create(
            user=county_user, level="county", county=urmia, job_title="کارشناس اجتماعی"
        ),
        OldOfficial.objects.create(
            user=province_user, level="province", read_only=True, job_title="ناظر استانی"
        ),
    ]
    # What simple_history wrote when the roles were given (it does not run on
    # historical models).
    histories = [
        OldHistoricalOfficial.objects.create(
            id=official.pk,
            user_id=official.user_id,
            level=official.level,
            county_id=official.county_id,
            read_only=official.read_only,
            job_title=official.job_title,
            created_at=official.created_at,
            updated_at=official.updated_at,
            history_date=timezone.now(),
            history_type="+",
        )
        for official in officials
    ]
    reminders = [
        OldReminderLog.objects.create(
            user=county_user, kind="overdue_digest", sent_on=SENT_ON, report_count=3
        )
    ]

    # Permissions hang on content types: the types must move with the models rather
    # than be made again under new ids, or the group below would lose its permission.
    content_types = {
        model: OldContentType.objects.get_or_create(app_label="facilitation", model=model)[0].pk
        for model in MOVED_MODELS
    }
    view_official, _ = OldPermission.objects.get_or_create(
        content_type_id=content_types["official"],
        codename="view_official",
        defaults={"name": "Can view official role"},
    )
    OldGroup.objects.create(name="role viewers").permissions.add(view_official)

    migrator.to_latest()

    assert table_names() >= NEW_TABLES
    assert not OLD_TABLES & table_names()

    assert {role(o) for o in Official.objects.all()} == {role(o) for o in officials}
    assert {history(h) for h in Official.history.all()} == {history(h) for h in histories}
    assert {reminder(r) for r in ReminderLog.objects.all()} == {reminder(r) for r in reminders}
    county_official = Official.objects.get(user__username="county-official-before-move")
    assert county_official.county.code == "urmia"
    assert county_official.history.get().history_type == "+"

    for model, app_label in MOVED_MODELS.items():
        moved = ContentType.objects.get(pk=content_types[model])
        assert (moved.app_label, moved.model) == (app_label, model)
    assert not ContentType.objects.filter(app_label="facilitation", model__in=MOVED_MODELS)
    assert ContentType.objects.get_for_model(Official).pk == content_types["official"]

    permission = Group.objects.get(name="role viewers").permissions.get()
    assert permission.pk == view_official.pk
    assert permission.content_type.app_label == "accounts"
    # The same permission row, and no second one made afresh for the new app label.
    assert Permission.objects.filter(codename="view_official").get() == permission

    # The renamed tables still hand out new keys (PostgreSQL's identity sequences
    # keep their old names) and simple_history writes to the renamed history table.
    newcomer = Official.objects.create(
        user=get_user_model().objects.create_user(username="official-after-move"),
        level="province",
    )
    assert newcomer.pk > max(o.pk for o in officials)
    assert newcomer.history.get().history_id > max(h.history_id for h in histories)


def test_the_move_can_be_unapplied_and_applied_again_without_losing_rows(migrator):
    urmia, _ = County.objects.get_or_create(
        code="urmia", defaults={"name": "ارومیه", "name_en": "Urmia"}
    )
    users = [get_user_model().objects.create_user(username=f"official-{n}") for n in (1, 2)]
    officials = [
        Official.objects.create(user=users[0], level="county", county=urmia, job_title="کارشناس"),
        Official.objects.create(user=users[1], level="province", read_only=True),
    ]
    officials[0].job_title = "کارشناس ارشد"
    officials[0].save()  # a second history row, a change
    histories = list(Official.history.all())
    assert len(histories) == 3
    reminders = [
        ReminderLog.objects.create(user=users[1], kind="awaiting_ngo", sent_on=SENT_ON),
    ]
    content_types = {
        model: ContentType.objects.get_for_model(model_class).pk
        for model, model_class in [
            ("official", Official),
            ("historicalofficial", Official.history.model),
            ("reminderlog", ReminderLog),
        ]
    }

    old = migrator.to_before_move()

    assert table_names() >= OLD_TABLES
    assert not NEW_TABLES & table_names()
    assert {role(o) for o in old.get_model("facilitation", "Official").objects.all()} == {
        role(o) for o in officials
    }
    assert {
        history(h) for h in old.get_model("facilitation", "HistoricalOfficial").objects.all()
    } == {history(h) for h in histories}
    assert {reminder(r) for r in old.get_model("facilitation", "ReminderLog").objects.all()} == {
        reminder(r) for r in reminders
    }
    # The content types went back with the models, under the same ids.
    OldContentType = old.get_model("contenttypes", "ContentType")
    for model, pk in content_types.items():
        assert OldContentType.objects.get(pk=pk).app_label == "facilitation", model

    migrator.to_latest()

    assert table_names() >= NEW_TABLES
    assert not OLD_TABLES & table_names()
    assert {role(o) for o in Official.objects.all()} == {role(o) for o in officials}
    assert {history(h) for h in Official.history.all()} == {history(h) for h in histories}
    assert {reminder(r) for r in ReminderLog.objects.all()} == {reminder(r) for r in reminders}
    for model, pk in content_types.items():
        assert ContentType.objects.get(pk=pk).app_label == MOVED_MODELS[model], model
    # Still writable after the round trip.
    ReminderLog.objects.create(user=users[0], kind="overdue_digest", sent_on=SENT_ON)
    assert ReminderLog.objects.count() == 2
