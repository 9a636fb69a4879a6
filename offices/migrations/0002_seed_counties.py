"""The counties of West Azerbaijan: the 17 of the 2016 census, plus Baruq and
Chahar Borj, created in 2021. Editable in admin afterwards."""

from django.db import migrations

COUNTIES = [
    ("urmia", "ارومیه", "Urmia"),
    ("oshnavieh", "اشنویه", "Oshnavieh"),
    ("bukan", "بوکان", "Bukan"),
    ("piranshahr", "پیرانشهر", "Piranshahr"),
    ("poldasht", "پلدشت", "Poldasht"),
    ("takab", "تکاب", "Takab"),
    ("chaldoran", "چالدران", "Chaldoran"),
    ("chaypareh", "چایپاره", "Chaypareh"),
    ("khoy", "خوی", "Khoy"),
    ("sardasht", "سردشت", "Sardasht"),
    ("salmas", "سلماس", "Salmas"),
    ("shahindezh", "شاهین‌دژ", "Shahin Dezh"),
    ("showt", "شوط", "Showt"),
    ("maku", "ماکو", "Maku"),
    ("mahabad", "مهاباد", "Mahabad"),
    ("miandoab", "میاندوآب", "Miandoab"),
    ("naqadeh", "نقده", "Naqadeh"),
    ("baruq", "باروق", "Baruq"),
    ("chaharborj", "چهاربرج", "Chahar Borj"),
]


def forward(apps, schema_editor):
    County = apps.get_model("offices", "County")
    for code, name, name_en in COUNTIES:
        County.objects.get_or_create(code=code, defaults={"name": name, "name_en": name_en})


def backward(apps, schema_editor):
    County = apps.get_model("offices", "County")
    County.objects.filter(code__in=[c for c, _, _ in COUNTIES], neighbourhoods=None).delete()


class Migration(migrations.Migration):
    dependencies = [("offices", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
