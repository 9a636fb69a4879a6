"""A report's page: its timeline, and one panel with the steps that are the user's to take."""

from collections import defaultdict
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.forms import Form, Media
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.access import (
    ActingRole,
    acting_role,
    assignable_officials,
    may_assign,
    may_open_ngo,
    may_see_report,
    may_submit_report,
    sees_internal_events,
)
from offices.formatting import digits_for_reader

from ..forms import AssignForm, CommentForm, ExtendForm, TransitionForm, add_validation_errors
from ..models import REFERRAL_STATES, IssueReport, Status
from ..referrals import may_extend
from ..selectors import get_report_for_actor, get_report_for_user
from ..services import report_assign, report_comment
from ..supporting import supporters_on_page
from ..workflow import (
    STAFF,
    TRANSITIONS,
    ReportChanged,
    TransitionError,
    allowed_transitions,
    reopen_closes_at,
    report_transition,
)

# The steps that are not moves along the workflow, offered in the same panel.
COMMENT, ASSIGN = "comment", "assign"
COMMENT_LABEL = gettext_lazy("Add a comment")
ASSIGN_LABEL = gettext_lazy("Assign to an official")


@dataclass
class Step:
    """One choice on the report's action panel: its button and the form it opens."""

    key: str
    label: Promise | str
    form: Form
    url: str
    transition: object = None
    open: bool = False
    # The question the step answers (the official's request for information), quoted in its form.
    question: object = None

    @property
    def multipart(self) -> bool:
        return "files" in self.form.fields


@login_required
def report_detail(request, pk):
    """Read a report and its timeline, and take the next step that is yours to take."""
    return _render_detail(request, pk, open_step=request.GET.get("step", ""))


def _render_detail(request, pk, refused=None, open_step="", status=200, overtaken=None):
    """The report's page with the step `open_step` open; `refused` is a step's form sent
    back open, with what was typed and why it was refused (its key is the form's prefix,
    or COMMENT / ASSIGN). `overtaken` is a step (its key and what was typed) refused because
    someone else changed the report meanwhile: its form comes back open with what was typed
    if the step is still possible, else what was typed is shown to be copied."""
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
            "follows",
        ),
    )
    officials_view = sees_internal_events(user)
    events = report.events.select_related("actor", "agency", "suggested_agency").order_by(
        "created_at", "pk"
    )
    attachments = report.attachments.order_by("created_at", "pk")
    if not officials_view:
        events = events.filter(visible_to_ngo=True)
        attachments = attachments.filter(Q(event__isnull=True) | Q(event__visible_to_ngo=True))
    # All the report's files in one query, shared out to the report and its events.
    files_of = defaultdict(list)
    for attachment in attachments:
        files_of[attachment.event_id].append(attachment)
    events = list(events)
    for event in events:
        event.files = files_of.get(event.pk, [])
    # Duplicates of this report and reports that follow it up, in one query.
    related = list(
        IssueReport.objects.visible_to(user)
        .filter(Q(duplicate_of=report) | Q(follows=report))
        .only("pk", "reference", "duplicate_of_id", "follows_id")
    )
    role = acting_role(user, report)
    now = timezone.now()
    reopen_ends = reopen_closes_at(report)
    reopen_closed = reopen_ends is not None and now > reopen_ends
    # Too late to reopen, or closed: the NGO reports the problem again, linked to this report.
    follow_up = (
        role == ActingRole.NGO_MANAGER
        and may_submit_report(user, report.ngo)
        and report.duplicate_of_id is None
        and (reopen_closed or report.status == Status.CLOSED)
    )
    steps = _steps(report, role, user, refused, open_step, overtaken)
    # The NGO's answer quotes the question it answers: the latest request it may read.
    question = next(
        (e for e in reversed(events) if e.action == "request_info" and e.visible_to_ngo), None
    )
    for step in steps:
        if step.key == "provide_info":
            step.question = question
    changed = None
    if overtaken:
        key, typed = overtaken
        still_possible = any(step.key == key for step in steps)
        changed = {
            "kept": still_possible,
            "note": "" if still_possible else typed.get("note") or "",
            "internal_note": "" if still_possible else typed.get("internal_note") or "",
            "files_lost": still_possible and bool(typed.get("files")),
        }
    context = {
        "report": report,
        "events": events,
        "attachments": files_of.get(None, []),
        "duplicates": [r for r in related if r.duplicate_of_id == report.pk],
        "followed_by": [r for r in related if r.follows_id == report.pk],
        "supporters": supporters_on_page(report, events),  # reports/_supporters.html
        "follows_visible": report.follows_id is not None and may_see_report(user, report.follows),
        "original_visible": report.duplicate_of_id is not None
        and IssueReport.objects.visible_to(user).filter(pk=report.duplicate_of_id).exists(),
        "ngo_url": reverse("ngo_home", args=[report.ngo_id])
        if may_open_ngo(user, report.ngo)
        else "",
        "ngo_phone": digits_for_reader(report.ngo.phone) if officials_view else "",
        "steps": steps,
        "transitions": [
            {"transition": st.transition, "form": st.form} for st in steps if st.transition
        ],
        "comment_form": next((st.form for st in steps if st.key == COMMENT), None),
        "assign_form": next((st.form for st in steps if st.key == ASSIGN), None),
        "media": sum((step.form.media for step in steps), Media()),
        "reopen_until": timezone.localdate(reopen_ends) if reopen_ends else None,
        "reopen_closed": reopen_closed,
        "follow_up_url": reverse("report_new", args=[report.ngo_id]) + f"?follows={report.pk}"
        if follow_up
        else "",
        "is_manager": role == ActingRole.NGO_MANAGER,
        "is_official": officials_view,
        "is_overdue": report.is_overdue(timezone.localdate(now)),
        # A due date is a deadline only while the agency has the report.
        "referral_open": report.status in REFERRAL_STATES,
        # An official may give the agency more time (reports/_extend_form.html).
        "extend_form": ExtendForm() if may_extend(report, role) else None,
        "changed": changed,
    }
    return render(request, "reports/detail.html", context, status=status)


def _steps(report, role, user, refused, open_step, overtaken=None) -> list[Step]:
    """The choices on the action panel: each step of the workflow the user may take now,
    then a comment and the assignment; the refused one (else `open_step`) open. The step
    `overtaken` (refused as the report changed meanwhile) is filled in with what was typed,
    against the report as it is now."""
    if role is None:
        return []
    by_staff = role in STAFF
    due_default = timezone.localdate() + timezone.timedelta(days=report.category.default_due_days)
    # A refused step's page opens at the panel, its error in view even without JavaScript.
    act_url = reverse("report_act", args=[report.pk]) + "#act"
    refused_key = refused[0] if refused else None
    typed = overtaken[1] if overtaken else {}
    steps = []
    for transition in allowed_transitions(report, role):
        kept = typed if overtaken and overtaken[0] == transition.action else {}
        form = (
            refused[1]
            if refused_key == transition.action
            else TransitionForm(
                initial={
                    "due_on": due_default,
                    **{k: v for k, v in kept.items() if k != "files" and v not in (None, "")},
                    "action": transition.action,
                    "seen_version": report.version,
                },
                prefix=transition.action,
                by_staff=by_staff,
                transition=transition,
            )
        )
        steps.append(Step(transition.action, transition.label, form, act_url, transition))
    comment_form = refused[1] if refused_key == COMMENT else CommentForm(by_staff=by_staff)
    if not by_staff:
        comment_form.fields.pop("internal", None)
    steps.append(
        Step(
            COMMENT,
            COMMENT_LABEL,
            comment_form,
            reverse("report_comment", args=[report.pk]) + "#act",
        )
    )
    if may_assign(user, report):
        assign_form = (
            refused[1]
            if refused_key == ASSIGN
            else AssignForm(
                initial={"assignee": report.assigned_to_id},
                officials=assignable_officials(report.county_id),
            )
        )
        steps.append(
            Step(
                ASSIGN,
                ASSIGN_LABEL,
                assign_form,
                reverse("report_assign", args=[report.pk]) + "#act",
            )
        )
    wanted = refused_key or (overtaken[0] if overtaken else "") or open_step
    for step in steps:
        step.open = step.key == wanted
    return steps


@login_required
@require_POST
def report_act(request, pk):
    """Make one move along the workflow: review, ask, answer, refer, resolve, confirm…"""
    report, role = get_report_for_actor(request.user, pk)
    action = request.POST.get("action", "")
    if action not in TRANSITIONS:
        messages.error(request, _("Unknown action."))
        return _back_to_top(report)
    # Each action's form on the report page carries its own prefix.
    form = TransitionForm(
        request.POST,
        request.FILES,
        prefix=action,
        reports=IssueReport.objects.visible_to(request.user),
        by_staff=role in STAFF,
        transition=TRANSITIONS[action],
    )
    if not form.is_valid():
        # The page again, the step open, with what was typed and each error beside its field.
        return _render_detail(request, report.pk, refused=(action, form), status=400)
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
            files=data.get("files") or [],
            files_internal=bool(data.get("files_internal")),
            letter_number=data.get("letter_number") or "",
            letter_date=data.get("letter_date"),
        )
    except ReportChanged:
        # Someone else changed the report since this page was opened: the page again, as
        # it is now, and what was typed kept, to decide again.
        typed = {**data, "duplicate_of": getattr(data.get("duplicate_of"), "reference", "")}
        return _render_detail(request, report.pk, overtaken=(action, typed), status=409)
    except TransitionError as error:
        add_validation_errors(form, error)
        return _render_detail(request, report.pk, refused=(action, form), status=400)
    messages.success(request, _("Done: %(action)s.") % {"action": TRANSITIONS[action].label})
    return _back_to_top(report)


def _back_to_top(report):
    """The report's page at its top, where the message about the step is. (The step's form
    was sent to an address ending in #act, which a redirect without its own fragment keeps.)"""
    return redirect(reverse("report_detail", args=[report.pk]) + "#top")


@login_required
@require_POST
def report_comment_view(request, pk):
    """Add a comment to the shared timeline, or an internal note for officials."""
    report, _role = get_report_for_actor(request.user, pk)
    form = CommentForm(request.POST)  # an internal note sent by the NGO is refused by the service
    if form.is_valid():
        try:
            report_comment(
                report=report,
                actor=request.user,
                text=form.cleaned_data["text"],
                internal=form.cleaned_data.get("internal", False),
            )
        except TransitionError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("Your comment was added."))
            return _back_to_top(report)
    return _render_detail(request, report.pk, refused=(COMMENT, form), status=400)


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
            add_validation_errors(form, error)
        else:
            messages.success(request, _("The report's assignment was saved."))
            return _back_to_top(report)
    return _render_detail(request, report.pk, refused=(ASSIGN, form), status=400)


@login_required
def attachment_download(request, pk, attachment_pk):
    """Download a report's attachment, if you may see the report (and the step it came with)."""
    report = get_report_for_user(request.user, pk)
    attachments = report.attachments.all()
    if not sees_internal_events(request.user):  # files of internal notes are for officials
        attachments = attachments.filter(Q(event__isnull=True) | Q(event__visible_to_ngo=True))
    attachment = get_object_or_404(attachments, pk=attachment_pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=attachment.original_name)
