"""The workflow's steps: from which states, by whom, to which state, and what each takes.

`reports.workflow` performs them; the report page lists them and draws their forms.
"""

import datetime
import enum
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from accounts.access import ActingRole as Role

from .models import OPEN_STATES, IssueReport, Status

REOPEN_WINDOW_DAYS = 30


STAFF = frozenset({Role.OFFICIAL, Role.ADMIN})
NGO = frozenset({Role.NGO_MANAGER})


class Action(enum.StrEnum):
    SUBMIT = "submit"  # the first event of every report; made by `report_submit`
    START_REVIEW = "start_review"
    REQUEST_INFO = "request_info"
    PROVIDE_INFO = "provide_info"
    WITHDRAW_REQUEST = "withdraw_request"
    REFER = "refer"
    AGENCY_ACCEPT = "agency_accept"
    AGENCY_DECLINE = "agency_decline"
    RESOLVE = "resolve"
    REJECT = "reject"
    CONFIRM = "confirm"
    REOPEN = "reopen"
    CLOSE = "close"
    MARK_DUPLICATE = "mark_duplicate"


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset
    target: Status
    roles: frozenset
    label: Promise
    needs_note: bool = False
    takes_files: bool = False  # attachments: the NGO's answer, an agency's letter
    takes_letter: bool = False  # the letter's number and date


TRANSITIONS: dict[Action, Transition] = {
    t.action: t
    for t in [
        Transition(
            Action.START_REVIEW,
            frozenset({Status.SUBMITTED}),
            Status.UNDER_REVIEW,
            STAFF,
            gettext_lazy("Start review"),
        ),
        Transition(
            Action.REQUEST_INFO,
            frozenset({Status.UNDER_REVIEW}),
            Status.AWAITING_INFO,
            STAFF,
            gettext_lazy("Ask the NGO for information"),
            needs_note=True,
        ),
        Transition(
            Action.PROVIDE_INFO,
            frozenset({Status.AWAITING_INFO}),
            Status.UNDER_REVIEW,
            NGO,
            gettext_lazy("Send the requested information"),
            needs_note=True,
            takes_files=True,
        ),
        Transition(
            Action.WITHDRAW_REQUEST,
            frozenset({Status.AWAITING_INFO}),
            Status.UNDER_REVIEW,
            STAFF,
            gettext_lazy("Continue without the NGO's answer"),
            needs_note=True,
        ),
        Transition(
            Action.REFER,
            frozenset({Status.UNDER_REVIEW}),
            Status.REFERRED,
            STAFF,
            gettext_lazy("Refer to an agency"),
            takes_files=True,
            takes_letter=True,
        ),
        Transition(
            Action.AGENCY_ACCEPT,
            frozenset({Status.REFERRED}),
            Status.IN_PROGRESS,
            STAFF,
            gettext_lazy("Record that the agency accepted"),
            takes_files=True,
            takes_letter=True,
        ),
        Transition(
            Action.AGENCY_DECLINE,
            frozenset({Status.REFERRED}),
            Status.UNDER_REVIEW,
            STAFF,
            gettext_lazy("Record that the agency declined"),
            needs_note=True,
            takes_files=True,
            takes_letter=True,
        ),
        Transition(
            Action.RESOLVE,
            frozenset({Status.UNDER_REVIEW, Status.REFERRED, Status.IN_PROGRESS}),
            Status.RESOLVED,
            STAFF,
            gettext_lazy("Mark as resolved"),
            needs_note=True,
            takes_files=True,
            takes_letter=True,
        ),
        Transition(
            Action.REJECT,
            frozenset({Status.SUBMITTED, Status.UNDER_REVIEW, Status.AWAITING_INFO}),
            Status.REJECTED,
            STAFF,
            gettext_lazy("Reject"),
            needs_note=True,
        ),
        Transition(
            Action.CONFIRM,
            frozenset({Status.RESOLVED}),
            Status.CLOSED,
            NGO,
            gettext_lazy("Confirm the resolution"),
        ),
        Transition(
            Action.REOPEN,
            frozenset({Status.RESOLVED}),
            Status.UNDER_REVIEW,
            NGO,
            gettext_lazy("Reopen"),
            needs_note=True,
            takes_files=True,
        ),
        Transition(
            Action.CLOSE,
            frozenset({Status.RESOLVED, Status.REJECTED}),
            Status.CLOSED,
            STAFF,
            gettext_lazy("Close"),
        ),
        Transition(
            Action.MARK_DUPLICATE,
            frozenset(OPEN_STATES),
            Status.CLOSED,
            STAFF,
            gettext_lazy("Mark as a duplicate"),
        ),
    ]
}


def reopen_closes_at(report: IssueReport) -> datetime.datetime | None:
    """When the NGO may no longer reopen the report's resolution; None if it is not resolved."""
    if report.status != Status.RESOLVED:
        return None
    return report.status_changed_at + datetime.timedelta(days=REOPEN_WINDOW_DAYS)
