"""The one place that decides what a user may see and do.

Every page and every service asks here: which records are in the user's scope,
and whether the user may perform an action. Pages fetch objects through the
`get_*_for_user` helpers, which answer 404 for anything out of scope — the same
answer as for an id that does not exist, so nothing is revealed. Reports live in
a higher app: their scope is given here as a filter (`report_filter`) and a
per-report answer (`may_see_report`, `acting_role`), which `reports` applies in
`IssueReport.objects.visible_to(user)` and `reports.selectors`.

Roles (DESIGN.md §2):
- administrator: a superuser; sees and does everything, and alone uses the admin;
- provincial official: an `Official` of level province; everything, province-wide;
- county official: an `Official` of level county; the same, limited to one county;
- office staff: an active `OfficeStaff`; their office's workspace, and the reports
  they or their office submitted (an office manager also keeps its facilitators);
- NGO manager: a user in `NGO.managers`; their own NGOs and those NGOs' reports;
- officials may be read-only: they see their scope but change nothing.
"""

from .meetings import (  # noqa: F401
    demand_filter,
    may_answer_demand,
    may_edit_meeting,
    may_note_demand,
    may_raise_demand,
    may_record_meeting,
    may_see_demand,
    meeting_filter,
)
from .offices import (  # noqa: F401
    get_workspace_office,
    may_keep_facilitators,
    may_review_return,
    may_see_office_work,
    may_work_in_office,
)
from .places import (  # noqa: F401
    counties_for,
    get_county_for_user,
    get_neighbourhood_for_user,
    get_ngo_for_user,
    get_office_for_user,
    may_edit_ngo,
    may_edit_ngo_contact,
    may_open_ngo,
    may_review_licence,
    may_view_dashboards,
    neighbourhoods_for,
    ngos_for,
    offices_for,
)
from .reports import (  # noqa: F401
    acting_role,
    assignable_officials,
    may_assign,
    may_be_assigned,
    may_record_report,
    may_see_report,
    may_submit_office_report,
    may_submit_report,
    may_support_report,
    officials_told_of_new_reports,
    officials_who_verify_licences,
    queue_assignees,
    report_filter,
    report_submitters,
    report_supporters,
    sees_internal_events,
    supportable_report_filter,
)
from .roles import (  # noqa: F401
    OFFICIAL_ROLES,
    PROVINCE_WIDE,
    Access,
    ActingRole,
    Role,
    access_for,
    official_access,
)
