"""One group per role, so administrators can see and filter users by role.

Membership is kept in step with the official roles and NGO manager links by
`facilitation.signals`; assigning a role is done on the user's admin page.
"""

from django.db import migrations

GROUPS = ["کارشناسان استانی", "کارشناسان شهرستان", "مدیران سمن‌ها"]


def forward(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in GROUPS:
        Group.objects.get_or_create(name=name)


def backward(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("facilitation", "0001_official_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(forward, backward)]
