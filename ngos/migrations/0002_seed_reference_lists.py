"""Licensing authorities and fields of activity: starting lists, editable in admin."""

from django.db import migrations

AUTHORITIES = [
    ("وزارت کشور (استانداری آذربایجان غربی)", "Ministry of Interior (West Azerbaijan governorate)"),
    ("سازمان بهزیستی استان", "Provincial Welfare Organisation"),
    ("اداره کل ورزش و جوانان استان", "Provincial office of the Ministry of Sport and Youth"),
    ("اداره کل فرهنگ و ارشاد اسلامی استان", "Provincial office of Culture and Islamic Guidance"),
    ("اداره کل حفاظت محیط زیست استان", "Provincial Department of Environment"),
]

FIELDS = [
    ("آسیب‌های اجتماعی", "Social harms"),
    ("توانمندسازی زنان", "Women's empowerment"),
    ("کودکان و نوجوانان", "Children and adolescents"),
    ("افراد دارای معلولیت", "People with disabilities"),
    ("سالمندان", "Older people"),
    ("پیشگیری و درمان اعتیاد", "Addiction prevention and treatment"),
    ("سلامت", "Health"),
    ("آموزش", "Education"),
    ("اشتغال و کارآفرینی", "Employment and entrepreneurship"),
    ("محیط زیست", "Environment"),
    ("حقوق شهروندی", "Citizens' rights"),
    ("جوانان", "Youth"),
    ("امور خیریه", "Charity"),
    ("توسعه محله", "Neighbourhood development"),
]


def forward(apps, schema_editor):
    LicensingAuthority = apps.get_model("ngos", "LicensingAuthority")
    FieldOfActivity = apps.get_model("ngos", "FieldOfActivity")
    for name, name_en in AUTHORITIES:
        LicensingAuthority.objects.get_or_create(name=name, defaults={"name_en": name_en})
    for name, name_en in FIELDS:
        FieldOfActivity.objects.get_or_create(name=name, defaults={"name_en": name_en})


def backward(apps, schema_editor):
    apps.get_model("ngos", "LicensingAuthority").objects.filter(
        name__in=[n for n, _ in AUTHORITIES], licences=None, supervision_visits=None
    ).delete()
    apps.get_model("ngos", "FieldOfActivity").objects.filter(
        name__in=[n for n, _ in FIELDS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("ngos", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
