from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ngos.models import NGO, Licence
from reports.models import OPEN_STATES, REFERRAL_STATES

from . import roles
from .forms import NGOContactForm


class LoginView(auth_views.LoginView):
    """Log in; says so when a session ended for being idle."""

    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # A session cookie that no longer opens a session, on the way to a page.
        from django.conf import settings

        context["session_ended"] = bool(
            self.request.GET.get("next")
            and settings.SESSION_COOKIE_NAME in self.request.COOKIES
            and not self.request.user.is_authenticated
        )
        return context


def locked_out(request, response=None, credentials=None):
    """Told, in your language, that logins are paused after too many wrong passwords."""
    from django.conf import settings

    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "lockout_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "registration/locked_out.html", context, status=429)


@login_required
def home(request):
    """Go on to what your role lets you do: the dashboard, or your NGO's page."""
    access = roles.access_for(request.user)
    if access.is_official:
        return redirect("dashboard")
    if len(access.ngo_ids) == 1:
        return redirect("ngo_home", pk=next(iter(access.ngo_ids)))
    managed_ngos = list(roles.ngos_for(request.user).with_licence_status().order_by("name"))
    return render(
        request, "home.html", {"managed_ngos": managed_ngos, "today": timezone.localdate()}
    )


@login_required
def dashboard(request):
    """See the main figures of your county or of the province."""
    if not roles.may_view_dashboards(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    reports = roles.reports_for(request.user)
    figures = reports.aggregate(
        open_reports=Count("pk", filter=Q(status__in=OPEN_STATES, duplicate_of__isnull=True)),
        overdue=Count("pk", filter=Q(status__in=REFERRAL_STATES, due_on__lt=today)),
        submitted=Count("pk", filter=Q(status="submitted")),
    )
    offices = roles.offices_for(request.user).aggregate(
        active=Count("pk", filter=Q(status="active")),
        without_premises=Count("pk", filter=Q(status="active") & ~Q(premises="dedicated")),
    )
    ngos = roles.ngos_for(request.user)
    licences = Licence.objects.filter(ngo__in=ngos)
    figures.update(
        active_offices=offices["active"],
        offices_without_premises=offices["without_premises"],
        active_ngos=ngos.filter(status=NGO.Status.ACTIVE).count(),
        licences_expiring=licences.expiring_soon(today).count(),
    )
    access = roles.access_for(request.user)
    county = roles.counties_for(request.user).first() if access.role == roles.Role.COUNTY else None
    return render(
        request,
        "facilitation/dashboard.html",
        {"figures": figures, "county": county, "access": access, "today": today},
    )


@login_required
def ngo_home(request, pk):
    """See an NGO's registry record and licences; its managers keep its contact details current."""
    ngo = roles.get_ngo_for_user(
        request.user,
        pk,
        NGO.objects.with_licence_status().select_related("county").prefetch_related("fields"),
    )
    can_edit = roles.may_edit_ngo_contact(request.user, ngo)
    form = None
    if can_edit:
        form = NGOContactForm(request.POST or None, instance=ngo)
        if request.method == "POST" and form.is_valid():
            form.save()
            messages.success(request, _("The NGO's contact details were saved."))
            return redirect("ngo_home", pk=ngo.pk)
    elif request.method == "POST":
        raise PermissionDenied
    licences = Licence.objects.filter(ngo=ngo).select_related("authority").with_status()
    return render(
        request,
        "ngos/home.html",
        {"ngo": ngo, "form": form, "licences": licences, "today": timezone.localdate()},
    )
