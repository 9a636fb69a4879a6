"""The workspace's records keep their own rules, whatever writes them."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from workspace.models import MonthlyReturn


def test_one_current_return_per_office_and_month(office):
    MonthlyReturn.objects.create(office=office, jalali_year=1405, jalali_month=7)
    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyReturn.objects.create(office=office, jalali_year=1405, jalali_month=7, version=2)


def test_a_replaced_version_leaves_room_for_its_correction(office):
    MonthlyReturn.objects.create(
        office=office, jalali_year=1405, jalali_month=7, status="superseded"
    )
    MonthlyReturn.objects.create(office=office, jalali_year=1405, jalali_month=7, version=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyReturn.objects.create(
            office=office, jalali_year=1405, jalali_month=7, version=2, status="superseded"
        )


def test_return_month_must_be_1_to_12(office):
    record = MonthlyReturn(office=office, jalali_year=1405, jalali_month=13)
    with pytest.raises(ValidationError):
        record.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        record.save()
