"""Concurrent submissions and concurrent transitions, against a real PostgreSQL server."""

import threading

import pytest
from django.db import connection, connections

from reports.models import IssueReport, Status
from reports.workflow import Action, ReportChanged, Role, report_transition

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL's concurrent transactions"
    ),
]


def run_together(n, work):
    """Run `work(i)` in n threads released at the same moment; return results or errors."""
    barrier = threading.Barrier(n)
    results = [None] * n

    def target(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as error:  # the test inspects every outcome
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def test_concurrent_submissions_each_get_their_own_reference(make_report):
    n = 16
    results = run_together(n, lambda i: make_report(title=f"گزارش همزمان {i}").reference)
    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors
    assert len(set(results)) == n
    sequences = sorted(int(r.split("-")[1]) for r in results)
    assert sequences == list(range(1, n + 1))
    assert IssueReport.objects.count() == n


def test_two_officials_acting_at_once_cannot_both_succeed(
    make_report, official, admin_user, agency, today
):
    report = make_report()
    report_transition(report=report, action=Action.START_REVIEW, actor=official)
    seen = [IssueReport.objects.get(pk=report.pk) for _ in range(2)]
    actors = [(official, Role.OFFICIAL), (admin_user, Role.ADMIN)]

    def act(i):
        actor, role = actors[i]
        if i == 0:
            return report_transition(
                report=seen[i], action=Action.REQUEST_INFO, actor=actor, note="?"
            )
        return report_transition(
            report=seen[i], action=Action.REFER, actor=actor, agency=agency, due_on=today
        )

    results = run_together(2, act)
    failures = [r for r in results if isinstance(r, Exception)]
    assert len(failures) == 1 and isinstance(failures[0], ReportChanged)
    report.refresh_from_db()
    assert report.status in (Status.AWAITING_INFO, Status.REFERRED)
    assert report.events.count() == 3  # submit, start review, and exactly one of the two
