"""Meetings: an official records one with the NGOs and agencies present and its files; who
sees it, who changes it; what the page shows of the demands raised in it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from meetings.models import Demand, Meeting, MeetingFile, MeetingNGO
from meetings.services.meetings import meeting_save
from ngos.models import NGO
from offices.jalali import format_jalali
from reports.models import Agency
from tests.conftest import make_national_id

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def png(name="حضور.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def days_ago(n):
    return timezone.localdate() - datetime.timedelta(days=n)


def record(user, *, county, ngos, agencies=(), files=(), title="نشست با سمن‌ها", held=10):
    return meeting_save(
        user=user,
        fields={
            "held_on": days_ago(held),
            "title": title,
            "kind": Meeting.Kind.WITH_NGOS,
            "place": "سالن جلسات فرمانداری",
            "county": county,
            "chaired_by": "فرماندار",
            "officials_present": "",
            "minutes": "سمن‌ها مشکلات خود را گفتند.",
            "agencies": list(agencies),
        },
        ngos=[(ngo, "مدیرعامل") for ngo in ngos],
        files=list(files),
    )


@pytest.fixture
def meeting_a(official, urmia, ngo_a, agency):
    """A meeting in Urmia attended by ngo_a, with one file."""
    return record(official, county=urmia, ngos=[ngo_a], agencies=[agency], files=[png()])


@pytest.fixture
def meeting_b(official, khoy, ngo_b):
    """A meeting in Khoy attended by ngo_b."""
    return record(official, county=khoy, ngos=[ngo_b], title="نشست خوی")


def form_data(*, county, rows, held=3, **extra):
    """What the meeting form posts: the fields and one row per (NGO, who attended)."""
    data = {
        "held_on": format_jalali(days_ago(held)),
        "title": "نشست صمیمی با سمن‌ها",
        "kind": "with_ngos",
        "place": "سالن استانداری",
        "county": str(county.pk) if county else "",
        "chaired_by": "معاون استاندار",
        "officials_present": "فرماندار ارومیه",
        "minutes": "بیست نفر از مدیران سمن‌ها مشکلات خود را گفتند.",
        "ngos-TOTAL_FORMS": str(len(rows) + 1),
        "ngos-INITIAL_FORMS": "0",
        "ngos-MIN_NUM_FORMS": "0",
        "ngos-MAX_NUM_FORMS": "100",
    }
    for i, (ngo, attended_by) in enumerate([*rows, ("", "")]):
        data[f"ngos-{i}-ngo"] = str(ngo.pk) if ngo else ""
        data[f"ngos-{i}-attended_by"] = attended_by
    data.update(extra)
    return data


def other_ngo(county, serial=9, name="جمعیت امداد محله"):
    return NGO.objects.create(
        name=name, national_id=make_national_id(serial), county=county, members=5
    )


# -- recording ---------------------------------------------------------------------------


def test_official_records_a_meeting_with_ngos_agencies_and_files(
    client, official, urmia, ngo_a, ngo_b, agency
):
    second = Agency.objects.exclude(pk=agency.pk).order_by("pk").first()
    client.force_login(official)
    data = form_data(
        county=None,
        rows=[(ngo_a, "مریم احمدی (مدیرعامل)"), (ngo_b, "")],
        agencies=[str(agency.pk), str(second.pk)],
        files=[png("صورت‌جلسه.png"), png("عکس.png")],
    )
    response = client.post(reverse("meeting_new"), data, follow=True)

    meeting = Meeting.objects.get()
    assert response.redirect_chain[-1][0] == reverse("meeting_detail", args=[meeting.pk])
    assert "نشست ثبت شد." in response.content.decode()
    assert meeting.county is None and meeting.recorded_by == official
    assert set(meeting.agencies.all()) == {agency, second}
    assert dict(meeting.attendance.values_list("ngo__name", "attended_by")) == {
        ngo_a.name: "مریم احمدی (مدیرعامل)",
        ngo_b.name: "",
    }
    assert sorted(meeting.files.values_list("original_name", flat=True)) == [
        "صورت‌جلسه.png",
        "عکس.png",
    ]
    page = response.content.decode()
    for text in (ngo_a.name, "مریم احمدی (مدیرعامل)", agency.name, "صورت‌جلسه.png", "کل استان"):
        assert text in page


def test_the_form_offers_more_rows_and_keeps_what_was_typed(client, official, urmia, ngo_a):
    client.force_login(official)
    data = form_data(county=urmia, rows=[(ngo_a, "مریم احمدی")], more_rows="1")
    response = client.post(reverse("meeting_new"), data)
    assert response.status_code == 200
    rows = response.context["rows"]
    assert rows.total_form_count() == 1 + 5
    page = response.content.decode()
    assert "مریم احمدی" in page and "نشست صمیمی با سمن‌ها" in page
    assert f'<option value="{ngo_a.pk}" selected>' in page
    assert not Meeting.objects.exists()


def test_county_official_is_offered_their_county_and_its_ngos(
    client, urmia_official, urmia, ngo_a, ngo_b
):
    client.force_login(urmia_official)
    response = client.get(reverse("meeting_new"))
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.fields["county"].queryset) == [urmia]
    offered = {value for value, _label in response.context["rows"].forms[0].fields["ngo"].choices}
    assert ngo_a.pk in offered and ngo_b.pk not in offered


def test_county_official_records_their_county_meeting_and_edits_it(
    client, urmia_official, urmia, ngo_a, neighbourhood
):
    client.force_login(urmia_official)
    response = client.post(reverse("meeting_new"), form_data(county=urmia, rows=[(ngo_a, "")]))
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and meeting.county == urmia

    second = other_ngo(urmia)
    edit = form_data(county=urmia, rows=[(second, "دبیر")], title="نشست اصلاح‌شده")
    response = client.post(reverse("meeting_edit", args=[meeting.pk]), edit)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "نشست اصلاح‌شده"
    assert list(meeting.attendance.values_list("ngo", "attended_by")) == [(second.pk, "دبیر")]


def test_edit_removes_files_and_keeps_the_others(client, official, meeting_a, urmia, ngo_a):
    client.force_login(official)
    stored = meeting_a.files.get()
    data = form_data(county=urmia, rows=[(ngo_a, "")], remove_files=[str(stored.pk)])
    data["files"] = [png("تازه.png")]
    response = client.post(reverse("meeting_edit", args=[meeting_a.pk]), data)
    assert response.status_code == 302
    assert list(meeting_a.files.values_list("original_name", flat=True)) == ["تازه.png"]


# -- bad input: a clear Persian message, nothing written ---------------------------------


def refused(client, user, data, url=None):
    client.force_login(user)
    response = client.post(url or reverse("meeting_new"), data)
    assert response.status_code == 400
    return response.content.decode()


def test_a_meeting_in_the_future_is_refused(client, official, urmia, ngo_a):
    page = refused(client, official, form_data(county=urmia, rows=[(ngo_a, "")], held=-1))
    assert "نشست پس از برگزاری ثبت می‌شود" in page
    assert not Meeting.objects.exists()


def test_a_meeting_with_ngos_names_at_least_one_ngo(client, official, urmia):
    page = refused(client, official, form_data(county=urmia, rows=[]))
    assert "دست‌کم یک سمن حاضر را بنویسید" in page
    assert not Meeting.objects.exists()
    # A meeting with the agencies alone needs none.
    client.post(reverse("meeting_new"), form_data(county=urmia, rows=[], kind="with_agencies"))
    assert Meeting.objects.get().kind == "with_agencies"


def test_the_same_ngo_twice_is_refused(client, official, urmia, ngo_a):
    data = form_data(county=urmia, rows=[(ngo_a, "مدیرعامل"), (ngo_a, "دبیر")])
    page = refused(client, official, data)
    assert "هر سمن فقط یک بار در میان حاضران می‌آید" in page
    assert not Meeting.objects.exists() and not MeetingNGO.objects.exists()


@pytest.mark.parametrize("county", ["khoy", None])
def test_county_official_cannot_record_another_county_or_a_provincial_meeting(
    client, urmia_official, khoy, ngo_a, county
):
    data = form_data(county=khoy if county else None, rows=[(ngo_a, "")])
    page = refused(client, urmia_official, data)
    assert "فقط نشست‌های همین شهرستان را ثبت می‌کنید" in page
    assert not Meeting.objects.exists()


def test_county_official_cannot_list_an_ngo_of_another_county(client, urmia_official, urmia, ngo_b):
    page = refused(client, urmia_official, form_data(county=urmia, rows=[(ngo_b, "")]))
    assert "این سمن در میان سمن‌هایی که می‌توانید انتخاب کنید نیست" in page
    assert not Meeting.objects.exists()


def test_a_name_without_its_ngo_is_refused(client, official, urmia):
    page = refused(client, official, form_data(county=urmia, rows=[(None, "مریم احمدی")]))
    assert "سمنی را که این شخص از سوی آن شرکت کرد انتخاب کنید" in page
    assert not Meeting.objects.exists()


def test_too_many_files_are_refused(client, official, urmia, ngo_a):
    data = form_data(county=urmia, rows=[(ngo_a, "")], files=[png(f"{i}.png") for i in range(11)])
    page = refused(client, official, data)
    assert "هر نشست حداکثر ۱۰ پرونده نگه می‌دارد" in page
    assert not Meeting.objects.exists() and not MeetingFile.objects.exists()


def test_a_file_of_another_type_is_refused(client, official, urmia, ngo_a):
    fake = SimpleUploadedFile("minutes.pdf", b"not a pdf at all", content_type="application/pdf")
    page = refused(client, official, form_data(county=urmia, rows=[(ngo_a, "")], files=[fake]))
    assert "minutes.pdf" in page
    assert not Meeting.objects.exists()


def test_an_ngo_that_raised_demands_stays_present(client, official, meeting_a, urmia, harm):
    Demand.objects.create(
        ngo=meeting_a.ngos.get(),
        meeting=meeting_a,
        raised_on=days_ago(10),
        category=harm,
        text="بیمه",
    )
    page = refused(
        client,
        official,
        form_data(county=urmia, rows=[(other_ngo(urmia), "")]),
        reverse("meeting_edit", args=[meeting_a.pk]),
    )
    assert "در این نشست مطالبه طرح کرده است" in page
    assert meeting_a.attendance.count() == 1


def test_the_service_refuses_what_the_form_would(urmia_official, khoy, urmia, ngo_a, ngo_b):
    """The demo seeder and any other caller get the same refusals, by field."""
    cases = [
        ({"county": khoy}, [ngo_a], "county"),
        ({"county": None}, [ngo_a], "county"),
        ({"county": urmia}, [ngo_b], "ngos"),
        ({"county": urmia}, [ngo_a, ngo_a], "ngos"),
        ({"county": urmia, "held": -2}, [ngo_a], "held_on"),
    ]
    for fields, ngos, key in cases:
        with pytest.raises(ValidationError) as refusal:
            record(urmia_official, ngos=ngos, **fields)
        assert key in refusal.value.message_dict
    assert not Meeting.objects.exists()


def test_the_service_refuses_a_read_only_official(readonly_official, urmia, ngo_a):
    with pytest.raises(PermissionDenied):
        record(readonly_official, county=urmia, ngos=[ngo_a])


# -- who may record and change -----------------------------------------------------------


@pytest.mark.parametrize("name", ["readonly_official", "manager_a", "facilitator", "no_role_user"])
def test_only_officials_who_act_record_meetings(client, request, name, meeting_a):
    client.force_login(request.getfixturevalue(name))
    assert client.get(reverse("meeting_new")).status_code == 403
    assert client.post(reverse("meeting_new"), {}).status_code == 403


def test_read_only_official_sees_but_cannot_edit(client, readonly_official, meeting_a):
    client.force_login(readonly_official)
    page = client.get(reverse("meeting_detail", args=[meeting_a.pk]))
    assert page.status_code == 200
    assert reverse("meeting_edit", args=[meeting_a.pk]) not in page.content.decode()
    assert client.get(reverse("meeting_edit", args=[meeting_a.pk])).status_code == 403


def test_county_official_cannot_edit_a_provincial_meeting_they_see(
    client, urmia_official, official, ngo_a
):
    provincial = record(official, county=None, ngos=[ngo_a])
    client.force_login(urmia_official)
    assert client.get(reverse("meeting_detail", args=[provincial.pk])).status_code == 200
    assert client.get(reverse("meeting_edit", args=[provincial.pk])).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, meeting_a):
    for url in (
        reverse("meeting_list"),
        reverse("meeting_new"),
        reverse("meeting_detail", args=[meeting_a.pk]),
        reverse("meeting_edit", args=[meeting_a.pk]),
        reverse("meeting_file", args=[meeting_a.pk, meeting_a.files.get().pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# -- who sees what -------------------------------------------------------------------------


def visible_titles(client, user):
    client.force_login(user)
    response = client.get(reverse("meeting_list"))
    assert response.status_code == 200
    return {meeting.title for meeting in response.context["page"].object_list}


def test_manager_sees_the_meetings_their_ngo_attended(client, manager_a, meeting_a, meeting_b):
    assert visible_titles(client, manager_a) == {meeting_a.title}
    assert client.get(reverse("meeting_detail", args=[meeting_b.pk])).status_code == 404
    assert client.get(reverse("meeting_edit", args=[meeting_b.pk])).status_code == 404
    assert client.get(reverse("meeting_detail", args=[meeting_a.pk])).status_code == 200
    assert client.get(reverse("meeting_edit", args=[meeting_a.pk])).status_code == 403


def test_county_officials_see_their_county_and_their_ngos_meetings(
    client, official, urmia_official, khoy_official, urmia, meeting_a, meeting_b, ngo_b
):
    assert visible_titles(client, urmia_official) == {meeting_a.title}
    assert visible_titles(client, khoy_official) == {meeting_b.title}
    assert client.get(reverse("meeting_detail", args=[meeting_a.pk])).status_code == 404
    # A Khoy NGO attends a meeting in Urmia: Khoy's officials see it, but do not change it.
    joint = record(official, county=urmia, ngos=[ngo_b], title="نشست مشترک")
    assert visible_titles(client, khoy_official) == {meeting_b.title, joint.title}
    assert client.get(reverse("meeting_detail", args=[joint.pk])).status_code == 200
    assert client.get(reverse("meeting_edit", args=[joint.pk])).status_code == 403
    assert visible_titles(client, urmia_official) == {meeting_a.title, joint.title}


def test_people_without_meetings_are_refused_the_list(client, no_role_user, facilitator):
    for user in (no_role_user, facilitator):
        client.force_login(user)
        assert client.get(reverse("meeting_list")).status_code == 403


def test_the_list_filters_by_year_kind_and_county(
    client, official, urmia, khoy, meeting_a, meeting_b, ngo_a
):
    old = record(official, county=None, ngos=[ngo_a], title="نشست پارسال", held=400)
    Meeting.objects.filter(pk=old.pk).update(kind=Meeting.Kind.NGO_HOUSE)
    client.force_login(official)
    url = reverse("meeting_list")

    def titles(**params):
        return {m.title for m in client.get(url, params).context["page"].object_list}

    assert titles(county=khoy.pk) == {meeting_b.title}
    assert titles(county="province") == {old.title}
    assert titles(kind="ngo_house") == {old.title}
    year = format_jalali(days_ago(10))[:4]
    assert titles(year=year) == {meeting_a.title, meeting_b.title}
    assert titles(kind="nonsense") == set()


def test_file_downloads_only_to_those_who_see_the_meeting(
    client, manager_a, manager_b, khoy_official, meeting_a, meeting_b
):
    stored = meeting_a.files.get()
    url = reverse("meeting_file", args=[meeting_a.pk, stored.pk])
    client.force_login(manager_a)
    response = client.get(url)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PNG
    # The file under another meeting's address is not found, even to one who sees both.
    assert client.get(reverse("meeting_file", args=[meeting_b.pk, stored.pk])).status_code == 404
    for user in (manager_b, khoy_official):
        client.force_login(user)
        assert client.get(url).status_code == 404


# -- the meeting's page and its demands --------------------------------------------------


def test_manager_sees_only_their_ngos_demands_and_a_count_of_the_others(
    client, official, manager_a, ngo_a, ngo_b, harm, agency
):
    meeting = record(official, county=None, ngos=[ngo_a, ngo_b])
    Demand.objects.create(
        ngo=ngo_a,
        meeting=meeting,
        raised_on=days_ago(10),
        category=harm,
        text="بیمه‌ی اعضای سمن",
        status="committed",
        agency=agency,
        commitment="بررسی می‌شود",
        due_on=days_ago(1),
    )
    Demand.objects.create(
        ngo=ngo_b, meeting=meeting, raised_on=days_ago(10), category=harm, text="دفتر خانه"
    )
    client.force_login(manager_a)
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "بیمه‌ی اعضای سمن" in page and agency.name in page
    assert "عقب‌افتاده" in page  # the commitment was due yesterday
    assert "دفتر خانه" not in page
    assert "۱ مطالبه‌ی دیگر" in page
    assert reverse("meeting_demand_new", args=[meeting.pk]) not in page

    client.force_login(official)
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "بیمه‌ی اعضای سمن" in page and "دفتر خانه" in page
    assert reverse("meeting_demand_new", args=[meeting.pk]) in page
    assert reverse("meeting_edit", args=[meeting.pk]) in page


def test_the_meeting_list_costs_the_same_however_many_meetings(
    client, official, urmia, ngo_a, ngo_b, agency, django_assert_num_queries
):
    record(official, county=urmia, ngos=[ngo_a], agencies=[agency])
    client.force_login(official)
    url = reverse("meeting_list")
    # session, user, the user's NGOs, the user's role, the counties for the filter,
    # the count for the pages, the page of meetings with their counts
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200
    for i in range(4):
        record(official, county=None, ngos=[ngo_a, ngo_b], title=f"نشست {i}")
    with django_assert_num_queries(7):
        assert len(client.get(url).context["page"].object_list) == 5


def test_the_meeting_page_costs_the_same_however_many_ngos_and_demands(
    client, official, urmia, ngo_a, harm, agency, django_assert_num_queries
):
    meeting = record(official, county=urmia, ngos=[ngo_a], agencies=[agency], files=[png()])
    Demand.objects.create(
        ngo=ngo_a, meeting=meeting, raised_on=days_ago(5), category=harm, text="۱"
    )
    client.force_login(official)
    url = reverse("meeting_detail", args=[meeting.pk])
    # session, user, the user's NGOs, the user's role, the meeting (with its demand count),
    # the NGOs present, the demands, the agencies, the files
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200
    more = [other_ngo(urmia, serial=20 + i, name=f"سمن {i}") for i in range(4)]
    meeting = meeting_save(
        user=official,
        meeting=meeting,
        fields={"agencies": list(Agency.objects.all()[:3])},
        ngos=[(ngo, "عضو") for ngo in [ngo_a, *more]],
        files=[png("دو.png")],
    )
    for ngo in more:
        Demand.objects.create(
            ngo=ngo, meeting=meeting, raised_on=days_ago(5), category=harm, text="x", agency=agency
        )
    with django_assert_num_queries(9):
        response = client.get(url)
    assert len(response.context["demands"]) == 5 and len(response.context["attendance"]) == 5
