from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.access import access_for


def interface(request):
    """The navigation links this user may follow (only pages that exist and are theirs).

    Lazy: pages that do not draw the project's header (the admin) pay nothing for it.
    """
    return {"nav_links": SimpleLazyObject(lambda: _nav_links(request))}


def _nav_links(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    access = access_for(user)
    links = []
    if access.is_official:
        links.append((_("Dashboard"), reverse("dashboard")))
        links.append((_("Reports"), reverse("report_list")))
        links.append((_("Offices"), reverse("office_list")))
        links.append((_("Monthly returns"), reverse("return_queue")))
        links.append(
            (pgettext("menu", "NGOs"), reverse("ngo_list"))
        )  # short: the menu fits one line
        links.append((_("Meetings"), reverse("meeting_list")))
    else:
        if access.office_id is not None:
            links.append((_("My office"), reverse("office_workspace", args=[access.office_id])))
        if access.ngo_ids or access.office_id is not None:
            links.append((_("Our reports"), reverse("report_list")))
        if access.ngo_ids:
            links.append((_("Meetings"), reverse("meeting_list")))
    if len(access.ngo_ids) == 1:
        links.append((_("My NGO"), reverse("ngo_home", args=[next(iter(access.ngo_ids))])))
    elif access.ngo_ids:
        links.append((_("My NGOs"), reverse("home")))
    if user.is_superuser:
        links.append((_("Import from Excel"), reverse("import_list")))
        links.append((_("Administration"), reverse("admin:index")))
    links.append((_("Change password"), reverse("password_change")))
    path = request.path
    # The demands are reached from the meetings' page: its link stays lit on them.
    also = {reverse("meeting_list"): reverse("demand_list")}
    return [
        {
            "label": label,
            "url": url,
            "active": path == url
            or (url != "/" and path.startswith(url))
            or (url in also and path.startswith(also[url])),
        }
        for label, url in links
    ]
