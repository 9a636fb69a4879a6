from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from offices.collation import persian_order

from .access import access_for, ngos_for
from .addresses import address_is_blocked, reset_requests_allowed


class LoginView(auth_views.LoginView):
    """Log in; says so when a session ended for being idle."""

    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # A session cookie that no longer opens a session, on the way to a page.
        context["session_ended"] = bool(
            self.request.GET.get("next")
            and settings.SESSION_COOKIE_NAME in self.request.COOKIES
            and not self.request.user.is_authenticated
        )
        return context

    def post(self, request, *args, **kwargs):
        # Many wrong passwords from one address, whatever the usernames: paused too.
        if address_is_blocked(request):
            return locked_out(request)
        return super().post(request, *args, **kwargs)


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a password-reset link by email; a few times an hour from one address."""

    def form_valid(self, form):
        if not reset_requests_allowed(self.request):
            form.add_error(
                None,
                _(
                    "Too many password-reset requests from this computer. "
                    "Try again in an hour, or ask the system administrator."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


def locked_out(request, response=None, credentials=None):
    """Told, in your language, that logins are paused after too many wrong passwords."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "lockout_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "registration/locked_out.html", context, status=429)


@login_required
def home(request):
    """Go on to what your role lets you do: the dashboard, your office's workspace, or your
    NGO's page."""
    access = access_for(request.user)
    if access.is_official:
        return redirect("dashboard")
    if access.office_id is not None:  # even if they also manage NGOs: the office comes first
        return redirect("office_workspace", pk=access.office_id)
    if len(access.ngo_ids) == 1:
        return redirect("ngo_home", pk=next(iter(access.ngo_ids)))
    managed_ngos = list(
        ngos_for(request.user).with_licence_status().order_by(persian_order("name"))
    )
    return render(
        request, "home.html", {"managed_ngos": managed_ngos, "today": timezone.localdate()}
    )
