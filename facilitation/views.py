from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from ngos.models import NGO


@login_required
def home(request):
    """See who you are here and go on to what your role lets you do."""
    managed_ngos = list(
        NGO.objects.filter(managers=request.user).with_licence_status().order_by("name")
    )
    return render(
        request,
        "home.html",
        {"managed_ngos": managed_ngos, "today": timezone.localdate()},
    )
