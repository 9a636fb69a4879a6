"""The permission matrix: every URL the project has, for every role, with the answer expected.

URLs are discovered from the URL resolver, so a page added later fails
`test_every_url_has_an_expected_answer` until its answers are written here.
"""

import datetime

import pytest
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from accounts import access
from imports.models import ImportRun
from ngos.models import NGO, Licence, LicensingAuthority
from reports.models import IssueReport
from reports.selectors import get_report_for_user

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "official",
    "readonly_official",
    "urmia_official",
    "khoy_official",
    "manager_a",
    "manager_b",
    "admin_user",
    "no_role_user",
]
OFFICIALS = ["official", "readonly_official", "urmia_official", "khoy_official"]
LOGGED_IN = [r for r in ROLES if r != "anonymous"]
LOGIN = "login"  # a redirect to the login page, keeping where the user wanted to go
ADMIN_LOGIN = "admin-login"  # a redirect to the admin's login page


def every(answer, **exceptions):
    return {role: exceptions.get(role, answer) for role in ROLES}


# Pages of the project (not the admin): URL name -> expected answer per role.
PAGES = {
    "home": every(302, anonymous=LOGIN, no_role_user=200),
    "healthz": every(200),
    "favicon": every(302),  # to the icon's static file
    "dashboard": every(200, anonymous=LOGIN, manager_a=403, manager_b=403, no_role_user=403),
    "definitions": every(200, anonymous=LOGIN, manager_a=403, manager_b=403, no_role_user=403),
    "ngo_home:a": every(200, anonymous=LOGIN, khoy_official=404, manager_b=404, no_role_user=404),
    "ngo_home:b": every(200, anonymous=LOGIN, urmia_official=404, manager_a=404, no_role_user=404),
    "office_list": every(200, anonymous=LOGIN, manager_a=403, manager_b=403, no_role_user=403),
    "ngo_list": every(200, anonymous=LOGIN, manager_a=403, manager_b=403, no_role_user=403),
    "agency_detail": every(200, anonymous=LOGIN, manager_a=403, manager_b=403, no_role_user=403),
    **{
        f"{name}:{which}": every(
            200,
            anonymous=LOGIN,
            manager_a=403,
            manager_b=403,
            no_role_user=403,
            **{f"{other}_official": 404},
        )
        for name in ("county_detail", "neighbourhood_detail", "office_detail")
        for which, other in (("a", "khoy"), ("b", "urmia"))
    },
    "login": every(302, anonymous=200),
    "logout": every(405),  # only a POST logs out
    "password_change": every(200, anonymous=LOGIN),
    "password_change_done": every(200, anonymous=LOGIN),
    "password_reset": every(200),
    "password_reset_done": every(200),
    "password_reset_confirm": every(200),  # a tampered link: a page saying it cannot be used
    "password_reset_complete": every(200),
    "set_language": every(302),  # a GET just goes back; the switch posts
    "report_new:a": every(
        404,
        anonymous=LOGIN,
        manager_a=200,
        official=403,
        readonly_official=403,
        urmia_official=403,
        admin_user=403,
    ),
    "report_new:b": every(
        404,
        anonymous=LOGIN,
        manager_b=200,
        official=403,
        readonly_official=403,
        khoy_official=403,
        admin_user=403,
    ),
    "report_list": every(200, anonymous=LOGIN, no_role_user=403),
    "report_export_csv": every(200, anonymous=LOGIN, no_role_user=403),
    "report_export_xlsx": every(200, anonymous=LOGIN, no_role_user=403),
    "report_bulk": every(405, anonymous=LOGIN),  # only a POST acts
    "report_detail:a": every(
        200, anonymous=LOGIN, khoy_official=404, manager_b=404, no_role_user=404
    ),
    "report_detail:b": every(
        200, anonymous=LOGIN, urmia_official=404, manager_a=404, no_role_user=404
    ),
    "report_act:a": every(405, anonymous=LOGIN),
    "report_comment:a": every(405, anonymous=LOGIN),
    "report_assign:a": every(405, anonymous=LOGIN),
    # Excel imports: administrators only.
    "import_list": every(403, anonymous=LOGIN, admin_user=200),
    "import_template": every(403, anonymous=LOGIN, admin_user=200),
    "import_detail": every(403, anonymous=LOGIN, admin_user=200),
    "import_confirm": every(405, anonymous=LOGIN),  # only a POST imports
    "attachment_download:a": every(
        200, anonymous=LOGIN, khoy_official=404, manager_b=404, no_role_user=404
    ),
    "attachment_download:b": every(
        200, anonymous=LOGIN, urmia_official=404, manager_a=404, no_role_user=404
    ),
    # The NGO's self-service: its own managers only; officials who see the NGO are refused.
    **{
        f"{name}:{which}": every(
            403,
            anonymous=LOGIN,
            no_role_user=404,
            **{f"manager_{which}": 200, f"manager_{other}": 404, f"{county}_official": 404},
        )
        for name in ("ngo_profile", "licence_upload")
        for which, other, county in (("a", "b", "khoy"), ("b", "a", "urmia"))
    },
    "ngo_profile_confirm:a": every(405, anonymous=LOGIN),  # only a POST confirms
    "licence_review:a": every(405, anonymous=LOGIN),  # only a POST verifies or returns
    "licence_document:a": every(
        200, anonymous=LOGIN, khoy_official=404, manager_b=404, no_role_user=404
    ),
    "licence_document:b": every(
        200, anonymous=LOGIN, urmia_official=404, manager_a=404, no_role_user=404
    ),
}


def uploaded_licence(ngo):
    """A renewed licence the NGO sent, awaiting verification, with its scanned document."""
    licence = ngo.licences.filter(verification=Licence.Verification.AWAITING).first()
    if licence is None:
        licence = Licence.objects.create(
            ngo=ngo,
            authority=LicensingAuthority.objects.order_by("pk").first(),
            number=f"N-{ngo.pk}",
            issued_on=datetime.date(2025, 1, 1),
            expires_on=datetime.date(2030, 1, 1),
            verification=Licence.Verification.AWAITING,
            document=SimpleUploadedFile("licence.pdf", b"%PDF-1.4 scan"),
            document_name="پروانه.pdf",
        )
    return licence


def walk(patterns, namespace=None, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(
                pattern.url_patterns, pattern.namespace or namespace, prefix + str(pattern.pattern)
            )
        else:
            name = pattern.name or "?"
            yield (f"{namespace}:{name}" if namespace else name), prefix + str(pattern.pattern)


URLS = list(walk(get_resolver().url_patterns))
ADMIN_URLS = [(name, route) for name, route in URLS if name.startswith("admin:")]


def test_every_url_has_an_expected_answer():
    for name, _route in URLS:
        if name.startswith("admin:"):
            continue  # the admin's pages are all checked below
        assert name in PAGES or f"{name}:a" in PAGES, f"no expected answers for {name}"


@pytest.fixture
def users(request, ngo_a, ngo_b):
    """Every named user, by role name; anonymous is None."""
    return {role: None if role == "anonymous" else request.getfixturevalue(role) for role in ROLES}


def answer(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    if response.status_code == 302:
        location = response.headers["Location"]
        if location.startswith(f"{reverse('login')}?next="):
            return LOGIN
        if location.startswith(f"{reverse('admin:login')}?next="):
            return ADMIN_LOGIN
    return response.status_code


def page_url(key, world):
    name, _, which = key.partition(":")
    if name in ("ngo_home", "report_new", "ngo_profile", "ngo_profile_confirm", "licence_upload"):
        return reverse(name, args=[world[f"ngo_{which}"].pk])
    if name in ("licence_review", "licence_document"):
        ngo = world[f"ngo_{which}"]
        return reverse(name, args=[ngo.pk, uploaded_licence(ngo).pk])
    if name in ("report_detail", "report_act", "report_comment", "report_assign"):
        return reverse(name, args=[world[f"report_{which}"].pk])
    if name == "attachment_download":
        report = world[f"report_{which}"]
        return reverse(name, args=[report.pk, report.attachments.get().pk])
    if name in ("county_detail", "neighbourhood_detail", "office_detail"):
        place = name.removesuffix("_detail")
        return reverse(name, args=[world[f"{place}_{which}"].pk])
    if name == "agency_detail":
        return reverse(name, args=[world["agency"].pk])
    if name == "import_template":
        return reverse(name, args=["ngos"])
    if name in ("import_detail", "import_confirm"):
        run = ImportRun.objects.create(
            kind="ngos",
            file="imports/x.xlsx",
            file_name="x.xlsx",
            created_by=world["ngo_a"].managers.get(),
        )
        return reverse(name, args=[run.pk])
    if name == "password_reset_confirm":
        return reverse(name, kwargs={"uidb64": "MQ", "token": "set-password-x"})
    return reverse(name)


@pytest.mark.parametrize("key", PAGES)
def test_project_pages_answer_each_role_as_expected(client, users, world, key):
    url = page_url(key, world)
    got = {role: answer(client, user, url) for role, user in users.items()}
    assert got == PAGES[key], url


# -- the admin: administrators only ---------------------------------------------------


@pytest.fixture
def admin_world(ngo_a, make_report, admin_user, official):
    """One record of every registered model, to fill the admin's object URLs."""
    make_report()
    call_command("seed_demo", "--with-demo-users", verbosity=0)
    Client().post(reverse("login"), {"username": "nobody", "password": "x"})  # a lockout row
    return {model: model._default_manager.order_by("pk").last() for model in admin.site._registry}


def model_of(route):
    """The registered model whose admin pages a route belongs to, if any."""
    for model, model_admin in admin.site._registry.items():
        if f"admin/{model._meta.app_label}/{model._meta.model_name}/" in route:
            return model, model_admin
    return None, None


def admin_url(name, route, objects):
    """A concrete URL for an admin URL pattern, filled from real records (None: nothing to fill)."""
    if route.endswith("(?P<url>.*)$"):
        return "/admin/no-such-page/"
    if name == "admin:app_list":
        return reverse(name, kwargs={"app_label": "ngos"})
    if name == "admin:view_on_site":
        return reverse(name, args=[ContentType.objects.get_for_model(NGO).pk, objects[NGO].pk])
    model, _model_admin = model_of(route)
    if model is None:
        return reverse(name)
    obj = objects[model]
    if name == "admin:?":  # the bare object URL, which redirects to its change page
        return (
            None
            if obj is None
            else f"/admin/{model._meta.app_label}/{model._meta.model_name}/{quote(obj.pk)}/"
        )
    if name.endswith("_simple_history"):
        record = obj and obj.history.order_by("history_id").first()
        return None if record is None else reverse(name, args=[quote(obj.pk), record.history_id])
    if "object_id" in route or "<id>" in route:
        return None if obj is None else reverse(name, args=[quote(obj.pk)])
    return reverse(name)


def expected_for_administrator(name, route, url, request):
    if name == "admin:login":
        return 302  # already logged in: on to the admin's index
    if name == "admin:logout":
        return 405  # only a POST logs out
    if name == "admin:autocomplete":
        return 403  # without saying which field it completes, the request is refused
    if url == "/admin/no-such-page/":
        return 404
    if name in ("admin:view_on_site", "admin:?"):
        return 302
    _model, model_admin = model_of(route)
    if model_admin is not None:
        if name.endswith("_add") and not model_admin.has_add_permission(request):
            return 403
        if name.endswith("_delete") and not model_admin.has_delete_permission(request):
            return 403
    return 200


def expected_for_others(name, role):
    if name == "admin:login":
        return 200  # the admin's login form; non-staff are told it is for staff
    if name == "admin:logout":
        return 302  # not staff: sent to the admin's index, which asks for a staff login
    return ADMIN_LOGIN


def test_admin_answers_administrators_and_refuses_everyone_else(client, users, admin_world, rf):
    request = rf.get("/admin/")
    request.user = users["admin_user"]
    checked = 0
    for name, route in ADMIN_URLS:
        url = admin_url(name, route, admin_world)
        if url is None:
            continue
        checked += 1
        for role, user in users.items():
            if role == "admin_user":
                expected = expected_for_administrator(name, route, url, request)
            else:
                expected = expected_for_others(name, role)
            assert answer(client, user, url) == expected, f"{role} on {url} ({name})"
    assert checked > 80  # every model's list, add, change, delete and history pages


# -- object scope -----------------------------------------------------------------------


def test_manager_b_gets_404_on_every_page_of_ngo_a(client, manager_b, world):
    client.force_login(manager_b)
    for key in PAGES:
        # (Pages of places are for officials only: a manager is refused them all, 403.)
        if key.endswith(":a") and PAGES[key]["manager_b"] != 403:
            url = page_url(key, world)
            assert client.get(url).status_code in (404, 405), url
            assert client.post(url).status_code == 404, url


def test_report_scope_follows_county_and_ngo(
    make_report,
    ngo_a,
    ngo_b,
    manager_b,
    official,
    urmia_official,
    khoy_official,
    admin_user,
    manager_a,
):
    urmia_report = make_report()
    khoy_report = make_report(ngo=ngo_b, submitted_by=manager_b, neighbourhood=None)
    assert set(IssueReport.objects.visible_to(official)) == {urmia_report, khoy_report}
    assert set(IssueReport.objects.visible_to(admin_user)) == {urmia_report, khoy_report}
    assert list(IssueReport.objects.visible_to(urmia_official)) == [urmia_report]
    assert list(IssueReport.objects.visible_to(khoy_official)) == [khoy_report]
    assert list(IssueReport.objects.visible_to(manager_a)) == [urmia_report]
    assert list(IssueReport.objects.visible_to(manager_b)) == [khoy_report]

    from django.http import Http404

    with pytest.raises(Http404):
        get_report_for_user(khoy_official, urmia_report.pk)
    with pytest.raises(Http404):
        get_report_for_user(manager_b, urmia_report.pk)
    with pytest.raises(Http404):  # the same answer for an id that does not exist
        get_report_for_user(manager_b, 10**9)
    assert get_report_for_user(urmia_official, urmia_report.pk) == urmia_report


def test_who_may_act_on_a_report(
    make_report,
    official,
    readonly_official,
    urmia_official,
    khoy_official,
    manager_a,
    manager_b,
    admin_user,
    no_role_user,
):
    from accounts.access import ActingRole as WorkflowRole

    report = make_report()
    assert access.acting_role(official, report) == WorkflowRole.OFFICIAL
    assert access.acting_role(urmia_official, report) == WorkflowRole.OFFICIAL
    assert access.acting_role(admin_user, report) == WorkflowRole.ADMIN
    assert access.acting_role(manager_a, report) == WorkflowRole.NGO_MANAGER
    for outsider in (readonly_official, khoy_official, manager_b, no_role_user):
        assert access.acting_role(outsider, report) is None


def test_ngo_scope(ngo_a, ngo_b, official, urmia_official, khoy_official, manager_a, no_role_user):
    assert set(access.ngos_for(official)) == {ngo_a, ngo_b}
    assert list(access.ngos_for(urmia_official)) == [ngo_a]
    assert list(access.ngos_for(khoy_official)) == [ngo_b]
    assert list(access.ngos_for(manager_a)) == [ngo_a]
    assert not access.ngos_for(no_role_user).exists()
    assert access.may_edit_ngo_contact(manager_a, ngo_a)
    assert not access.may_edit_ngo_contact(official, ngo_a)


def test_inactive_user_has_no_role(official):
    official.is_active = False
    assert access.access_for(official).role == access.Role.ANONYMOUS


def test_county_scope_of_places(urmia_official, official, urmia, office, neighbourhood):
    assert list(access.counties_for(urmia_official)) == [urmia]
    assert access.counties_for(official).count() == 19
    assert list(access.offices_for(urmia_official)) == [office]
    assert list(access.neighbourhoods_for(urmia_official)) == [neighbourhood]
