"""Error pages that tell the truth, in the reader's language.

- 500: something failed; the page does not claim to know whether the change was saved.
- 503: the database does not answer; try again in a minute (Retry-After).
- 400: a request the app cannot read (a NUL character, a broken form), with what to do.
- 403 for a CSRF failure: the form was open too long or cookies are blocked.

None of these pages may need the database: they are drawn without the usual context.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 60


def _page(template, status, message="", **headers):
    body = loader.get_template(template).render({"message": message})
    response = HttpResponse(body, status=status, content_type="text/html; charset=utf-8")
    for name, value in headers.items():
        response.headers[name.replace("_", "-")] = value
    return response


def database_unavailable():
    return _page("503.html", 503, Retry_After=str(RETRY_AFTER_SECONDS))


def server_error(request):
    """handler500: a 503 while the database does not answer, else the 500 page."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        return database_unavailable()
    return _page("500.html", 500)


def bad_request(request, exception=None, message=""):
    """handler400, and what NUL characters or other unreadable input get."""
    return _page("400.html", 400, message)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the form's security token did not match."""
    return _page("403_csrf.html", 403)


def nul_refused():
    return _page(
        "400.html",
        400,
        _(
            "The request contains a character that is not allowed (a NUL character). "
            "Remove it and send again."
        ),
    )
