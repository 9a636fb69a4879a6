from django.urls import path

from .views import detail, exports, lists, referrals, submit, support

urlpatterns = [
    path("ngos/<int:ngo_pk>/reports/new/", submit.report_new, name="report_new"),
    path(
        "offices/<int:office_pk>/reports/new/", submit.office_report_new, name="office_report_new"
    ),
    path("ngos/<int:ngo_pk>/reports/similar/", support.report_similar, name="report_similar"),
    path(
        "ngos/<int:ngo_pk>/reports/<int:pk>/support/",
        support.report_support,
        name="report_support",
    ),
    path("reports/", lists.report_list, name="report_list"),
    path("reports/bulk/", lists.report_bulk, name="report_bulk"),
    path("reports/export.csv", exports.report_export_csv, name="report_export_csv"),
    path("reports/export.xlsx", exports.report_export_xlsx, name="report_export_xlsx"),
    path("reports/<int:pk>/", detail.report_detail, name="report_detail"),
    path("reports/<int:pk>/act/", detail.report_act, name="report_act"),
    path("reports/<int:pk>/comment/", detail.report_comment_view, name="report_comment"),
    path("reports/<int:pk>/assign/", detail.report_assign_view, name="report_assign"),
    path("reports/<int:pk>/extend/", referrals.report_extend, name="report_extend"),
    path(
        "reports/<int:pk>/attachments/<int:attachment_pk>/",
        detail.attachment_download,
        name="attachment_download",
    ),
]
