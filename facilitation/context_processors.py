from django.urls import reverse
from django.utils.translation import gettext as _


def interface(request):
    """The navigation links this user may follow (only pages that exist and are theirs)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_links": []}
    links = [(_("Home"), reverse("home"))]
    if user.is_superuser:
        links.append((_("Administration"), reverse("admin:index")))
    path = request.path
    return {
        "nav_links": [
            {
                "label": label,
                "url": url,
                "active": path == url or (url != "/" and path.startswith(url)),
            }
            for label, url in links
        ]
    }
