"""Every dashboard figure, defined once (DESIGN.md §3 "Figures, defined once").

Each figure has a name, a label and a sentence saying how it is counted; pages
show the sentence beside the number and the definitions page lists them all.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Definition:
    name: str
    label: Promise
    how: Promise


DEFINITIONS = [
    Definition(
        "active_offices", _("Active offices"), _("Facilitation offices whose status is active.")
    ),
    Definition(
        "offices_without_premises",
        _("Offices without dedicated premises"),
        _("Active offices whose premises are shared, temporary or none."),
    ),
    Definition(
        "active_ngos",
        _("Active NGOs"),
        _("NGOs whose status is active, whatever their licence says."),
    ),
    Definition(
        "licences_expiring",
        _("NGOs whose licence expires within 60 days"),
        _("Active NGOs whose latest licence expires from today to 60 days from today."),
    ),
    Definition(
        "licences_expired",
        _("NGOs with an expired licence"),
        _(
            "Active NGOs whose latest licence expired before today, with no later licence "
            "still valid."
        ),
    ),
    Definition(
        "open_reports",
        _("Open reports"),
        _("Reports not resolved, rejected or closed, and not marked as a duplicate."),
    ),
    Definition(
        "overdue_referrals",
        _("Overdue referrals"),
        _("Reports referred or in progress whose agency's due date is before today."),
    ),
    Definition(
        "late_against_first_due",
        _("Late against the first due date"),
        _(
            "Referrals referred or in progress whose first due date is before today, and "
            "the agency's answers (acceptance or refusal) given in the period after the first "
            "due date of their referral. An extension moves the due date, not the first one: "
            "a referral extended and answered after its first due date counts here, not among "
            "the overdue."
        ),
    ),
    Definition(
        "median_days_to_resolve",
        _("Median days to resolve"),
        _(
            "For the reports first resolved in the period: the days from submission to the "
            "first move to resolved; the middle value (half took less, half more)."
        ),
    ),
    Definition(
        "reports_in_period",
        _("Reports in the period"),
        _("Reports submitted in the period (Tehran time), duplicates included."),
    ),
    Definition(
        "neighbourhood_without_office",
        _("Neighbourhood without an office"),
        _("No active facilitation office serves it."),
    ),
    Definition(
        "referrals_received",
        _("Referrals received"),
        _("Times a report was referred to the agency in the period."),
    ),
    Definition(
        "referrals_accepted",
        _("Accepted"),
        _("Times the agency accepted a referral in the period."),
    ),
    Definition(
        "referrals_declined",
        _("Declined"),
        _("Times the agency declined a referral in the period."),
    ),
    Definition(
        "median_days_to_answer",
        _("Median days to answer"),
        _(
            "From the referral to the agency's acceptance or refusal, for answers given in the period."
        ),
    ),
]
DEFINITIONS.append(
    Definition(
        "median_days_to_first_response",
        _("Median days to the office's first response"),
        _(
            "From submission to the social affairs office's first step on the report "
            "(starting its review, or rejecting it); the middle value."
        ),
    )
)
# The offices' work (the office page and the dashboard's offices section).
DEFINITIONS += [
    Definition(
        "office_month",
        _("An office's month"),
        _(
            "The last 12 Jalali months, the current one included. A month's figures are "
            "those of its accepted monthly return (while a correction is under way, of the "
            "version last accepted); for a month without an accepted return "
            "(in progress, not submitted, submitted and awaiting review, or sent back) they "
            "are the activities and referrals recorded so far, shown as not yet accepted. A "
            "month's return is overdue from the 6th of the next month; a month that ended "
            "before the office opened owes none."
        ),
    ),
    Definition(
        "office_attendance",
        _("Attendance"),
        _(
            "People who attended the month's activities: women, men and children, added up "
            "over the activities (a person who came twice is counted twice)."
        ),
    ),
    Definition(
        "office_activities_by_kind",
        _("Activities by kind"),
        _(
            "Activities held in the 12 months, per kind, counted as for an office's month: "
            "from the accepted returns, else from the activities recorded."
        ),
    ),
    Definition(
        "office_referrals_by_agency",
        _("Residents referred to agencies"),
        _(
            "Residents the office referred to each agency in the 12 months, counted as for an "
            "office's month: from the accepted returns, else from the referrals recorded. "
            "These are people sent to an agency for a service, not reports referred to "
            "agencies."
        ),
    ),
    Definition(
        "returns_month_due",
        _("The month whose returns are due"),
        _(
            "The last Jalali month that has ended (the month before today's); its returns are "
            "due by the 5th of the current month."
        ),
    ),
    Definition(
        "returns_accepted",
        _("Returns accepted"),
        _(
            "Active offices whose return for the month due has been accepted by an official; "
            "while a correction of an accepted return is under way, the office still counts "
            "here (once) and its accepted figures stand until the correction is accepted."
        ),
    ),
    Definition(
        "returns_awaiting_review",
        _("Returns awaiting review"),
        _("Active offices whose first return for the month due is submitted and not yet reviewed."),
    ),
    Definition(
        "returns_overdue",
        _("Overdue returns"),
        _(
            "From the 6th of the month on: active offices, opened before the month due ended, "
            "with no return for it submitted or accepted (none at all, one being written, or "
            "one sent back and not submitted again). Before the 6th no return is overdue; "
            "those still missing are shown as not yet due."
        ),
    ),
    Definition(
        "premises_wait",
        _("Waiting for dedicated premises"),
        _(
            "Active offices whose premises are not dedicated. The wait is counted in days "
            "from the day the office has been without dedicated premises: the date its "
            "present premises date from, else the day it opened; unknown when neither date "
            "is recorded. Asking for premises does not shorten the wait: the date of the "
            "office's open premises request is shown beside it."
        ),
    ),
]
BY_NAME = {d.name: d for d in DEFINITIONS}
