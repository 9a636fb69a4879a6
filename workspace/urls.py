from django.urls import path

from .views import activities, home, premises, returns

urlpatterns = [
    # -- home.py (the office's workspace) --
    path("workspace/", home.workspace, name="workspace"),
    path("offices/<int:pk>/workspace/", home.office_workspace, name="office_workspace"),
    # -- activities.py (activities, referrals, facilitators) --
    path("offices/<int:pk>/activities/", activities.activity_list, name="activity_list"),
    path("offices/<int:pk>/activities/new/", activities.activity_new, name="activity_new"),
    path(
        "offices/<int:pk>/activities/<int:activity_pk>/edit/",
        activities.activity_edit,
        name="activity_edit",
    ),
    path(
        "offices/<int:pk>/activities/<int:activity_pk>/delete/",
        activities.activity_delete,
        name="activity_delete",
    ),
    path(
        "offices/<int:pk>/activities/<int:activity_pk>/files/<int:file_pk>/",
        activities.activity_file,
        name="activity_file",
    ),
    path("offices/<int:pk>/referrals/", activities.referral_list, name="referral_list"),
    path("offices/<int:pk>/referrals/new/", activities.referral_new, name="referral_new"),
    path(
        "offices/<int:pk>/referrals/<int:referral_pk>/edit/",
        activities.referral_edit,
        name="referral_edit",
    ),
    path("offices/<int:pk>/facilitators/", activities.facilitator_list, name="facilitator_list"),
    path("offices/<int:pk>/facilitators/new/", activities.facilitator_new, name="facilitator_new"),
    path(
        "offices/<int:pk>/facilitators/<int:facilitator_pk>/edit/",
        activities.facilitator_edit,
        name="facilitator_edit",
    ),
    # -- returns.py (monthly returns) --
    path("returns/", returns.return_queue, name="return_queue"),
    path("offices/<int:pk>/returns/", returns.return_list, name="return_list"),
    path(
        "offices/<int:pk>/returns/<int:year>/<int:month>/",
        returns.return_month,
        name="return_month",
    ),
    path(
        "offices/<int:pk>/returns/<int:year>/<int:month>/act/",
        returns.return_act,
        name="return_act",
    ),
    # -- premises.py (premises request) --
    path("offices/<int:pk>/premises/", premises.premises_request, name="premises_request"),
    path("offices/<int:pk>/premises/act/", premises.premises_act, name="premises_act"),
]
