"""Admin for reports, their timeline and attachments, and the lists they refer to.

Status changes are not made here: they go through `reports.workflow`, which
writes each one on the report's timeline. Reports can number in the hundreds
of thousands, so their lists count rows once rather than twice, never list
related tables whole, and select what each row shows in the same query.
"""

from . import lists, reports  # noqa: F401 - each registers its models on import
