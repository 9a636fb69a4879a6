"""Signals other apps listen to; sent inside the transaction that made the change."""

from django.dispatch import Signal

# Sent with `event` (a ReportEvent) and `report` whenever a report's timeline grows:
# a submission, a transition, a comment, an internal note or an assignment.
report_event_created = Signal()
