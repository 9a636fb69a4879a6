from django.urls import path

from .views import dashboard, demands, lists, monthly, ngo, ngo_self, places

urlpatterns = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/definitions/", dashboard.definitions, name="definitions"),
    path("dashboard/demands/", demands.demand_dashboard, name="demand_dashboard"),
    path("dashboard/monthly/", monthly.monthly_reports, name="monthly_reports"),
    path(
        "dashboard/monthly/<int:pk>/pdf/",
        monthly.monthly_report_download,
        name="monthly_report_download",
    ),
    path("counties/<int:pk>/", places.county_detail, name="county_detail"),
    path("neighbourhoods/<int:pk>/", places.neighbourhood_detail, name="neighbourhood_detail"),
    path("offices/", lists.office_list, name="office_list"),
    path("offices/<int:pk>/", places.office_detail, name="office_detail"),
    path("agencies/<int:pk>/", places.agency_detail, name="agency_detail"),
    path("ngos/", lists.ngo_list, name="ngo_list"),
    path("ngos/<int:pk>/", ngo.ngo_home, name="ngo_home"),
    path("ngos/<int:pk>/profile/", ngo_self.ngo_profile, name="ngo_profile"),
    path(
        "ngos/<int:pk>/profile/confirm/", ngo_self.ngo_profile_confirm, name="ngo_profile_confirm"
    ),
    path("ngos/<int:pk>/licences/new/", ngo_self.licence_upload, name="licence_upload"),
    path(
        "ngos/<int:pk>/licences/<int:licence_pk>/review/",
        ngo_self.licence_review,
        name="licence_review",
    ),
    path(
        "ngos/<int:pk>/licences/<int:licence_pk>/document/",
        ngo_self.licence_document,
        name="licence_document",
    ),
]
