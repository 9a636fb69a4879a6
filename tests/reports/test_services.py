"""The report services decide for themselves who may act: called directly — as a management
command, an admin action or a future API would — they refuse a read-only official, an
official of another county, a manager of another NGO, and an assignee who could not open
the report, and nothing is written."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from reports.models import IssueReport, ReportEvent, Status
from reports.selectors import get_report_for_actor
from reports.services import (
    report_assign,
    report_bulk_assign,
    report_bulk_refer,
    report_comment,
    report_submit,
    report_submit_once,
)
from reports.workflow import Action, Role, TransitionError, report_transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def khoy_report(make_report, ngo_b, manager_b):
    return make_report(ngo=ngo_b, submitted_by=manager_b, neighbourhood=None)


def events_of(report):
    return list(ReportEvent.objects.filter(report=report).values_list("kind", "action"))


# -- comments ------------------------------------------------------------------------


@pytest.mark.parametrize("outsider", ["readonly_official", "khoy_official", "manager_b"])
def test_comment_service_refuses_who_may_not_act(make_report, outsider, request):
    report = make_report()
    before = events_of(report)
    with pytest.raises(TransitionError) as caught:
        report_comment(report=report, actor=request.getfixturevalue(outsider), text="سلام")
    assert caught.value.code == "role"
    assert events_of(report) == before


def test_comment_service_lets_the_ngo_and_officials_of_the_county_write(
    make_report, manager_a, urmia_official
):
    report = make_report()
    report_comment(report=report, actor=manager_a, text="توضیح بیشتر")
    report_comment(report=report, actor=urmia_official, text="یادداشت", internal=True)
    kinds = [kind for kind, _action in events_of(report)]
    assert kinds[-2:] == [ReportEvent.Kind.COMMENT, ReportEvent.Kind.INTERNAL_NOTE]


# -- assignment ----------------------------------------------------------------------


def test_read_only_official_cannot_assign_even_by_calling_the_service(
    make_report, readonly_official, urmia_official
):
    report = make_report()
    with pytest.raises(TransitionError) as caught:
        report_assign(report=report, actor=readonly_official, assignee=urmia_official)
    assert caught.value.code == "role"
    report.refresh_from_db()
    assert report.assigned_to is None


@pytest.mark.parametrize("assignee", ["khoy_official", "readonly_official", "manager_a"])
def test_report_is_never_given_to_someone_who_cannot_open_it(
    make_report, official, assignee, request
):
    """An official of another county, a read-only official or an NGO manager would be
    handed a report they cannot follow: the service refuses, whoever calls it."""
    report = make_report()
    with pytest.raises(TransitionError) as caught:
        report_assign(report=report, actor=official, assignee=request.getfixturevalue(assignee))
    assert "assignee" in caught.value.message_dict
    report.refresh_from_db()
    assert report.assigned_to is None
    assert ReportEvent.objects.filter(report=report, kind=ReportEvent.Kind.ASSIGNMENT).count() == 0


def test_report_can_be_given_to_a_provincial_or_the_countys_official(
    make_report, official, urmia_official
):
    report = make_report()
    report_assign(report=report, actor=urmia_official, assignee=official)
    report_assign(report=report, actor=official, assignee=urmia_official)
    report.refresh_from_db()
    assert report.assigned_to == urmia_official


# -- submission ----------------------------------------------------------------------


def test_submission_for_an_ngo_the_user_does_not_manage_is_refused(
    ngo_a, manager_b, official, harm
):
    for user in (manager_b, official):
        with pytest.raises(ValidationError):
            report_submit(
                ngo=ngo_a,
                submitted_by=user,
                category=harm,
                title="عنوان",
                description="شرح",
                severity="low",
            )
    assert not IssueReport.objects.exists()


def test_the_same_form_sent_twice_saves_one_report(ngo_a, manager_a, harm):
    fields = {
        "ngo": ngo_a,
        "submitted_by": manager_a,
        "category": harm,
        "title": "عنوان",
        "description": "شرح",
        "severity": "low",
        "submission_key": "b7f3c2a0-0000-4000-8000-000000000001",
    }
    first, created = report_submit_once(**fields)
    again, created_again = report_submit_once(**fields)
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert IssueReport.objects.count() == 1
    assert ReportEvent.objects.filter(action=Action.SUBMIT).count() == 1


# -- the workflow, called as a command would ----------------------------------------------


def test_read_only_official_is_refused_by_the_workflow_itself(make_report, readonly_official):
    report = make_report()
    with pytest.raises(TransitionError) as caught:
        report_transition(report=report, action=Action.START_REVIEW, actor=readonly_official)
    assert caught.value.code == "role"
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED


def test_stale_page_is_refused_by_the_status_it_showed(make_report, official):
    report = make_report()
    opened_at = report.version  # the page was opened while the report was still "submitted"
    report_transition(report=report, action=Action.START_REVIEW, actor=official)
    with pytest.raises(TransitionError) as caught:
        report_transition(
            report=report, action=Action.REJECT, actor=official, seen_version=opened_at
        )
    assert caught.value.code == "stale"
    report.refresh_from_db()
    assert report.status == Status.UNDER_REVIEW


def test_report_for_acting_answers_404_outside_scope_and_403_to_the_read_only(
    make_report, khoy_official, readonly_official, urmia_official, manager_a
):
    report = make_report()
    with pytest.raises(Http404):
        get_report_for_actor(khoy_official, report.pk)
    with pytest.raises(PermissionDenied):
        get_report_for_actor(readonly_official, report.pk)
    assert get_report_for_actor(urmia_official, report.pk) == (report, Role.OFFICIAL)
    assert get_report_for_actor(manager_a, report.pk) == (report, Role.NGO_MANAGER)


# -- bulk actions -----------------------------------------------------------------------


def test_bulk_assignment_assigns_what_it_may_and_names_each_refusal(
    make_report, khoy_report, official, urmia_official
):
    urmia_report = make_report()
    outcome = report_bulk_assign(
        reports=[urmia_report, khoy_report], actor=official, assignee=urmia_official
    )
    assert outcome.done == 1
    assert [report for report, _reason in outcome.failed] == [khoy_report]
    urmia_report.refresh_from_db()
    khoy_report.refresh_from_db()
    assert (urmia_report.assigned_to, khoy_report.assigned_to) == (urmia_official, None)


def test_bulk_referral_with_bad_values_changes_nothing(make_report, official, agency, today, days):
    report = make_report()
    for agency_given, due_on in (
        (None, today + days(5)),
        (agency, None),
        (agency, today - days(1)),
    ):
        with pytest.raises(TransitionError):
            report_bulk_refer(reports=[report], actor=official, agency=agency_given, due_on=due_on)
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED
    assert len(events_of(report)) == 1


def test_bulk_referral_triages_and_refers_each_report_in_one_go(
    make_report, official, agency, today, days
):
    reports = [make_report(), make_report()]
    outcome = report_bulk_refer(
        reports=reports, actor=official, agency=agency, due_on=today + days(7), note="پیگیری"
    )
    assert (outcome.done, outcome.failed) == (2, [])
    for report in reports:
        report.refresh_from_db()
        assert (report.status, report.agency, report.due_on) == (
            Status.REFERRED,
            agency,
            today + days(7),
        )
        assert [a for _k, a in events_of(report)] == [
            Action.SUBMIT,
            Action.START_REVIEW,
            Action.REFER,
        ]


def test_bulk_referral_by_a_read_only_official_refers_nothing(
    make_report, readonly_official, agency, today, days
):
    report = make_report()
    outcome = report_bulk_refer(
        reports=[report], actor=readonly_official, agency=agency, due_on=today + days(7)
    )
    assert outcome.done == 0 and [r for r, _reason in outcome.failed] == [report]
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED
    assert len(events_of(report)) == 1


def test_a_form_key_of_another_ngo_is_refused_not_a_500(ngo_a, ngo_b, manager_a, manager_b, harm):
    fields = {"category": harm, "title": "عنوان", "description": "شرح", "severity": "low"}
    key = "b7f3c2a0-0000-4000-8000-000000000002"
    report_submit_once(ngo=ngo_a, submitted_by=manager_a, submission_key=key, **fields)
    with pytest.raises(ValidationError):
        report_submit_once(ngo=ngo_b, submitted_by=manager_b, submission_key=key, **fields)
    assert IssueReport.objects.count() == 1
