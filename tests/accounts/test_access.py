"""The access module's answers that pages and services used to work out for themselves:
who may be given a report, who reads internal events, whose NGO link is shown, and who is
emailed about a new report."""

import pytest

from accounts import access

pytestmark = pytest.mark.django_db


def test_who_may_be_given_a_report(
    make_report, official, urmia_official, khoy_official, readonly_official, manager_a, admin_user
):
    report = make_report()  # in Urmia
    assert access.may_be_assigned(official, report)
    assert access.may_be_assigned(urmia_official, report)
    for cannot_follow_it in (khoy_official, readonly_official, manager_a, admin_user, None):
        assert not access.may_be_assigned(cannot_follow_it, report)
    # The rule for one report is the rule of the list the assignment form offers.
    offered = set(access.assignable_officials(report.county_id))
    assert offered == {official, urmia_official}


def test_an_inactive_official_is_never_given_a_report(make_report, urmia_official):
    report = make_report()
    urmia_official.is_active = False
    assert not access.may_be_assigned(urmia_official, report)


def test_only_officials_read_internal_events(official, readonly_official, manager_a, admin_user):
    assert access.sees_internal_events(official)
    assert access.sees_internal_events(readonly_official)
    assert access.sees_internal_events(admin_user)
    assert not access.sees_internal_events(manager_a)


def test_an_ngo_is_linked_only_for_those_who_may_open_it(
    ngo_a, ngo_b, official, urmia_official, manager_a
):
    assert access.may_open_ngo(official, ngo_b)
    assert access.may_open_ngo(urmia_official, ngo_a)
    assert not access.may_open_ngo(urmia_official, ngo_b)  # Khoy's NGO
    assert access.may_open_ngo(manager_a, ngo_a)
    assert not access.may_open_ngo(manager_a, ngo_b)
    # The same answer as the list of NGOs each may see.
    for user in (official, urmia_official, manager_a):
        seen = set(access.ngos_for(user))
        assert {n for n in (ngo_a, ngo_b) if access.may_open_ngo(user, n)} == seen


def test_new_reports_are_told_to_the_province_and_the_reports_county(
    urmia, official, urmia_official, khoy_official, readonly_official, manager_a
):
    told = set(access.officials_told_of_new_reports(urmia.pk))
    assert told == {official, urmia_official, readonly_official}
    assert khoy_official not in told and manager_a not in told


def test_submitting_is_for_the_ngos_managers_and_recording_also_for_administrators(
    ngo_a, ngo_b, manager_a, admin_user, official
):
    assert access.may_submit_report(manager_a, ngo_a)
    assert not access.may_submit_report(manager_a, ngo_b)
    assert not access.may_submit_report(admin_user, ngo_a)  # the form is the NGO's
    assert access.may_record_report(admin_user, ngo_a)  # paper reports typed in the admin
    assert not access.may_record_report(official, ngo_a)
