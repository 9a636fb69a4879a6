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
BY_NAME = {d.name: d for d in DEFINITIONS}
