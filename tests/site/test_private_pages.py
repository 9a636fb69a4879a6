"""On a shared office computer, nothing a signed-in person saw stays in a cache."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def private(response):
    directives = {d.strip() for d in response.headers.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives and "public" not in directives


def test_pages_attachments_and_exports_of_a_signed_in_user_are_not_cached(
    client, official, manager_a, make_report
):
    report = make_report(files=[SimpleUploadedFile("a.png", PNG)])
    attachment = report.attachments.get()
    client.force_login(official)
    for url in (
        reverse("dashboard"),
        reverse("report_list"),
        reverse("report_detail", args=[report.pk]),
        reverse("attachment_download", args=[report.pk, attachment.pk]),
        reverse("report_export_csv"),
        reverse("report_export_xlsx"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert private(response), (url, response.headers.get("Cache-Control"))
    client.force_login(manager_a)
    assert private(client.get(reverse("ngo_home", args=[report.ngo_id])))
