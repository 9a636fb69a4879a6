"""The report workflow: every transition allowed where it should be and refused elsewhere."""

import datetime

import pytest
from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import override

from reports.models import IssueReport, ReportEvent, Status
from reports.workflow import (
    TRANSITIONS,
    Action,
    ReportChanged,
    Role,
    TransitionError,
    allowed_transitions,
    report_transition,
)

pytestmark = pytest.mark.django_db

# For each action: a state it is allowed from, and what it needs.
REACH = {
    Status.SUBMITTED: [],
    Status.UNDER_REVIEW: [Action.START_REVIEW],
    Status.AWAITING_INFO: [Action.START_REVIEW, Action.REQUEST_INFO],
    Status.REFERRED: [Action.START_REVIEW, Action.REFER],
    Status.IN_PROGRESS: [Action.START_REVIEW, Action.REFER, Action.AGENCY_ACCEPT],
    Status.RESOLVED: [Action.START_REVIEW, Action.REFER, Action.AGENCY_ACCEPT, Action.RESOLVE],
    Status.REJECTED: [Action.START_REVIEW, Action.REJECT],
    Status.CLOSED: [Action.START_REVIEW, Action.REJECT, Action.CLOSE],
}


@pytest.fixture
def act(official, manager_a, admin_user, agency, today):
    """Make a transition as the right kind of user, with whatever it needs."""

    def act(report, action, role=None, **extra):
        transition = TRANSITIONS[Action(action)]
        role = role or (Role.NGO_MANAGER if Role.NGO_MANAGER in transition.roles else Role.OFFICIAL)
        actor = {Role.NGO_MANAGER: manager_a, Role.OFFICIAL: official, Role.ADMIN: admin_user}[role]
        kwargs = {
            "note": "یادداشت",
            "agency": agency,
            "due_on": today + datetime.timedelta(days=10),
        }
        kwargs.update(extra)
        return report_transition(report=report, action=action, actor=actor, **kwargs)

    return act


@pytest.fixture
def report_in(make_report, act):
    def report_in(status):
        report = make_report()
        for action in REACH[status]:
            act(report, action)
        assert report.status == status
        return report

    return report_in


ALLOWED = [
    (source, action)
    for action, t in TRANSITIONS.items()
    for source in sorted(t.sources)  # one order in every process (pytest-xdist)
    if action != Action.MARK_DUPLICATE
]
REFUSED = [
    (source, action)
    for action, t in TRANSITIONS.items()
    for source in Status
    if source not in t.sources
]


@pytest.mark.parametrize(("source", "action"), ALLOWED)
def test_allowed_transition_changes_status_and_writes_one_event(report_in, act, source, action):
    report = report_in(source)
    before = report.events.count()

    event = act(report, action)

    report.refresh_from_db()
    target = TRANSITIONS[action].target
    assert report.status == target
    assert report.events.count() == before + 1
    assert (event.action, event.from_status, event.to_status) == (action, source, target)


@pytest.mark.parametrize(("source", "action"), REFUSED)
def test_transition_from_wrong_state_is_refused_and_changes_nothing(report_in, act, source, action):
    report = report_in(source)
    before = report.events.count()

    with pytest.raises(TransitionError):
        act(report, action)

    report.refresh_from_db()
    assert report.status == source
    assert report.events.count() == before


@pytest.mark.parametrize(
    "action", [a for a, t in TRANSITIONS.items() if Role.NGO_MANAGER in t.roles]
)
def test_officials_cannot_make_the_ngos_moves(report_in, act, action):
    source = next(iter(TRANSITIONS[action].sources))
    report = report_in(source)
    with pytest.raises(TransitionError):
        act(report, action, role=Role.OFFICIAL)
    report.refresh_from_db()
    assert report.status == source


@pytest.mark.parametrize(
    "action", [a for a, t in TRANSITIONS.items() if Role.NGO_MANAGER not in t.roles]
)
def test_ngo_managers_cannot_make_the_officials_moves(report_in, act, action):
    source = sorted(TRANSITIONS[action].sources)[0]
    report = report_in(source)
    with pytest.raises(TransitionError):
        act(report, action, role=Role.NGO_MANAGER)
    report.refresh_from_db()
    assert report.status == source


def test_manager_of_another_ngo_cannot_answer_for_this_one(report_in, manager_b):
    report = report_in(Status.AWAITING_INFO)
    with pytest.raises(TransitionError) as caught:
        report_transition(
            report=report,
            action=Action.PROVIDE_INFO,
            actor=manager_b,
            note="x",
        )
    assert caught.value.code == "role"


@pytest.mark.parametrize("outsider", ["readonly_official", "khoy_official", "no_role_user"])
def test_the_service_itself_refuses_who_may_not_act(report_in, outsider, request):
    """Whoever calls it (a page, a command, the admin), the workflow asks the access
    module: a read-only official, another county's official or a user with no role is
    refused, and nothing changes."""
    report = report_in(Status.SUBMITTED)
    with pytest.raises(TransitionError) as caught:
        report_transition(
            report=report, action=Action.START_REVIEW, actor=request.getfixturevalue(outsider)
        )
    assert caught.value.code == "role"
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED
    assert report.events.count() == 1


def test_administrator_can_make_an_officials_move(report_in, act):
    report = report_in(Status.SUBMITTED)
    act(report, Action.START_REVIEW, role=Role.ADMIN)
    assert report.status == Status.UNDER_REVIEW


def test_inactive_user_cannot_act(report_in, official):
    report = report_in(Status.SUBMITTED)
    official.is_active = False
    official.save()
    with pytest.raises(TransitionError):
        report_transition(report=report, action=Action.START_REVIEW, actor=official)


@pytest.mark.parametrize(
    "action",
    [a for a, t in TRANSITIONS.items() if t.needs_note],
)
def test_actions_that_need_a_note_refuse_an_empty_one(report_in, act, action):
    report = report_in(sorted(TRANSITIONS[action].sources)[0])
    with pytest.raises(TransitionError) as caught:
        act(report, action, note="   ")
    assert "note" in caught.value.message_dict


def test_referral_needs_an_agency_and_a_due_date_not_in_the_past(report_in, act, today):
    report = report_in(Status.UNDER_REVIEW)
    with pytest.raises(TransitionError) as caught:
        act(report, Action.REFER, agency=None, due_on=None)
    assert set(caught.value.message_dict) == {"agency", "due_on"}
    with pytest.raises(TransitionError) as caught:
        act(report, Action.REFER, due_on=today - datetime.timedelta(days=1))
    assert set(caught.value.message_dict) == {"due_on"}
    report.refresh_from_db()
    assert report.status == Status.UNDER_REVIEW and report.agency is None


def test_referral_to_an_inactive_agency_is_refused(report_in, act, agency):
    agency.active = False
    agency.save()
    report = report_in(Status.UNDER_REVIEW)
    with pytest.raises(TransitionError) as caught:
        act(report, Action.REFER)
    assert "agency" in caught.value.message_dict


def test_referral_records_agency_and_due_date_on_report_and_event(report_in, act, agency, today):
    report = report_in(Status.UNDER_REVIEW)
    due = today + datetime.timedelta(days=14)
    event = act(report, Action.REFER, due_on=due)
    report.refresh_from_db()
    assert (report.agency, report.due_on) == (agency, due)
    assert (event.agency, event.due_on) == (agency, due)


def test_agency_declining_sends_report_back_to_review_and_clears_the_referral(
    report_in, act, agency
):
    report = report_in(Status.REFERRED)
    event = act(report, Action.AGENCY_DECLINE, note="در حیطه این دستگاه نیست")
    report.refresh_from_db()
    assert report.status == Status.UNDER_REVIEW
    assert report.agency is None and report.due_on is None
    assert event.agency == agency


def test_rejection_keeps_its_reason(report_in, act):
    report = report_in(Status.UNDER_REVIEW)
    act(report, Action.REJECT, note="تکراری با گزارش دیگر نیست ولی خارج از حیطه است")
    report.refresh_from_db()
    assert report.rejection_reason.startswith("تکراری")


def test_first_resolution_time_is_kept_when_resolved_again(report_in, act):
    report = report_in(Status.RESOLVED)
    first = IssueReport.objects.get(pk=report.pk).first_resolved_at
    act(report, Action.REOPEN)
    act(report, Action.RESOLVE)
    assert IssueReport.objects.get(pk=report.pk).first_resolved_at == first


def test_ngo_can_reopen_within_30_days_but_not_after(report_in, act):
    report = report_in(Status.RESOLVED)
    IssueReport.objects.filter(pk=report.pk).update(
        status_changed_at=timezone.now() - datetime.timedelta(days=31)
    )
    report.refresh_from_db()
    with pytest.raises(TransitionError):
        act(report, Action.REOPEN)
    assert Action.REOPEN not in [t.action for t in allowed_transitions(report, Role.NGO_MANAGER)]

    IssueReport.objects.filter(pk=report.pk).update(
        status_changed_at=timezone.now() - datetime.timedelta(days=29)
    )
    report.refresh_from_db()
    act(report, Action.REOPEN)
    assert report.status == Status.UNDER_REVIEW


def test_stale_report_is_refused_with_reload_message(report_in, act):
    report = report_in(Status.UNDER_REVIEW)
    seen_by_second_official = IssueReport.objects.get(pk=report.pk)
    act(report, Action.REQUEST_INFO)

    with pytest.raises(ReportChanged) as caught, override("en"):
        act(seen_by_second_official, Action.REFER)
    assert "Reload" in caught.value.messages[0]
    assert IssueReport.objects.get(pk=report.pk).status == Status.AWAITING_INFO


def test_mark_duplicate_closes_and_links_to_the_original(make_report, act):
    original = make_report()
    duplicate = make_report(title="همان موضوع")
    act(duplicate, Action.MARK_DUPLICATE, duplicate_of=original)
    duplicate.refresh_from_db()
    assert duplicate.status == Status.CLOSED and duplicate.duplicate_of == original
    assert list(original.duplicates.all()) == [duplicate]
    assert not duplicate.is_open
    assert not IssueReport.objects.open().filter(pk=duplicate.pk).exists()


def test_duplicate_of_a_duplicate_points_at_the_original(make_report, act):
    original, second, third = make_report(), make_report(), make_report()
    act(second, Action.MARK_DUPLICATE, duplicate_of=original)
    act(third, Action.MARK_DUPLICATE, duplicate_of=second)
    third.refresh_from_db()
    assert third.duplicate_of == original


def test_report_cannot_duplicate_itself(make_report, act):
    report = make_report()
    with pytest.raises(TransitionError):
        act(report, Action.MARK_DUPLICATE, duplicate_of=report)
    with pytest.raises(TransitionError):
        act(report, Action.MARK_DUPLICATE, duplicate_of=None)


@pytest.mark.parametrize("source", [Status.RESOLVED, Status.REJECTED, Status.CLOSED])
def test_finished_report_cannot_be_marked_duplicate(report_in, make_report, act, source):
    report = report_in(source)
    with pytest.raises(TransitionError):
        act(report, Action.MARK_DUPLICATE, duplicate_of=make_report())


def test_unknown_action_is_refused(report_in, act, official):
    report = report_in(Status.SUBMITTED)
    with pytest.raises(TransitionError):
        report_transition(report=report, action="teleport", actor=official)


def test_status_change_and_event_are_one_transaction(report_in, official, monkeypatch):
    report = report_in(Status.SUBMITTED)

    def broken_create(**kwargs):
        raise IntegrityError("disk full")

    monkeypatch.setattr(ReportEvent.objects, "create", broken_create)
    with pytest.raises(IntegrityError):
        report_transition(report=report, action=Action.START_REVIEW, actor=official)
    assert IssueReport.objects.get(pk=report.pk).status == Status.SUBMITTED


def test_allowed_transitions_lists_what_each_role_may_do(report_in):
    report = report_in(Status.RESOLVED)
    assert {t.action for t in allowed_transitions(report, Role.NGO_MANAGER)} == {
        Action.CONFIRM,
        Action.REOPEN,
    }
    assert {t.action for t in allowed_transitions(report, Role.OFFICIAL)} == {Action.CLOSE}


def test_refusal_message_is_persian_by_default(report_in, act):
    report = report_in(Status.SUBMITTED)
    with pytest.raises(TransitionError) as caught:
        act(report, Action.RESOLVE)
    assert "امکان‌پذیر نیست" in caught.value.messages[0]
