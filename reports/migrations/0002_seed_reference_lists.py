"""Categories (an initial list of social harms, and the NGO needs the source
article names) and executive agencies. Starting lists, editable in admin."""

from django.db import migrations

HARM_NOTE = "فهرست اولیه؛ مدیر سامانه آن را با فهرست رسمی ۲۰ آسیب اجتماعی تطبیق می‌دهد."

HARMS = [
    ("اعتیاد به مواد مخدر", "Drug addiction", 30),
    ("مصرف الکل", "Alcohol abuse", 30),
    ("طلاق", "Divorce", 45),
    ("خشونت خانگی", "Domestic violence", 7),
    ("کودک‌آزاری", "Child abuse", 7),
    ("کودکان کار و خیابان", "Working and street children", 14),
    ("سالمندآزاری", "Elder abuse", 14),
    ("فقر", "Poverty", 30),
    ("بیکاری", "Unemployment", 45),
    ("ترک تحصیل", "School dropout", 30),
    ("فرار از منزل", "Running away from home", 7),
    ("خودکشی", "Suicide", 7),
    ("سرقت", "Theft", 30),
    ("نزاع و درگیری", "Violent fights", 14),
    ("تکدی‌گری", "Begging", 30),
    ("بی‌خانمانی", "Homelessness", 14),
    ("ازدواج زودهنگام", "Child marriage", 14),
    ("بهره‌کشی جنسی", "Sexual exploitation", 7),
    ("حاشیه‌نشینی و سکونت غیررسمی", "Informal settlement", 60),
    ("قاچاق مواد مخدر", "Drug trafficking", 14),
]

NEEDS = [
    ("بیمه اعضای سازمان‌های مردم‌نهاد", "Insurance of NGO members", 45),
    ("حمایت از معلولان و سمن‌های آنان", "Support for people with disabilities and their NGOs", 30),
    ("زیرساخت سازمان‌های مردم‌نهاد", "NGO infrastructure", 60),
    ("به رسمیت شناختن سمن‌ها در جامعه", "Public recognition of NGOs", 60),
    ("اشتغال معلولان", "Employment of people with disabilities", 45),
    ("مکان و دفتر", "Premises", 60),
    ("تأمین مالی", "Funding", 60),
]

AGENCIES = [
    ("اداره کل بهزیستی استان", "Provincial Welfare Organisation"),
    ("کمیته امداد امام خمینی (ره) استان", "Imam Khomeini Relief Foundation"),
    ("شهرداری ارومیه", "Urmia Municipality"),
    ("اداره کل آموزش و پرورش استان", "Provincial Education Department"),
    ("فرماندهی انتظامی استان", "Provincial Police Command"),
    ("دانشگاه علوم پزشکی ارومیه", "Urmia University of Medical Sciences (health)"),
    ("اداره کل تعاون، کار و رفاه اجتماعی استان", "Provincial Labour and Social Welfare Department"),
    ("بنیاد مسکن انقلاب اسلامی استان", "Housing Foundation"),
    ("اداره کل ورزش و جوانان استان", "Provincial Sport and Youth Department"),
    ("دادگستری استان", "Provincial Judiciary"),
]


def forward(apps, schema_editor):
    Category = apps.get_model("reports", "Category")
    Agency = apps.get_model("reports", "Agency")
    for kind, rows in (("harm", HARMS), ("need", NEEDS)):
        for position, (name, name_en, days) in enumerate(rows, start=1):
            Category.objects.get_or_create(
                kind=kind,
                name=name,
                defaults={
                    "name_en": name_en,
                    "default_due_days": days,
                    "position": position,
                    "description": HARM_NOTE if kind == "harm" else "",
                },
            )
    for name, name_en in AGENCIES:
        Agency.objects.get_or_create(name=name, defaults={"name_en": name_en})


def backward(apps, schema_editor):
    Category = apps.get_model("reports", "Category")
    Agency = apps.get_model("reports", "Agency")
    Category.objects.filter(name__in=[n for n, _, _ in HARMS + NEEDS], reports=None).delete()
    Agency.objects.filter(name__in=[n for n, _ in AGENCIES], reports=None).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
