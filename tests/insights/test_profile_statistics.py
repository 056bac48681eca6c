"""The optional funder-statistics fields on the candidate's profile form."""

import pytest
from django.urls import reverse
from django.utils import timezone

from candidates.models import Candidate
from tests.factories import CandidateFactory, sector

pytestmark = pytest.mark.django_db


def profile_data(**overrides):
    return {"name": "Maja Lind", "years_experience": "3", "sectors": [sector("it").pk], **overrides}


@pytest.fixture
def candidate_client(client):
    candidate = CandidateFactory()
    client.force_login(candidate.user)
    client.candidate = candidate
    return client


def test_the_form_says_the_fields_are_optional_and_for_statistics(candidate_client):
    html = candidate_client.get(reverse("candidate_profile")).content.decode()
    assert 'name="gender"' in html and 'name="birth_year"' in html and 'name="born_abroad"' in html
    assert "used only for anonymous statistics" in html


def test_statistics_fields_are_saved_and_cleared(candidate_client):
    url = reverse("candidate_profile")
    response = candidate_client.post(
        url, profile_data(gender="woman", birth_year="1990", born_abroad="yes")
    )
    assert response.status_code == 302
    candidate = Candidate.objects.get(pk=candidate_client.candidate.pk)
    assert (candidate.gender, candidate.birth_year, candidate.born_abroad) == ("woman", 1990, True)
    html = candidate_client.get(url).content.decode()
    assert 'value="1990"' in html
    candidate_client.post(url, profile_data(gender="", birth_year="", born_abroad="no"))
    candidate.refresh_from_db()
    assert (candidate.gender, candidate.birth_year, candidate.born_abroad) == ("", None, False)
    candidate_client.post(url, profile_data(born_abroad=""))
    candidate.refresh_from_db()
    assert candidate.born_abroad is None


@pytest.mark.parametrize("year", ["1899", str(timezone.now().year + 1)])
def test_birth_year_outside_1900_to_this_year_is_refused(candidate_client, year):
    response = candidate_client.post(reverse("candidate_profile"), profile_data(birth_year=year))
    assert response.status_code == 200
    assert Candidate.objects.get(pk=candidate_client.candidate.pk).birth_year is None


def test_gender_must_be_one_of_the_choices(candidate_client):
    response = candidate_client.post(reverse("candidate_profile"), profile_data(gender="robot"))
    assert response.status_code == 200
    assert Candidate.objects.get(pk=candidate_client.candidate.pk).gender == ""
