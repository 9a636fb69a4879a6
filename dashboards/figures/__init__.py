"""Every figure the dashboards and place pages show, counted in the database.

- `definitions`: what each figure means, written once;
- `scope`: the records a page counts (the user's, a county's, a period's);
- `sql`: medians and grouped counts, one query each;
- `dashboard`: the dashboard's key figures, charts and tables;
- `places`: the figures of one neighbourhood, office or NGO;
- `offices_work`: an office's months of work, and the returns and premises waits per county.
"""

from .dashboard import (
    agency_scorecard,
    key_figures,
    neighbourhood_ranking,
    ngos_by_field,
    offices_by_county,
    offices_chart,
    reports_by_category_and_status,
    reports_by_month,
)
from .definitions import BY_NAME, DEFINITIONS, Definition
from .offices_work import office_months, offices_work
from .places import (
    by_status,
    ngo_figures,
    reports_by_category_with_open,
    with_serving_office,
)
from .scope import Scope, scope_for
from .sql import grouped_counts

__all__ = [
    "BY_NAME",
    "DEFINITIONS",
    "Definition",
    "Scope",
    "agency_scorecard",
    "by_status",
    "grouped_counts",
    "key_figures",
    "neighbourhood_ranking",
    "ngo_figures",
    "ngos_by_field",
    "offices_by_county",
    "offices_chart",
    "office_months",
    "offices_work",
    "reports_by_category_and_status",
    "reports_by_month",
    "reports_by_category_with_open",
    "scope_for",
    "with_serving_office",
]
