"""The NGO registry: national IDs, members, licences and their derived status, partnerships."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ngos.models import NGO, Licence, LicenceStatus, Partnership, SupervisionVisit
from ngos.validators import is_valid_national_id, validate_national_id
from tests.conftest import make_national_id

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["10380284790", "۱۰۳۸۰۲۸۴۷۹۰", make_national_id(7)])
def test_valid_national_ids_pass(value):
    validate_national_id(value)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("1038028479", "national_id_length"),
        ("103802847900", "national_id_length"),
        ("10380a84790", "national_id_length"),
        ("10380284791", "national_id_checksum"),
        ("00000000000", "national_id_checksum"),
        ("10300000000", "national_id_checksum"),
    ],
)
def test_invalid_national_ids_are_refused_with_a_reason(value, code):
    with pytest.raises(ValidationError) as caught:
        validate_national_id(value)
    assert caught.value.code == code


def test_checksum_messages_are_persian():
    with pytest.raises(ValidationError) as caught:
        validate_national_id("10380284791")
    assert "شناسه ملی" in caught.value.messages[0]


def test_only_one_check_digit_is_right():
    for serial in (1, 42, 99999):
        valid = make_national_id(serial)
        wrong = [valid[:10] + d for d in "0123456789" if d != valid[10]]
        assert is_valid_national_id(valid)
        assert not any(is_valid_national_id(w) for w in wrong)


def test_national_id_is_unique_and_typed_digits_are_normalised(ngo_a, urmia):
    persian_digits = ngo_a.national_id.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    twin = NGO(name="تکراری", national_id=persian_digits, county=urmia)
    with pytest.raises(ValidationError) as caught:
        twin.full_clean()
    assert caught.value.message_dict["national_id"] == [
        "سازمانی با این شناسه ملی پیش‌تر ثبت شده است."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_insured_members_never_exceed_members(ngo_a):
    ngo_a.members, ngo_a.insured_members = 10, 11
    with pytest.raises(ValidationError) as caught:
        ngo_a.full_clean()
    assert "بیمه" in caught.value.messages[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        ngo_a.save()
    ngo_a.insured_members = 10
    ngo_a.full_clean()
    ngo_a.save()


def test_licence_must_expire_after_it_was_issued(ngo_a, authority, today):
    licence = Licence(
        ngo=ngo_a, authority=authority, number="123", issued_on=today, expires_on=today
    )
    with pytest.raises(ValidationError) as caught:
        licence.full_clean()
    assert "انقضا" in caught.value.messages[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        licence.save()


def test_licence_number_is_unique_per_authority(ngo_a, ngo_b, authority, today, days):
    Licence.objects.create(
        ngo=ngo_a, authority=authority, number="55", issued_on=today, expires_on=today + days(9)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Licence.objects.create(
            ngo=ngo_b, authority=authority, number="55", issued_on=today, expires_on=today + days(9)
        )


@pytest.mark.parametrize(
    ("expires_in_days", "status"),
    [
        (-1, LicenceStatus.EXPIRED),
        (0, LicenceStatus.EXPIRING),
        (60, LicenceStatus.EXPIRING),
        (61, LicenceStatus.VALID),
    ],
)
def test_licence_status_is_derived_from_expiry(
    ngo_a, authority, today, days, expires_in_days, status
):
    licence = Licence.objects.create(
        ngo=ngo_a,
        authority=authority,
        number="1",
        issued_on=today - days(1000),
        expires_on=today + days(expires_in_days),
    )
    assert licence.status == status
    assert Licence.objects.with_status().get(pk=licence.pk).licence_status == status
    assert NGO.objects.with_licence_status().get(pk=ngo_a.pk).licence_status == status
    assert Licence.objects.expiring_soon().filter(pk=licence.pk).exists() == (
        status == LicenceStatus.EXPIRING
    )


def test_an_expired_licence_does_not_make_a_renewed_ngo_expired(ngo_a, authority, today, days):
    Licence.objects.create(
        ngo=ngo_a,
        authority=authority,
        number="old",
        issued_on=today - days(2000),
        expires_on=today - days(30),
    )
    Licence.objects.create(
        ngo=ngo_a,
        authority=authority,
        number="new",
        issued_on=today - days(29),
        expires_on=today + days(1000),
    )
    assert NGO.objects.with_licence_status().get(pk=ngo_a.pk).licence_status == LicenceStatus.VALID


def test_ngo_without_licence_says_so(ngo_a):
    assert NGO.objects.with_licence_status().get(pk=ngo_a.pk).licence_status == LicenceStatus.NONE


def test_one_current_lead_operator_per_office(ngo_a, ngo_b, office, today, days):
    Partnership.objects.create(ngo=ngo_a, office=office, role="lead", started_on=today - days(100))
    Partnership.objects.create(ngo=ngo_b, office=office, role="partner", started_on=today)
    second_lead = Partnership(ngo=ngo_b, office=office, role="lead", started_on=today)
    with pytest.raises(ValidationError) as caught:
        second_lead.full_clean()
    assert "مجری" in caught.value.messages[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        second_lead.save()
    # Once the first lead's partnership ends, another may lead.
    Partnership.objects.filter(ngo=ngo_a).update(ended_on=today)
    second_lead.save()


def test_partnership_cannot_end_before_it_starts(ngo_a, office, today, days):
    partnership = Partnership(ngo=ngo_a, office=office, started_on=today, ended_on=today - days(1))
    with pytest.raises(ValidationError):
        partnership.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        partnership.save()


def test_supervision_visit_outcome_must_be_one_of_the_list(ngo_a, authority, today):
    visit = SupervisionVisit(ngo=ngo_a, authority=authority, visited_on=today, outcome="great")
    with pytest.raises(ValidationError) as caught:
        visit.full_clean()
    assert "outcome" in caught.value.message_dict


def test_ngo_contact_phone_and_email_are_validated(ngo_a):
    ngo_a.phone, ngo_a.email = "123", "not-an-email"
    with pytest.raises(ValidationError) as caught:
        ngo_a.full_clean()
    assert {"phone", "email"} <= set(caught.value.message_dict)


def test_active_ngos(ngo_a, ngo_b):
    ngo_b.status = NGO.Status.SUSPENDED
    ngo_b.save()
    assert list(NGO.objects.active()) == [ngo_a]


def test_licence_dates_cannot_be_swapped_by_a_bulk_update(ngo_a, authority, today, days):
    licence = Licence.objects.create(
        ngo=ngo_a, authority=authority, number="9", issued_on=today, expires_on=today + days(5)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Licence.objects.filter(pk=licence.pk).update(expires_on=today - datetime.timedelta(days=1))
