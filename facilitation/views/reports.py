"""Report pages: the NGO's form, the lists and triage queue, a report's page and its actions."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from offices.formatting import digits_for_reader
from offices.text import isolate
from reports.forms import AssignForm, CommentForm, ReportFilterForm, ReportForm, TransitionForm
from reports.models import REFERRAL_STATES, IssueReport, Status
from reports.services import report_assign, report_comment, report_submit
from reports.workflow import (
    TRANSITIONS,
    Action,
    ReportChanged,
    TransitionError,
    allowed_transitions,
    report_transition,
)

from .. import roles
from ..figures import start_of_day
from .paging import paginate

PAGE_SIZE = 25


def filtered_reports(request):
    """The user's reports narrowed by the filters in the query string; (form, queryset)."""
    user = request.user
    form = ReportFilterForm(request.GET or None, counties=roles.counties_for(user))
    reports = roles.reports_for(user)
    if not form.is_bound:
        return form, reports
    if not form.is_valid():
        return form, reports.none()
    data = form.cleaned_data
    today = timezone.localdate()
    queue = data.get("queue")
    if queue == "open":
        reports = reports.open()
    elif queue == "new":
        reports = reports.filter(status=Status.SUBMITTED)
    elif queue == "mine":
        reports = reports.filter(assigned_to=user)
    elif queue == "awaiting":
        reports = reports.filter(status=Status.AWAITING_INFO)
    elif queue == "referred":
        reports = reports.filter(status__in=REFERRAL_STATES)
    elif queue == "overdue":
        reports = reports.overdue(today)
    for field in ("status", "severity"):
        if data.get(field):
            reports = reports.filter(**{field: data[field]})
    for field in ("category", "county", "agency"):
        if data.get(field):
            reports = reports.filter(**{f"{field}_id": data[field].pk})
    for field in ("neighbourhood", "ngo"):
        if data.get(field):
            reports = reports.filter(**{f"{field}_id": data[field]})
    if data.get("office"):  # reports from the neighbourhoods an office serves
        reports = reports.filter(neighbourhood__offices=data["office"])
    if data.get("submitted_from"):
        reports = reports.filter(submitted_at__gte=start_of_day(data["submitted_from"]))
    if data.get("submitted_to"):
        next_day = data["submitted_to"] + timezone.timedelta(days=1)
        reports = reports.filter(submitted_at__lt=start_of_day(next_day))
    if data.get("q"):
        q = data["q"]
        reports = reports.filter(
            Q(reference__icontains=q) | Q(title__icontains=q) | Q(ngo__name__icontains=q)
        )
    return form, reports


@login_required
def report_list(request):
    """Find reports: an NGO's own list, or the officials' triage queue with its filters."""
    access = roles.access_for(request.user)
    if not (access.is_official or access.is_manager):
        raise PermissionDenied
    form, reports = filtered_reports(request)
    reports = reports.select_related("ngo", "category", "county", "agency", "assigned_to").order_by(
        "-submitted_at", "-pk"
    )
    return render(
        request,
        "reports/list.html",
        {
            "form": form,
            **paginate(request, reports, PAGE_SIZE),
            "access": access,
            "today": timezone.localdate(),
            "can_bulk": access.can_act_on_reports,
            "bulk_officials": _officials_for(request.user) if access.can_act_on_reports else [],
            "agencies": TransitionForm().fields["agency"].queryset,
        },
    )


def _officials_for(user, county_id=None):
    """Officials a report may be given to: active, not read-only, and able to open it
    (provincial, or of the report's county); for a queue, those of the user's scope."""
    access = roles.access_for(user)
    if county_id is None and access.role == roles.Role.COUNTY:
        county_id = access.county_id
    users = get_user_model().objects.filter(is_active=True, official__read_only=False)
    if county_id is not None:
        users = users.filter(Q(official__county_id=county_id) | Q(official__level="province"))
    return users.order_by("username")


@login_required
def report_new(request, ngo_pk):
    """Submit a new report for your NGO, with up to five attachments."""
    ngo = roles.get_ngo_for_user(request.user, ngo_pk)
    if not roles.may_submit_report(request.user, ngo):
        raise PermissionDenied
    form = ReportForm(request.POST or None, request.FILES or None, ngo=ngo)
    if request.method == "POST" and form.is_valid():
        key = form.cleaned_data["submission_key"]
        earlier = IssueReport.objects.filter(submission_key=key, ngo=ngo).first()
        if earlier is not None:  # the same form sent twice (a double click)
            return redirect("report_detail", pk=earlier.pk)
        fields = {k: form.cleaned_data[k] for k in ReportForm.Meta.fields}
        try:
            report = report_submit(
                ngo=ngo,
                submitted_by=request.user,
                files=form.cleaned_data["files"],
                submission_key=key,
                **fields,
            )
        except IntegrityError:
            earlier = IssueReport.objects.filter(submission_key=key, ngo=ngo).first()
            if earlier is None:
                raise
            return redirect("report_detail", pk=earlier.pk)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("Your report was received. Its reference number is %(reference)s.")
                % {"reference": isolate(digits_for_reader(report.reference))},
            )
            return redirect("report_detail", pk=report.pk)
    return render(request, "reports/new.html", {"form": form, "ngo": ngo})


def _add_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@login_required
def report_detail(request, pk):
    """Read a report and its timeline, and take the next step that is yours to take."""
    return _render_detail(request, pk)


def _render_detail(request, pk, refused=None, status=200):
    """The report's page; `refused` is a step's form sent back with what was typed and why not."""
    report = roles.get_report_for_user(
        request.user,
        pk,
        IssueReport.objects.select_related(
            "ngo",
            "category",
            "county",
            "neighbourhood",
            "office",
            "agency",
            "assigned_to",
            "submitted_by",
            "duplicate_of",
        ),
    )
    access = roles.access_for(request.user)
    events = report.events.select_related("actor", "agency", "suggested_agency").order_by(
        "created_at", "pk"
    )
    if not access.is_official:
        events = events.filter(visible_to_ngo=True)
    role = roles.workflow_role(request.user, report)
    transitions = allowed_transitions(report, role) if role else []
    today = timezone.localdate()
    due_default = today + timezone.timedelta(days=report.category.default_due_days)
    context = {
        "report": report,
        "events": events,
        "attachments": report.attachments.all(),
        "duplicates": roles.reports_for(request.user, report.duplicates.all()),
        "original_visible": report.duplicate_of_id is not None
        and roles.reports_for(request.user).filter(pk=report.duplicate_of_id).exists(),
        "transitions": [
            {
                "transition": t,
                "form": refused
                if refused is not None and refused.prefix == t.action
                else TransitionForm(
                    initial={
                        "action": t.action,
                        "seen_status": report.status,
                        "due_on": due_default,
                    },
                    prefix=t.action,
                ),
            }
            for t in transitions
        ],
        "comment_form": CommentForm() if role else None,
        "assign_form": AssignForm(
            initial={"assignee": report.assigned_to_id},
            officials=_officials_for(request.user, report.county_id),
        )
        if role and role != "ngo_manager"
        else None,
        "is_official": access.is_official,
        "is_overdue": report.is_overdue(today),
    }
    return render(request, "reports/detail.html", context, status=status)


def _show_errors(request, error):
    for message in error.messages:
        messages.error(request, message)


def _acting_role(request, report):
    role = roles.workflow_role(request.user, report)
    if role is None:
        raise PermissionDenied
    return role


@login_required
@require_POST
def report_act(request, pk):
    """Make one move along the workflow: review, ask, answer, refer, resolve, confirm…"""
    report = roles.get_report_for_user(request.user, pk)
    role = _acting_role(request, report)
    action = request.POST.get("action", "")
    if action not in TRANSITIONS:
        messages.error(request, _("Unknown action."))
        return redirect("report_detail", pk=report.pk)
    # Each action's form on the report page carries its own prefix.
    form = TransitionForm(request.POST, prefix=action, reports=roles.reports_for(request.user))
    if not form.is_valid():
        # The page again, with what was typed and each error beside its field.
        return _render_detail(request, report.pk, refused=form, status=400)
    data = form.cleaned_data
    # The report as the person saw it: a change by someone else since then is refused.
    seen = IssueReport.objects.get(pk=report.pk)
    seen.status = data["seen_status"]
    try:
        report_transition(
            report=seen,
            action=action,
            actor=request.user,
            role=role,
            note=data.get("note") or "",
            agency=data.get("agency"),
            due_on=data.get("due_on"),
            duplicate_of=data.get("duplicate_of"),
            suggested_agency=data.get("suggested_agency"),
        )
    except ReportChanged as error:
        _show_errors(request, error)  # the step no longer fits the report: reload it
    except TransitionError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error.messages)
        return _render_detail(request, report.pk, refused=form, status=400)
    else:
        messages.success(request, _("Done: %(action)s.") % {"action": TRANSITIONS[action].label})
    return redirect("report_detail", pk=report.pk)


@login_required
@require_POST
def report_comment_view(request, pk):
    """Add a comment to the shared timeline, or an internal note for officials."""
    report = roles.get_report_for_user(request.user, pk)
    role = _acting_role(request, report)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            report_comment(
                report=report,
                actor=request.user,
                role=role,
                text=form.cleaned_data["text"],
                internal=form.cleaned_data["internal"],
            )
        except TransitionError as error:
            _show_errors(request, error)
        else:
            messages.success(request, _("Your comment was added."))
    else:
        messages.error(request, _("Write the comment first."))
    return redirect("report_detail", pk=report.pk)


@login_required
@require_POST
def report_assign_view(request, pk):
    """Give the report to yourself or a colleague to follow."""
    report = roles.get_report_for_user(request.user, pk)
    role = _acting_role(request, report)
    form = AssignForm(request.POST, officials=_officials_for(request.user, report.county_id))
    if form.is_valid():
        try:
            report_assign(
                report=report, actor=request.user, assignee=form.cleaned_data["assignee"], role=role
            )
        except TransitionError as error:
            _show_errors(request, error)
        else:
            messages.success(request, _("The report's assignment was saved."))
    else:
        messages.error(request, _("Choose an official from the list."))
    return redirect("report_detail", pk=report.pk)


@login_required
@require_POST
def report_bulk(request):
    """Assign or refer several reports of the queue at once."""
    access = roles.access_for(request.user)
    if not access.can_act_on_reports:
        raise PermissionDenied
    ids = [int(i) for i in request.POST.getlist("selected") if i.isdigit()]
    reports = list(roles.reports_for(request.user).filter(pk__in=ids).select_related("ngo"))
    back = request.POST.get("next") or ""
    target = back if back.startswith("/reports/") else "/reports/"
    if not reports:
        messages.error(request, _("Select at least one report."))
        return redirect(target)
    operation = request.POST.get("operation")
    done, failed = 0, []
    if operation == "assign":
        form = AssignForm(request.POST, officials=_officials_for(request.user))
        if not form.is_valid():
            messages.error(request, _("Choose an official from the list."))
            return redirect(target)
        assignee = form.cleaned_data["assignee"]
        for report in reports:
            label = isolate(digits_for_reader(report.reference))
            can_open = _officials_for(request.user, report.county_id).filter(
                pk=getattr(assignee, "pk", None)
            )
            if assignee is not None and not can_open.exists():
                failed.append(f"{label}: " + _("this official cannot open reports of this county."))
                continue
            try:
                report_assign(
                    report=report,
                    actor=request.user,
                    assignee=assignee,
                    role=roles.workflow_role(request.user, report),
                )
                done += 1
            except TransitionError as error:
                failed.append(f"{label}: {error.messages[0]}")
    elif operation == "refer":
        form = TransitionForm(
            {"action": Action.REFER, "seen_status": Status.UNDER_REVIEW, **request.POST.dict()}
        )
        if (
            not form.is_valid()
            or not form.cleaned_data.get("agency")
            or not form.cleaned_data.get("due_on")
        ):
            messages.error(request, _("Choose the agency and the due date for the referral."))
            return redirect(target)
        if form.cleaned_data["due_on"] < timezone.localdate():
            messages.error(request, _("The due date cannot be in the past."))
            return redirect(target)
        for report in reports:
            try:
                role = roles.workflow_role(request.user, report)
                # Triaged and referred in one go: both steps, or neither.
                with transaction.atomic():
                    if report.status == Status.SUBMITTED:
                        report_transition(
                            report=report, action=Action.START_REVIEW, actor=request.user, role=role
                        )
                    report_transition(
                        report=report,
                        action=Action.REFER,
                        actor=request.user,
                        role=role,
                        note=form.cleaned_data.get("note") or "",
                        agency=form.cleaned_data["agency"],
                        due_on=form.cleaned_data["due_on"],
                    )
                done += 1
            except TransitionError as error:
                failed.append(
                    f"{isolate(digits_for_reader(report.reference))}: {error.messages[0]}"
                )
    else:
        messages.error(request, _("Unknown action."))
        return redirect(target)
    if done:
        messages.success(request, _("%(n)d reports were updated.") % {"n": done})
    for failure in failed:
        messages.warning(request, failure)
    return redirect(target)


@login_required
def attachment_download(request, pk, attachment_pk):
    """Download a report's attachment, if you may see the report."""
    report = roles.get_report_for_user(request.user, pk)
    attachment = get_object_or_404(report.attachments, pk=attachment_pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=attachment.original_name)
