"""Emails about monthly returns, in Persian, written to the outbox by the task queue.

The services enqueue `notify_return` with the history record their change wrote, in the
same transaction: a change that is rolled back tells nobody, and the email says what that
change was even if the return has moved on before the worker runs. Each email is keyed by
that record and its recipient, so running the task twice sends nothing twice.

- submitted: the officials who may review it (the county's and the province's, not
  read-only);
- sent back: the office's active staff, with the official's comment;
- accepted: the office's active staff.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django_tasks import task

from accounts.access import officials_told_of_new_reports
from offices.formatting import jalali_month_label
from outbox.messages import send_each

from .models import MonthlyReturn

Status = MonthlyReturn.Status
TEMPLATES = {
    Status.SUBMITTED: "return_submitted",
    Status.RETURNED: "return_sent_back",
    Status.ACCEPTED: "return_accepted",
}


def return_url(monthly_return) -> str:
    path = reverse(
        "return_month",
        args=[monthly_return.office_id, monthly_return.jalali_year, monthly_return.jalali_month],
    )
    return settings.SITE_URL.rstrip("/") + path


def _addresses(users) -> list[str]:
    return sorted({user.email for user in users if user.email})


def recipients(status, office) -> list[str]:
    """Who hears of a return moving to `status`."""
    if status == Status.SUBMITTED:
        officials = officials_told_of_new_reports(office.county_id)
        return _addresses(officials.filter(official__read_only=False))
    staff = get_user_model().objects.filter(
        office_staff__office_id=office.pk, office_staff__active=True, is_active=True
    )
    return _addresses(staff)


@task()
@transaction.atomic
def notify_return(history_id: int) -> int:
    """Write the emails one change of a monthly return calls for (all of them, or none)."""
    record = (
        MonthlyReturn.history.select_related("office__county", "history_user")
        .filter(history_id=history_id)
        .first()
    )
    if record is None or record.status not in TEMPLATES:
        return 0
    addresses = recipients(record.status, record.office)
    if not addresses:
        return 0
    monthly_return = record.instance
    context = {
        "office": record.office,
        "return": monthly_return,
        "month": jalali_month_label(monthly_return.month_start),
        "by": record.history_user,
        "url": return_url(monthly_return),
    }
    return send_each(TEMPLATES[record.status], context, addresses, "monthly-return", history_id)
