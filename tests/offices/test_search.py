"""Search finds what people paste and type: one search text per report, NGO and office,
normalised as the query is (run on SQLite and on PostgreSQL)."""

import pytest
from django.urls import reverse

from ngos.models import NGO
from offices.text import search_terms, search_text
from reports.models import IssueReport
from reports.workflow import Action, report_transition
from tests.conftest import make_national_id

PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.mark.parametrize(
    "typed, normalised",
    [
        ("زباله‌ها", "زباله ها"),  # ZWNJ is a space
        ("زباله\u200dها", "زباله ها"),  # so is ZWJ
        ("جمع\u00a0 \t آوری\n", "جمع آوری"),  # NBSP, tabs, runs of spaces, line breaks
        ("علي كوچك", "علی کوچک"),  # Arabic yeh and kaf
        ("مسائل مسأله خانۀ", "مسایل مساله خانه"),  # hamza forms
        ("شماره ۱۲۳۴۵", "شماره 12345"),  # Persian digits
        ("شماره ١٢٣٤٥", "شماره 12345"),  # Arabic-Indic digits
        ("\u2068۱۴۰۵-۰۰۰۰۱۲\u2069", "1405-000012"),  # the reference in a message
        ("\u200f1405\u2013000012\u200e", "1405-000012"),  # marks and an en dash
        ("مُحَمَّد", "محمد"),  # tashkeel
        ("مـحـلـه", "محله"),  # tatweel
        ("Shahin\u200bDezh URM-01", "shahindezh urm-01"),  # zero-width space, lower case
        ("ﻻﻟﻪ", "لاله"),  # presentation forms
        ("  \u200c\u2069 ", ""),
    ],
)
def test_search_text_normalises(typed, normalised):
    assert search_text(typed) == normalised


def test_stored_text_and_query_meet():
    stored = search_text("جمع‌آوری زباله‌ها در کوچه شماره ۱۲۳۴۵")
    for query in ["جمع آوری", "زباله ها", "12345", "١٢٣٤٥", "زباله‌ها جمع‌آوري"]:
        assert all(any(form in stored for form in forms) for forms in search_terms(query))


def test_a_reference_is_looked_for_in_its_written_form():
    assert search_terms("۱۴۰۵-۰۰۱۲") == [("1405-0012", "1405-000012")]
    assert search_terms("14050012") == [("14050012", "1405-000012")]
    assert search_terms("1405-000012") == [("1405-000012",)]
    assert search_terms("12345 زباله") == [("12345",), ("زباله",)]
    assert search_terms("  ") == []


@pytest.fixture
def reports(make_report, ngo_b, manager_b, harm):
    garbage = make_report(
        title="جمع‌آوری نشدن زباله‌ها در کوچه شماره ۱۲۳۴۵",
        description="پسماند کنار مدرسه انباشته شده است.",
    )
    other = make_report(title="افزایش مصرف مواد", description="چند مورد در پارک دیده شده است.")
    khoy = make_report(
        ngo=ngo_b, submitted_by=manager_b, neighbourhood=None, title="کودکان کار در میدان"
    )
    return garbage, other, khoy


def listed(client, name, q, key="page"):
    response = client.get(reverse(name), {"q": q})
    assert response.status_code == 200
    return list(response.context[key].object_list)


def reference_forms(reference):
    """A reference as people paste and type it."""
    year, sequence = reference.split("-")
    short = f"{year}-{int(sequence):04d}"
    return [
        reference,
        f"\u2068{reference.translate(PERSIAN)}\u2069",  # from the confirmation message
        reference.translate(ARABIC_INDIC),
        reference.replace("-", ""),
        reference.replace("-", "").translate(PERSIAN),
        short,  # «1405-0012»
        short.translate(PERSIAN),
        short.replace("-", ""),  # «14050012»
        f"{year}-{int(sequence)}",
    ]


def test_report_list_finds_a_reference_however_it_is_written(client, official, reports):
    garbage, other, _khoy = reports
    client.force_login(official)
    for typed in reference_forms(garbage.reference):
        assert listed(client, "report_list", typed) == [garbage], typed
    assert listed(client, "report_list", other.reference.translate(PERSIAN)) == [other]


@pytest.mark.parametrize(
    "typed",
    [
        "12345",
        "۱۲۳۴۵",
        "١٢٣٤٥",
        "زباله ها",
        "جمع آوری",
        "جمع آوري زباله",  # Arabic yeh, words in any order and apart
        "زباله کوچه ۱۲۳۴۵",
        "پسماند مدرسه",  # the description
        "زباله‌ها",
    ],
)
def test_report_list_finds_words_as_they_are_typed(client, official, reports, typed):
    garbage, _other, _khoy = reports
    client.force_login(official)
    assert listed(client, "report_list", typed) == [garbage]


def test_every_word_must_match(client, official, reports):
    _garbage, other, khoy = reports
    client.force_login(official)
    assert listed(client, "report_list", "زباله مواد") == []
    # «مورد» and «شده» are both in two descriptions, apart.
    assert set(listed(client, "report_list", "مورد شده")) == {other, khoy}


def test_reports_are_found_by_their_ngo_even_after_it_is_renamed(client, official, reports, ngo_b):
    _garbage, _other, khoy = reports
    client.force_login(official)
    assert listed(client, "report_list", "همدلي خوی") == [khoy]
    ngo_b.name = "انجمن مهرورزان"
    ngo_b.save()
    assert listed(client, "report_list", "مهرورزان") == [khoy]
    assert listed(client, "report_list", "همدلی") == []


def test_search_text_follows_edits_and_survives_workflow_steps(
    client, official, reports, agency, today
):
    garbage, _other, _khoy = reports
    report_transition(report=garbage, action=Action.START_REVIEW, actor=official)
    report_transition(
        report=garbage, action=Action.REFER, actor=official, agency=agency, due_on=today
    )
    client.force_login(official)
    assert listed(client, "report_list", "زباله ها") == [garbage]
    garbage.refresh_from_db()
    garbage.title = "آب‌گرفتگی معبر"
    garbage.save()
    assert listed(client, "report_list", "آب گرفتگی") == [garbage]
    assert listed(client, "report_list", "زباله") == []
    assert not IssueReport.objects.filter(search_text="").exists()


def test_ngo_list_finds_names_ids_and_contacts(client, official, ngo_a, ngo_b):
    ngo_a.contact_person = "مریم كاظمي"
    ngo_a.registration_number = "۸۴۲"
    ngo_a.save()
    client.force_login(official)
    for typed in [
        "ياري محله",  # Arabic yeh
        "انجمن  یاری\u200c محله",
        ngo_a.national_id.translate(PERSIAN),
        ngo_a.national_id[-5:].translate(ARABIC_INDIC),
        "مریم کاظمی",
        "842",
    ]:
        assert listed(client, "ngo_list", typed) == [ngo_a], typed
    assert listed(client, "ngo_list", "همدلی") == [ngo_b]


def test_office_list_finds_codes_and_names(client, official, office):
    client.force_login(official)
    for typed in ["تسهیل گری", "تسهيل‌گري الواج", "urm-01", "URM\u201101", "۰۱ دفتر"]:
        assert listed(client, "office_list", typed) == [office], typed
    assert listed(client, "office_list", "خوی") == []


def test_admin_searches_reports_ngos_and_offices_the_same_way(
    client, admin_user, reports, ngo_a, office
):
    garbage, _other, _khoy = reports
    client.force_login(admin_user)

    def found(model, typed):
        url = reverse(f"admin:{model}_changelist")
        response = client.get(url, {"q": typed})
        assert response.status_code == 200
        return list(response.context["cl"].result_list)

    for typed in reference_forms(garbage.reference) + ["زباله ها", "١٢٣٤٥"]:
        assert found("reports_issuereport", typed) == [garbage], typed
    assert found("ngos_ngo", "یاري محله") == [ngo_a]
    assert found("ngos_ngo", ngo_a.national_id.translate(PERSIAN)) == [ngo_a]
    assert found("offices_facilitationoffice", "تسهيل گري") == [office]
    # The NGO autocomplete of the report form searches the same text.
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "reports",
            "model_name": "issuereport",
            "field_name": "ngo",
            "term": "ياري  محله",
        },
    )
    assert [r["id"] for r in response.json()["results"]] == [str(ngo_a.pk)]


def test_bulk_created_records_can_use_the_same_text(urmia):
    ngo = NGO(name="کانون\u200cنیکوکاری", national_id=make_national_id(50), county=urmia)
    ngo.search_text = ngo.build_search_text()
    NGO.objects.bulk_create([ngo])
    assert NGO.objects.filter(search_text__contains="نیکوکاری").count() == 1
