"""Every form and every list, for every kind of user, fed hostile values: never a 5xx,
nothing written by a refused form, and every refusal explained on the page.

Forms are found on the pages themselves (every page of the permission matrix, as
each role sees it); each editable field is sent each hostile value while the other
fields keep what the page filled in. Lists and exports get the same values in each
of their filters.
"""

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from tests.accounts.test_permissions import PAGES, page_url

pytestmark = pytest.mark.django_db

MEGABYTE = "ب" * 1_000_000
HOSTILE = [
    "<script>alert('x')</script>",
    '=HYPERLINK("http://example.com","x")',
    "a\x00b",
    "۱۴۰۵/۰۹/۰۷",
    "١٢٣",
    "¹²³",
    "1405/09/0²",
    "1405/13/40",
    "1404/12/30",
    "\u200c\u200b\ufeff\u202e\u2066",
    "\u202eعنوان وارونه",
    "99999999999999999999999",
    "-1",
    "' OR 1=1 --",
    MEGABYTE,
]
ROLES = ["anonymous", "manager_a", "official", "readonly_official", "admin_user"]
SKIPPED_ACTIONS = ("/accounts/logout/", "/i18n/setlang/")
MESSAGE = re.compile(r'class="[^"]*(errorlist|alert)[^"]*"|role="alert"')
ERROR = re.compile(r'class="[^"]*(errorlist|alert-danger|alert-warning)[^"]*"|role="alert"')


class Forms(HTMLParser):
    """The POST forms of a page: action, and each field's name, kind and value."""

    def __init__(self):
        super().__init__()
        self.forms, self._form, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._form = {"action": a.get("action") or "", "fields": {}, "editable": []}
            self.forms.append(self._form)
        if self._form is None:
            return
        fields = self._form["fields"]
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    fields[a["name"]] = a.get("value", "on")
            elif kind != "file" and kind != "submit":
                fields[a["name"]] = a.get("value", "")
                if kind != "hidden":
                    self._form["editable"].append(a["name"])
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            fields.setdefault(a["name"], "")
            self._form["editable"].append(a["name"])
        elif tag == "option" and self._select and "selected" in a:
            fields[self._select] = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            fields[a["name"]] = ""
            self._form["editable"].append(a["name"])

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form["fields"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def forms_on(html):
    parser = Forms()
    parser.feed(html)
    return [f for f in parser.forms if not f["action"].startswith(SKIPPED_ACTIONS)]


TABLES = None


def rows():
    """Rows in every table of the project's apps (one query)."""
    global TABLES
    if TABLES is None:
        labels = ("offices", "outbox", "ngos", "accounts", "reports")
        TABLES = [
            m._meta.db_table for label in labels for m in apps.get_app_config(label).get_models()
        ]
    sql = " UNION ALL ".join(f"SELECT COUNT(*) FROM {connection.ops.quote_name(t)}" for t in TABLES)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [n for (n,) in cursor.fetchall()]


def log_in(client, request, role):
    client.logout()
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))


def fuzz_page(client, request, role, url):
    problems = []
    page = client.get(url)
    if page.status_code != 200 or "text/html" not in page.headers.get("Content-Type", ""):
        return problems
    for index, form in enumerate(forms_on(page.text)):
        action = form["action"] or url
        for field in form["editable"]:
            for value in HOSTILE:
                fresh = forms_on(client.get(url).text)  # the page as it is now
                if index >= len(fresh):
                    break
                data = dict(fresh[index]["fields"], **{field: value})
                before = rows()
                response = client.post(action, data, follow=True)
                where = f"{role} {action} {field}={value[:20]!r}"
                if response.status_code >= 500:
                    problems.append(f"{where}: {response.status_code}")
                    continue
                text = response.content.decode("utf-8", "replace")
                written = rows() != before
                if not written and response.status_code != 403 and not MESSAGE.search(text):
                    problems.append(f"{where}: nothing written and nothing said")
                if written and response.status_code >= 400:
                    problems.append(f"{where}: refused ({response.status_code}) but wrote rows")
                log_in(client, request, role)  # a form may have changed the session
    return problems


@pytest.mark.parametrize("role", ROLES)
def test_every_form_refuses_hostile_values_with_a_message_and_never_a_500(
    client,
    request,
    world,
    role,
):
    client.raise_request_exception = False
    log_in(client, request, role)
    problems = []
    seen = set()
    for key in PAGES:
        if PAGES[key][role] != 200:
            continue
        url = page_url(key, world)
        if url in seen or "export" in key or "attachment" in key:
            continue
        seen.add(url)
        problems += fuzz_page(client, request, role, url)
    assert problems == []


LISTS = ["report_list", "report_export_csv", "report_export_xlsx", "office_list", "ngo_list"]
LISTS += ["dashboard", "definitions"]
PARAMETERS = [
    "q", "queue", "status", "category", "county", "neighbourhood", "ngo", "office", "agency",
    "severity", "submitted_from", "submitted_to", "start", "end", "premises", "licence",
    "field", "page",
]  # fmt: skip


def filters_of(client, url):
    """The names of the filters a list's page offers (an export takes its list's)."""
    html = client.get(url).content.decode("utf-8", "replace")
    names = set(re.findall(r'<(?:input|select)[^>]*\sname="([a-z_]+)"', html))
    return sorted((names & set(PARAMETERS)) | {"page"})


@pytest.mark.parametrize("role", ["official", "manager_a"])
def test_every_list_and_export_takes_hostile_filters_without_a_500(
    client,
    request,
    world,
    role,
):
    client.raise_request_exception = False
    client.force_login(request.getfixturevalue(role))
    urls = [reverse(name) for name in LISTS]
    urls.append(reverse("agency_detail", args=[world["agency"].pk]))
    report_filters = filters_of(client, reverse("report_list"))
    problems = []
    for url in urls:
        parameters = report_filters if "export" in url else filters_of(client, url)
        for parameter in parameters:
            for value in HOSTILE[:-1] + ["x" * 5000]:
                response = client.get(url, {parameter: value})
                if response.status_code >= 500:
                    problems.append(f"{url}?{parameter}={value[:20]!r}: {response.status_code}")
    assert problems == []
