from django.urls import path

from .views import demands, meetings

urlpatterns = [
    path("meetings/", meetings.meeting_list, name="meeting_list"),
    path("meetings/new/", meetings.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/files/<int:file_pk>/", meetings.meeting_file, name="meeting_file"),
    path("meetings/<int:pk>/demands/new/", demands.meeting_demand_new, name="meeting_demand_new"),
    path("demands/", demands.demand_list, name="demand_list"),
    path("demands/<int:pk>/", demands.demand_detail, name="demand_detail"),
    path("demands/<int:pk>/act/", demands.demand_act, name="demand_act"),
    path("demands/<int:pk>/report/", demands.demand_report, name="demand_report"),
    path("ngos/<int:ngo_pk>/demands/new/", demands.ngo_demand_new, name="ngo_demand_new"),
]
