"""Counties, neighbourhoods, offices and their premises history."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from offices.models import County, FacilitationOffice, Neighbourhood
from offices.services import office_change_premises

pytestmark = pytest.mark.django_db


def test_the_provinces_19_counties_are_loaded_by_migration():
    names = set(County.objects.values_list("name", flat=True))
    assert len(names) == 19
    assert {"ارومیه", "شاهین‌دژ", "باروق", "چهاربرج", "میاندوآب"} <= names


def test_names_typed_with_arabic_letters_are_saved_in_persian(urmia):
    hood = Neighbourhood.objects.create(county=urmia, name="كوي  علي")
    hood.refresh_from_db()
    assert hood.name == "کوی علی"


def test_neighbourhood_name_is_unique_within_its_county(urmia, khoy):
    Neighbourhood.objects.create(county=urmia, name="ریحان‌آباد")
    Neighbourhood.objects.create(county=khoy, name="ریحان‌آباد")  # another county: fine
    duplicate = Neighbourhood(county=urmia, name="ريحان‌آباد")  # Arabic yeh, same name
    with pytest.raises(ValidationError) as caught:
        duplicate.full_clean()
    assert caught.value.messages == ["این شهرستان محله‌ای با همین نام دارد."]
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_households_cannot_exceed_population(urmia):
    hood = Neighbourhood(county=urmia, name="دیگاله", population=100, households=101)
    with pytest.raises(ValidationError) as caught:
        hood.full_clean()
    assert "خانوار" in caught.value.messages[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        hood.save()
    Neighbourhood.objects.create(county=urmia, name="دیگاله", population=100, households=100)


def test_coordinates_out_of_range_are_refused(urmia):
    hood = Neighbourhood(county=urmia, name="الف", latitude=91, longitude=45)
    with pytest.raises(ValidationError) as caught:
        hood.full_clean()
    assert "latitude" in caught.value.message_dict


def test_office_code_is_unique(office, urmia):
    other = FacilitationOffice(code="urm-01".upper(), name="دیگر", county=urmia)
    with pytest.raises(ValidationError) as caught:
        other.full_clean()
    assert "code" in caught.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        other.save()


def test_office_phone_must_be_an_iranian_number(office):
    office.phone = "12345"
    with pytest.raises(ValidationError) as caught:
        office.full_clean()
    assert "phone" in caught.value.message_dict
    office.phone = "۰۴۴ ۳۳۴۴ ۵۵۶۶"
    office.full_clean()
    office.save()
    office.refresh_from_db()
    assert office.phone == "04433445566"


def test_changing_premises_keeps_history(office, today):
    office_change_premises(
        office=office, premises="shared", since=today - datetime.timedelta(days=30)
    )
    office_change_premises(
        office=office, premises="dedicated", since=today, note="مکان اختصاصی تحویل شد"
    )
    office.refresh_from_db()
    assert (office.premises, office.premises_since) == ("dedicated", today)
    history = list(office.premises_history.values_list("premises", flat=True))
    assert history == ["dedicated", "shared"]  # newest first


def test_premises_cannot_change_before_the_office_opened(office, today):
    office.opened_on = today
    office.save()
    with pytest.raises(ValidationError):
        office_change_premises(
            office=office, premises="shared", since=today - datetime.timedelta(days=1)
        )
    office.refresh_from_db()
    assert office.premises == "none" and not office.premises_history.exists()


def test_unknown_premises_kind_is_refused(office):
    with pytest.raises(ValidationError):
        office_change_premises(office=office, premises="palace")


def test_pages_link_to_the_record(office, neighbourhood, urmia):
    for obj in (office, neighbourhood, urmia):
        assert str(obj.pk) in obj.get_absolute_url()
