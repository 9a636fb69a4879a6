import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers

from .errors import nul_refused

# Seconds between two refreshes of a session's expiry: the idle timeout is exact
# to this much, and a busy user's session is written at most once in this time.
SESSION_REFRESH_SECONDS = 60
SEEN_KEY = "_last_seen"


class PersianFirstLocaleMiddleware:
    """Persian for everyone unless they chose another language with the switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and
    most office computers here send English; this product is Persian first, so
    only the language cookie (set by the switch) changes the language.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class IdleSessionMiddleware:
    """A session ends after SESSION_COOKIE_AGE seconds without a request.

    Each request of a logged-in user pushes the session's expiry forward, but
    the session is rewritten at most once a minute, not on every request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            if now - request.session.get(SEEN_KEY, 0) >= SESSION_REFRESH_SECONDS:
                request.session[SEEN_KEY] = now
        return self.get_response(request)


@receiver(user_logged_in)
def mark_seen_at_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SEEN_KEY] = int(time.time())


class ContentSecurityPolicyMiddleware:
    """Every response says the browser may load and run only what this site serves.

    No inline script or style attribute is used by the project's pages; Chart.js and
    the forms' scripts are files. A page may set its own policy first (none does).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.CONTENT_SECURITY_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        return response


class PrivatePagesMiddleware:
    """What a signed-in person sees, and every downloaded file, is kept by no cache.

    Office computers are shared: after logging out, the back button or a proxy must
    not show the previous user's pages, attachments or exports.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        download = "attachment" in response.headers.get("Content-Disposition", "")
        if signed_in or download:
            response.headers.pop("Cache-Control", None)
            patch_cache_control(response, private=True, no_store=True)
        return response


class RefuseNulMiddleware:
    """A NUL character anywhere in the path, the query string or a form is refused with
    a message: no database stores it, and no page should meet it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            "\x00" in request.path
            or _has_nul(request.GET)
            or (request.method == "POST" and _has_nul(request.POST))
        ):
            return nul_refused()
        return self.get_response(request)


def _has_nul(query) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in query.lists())
