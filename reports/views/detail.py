"""A report's page: its timeline, the next steps that are the user's, comments and assignment."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import (
    acting_role,
    assignable_officials,
    may_assign,
    sees_internal_events,
)

from ..forms import AssignForm, CommentForm, TransitionForm, add_validation_errors
from ..models import IssueReport
from ..selectors import get_report_for_actor, get_report_for_user
from ..services import report_assign, report_comment
from ..workflow import (
    STAFF,
    TRANSITIONS,
    ReportChanged,
    TransitionError,
    allowed_transitions,
    report_transition,
)


@login_required
def report_detail(request, pk):
    """Read a report and its timeline, and take the next step that is yours to take."""
    return _render_detail(request, pk)


def _render_detail(request, pk, refused=None, status=200):
    """The report's page; `refused` is a step's form sent back with what was typed and why not."""
    user = request.user
    report = get_report_for_user(
        user,
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
    events = report.events.select_related("actor", "agency", "suggested_agency").order_by(
        "created_at", "pk"
    )
    if not sees_internal_events(user):
        events = events.filter(visible_to_ngo=True)
    visible = IssueReport.objects.visible_to(user)
    role = acting_role(user, report)
    transitions = allowed_transitions(report, role) if role else []
    today = timezone.localdate()
    due_default = today + timezone.timedelta(days=report.category.default_due_days)
    context = {
        "report": report,
        "events": events,
        "attachments": report.attachments.all(),
        "duplicates": report.duplicates.all().visible_to(user),
        "original_visible": report.duplicate_of_id is not None
        and visible.filter(pk=report.duplicate_of_id).exists(),
        "transitions": [
            {
                "transition": t,
                "form": refused
                if refused is not None and refused.prefix == t.action
                else TransitionForm(
                    initial={
                        "action": t.action,
                        "seen_version": report.version,
                        "due_on": due_default,
                    },
                    prefix=t.action,
                    by_staff=role in STAFF,
                ),
            }
            for t in transitions
        ],
        "comment_form": CommentForm() if role else None,
        "assign_form": AssignForm(
            initial={"assignee": report.assigned_to_id},
            officials=assignable_officials(report.county_id),
        )
        if may_assign(user, report)
        else None,
        "is_official": sees_internal_events(user),
        "is_overdue": report.is_overdue(today),
    }
    return render(request, "reports/detail.html", context, status=status)


def _show_errors(request, error):
    for message in error.messages:
        messages.error(request, message)


@login_required
@require_POST
def report_act(request, pk):
    """Make one move along the workflow: review, ask, answer, refer, resolve, confirm…"""
    report, role = get_report_for_actor(request.user, pk)
    action = request.POST.get("action", "")
    if action not in TRANSITIONS:
        messages.error(request, _("Unknown action."))
        return redirect("report_detail", pk=report.pk)
    # Each action's form on the report page carries its own prefix.
    form = TransitionForm(
        request.POST,
        prefix=action,
        reports=IssueReport.objects.visible_to(request.user),
        by_staff=role in STAFF,
    )
    if not form.is_valid():
        # The page again, with what was typed and each error beside its field.
        return _render_detail(request, report.pk, refused=form, status=400)
    data = form.cleaned_data
    try:
        report_transition(
            report=report,
            action=action,
            actor=request.user,
            # The report as the person saw it: a change by someone else since then is refused.
            seen_version=data["seen_version"],
            note=data.get("note") or "",
            internal_note=data.get("internal_note") or "",
            agency=data.get("agency"),
            due_on=data.get("due_on"),
            duplicate_of=data.get("duplicate_of"),
            suggested_agency=data.get("suggested_agency"),
        )
    except ReportChanged as error:
        _show_errors(request, error)  # the step no longer fits the report: reload it
    except TransitionError as error:
        add_validation_errors(form, error)
        return _render_detail(request, report.pk, refused=form, status=400)
    else:
        messages.success(request, _("Done: %(action)s.") % {"action": TRANSITIONS[action].label})
    return redirect("report_detail", pk=report.pk)


@login_required
@require_POST
def report_comment_view(request, pk):
    """Add a comment to the shared timeline, or an internal note for officials."""
    report, _role = get_report_for_actor(request.user, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            report_comment(
                report=report,
                actor=request.user,
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
    report, _role = get_report_for_actor(request.user, pk)
    form = AssignForm(request.POST, officials=assignable_officials(report.county_id))
    if form.is_valid():
        try:
            report_assign(report=report, actor=request.user, assignee=form.cleaned_data["assignee"])
        except TransitionError as error:
            _show_errors(request, error)
        else:
            messages.success(request, _("The report's assignment was saved."))
    else:
        messages.error(request, _("Choose an official from the list."))
    return redirect("report_detail", pk=report.pk)


@login_required
def attachment_download(request, pk, attachment_pk):
    """Download a report's attachment, if you may see the report."""
    report = get_report_for_user(request.user, pk)
    attachment = get_object_or_404(report.attachments, pk=attachment_pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=attachment.original_name)
