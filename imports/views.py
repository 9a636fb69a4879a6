"""Pages of the Excel imports: the templates, the upload, the preview and the history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from offices.paging import paginate

from .forms import UploadForm
from .models import ImportRun
from .reading import FileRefused
from .services import KINDS, import_confirm, import_upload, may_import
from .workbook import build_template

# Rows of the preview on one page: the rows with errors come first.
PREVIEW_PAGE_SIZE = 100
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _admin_only(request):
    if not may_import(request.user):
        raise PermissionDenied(_("Imports are for administrators."))


@login_required
def import_list(request):
    """Download a template, upload a filled one, and see the imports made so far."""
    _admin_only(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                run = import_upload(
                    user=request.user,
                    kind=form.cleaned_data["kind"],
                    uploaded=form.cleaned_data["file"],
                )
        except FileRefused as error:
            form.add_error("file", str(error))
        else:
            return redirect("import_detail", run.pk)
    runs = ImportRun.objects.select_related("created_by", "confirmed_by").defer("rows")
    context = {"form": form, "kinds": ImportRun.Kind.choices, **paginate(request, runs, 20)}
    return render(request, "imports/list.html", context, status=400 if form.errors else 200)


@login_required
def import_template(request, kind):
    """Download the empty template for one kind of import."""
    _admin_only(request)
    if kind not in KINDS:
        raise Http404
    module = KINDS[kind]
    # The template is a Persian document, whatever the page's language.
    with translation.override("fa"):
        content = build_template(
            module.columns(), module.allowed_values(), str(ImportRun.Kind(kind).label)
        )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="import-{kind}.xlsx"'
    return response


@login_required
def import_detail(request, pk):
    """See what a file will do, row by row, follow its progress, and confirm the import."""
    _admin_only(request)
    run = get_object_or_404(ImportRun.objects.select_related("created_by", "confirmed_by"), pk=pk)
    order = {"error": 0, "new": 1, "update": 2, "unchanged": 3}
    rows = sorted(run.rows, key=lambda r: (order.get(r["outcome"], 9), r["row"]))
    context = {"run": run, **paginate(request, rows, PREVIEW_PAGE_SIZE)}
    return render(request, "imports/detail.html", context)


@login_required
@require_POST
def import_confirm_view(request, pk):
    """Import a checked file: every row, or none."""
    _admin_only(request)
    run = get_object_or_404(ImportRun, pk=pk)
    try:
        with transaction.atomic():
            run = import_confirm(user=request.user, run=run)
    except FileRefused as error:
        messages.error(request, str(error))
        return redirect("import_detail", run.pk)
    if run.status == ImportRun.Status.DONE:
        messages.success(request, _("The file was imported."))
    elif run.status == ImportRun.Status.INVALID:
        messages.error(request, _("Nothing was imported: some rows have errors now."))
    return redirect("import_detail", run.pk)
