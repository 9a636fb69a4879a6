"""Keep each user's role groups in step with their official role and NGO links."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from ngos.models import NGO

from .models import Official

PROVINCE_GROUP, COUNTY_GROUP, MANAGER_GROUP = (
    "کارشناسان استانی",
    "کارشناسان شهرستان",
    "مدیران سمن‌ها",
)


def sync_role_groups(user) -> None:
    official = Official.objects.filter(user=user).first()
    wanted = set()
    if official is not None:
        wanted.add(PROVINCE_GROUP if official.level == Official.Level.PROVINCE else COUNTY_GROUP)
    if NGO.objects.filter(managers=user).exists():
        wanted.add(MANAGER_GROUP)
    role_groups = Group.objects.filter(name__in=[PROVINCE_GROUP, COUNTY_GROUP, MANAGER_GROUP])
    user.groups.remove(*[g for g in role_groups if g.name not in wanted])
    user.groups.add(*[g for g in role_groups if g.name in wanted])


@receiver(post_save, sender=Official)
@receiver(post_delete, sender=Official)
def official_changed(sender, instance, **kwargs):
    sync_role_groups(instance.user)


@receiver(m2m_changed, sender=NGO.managers.through)
def managers_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if reverse:  # user.managed_ngos changed: instance is the user
        if action in ("post_add", "post_remove", "post_clear"):
            sync_role_groups(instance)
        return
    if action == "pre_clear":  # the cleared managers are not named afterwards
        instance._cleared_manager_ids = set(instance.managers.values_list("pk", flat=True))
    elif action in ("post_add", "post_remove", "post_clear"):
        ids = pk_set if action != "post_clear" else getattr(instance, "_cleared_manager_ids", set())
        for user in get_user_model().objects.filter(pk__in=ids or []):
            sync_role_groups(user)
