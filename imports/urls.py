from django.urls import path

from . import views

urlpatterns = [
    path("imports/", views.import_list, name="import_list"),
    path("imports/templates/<slug:kind>.xlsx", views.import_template, name="import_template"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/confirm/", views.import_confirm_view, name="import_confirm"),
]
