"""On PostgreSQL the report search reads a trigram index instead of every report."""

import pytest
from django.db import connection

from reports.models import IssueReport
from reports.selectors import filter_reports

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL index"),
]


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # A test table is tiny: the planner would rightly read it whole, or walk another
        # index in order. Without those, a bitmap scan of an index that matches the
        # search is all that is left: the trigram index, if it serves the search.
        for setting in ("enable_seqscan", "enable_indexscan", "enable_indexonlyscan"):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_a_word_and_a_reference_are_looked_up_in_the_trigram_index(make_report):
    report = make_report(title="کودکان کار در ورودی بازار")
    for query in ("بازار", report.reference):
        found = filter_reports(IssueReport.objects.all(), {"q": query}, user=None)
        assert list(found) == [report]
        assert "report_search_trgm" in plan(found.values("pk")), query
