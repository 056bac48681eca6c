"""The candidate's own profile: every field, consents, CV upload and download."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from candidates.models import Candidate
from tests.factories import ApplicationFactory, CandidateFactory, UserFactory, sector

from ..pages import form_errors, page_text, texts
from .conftest import pdf_bytes

pytestmark = pytest.mark.django_db


def _profile_data(**overrides):
    data = {
        "name": "Maja Lind-Ek",
        "phone": "070-123 45 67",
        "city": "Göteborg",
        "country": "Sverige",
        "headline": "Sjuksköterska, IVA",
        "sectors": [sector("vard-omsorg").pk, sector("halso-sjukvard").pk],
        "years_experience": "8",
        "skills": "Intensivvård, Akutsjukvård , ",
        "languages": "svenska, engelska, arabiska",
        "earliest_move_date": "2031-08-01",
        "partner_needs_job": "on",
        "partner_occupation": "Förskollärare",
        "children_ages": "4, 9",
        "consent_talent_db": "on",
        "consent_share_household": "on",
        "consent_share_contact": "on",
        "consent_residence_permit": "on",
        "residence_permit_status": "permanent",
    }
    return {**data, **overrides}


def test_profile_needs_a_candidate(client, plain_user):
    assert client.get(reverse("candidate_profile")).status_code == 302
    client.force_login(plain_user)
    assert client.get(reverse("candidate_profile")).status_code == 403


def test_profile_page_shows_every_consent_text_and_the_completeness(candidate_client):
    response = candidate_client.get(reverse("candidate_profile"))

    text = page_text(response.content)
    for words in (
        "Keep my profile in the Jämtland Calling talent database",
        "Also share my household's needs",
        "Also share my email address and phone number with those employers.",
        "Store my residence permit status, so that organisers can help",
    ):
        assert words in text
    assert texts(response.content, "h2", None)[0] == "Your profile is 55% complete"
    assert texts(response.content, "p", "completeness__missing") == [
        "Still missing: phone, skills, languages, earliest move date, CV (PDF)"
    ]


def test_profile_edit_saves_every_field(candidate_client, candidate):
    response = candidate_client.post(reverse("candidate_profile"), _profile_data(), follow=True)

    assert texts(response.content, "p", "message") == ["Your profile is saved."]
    candidate = Candidate.objects.get(pk=candidate.pk)
    assert {
        name: getattr(candidate, name)
        for name in (
            "name",
            "phone",
            "city",
            "country",
            "headline",
            "years_experience",
            "skills",
            "languages",
            "earliest_move_date",
            "partner_needs_job",
            "partner_occupation",
            "children_ages",
            "residence_permit_status",
        )
    } == {
        "name": "Maja Lind-Ek",
        "phone": "070-123 45 67",
        "city": "Göteborg",
        "country": "Sverige",
        "headline": "Sjuksköterska, IVA",
        "years_experience": 8,
        "skills": ["Intensivvård", "Akutsjukvård"],
        "languages": ["svenska", "engelska", "arabiska"],
        "earliest_move_date": date(2031, 8, 1),
        "partner_needs_job": True,
        "partner_occupation": "Förskollärare",
        "children_ages": [4, 9],
        "residence_permit_status": "permanent",
    }
    assert {s.code for s in candidate.sectors.all()} == {"vard-omsorg", "halso-sjukvard"}
    assert all(
        getattr(candidate, field) is not None
        for field in (
            "consent_talent_db_at",
            "consent_share_household_at",
            "consent_share_contact_at",
            "residence_permit_consent_at",
        )
    )
    # The saved values are shown again in the form.
    assert 'value="Intensivvård, Akutsjukvård"' in response.content.decode()
    assert 'value="4, 9"' in response.content.decode()
    assert 'value="2031-08-01"' in response.content.decode()


def test_clearing_consents_withdraws_them_and_erases_the_permit_status(candidate_client, candidate):
    candidate_client.post(reverse("candidate_profile"), _profile_data())

    data = _profile_data()
    for name in ("consent_talent_db", "consent_share_contact", "consent_residence_permit"):
        del data[name]
    candidate_client.post(reverse("candidate_profile"), data)

    candidate.refresh_from_db()
    assert (candidate.consent_talent_db_at, candidate.consent_share_contact_at) == (None, None)
    assert candidate.consent_share_household_at is not None
    assert (candidate.residence_permit_consent_at, candidate.residence_permit_status) == (None, "")


def test_bad_children_ages_and_no_sector_are_shown(candidate_client, candidate):
    response = candidate_client.post(
        reverse("candidate_profile"), _profile_data(children_ages="4, nio", sectors=[])
    )

    assert form_errors(response.content) == [
        "Choose at least one sector.",
        "Write the ages as whole numbers separated by commas, for example: 4, 9.",
    ]
    candidate.refresh_from_db()
    assert candidate.name == "Maja Lind"


def test_cv_upload_rejects_a_non_pdf_named_pdf(candidate_client, candidate):
    fake = SimpleUploadedFile("cv.pdf", b"Hej, jag heter Maja.", content_type="application/pdf")

    response = candidate_client.post(reverse("candidate_profile"), _profile_data(cv=fake))

    assert form_errors(response.content) == [
        "The CV must be a PDF file. This file is not a PDF, whatever its name says."
    ]
    candidate.refresh_from_db()
    assert not candidate.cv
    assert candidate.name == "Maja Lind"  # nothing was saved


def test_cv_upload_rejects_a_broken_pdf(candidate_client):
    broken = SimpleUploadedFile("cv.pdf", b"%PDF-1.7\n garbage", content_type="application/pdf")

    response = candidate_client.post(reverse("candidate_profile"), _profile_data(cv=broken))

    assert form_errors(response.content) == [
        "The PDF could not be read; it may be damaged. Export it again and retry."
    ]


def test_cv_upload_of_a_crafted_pdf_is_a_form_error_and_saves_nothing(candidate_client, candidate):
    from tests.candidates.test_cv_validation import deep_page_tree, one_page

    crafted = {
        "deep": deep_page_tree(150),
        "javascript": one_page(catalog=b"/OpenAction << /S /JavaScript /JS (x) >> "),
    }
    for name, data in crafted.items():
        cv = SimpleUploadedFile("cv.pdf", data, content_type="application/pdf")
        response = candidate_client.post(
            reverse("candidate_profile"), _profile_data(cv=cv, name="Ny")
        )
        assert response.status_code == 200, name
        assert len(form_errors(response.content)) == 1, name
    candidate.refresh_from_db()
    assert not candidate.cv
    assert candidate.name == "Maja Lind"


def test_cv_upload_accepts_a_pdf_which_the_candidate_can_download_and_remove(
    candidate_client, candidate
):
    cv = SimpleUploadedFile("Mitt CV.pdf", pdf_bytes(), content_type="application/pdf")

    response = candidate_client.post(
        reverse("candidate_profile"), _profile_data(cv=cv), follow=True
    )

    assert "Your CV is uploaded." in page_text(response.content)
    candidate.refresh_from_db()
    assert candidate.cv.name.startswith(f"private/cv/{candidate.user_id}/")
    download = candidate_client.get(reverse("candidate_cv", args=[candidate.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == f'attachment; filename="cv-{candidate.pk}.pdf"'
    assert b"".join(download.streaming_content) == pdf_bytes()

    response = candidate_client.post(
        reverse("candidate_profile"), _profile_data(remove_cv="on"), follow=True
    )

    assert "You have not uploaded a CV yet." in page_text(response.content)
    candidate.refresh_from_db()
    assert not candidate.cv


@pytest.fixture
def candidate_with_cv(candidate):
    from candidates.services import candidate_profile_update

    cv = SimpleUploadedFile("cv.pdf", pdf_bytes(), content_type="application/pdf")
    return candidate_profile_update(candidate=candidate, actor=candidate.user, cv=cv)


def test_cv_download_is_404_for_a_stranger_and_anonymous(client, candidate_with_cv):
    url = reverse("candidate_cv", args=[candidate_with_cv.pk])
    other = CandidateFactory()

    assert client.get(url).status_code == 302  # to the login page
    client.force_login(other.user)
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404


def test_cv_download_for_organisers_of_a_trip_applied_to_only(
    client, candidate_with_cv, organiser, other_organiser, trip
):
    ApplicationFactory(candidate=candidate_with_cv, trip=trip)
    url = reverse("candidate_cv", args=[candidate_with_cv.pk])

    client.force_login(other_organiser)
    assert client.get(url).status_code == 404
    client.force_login(organiser)
    assert client.get(url).status_code == 200


def test_complete_profile_shows_100_percent(candidate_client, candidate):
    cv = SimpleUploadedFile("cv.pdf", pdf_bytes(), content_type="application/pdf")
    response = candidate_client.post(
        reverse("candidate_profile"), _profile_data(cv=cv), follow=True
    )

    assert "Your profile is 100% complete" in texts(response.content, "h2")
    assert texts(response.content, "p", "completeness__missing") == [
        "Nothing is missing. Well done!"
    ]
