"""Seeds the demo accounts and their official roles (`demo-facilitator`'s office staff role
is given with the offices' work, once the offices exist)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from accounts.models import Official
from offices.models import County

from .names import DEMO_PASSWORD


class UsersMixin:
    def make_users(self):
        User = get_user_model()
        # Persian names: timelines, lists of officials and the monthly reports show them.
        spec = [
            ("demo-admin", {"is_staff": True, "is_superuser": True, "first_name": "مدیر سامانه"}),
            ("demo-official", {"first_name": "مریم", "last_name": "رضایی"}),
            ("demo-county", {"first_name": "حسین", "last_name": "قاسمی"}),
            ("demo-ngo-a", {"first_name": "علی", "last_name": "محمدی"}),
            ("demo-ngo-b", {"first_name": "زهرا", "last_name": "کریمی"}),
            ("demo-facilitator", {"first_name": "فاطمه", "last_name": "احمدی"}),
        ]
        users = {}
        hashed = None  # the password is public: one slow hash serves every demo account
        for username, flags in spec:
            user, created = User.objects.get_or_create(
                username=username, defaults={"email": f"{username}@example.ir", **flags}
            )
            if created:
                hashed = hashed or make_password(DEMO_PASSWORD)
                user.password = hashed
                user.save(update_fields=["password"])
                self.counts.add("users")
            users[username] = user
        urmia = County.objects.get(code="urmia")
        for username, level, county in [
            ("demo-official", Official.Level.PROVINCE, None),
            ("demo-county", Official.Level.COUNTY, urmia),
        ]:
            Official.objects.get_or_create(
                user=users[username], defaults={"level": level, "county": county}
            )
        return users
