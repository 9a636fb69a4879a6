"""One page of a list, and the list's filters to keep in its page links."""

from django.core.paginator import Paginator


def paginate(request, queryset, per_page: int) -> dict:
    """{"page": the requested page (the last if past the end), "query": the other filters}."""
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {"page": page, "query": query.urlencode()}
