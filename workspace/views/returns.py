"""Monthly returns: the office's months, one month's return (submit, review, correct), and
the officials' queue of returns to review and returns overdue."""

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.access import (
    get_workspace_office,
    may_review_return,
    may_work_in_office,
    offices_for,
    official_access,
)
from offices.formatting import jalali_month_label
from offices.jalali import month_bounds, shift_month, to_jalali
from offices.models import FacilitationOffice

from ..forms.returns import ReturnForm, SendBackForm
from ..models import MonthlyReturn
from ..services import returns as services
from ..services.months import (
    due_date,
    last_ended_month,
    month_figures,
    month_has_ended,
    return_is_overdue,
)

Status = MonthlyReturn.Status
MONTHS_LISTED = 12  # the office's list shows at least the last twelve months ended
# What a submitted return keeps, as `month_figures` computes it.
FIGURES = (
    "activities",
    "attendance",
    "women",
    "men",
    "children",
    "referrals",
    "by_kind",
    "by_agency",
)

# A change of a return, as its history tells it (by the status it moved to).
HISTORY_LABELS = {
    Status.CORRECTING: gettext_lazy("correction started"),
    Status.SUBMITTED: gettext_lazy("submitted to the governorate"),
    Status.RETURNED: gettext_lazy("sent back to the office"),
    Status.ACCEPTED: gettext_lazy("accepted by the governorate"),
    Status.SUPERSEDED: gettext_lazy("replaced by the accepted correction"),
}


def _label(year: int, month: int) -> str:
    return jalali_month_label(month_bounds(year, month)[0])


def _month_or_404(year: int, month: int) -> None:
    if not (1390 <= year <= 1500 and 1 <= month <= 12):
        raise Http404


def _by_count(figures: dict) -> list[tuple[str, int]]:
    """A name → number figure as rows, largest first."""
    return sorted(figures.items(), key=lambda item: (-item[1], item[0]))


# -- the office's months ---------------------------------------------------------------


@dataclass
class MonthRow:
    year: int
    month: int
    label: str
    due: datetime.date
    ended: bool
    latest: MonthlyReturn | None  # the newest version still counting
    accepted: MonthlyReturn | None  # the version in force, if any
    overdue: bool  # as the dashboard counts it: due, none accepted or awaiting review


@login_required
def return_list(request, pk):
    """See the office's monthly returns, month by month: status, version, on time or late."""
    office = get_workspace_office(request.user, pk)
    today = timezone.localdate()
    now = to_jalali(today)
    months = {shift_month(now.year, now.month, -n) for n in range(MONTHS_LISTED + 1)}
    latest, accepted = {}, {}
    returns = MonthlyReturn.objects.filter(office=office).exclude(status=Status.SUPERSEDED)
    for record in returns.order_by("jalali_year", "jalali_month", "version"):
        key = (record.jalali_year, record.jalali_month)
        months.add(key)
        latest[key] = record  # ordered by version: the last one seen is the newest
        if record.status == Status.ACCEPTED:
            accepted[key] = record
    rows = []
    for key in sorted(months, reverse=True):
        due = due_date(*key)
        rows.append(
            MonthRow(
                *key,
                label=_label(*key),
                due=due,
                ended=month_has_ended(*key, today),
                latest=latest.get(key),
                accepted=accepted.get(key),
                overdue=return_is_overdue(
                    *key,
                    accepted=key in accepted,
                    open_status=latest[key].status if key in latest else None,
                    opened_on=office.opened_on,
                    today=today,
                ),
            )
        )
    context = {"office": office, "rows": rows, "may_work": may_work_in_office(request.user, office)}
    return render(request, "workspace/return_list.html", context)


# -- one month ---------------------------------------------------------------------------


def _history(office, year: int, month: int) -> list[dict]:
    """Each change of the month's versions, oldest first: who, when, what, the comment."""
    records = (
        MonthlyReturn.history.filter(office_id=office.pk, jalali_year=year, jalali_month=month)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    seen: dict[int, str] = {}
    events = []
    for record in records:
        if seen.get(record.id) == record.status:
            continue  # saved again without moving on
        seen[record.id] = record.status
        events.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "version": record.version,
                "status": record.status,
                "what": HISTORY_LABELS.get(record.status, record.get_status_display()),
                "comment": record.review_comment if record.status == Status.RETURNED else "",
            }
        )
    return events


def _month_page(
    request, office, year, month, *, form=None, send_back_form=None, error="", status=200
):
    """The month's page; a form refused, or a refusal's reason, is drawn back into it."""
    user = request.user
    versions = list(
        MonthlyReturn.objects.filter(office=office, jalali_year=year, jalali_month=month)
        .select_related("submitted_by", "reviewed_by")
        .order_by("-version")
    )
    current = next((v for v in versions if v.status != Status.SUPERSEDED), None)
    accepted = next((v for v in versions if v.status == Status.ACCEPTED), None)
    ended, due = month_has_ended(year, month), due_date(year, month)
    # Until a version is submitted, its figures are the month's as recorded so far.
    live = current is None or current.status in (Status.RETURNED, Status.CORRECTING)
    if live:
        figures = month_figures(office.pk, year, month)
    else:
        figures = {name: getattr(current, name) for name in FIGURES}
    may_work = may_work_in_office(user, office)
    may_submit = may_work and ended and live
    if may_submit and form is None:
        form = ReturnForm(
            initial={"narrative": current.narrative, "needs": current.needs} if current else None
        )
    may_review = current is not None and current.status == Status.SUBMITTED
    may_review = may_review and may_review_return(user, office)
    if may_review and send_back_form is None:
        send_back_form = SendBackForm()
    history = _history(office, year, month)
    context = {
        "office": office,
        "year": year,
        "month": month,
        "label": _label(year, month),
        "month_param": f"{year:04d}-{month:02d}",
        "due": due,
        "ended": ended,
        # As the dashboard counts it: due, and none accepted or awaiting review (none at
        # all, or one sent back and not submitted again). Late or on time is another
        # question, judged by the first submission.
        "overdue": return_is_overdue(
            year,
            month,
            accepted=accepted is not None,
            open_status=current.status if current else None,
            opened_on=office.opened_on,
        ),
        "next_month_start": month_bounds(year, month)[1],
        "versions": versions,
        "current": current,
        "accepted": accepted,
        "live": live,
        "figures": figures,
        "by_kind": _by_count(figures["by_kind"]),
        "by_agency": _by_count(figures["by_agency"]),
        "history": history,
        # What the reviewers asked for when they sent the month's return back, newest first.
        "send_backs": [event for event in reversed(history) if event["status"] == Status.RETURNED],
        "may_work": may_work,
        "may_submit": may_submit,
        "may_review": may_review,
        "may_correct": may_work and current is not None and current.status == Status.ACCEPTED,
        "form": form,
        "send_back_form": send_back_form,
        "error": error,
    }
    return render(request, "workspace/return_month.html", context, status=status)


@login_required
def return_month(request, pk, year, month):
    """See a month's return: its figures, its versions and their review; submit it, review
    it or start its correction, as your role allows."""
    _month_or_404(year, month)
    office = get_workspace_office(request.user, pk)
    return _month_page(request, office, year, month)


def _version(office, year, month, post) -> MonthlyReturn:
    """The version the person acted on, as the page showed it."""
    version = post.get("version", "")
    found = MonthlyReturn.objects.filter(
        office=office,
        jalali_year=year,
        jalali_month=month,
        version=int(version) if version.isdigit() else 0,
    ).first()
    if found is None:
        raise ValidationError(_("This version of the return no longer exists: reload the page."))
    found.office = office
    return found


@login_required
@require_POST
def return_act(request, pk, year, month):
    """Submit the month's return, accept it, send it back, or start its correction."""
    _month_or_404(year, month)
    office = get_workspace_office(request.user, pk)
    user, action = request.user, request.POST.get("action")
    if action in ("submit", "correct") and not may_work_in_office(user, office):
        raise PermissionDenied(_("Only the office's own staff can submit or correct its return."))
    if action in ("accept", "send_back") and not may_review_return(user, office):
        raise PermissionDenied(
            _("Only the governorate's officials of the office's county can review its returns.")
        )
    form = send_back_form = None
    try:
        if action == "submit":
            form = ReturnForm(request.POST)
            if not form.is_valid():
                return _month_page(request, office, year, month, form=form, status=400)
            services.return_submit(
                user=user, office=office, year=year, month=month, **form.cleaned_data
            )
            done = _("The return was submitted to the governorate.")
        elif action == "accept":
            services.return_accept(
                user=user, monthly_return=_version(office, year, month, request.POST)
            )
            done = _("The return was accepted and is now locked.")
        elif action == "send_back":
            send_back_form = SendBackForm(request.POST)
            if not send_back_form.is_valid():
                return _month_page(
                    request, office, year, month, send_back_form=send_back_form, status=400
                )
            services.return_send_back(
                user=user,
                monthly_return=_version(office, year, month, request.POST),
                comment=send_back_form.cleaned_data["comment"],
            )
            done = _("The return was sent back to the office with your comment.")
        elif action == "correct":
            services.return_start_correction(
                user=user, monthly_return=_version(office, year, month, request.POST)
            )
            done = _(
                "A correction was started. Change the month's activities or referrals, then "
                "submit the return again; the accepted version stays in force until then."
            )
        else:
            messages.error(request, _("Choose what to do with the return."))
            return redirect("return_month", pk=office.pk, year=year, month=month)
    except ValidationError as error:
        # Refused as the return stands now (a month not ended, already submitted, changed
        # by someone else meanwhile): the page as it is, the reason on top, nothing saved.
        return _month_page(
            request,
            office,
            year,
            month,
            form=form,
            send_back_form=send_back_form,
            error=" ".join(error.messages),
            status=400,
        )
    messages.success(request, done)
    return redirect("return_month", pk=office.pk, year=year, month=month)


# -- the officials' queue ----------------------------------------------------------------


def overdue_month(today: datetime.date) -> tuple[int, int]:
    """The latest month whose return's due day has passed."""
    year, month = last_ended_month(today)
    if today <= due_date(year, month):
        year, month = shift_month(year, month, -1)
    return year, month


@login_required
def return_queue(request):
    """Review the returns the offices of your scope submitted; see which are overdue."""
    official_access(request.user)
    today = timezone.localdate()
    offices = offices_for(request.user)
    in_scope = MonthlyReturn.objects.filter(office__in=offices).select_related(
        "office__county", "submitted_by", "reviewed_by"
    )
    year, month = overdue_month(today)
    # As the dashboard counts them: active offices, opened before the month ended, with no
    # return for it accepted or awaiting review (none, or one sent back and not submitted
    # again).
    submitted = MonthlyReturn.objects.filter(
        status__in=(Status.SUBMITTED, Status.ACCEPTED),
        office=OuterRef("pk"),
        jalali_year=year,
        jalali_month=month,
    )
    month_end = month_bounds(year, month)[1]
    overdue = (
        offices.filter(status=FacilitationOffice.Status.ACTIVE)
        .filter(Q(opened_on__isnull=True) | Q(opened_on__lt=month_end))
        .exclude(Exists(submitted))
        .select_related("county")
        .order_by("county__name", "code")
    )
    context = {
        "awaiting": in_scope.filter(status=Status.SUBMITTED).order_by("submitted_at"),
        "sent_back": in_scope.filter(status=Status.RETURNED).order_by("reviewed_at"),
        "overdue": overdue,
        "overdue_year": year,
        "overdue_month": month,
        "overdue_label": _label(year, month),
        "overdue_due": due_date(year, month),
    }
    return render(request, "workspace/return_queue.html", context)
