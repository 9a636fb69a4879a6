from django.urls import path

from .views import dashboard, lists, ngo, places

urlpatterns = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/definitions/", dashboard.definitions, name="definitions"),
    path("counties/<int:pk>/", places.county_detail, name="county_detail"),
    path("neighbourhoods/<int:pk>/", places.neighbourhood_detail, name="neighbourhood_detail"),
    path("offices/", lists.office_list, name="office_list"),
    path("offices/<int:pk>/", places.office_detail, name="office_detail"),
    path("agencies/<int:pk>/", places.agency_detail, name="agency_detail"),
    path("ngos/", lists.ngo_list, name="ngo_list"),
    path("ngos/<int:pk>/", ngo.ngo_home, name="ngo_home"),
]
