import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.world import DEMO_PASSWORD, DemoWorld
from ngos.models import NGO


class Command(BaseCommand):
    help = (
        "Load realistic, clearly fictional demo data. Safe to repeat: a second run adds "
        "nothing. Demo accounts are made only in debug or with --with-demo-users."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help="Multiply the volumes (at 100: 4,000 NGOs and 100,000 reports).",
        )
        parser.add_argument(
            "--with-demo-users",
            action="store_true",
            help="Create the demo accounts even when debug is off.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the database already holds NGOs.",
        )

    def handle(self, *args, scale, with_demo_users, if_empty, **options):
        if scale < 1 or scale > 1000:
            raise CommandError("--scale must be a whole number from 1 to 1000.")
        with_users = with_demo_users or settings.DEBUG
        if if_empty and NGO.objects.exists():
            self.stdout.write("The database already has data; no demo data loaded.")
        else:
            started = time.monotonic()
            made = DemoWorld(scale=scale, with_users=with_users).build()
            seconds = time.monotonic() - started
            if made:
                for label, n in made.items():
                    self.stdout.write(f"  {label}: {n:,}")
                self.stdout.write(self.style.SUCCESS(f"Demo data loaded in {seconds:.1f} s."))
            else:
                self.stdout.write("Demo data is already loaded; nothing added.")
        if with_users:
            self.stdout.write(
                f"Demo logins (password for all: {DEMO_PASSWORD}): demo-admin (administrator), "
                "demo-official (province), demo-county (Urmia county), "
                "demo-ngo-a and demo-ngo-b (managers of two NGOs), "
                "demo-facilitator (manager of an Urmia office)"
            )
