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
from reports.models import Agency, IssueReport
from reports.selectors import get_report_for_user
from workspace.models import Activity, ActivityFile, ActivityKind, Referral
from workspace.services.months import last_ended_month

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
    "facilitator",  # office staff of Urmia's office (office_a)
    "khoy_facilitator",  # office staff of Khoy's office (office_b)
]
OFFICIALS = ["official", "readonly_official", "urmia_official", "khoy_official"]
LOGGED_IN = [r for r in ROLES if r != "anonymous"]
LOGIN = "login"  # a redirect to the login page, keeping where the user wanted to go
ADMIN_LOGIN = "admin-login"  # a redirect to the admin's login page


def every(answer, **exceptions):
    return {role: exceptions.get(role, answer) for role in ROLES}


# Neither officials nor administrators: an official's page refuses them (403).
NOT_OFFICIALS = {
    "manager_a": 403,
    "manager_b": 403,
    "no_role_user": 403,
    "facilitator": 403,
    "khoy_facilitator": 403,
}
# Out of reach of a user who only works in an office: as if it did not exist.
NO_STAFF = {"facilitator": 404, "khoy_facilitator": 404}


def office_work(which, **exceptions):
    """A page of one office's work: its own staff and the officials who cover its county
    (and administrators); everyone else is answered as if it did not exist."""
    other_county = {"a": "khoy", "b": "urmia"}[which]
    staff, other_staff = ("facilitator", "khoy_facilitator")[:: 1 if which == "a" else -1]
    answers = every(
        404,
        anonymous=LOGIN,
        official=200,
        readonly_official=200,
        admin_user=200,
        **{f"{'urmia' if which == 'a' else 'khoy'}_official": 200, staff: 200},
    )
    assert other_county and other_staff  # the others' answer is the default, 404
    return {**answers, **exceptions}


def office_change(which, staff_answer=200, **exceptions):
    """Writing an office's records: its staff; officials may read but are refused (403)."""
    own_county = "urmia_official" if which == "a" else "khoy_official"
    return office_work(
        which,
        official=403,
        readonly_official=403,
        **{own_county: 403},
        **({"facilitator" if which == "a" else "khoy_facilitator": staff_answer}),
        **exceptions,
    )


# Pages of the project (not the admin): URL name -> expected answer per role.
PAGES = {
    "home": every(302, anonymous=LOGIN, no_role_user=200),
    "healthz": every(200),
    "favicon": every(302),  # to the icon's static file
    "dashboard": every(200, anonymous=LOGIN, **NOT_OFFICIALS),
    "definitions": every(200, anonymous=LOGIN, **NOT_OFFICIALS),
    "ngo_home:a": every(
        200, anonymous=LOGIN, khoy_official=404, manager_b=404, no_role_user=404, **NO_STAFF
    ),
    "ngo_home:b": every(
        200, anonymous=LOGIN, urmia_official=404, manager_a=404, no_role_user=404, **NO_STAFF
    ),
    "office_list": every(200, anonymous=LOGIN, **NOT_OFFICIALS),
    "ngo_list": every(200, anonymous=LOGIN, **NOT_OFFICIALS),
    "agency_detail": every(200, anonymous=LOGIN, **NOT_OFFICIALS),
    **{
        f"{name}:{which}": every(
            200,
            anonymous=LOGIN,
            **NOT_OFFICIALS,
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
        200, anonymous=LOGIN, khoy_official=404, manager_b=404, no_role_user=404, **NO_STAFF
    ),
    "report_detail:b": every(
        200, anonymous=LOGIN, urmia_official=404, manager_a=404, no_role_user=404, **NO_STAFF
    ),
    "report_act:a": every(405, anonymous=LOGIN),
    "report_comment:a": every(405, anonymous=LOGIN),
    "report_assign:a": every(405, anonymous=LOGIN),
    "report_extend:a": every(405, anonymous=LOGIN),  # only a POST extends
    "report_support:a": every(405, anonymous=LOGIN),  # only a POST supports
    **{
        f"report_similar:{which}": every(
            404,
            anonymous=LOGIN,
            official=403,
            readonly_official=403,
            admin_user=403,
            **{f"manager_{which}": 200, f"{county}_official": 403},
        )
        for which, county in (("a", "urmia"), ("b", "khoy"))
    },
    # Meetings and the demands raised in them: officials of the scope, the NGOs present.
    "meeting_list": every(
        200, anonymous=LOGIN, no_role_user=403, facilitator=403, khoy_facilitator=403
    ),
    "meeting_new": every(
        200,
        anonymous=LOGIN,
        readonly_official=403,
        manager_a=403,
        manager_b=403,
        no_role_user=403,
        facilitator=403,
        khoy_facilitator=403,
    ),
    **{
        f"{name}:{which}": every(
            200,
            anonymous=LOGIN,
            no_role_user=404,
            **NO_STAFF,
            **{f"{county}_official": 404, f"manager_{other}": 404},
        )
        for name in ("meeting_detail", "meeting_file", "demand_detail")
        for which, other, county in (("a", "b", "khoy"), ("b", "a", "urmia"))
    },
    **{
        f"meeting_edit:{which}": every(
            200,
            anonymous=LOGIN,
            readonly_official=403,
            no_role_user=404,
            **NO_STAFF,
            **{f"{county}_official": 404, f"manager_{which}": 403, f"manager_{other}": 404},
        )
        for which, other, county in (("a", "b", "khoy"), ("b", "a", "urmia"))
    },
    "meeting_demand_new:a": every(
        200,
        anonymous=LOGIN,
        readonly_official=403,
        khoy_official=404,
        manager_a=403,
        manager_b=404,
        no_role_user=404,
        **NO_STAFF,
    ),
    "ngo_demand_new:a": every(
        200,
        anonymous=LOGIN,
        readonly_official=403,
        khoy_official=404,
        manager_b=404,
        no_role_user=404,
        **NO_STAFF,
    ),
    "demand_list": every(
        200, anonymous=LOGIN, no_role_user=403, facilitator=403, khoy_facilitator=403
    ),
    "demand_act:a": every(405, anonymous=LOGIN),
    "demand_report:a": every(405, anonymous=LOGIN),
    "demand_dashboard": every(200, anonymous=LOGIN, **NOT_OFFICIALS),
    "monthly_reports": every(200, anonymous=LOGIN, **NOT_OFFICIALS),
    "monthly_report_download:a": every(200, anonymous=LOGIN, khoy_official=404, **NOT_OFFICIALS),
    "monthly_report_download:b": every(200, anonymous=LOGIN, urmia_official=404, **NOT_OFFICIALS),
    # Excel imports: administrators only.
    "import_list": every(403, anonymous=LOGIN, admin_user=200),
    "import_template": every(403, anonymous=LOGIN, admin_user=200),
    "import_detail": every(403, anonymous=LOGIN, admin_user=200),
    "import_confirm": every(405, anonymous=LOGIN),  # only a POST imports
    "attachment_download:a": every(
        200, anonymous=LOGIN, khoy_official=404, manager_b=404, no_role_user=404, **NO_STAFF
    ),
    "attachment_download:b": every(
        200, anonymous=LOGIN, urmia_official=404, manager_a=404, no_role_user=404, **NO_STAFF
    ),
    # The NGO's self-service: its own managers only; officials who see the NGO are refused.
    **{
        f"{name}:{which}": every(
            403,
            anonymous=LOGIN,
            no_role_user=404,
            **NO_STAFF,
            **{f"manager_{which}": 200, f"manager_{other}": 404, f"{county}_official": 404},
        )
        for name in ("ngo_profile", "licence_upload")
        for which, other, county in (("a", "b", "khoy"), ("b", "a", "urmia"))
    },
    "ngo_profile_confirm:a": every(405, anonymous=LOGIN),  # only a POST confirms
    "licence_review:a": every(405, anonymous=LOGIN),  # only a POST verifies or returns
    "licence_document:a": every(
        200, anonymous=LOGIN, khoy_official=404, manager_b=404, no_role_user=404, **NO_STAFF
    ),
    "licence_document:b": every(
        200, anonymous=LOGIN, urmia_official=404, manager_a=404, no_role_user=404, **NO_STAFF
    ),
    # The offices' workspace: an office's staff keep it; officials of its county read it.
    "workspace": every(
        404, anonymous=LOGIN, facilitator=302, khoy_facilitator=302
    ),  # on to one's own office
    **{
        f"{name}:{which}": office_work(which)
        for name in (
            "office_workspace",
            "premises_request",
            "activity_list",
            "activity_file",
            "referral_list",
            "facilitator_list",
            "return_list",
            "return_month",
        )
        for which in ("a", "b")
    },
    **{
        f"{name}:{which}": office_change(which)
        for name in (
            "activity_new",
            "activity_edit",
            "activity_delete",
            "referral_new",
            "referral_edit",
        )
        for which in ("a", "b")
    },
    # As an NGO's form: for the office's staff only, not even administrators (who enter
    # reports received on paper in the admin).
    **{f"office_report_new:{which}": office_change(which, admin_user=403) for which in "ab"},
    # The list of facilitators is kept by the office's manager, not by every facilitator.
    **{
        f"{name}:{which}": office_change(which, staff_answer=403)
        for name in ("facilitator_new", "facilitator_edit")
        for which in ("a", "b")
    },
    "premises_act:a": every(405, anonymous=LOGIN),  # only a POST takes a step
    "return_act:a": every(405, anonymous=LOGIN),  # only a POST submits or reviews
    "return_queue": every(200, anonymous=LOGIN, **NOT_OFFICIALS),
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


OFFICE_PAGES = {
    "office_workspace",
    "premises_request",
    "premises_act",
    "activity_list",
    "activity_new",
    "activity_edit",
    "activity_delete",
    "activity_file",
    "referral_list",
    "referral_new",
    "referral_edit",
    "facilitator_list",
    "facilitator_new",
    "facilitator_edit",
    "return_list",
    "return_month",
    "return_act",
    "office_report_new",
}


def office_page_url(name, office):
    """A page of the office's workspace, with a record of the office's where it needs one."""
    if name in ("activity_edit", "activity_delete", "activity_file"):
        activity = office.activities.first() or Activity.objects.create(
            office=office,
            held_on=datetime.date(2026, 10, 1),
            kind=ActivityKind.objects.order_by("pk").first(),
            topic="جلسه‌ی محله",
            neighbourhood=office.neighbourhoods.first(),
            women=5,
        )
        if name != "activity_file":
            return reverse(name, args=[office.pk, activity.pk])
        photo = activity.files.first() or ActivityFile.objects.create(
            activity=activity, file=SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n" + b"0" * 32)
        )
        return reverse(name, args=[office.pk, activity.pk, photo.pk])
    if name == "referral_edit":
        referral = office.referrals.first() or Referral.objects.create(
            office=office,
            referred_on=datetime.date(2026, 10, 1),
            agency=Agency.objects.order_by("pk").first(),
            service="بیمه‌ی سلامت",
        )
        return reverse(name, args=[office.pk, referral.pk])
    if name == "facilitator_edit":
        person = office.facilitators.first() or office.facilitators.create(name="زهرا رسولی")
        return reverse(name, args=[office.pk, person.pk])
    if name in ("return_month", "return_act"):
        return reverse(name, args=[office.pk, *last_ended_month()])
    return reverse(name, args=[office.pk])


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
    if name in (
        "ngo_home",
        "report_new",
        "report_similar",
        "ngo_profile",
        "ngo_profile_confirm",
        "licence_upload",
    ):
        return reverse(name, args=[world[f"ngo_{which}"].pk])
    if name in ("licence_review", "licence_document"):
        ngo = world[f"ngo_{which}"]
        return reverse(name, args=[ngo.pk, uploaded_licence(ngo).pk])
    if name in ("report_detail", "report_act", "report_comment", "report_assign", "report_extend"):
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
    if name in ("meeting_detail", "meeting_edit", "meeting_demand_new"):
        return reverse(name, args=[world[f"meeting_{which}"].pk])
    if name == "meeting_file":
        meeting = world[f"meeting_{which}"]
        return reverse(name, args=[meeting.pk, meeting.files.get().pk])
    if name in ("demand_detail", "demand_act", "demand_report"):
        return reverse(name, args=[world[f"demand_{which}"].pk])
    if name == "report_support":
        return reverse(name, args=[world[f"ngo_{which}"].pk, world[f"report_{which}"].pk])
    if name == "monthly_report_download":
        return reverse(name, args=[world[f"monthly_report_{which}"].pk])
    if name == "ngo_demand_new":
        return reverse(name, args=[world[f"ngo_{which}"].pk])
    if name in OFFICE_PAGES:
        return office_page_url(name, world[f"office_{which}"])
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
