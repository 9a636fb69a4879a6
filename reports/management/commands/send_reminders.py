import argparse
import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ngos.reminders import send_daily_ngo_reminders, send_ngo_reminders
from reports.models import ReminderLog
from reports.reminders import send_daily_reminders, send_reminders

Kind = ReminderLog.Kind


def gregorian_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"a Gregorian date as YYYY-MM-DD is needed, not {value!r}"
        ) from None


class Command(BaseCommand):
    help = (
        "Email the day's reminders (meant for a daily timer): each official a digest of the "
        "overdue referrals in their scope, each NGO manager the reports that wait for their "
        "answer; each NGO's managers their licence's expiry (60 and 30 days ahead) and a profile "
        "not confirmed for a year. A second run on the same day sends nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=gregorian_date,
            help="The day to send for, as YYYY-MM-DD (Gregorian); default: today in Tehran.",
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Only put the day's reminders on the task queue (a timer's way).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List who would get what; send nothing and record nothing.",
        )

    def handle(self, *args, date=None, dry_run=False, enqueue=False, **options):
        now = timezone.localtime()
        day = date or now.date()
        if enqueue:
            send_daily_reminders.enqueue(day.isoformat())
            send_daily_ngo_reminders.enqueue(day.isoformat())
            self.stdout.write(f"Reminders for {day} put on the task queue.")
            return
        # A catch-up run for another day looks at that day at the current time of day.
        as_of = datetime.datetime.combine(day, now.timetz())
        outcome = send_reminders(day=day, as_of=as_of, dry_run=dry_run)

        if dry_run:
            for reminder in outcome.planned:
                self.stdout.write(
                    f"would send {reminder.kind} to {reminder.user.get_username()} "
                    f"<{reminder.user.email}>: {reminder.count} report(s)"
                )
            planned = {kind: sum(r.kind == kind for r in outcome.planned) for kind in Kind}
            self.stdout.write(
                f"Dry run for {day}: would send {planned[Kind.OVERDUE_DIGEST]} overdue "
                f"digest(s) and {planned[Kind.AWAITING_NGO]} awaiting-answer email(s); "
                "nothing sent or recorded."
            )
            return

        ngo_sent = send_ngo_reminders(day=day)
        self.stdout.write(f"NGO reminders for {day}: {sum(ngo_sent.values())} email(s) sent.")
        for reminder, error in outcome.failed:
            self.stderr.write(
                f"could not send {reminder.kind} to {reminder.user.get_username()}: {error}"
            )
        self.stdout.write(
            f"Reminders for {day}: {outcome.sent[Kind.OVERDUE_DIGEST]} overdue digest(s) and "
            f"{outcome.sent[Kind.AWAITING_NGO]} awaiting-answer email(s) sent."
        )
        if outcome.failed:
            raise CommandError(
                f"{len(outcome.failed)} email(s) could not be sent; the next run tries again."
            )
