"""The partner matched against open hiring needs of every employer of the organisation, by
the candidate suggestions' ranking, with reasons."""

import pytest

from followup.matching import partner_matches, person_matches
from tests.factories import CandidateFactory, EmployerFactory, HiringNeedFactory, sector

pytestmark = pytest.mark.django_db


@pytest.fixture
def needs(org, other_org):
    region = EmployerFactory(organisation=org, name="Region Jämtland Härjedalen")
    school = EmployerFactory(organisation=org, name="Frösö skola")
    health = sector("vard-omsorg")
    return {
        "nurse": HiringNeedFactory(
            employer=region,
            role_title="Sjuksköterska",
            description="Sjuksköterska till akuten, gärna med erfarenhet av akutsjukvård.",
            sector=health,
        ),
        "assistant": HiringNeedFactory(
            employer=school,
            role_title="Elevassistent",
            description="Stöd till elever; vi samarbetar med skolsköterska och sjuksköterska.",
            sector=health,
        ),
        "developer": HiringNeedFactory(employer=school, role_title="Systemutvecklare"),
        "closed": HiringNeedFactory(
            employer=region, role_title="Sjuksköterska natt", status="closed", sector=health
        ),
        "unapproved": HiringNeedFactory(
            employer=EmployerFactory(organisation=org, approved_at=None),
            role_title="Sjuksköterska",
            sector=health,
        ),
        "elsewhere": HiringNeedFactory(
            employer=EmployerFactory(organisation=other_org),
            role_title="Sjuksköterska",
            sector=health,
        ),
    }


def test_partner_matches_ranked_with_reasons_open_needs_of_the_organisation_only(make_case, needs):
    case = make_case(partner_looking_for_work=True, partner_occupation="Sjuksköterska akutsjukvård")
    matches = partner_matches(case)
    assert [m.need for m in matches] == [needs["nurse"], needs["assistant"]]
    assert matches[0].score > matches[1].score
    assert matches[0].reasons == (
        "Skills match Sjuksköterska at Region Jämtland Härjedalen: sjuksköterska, akutsjukvård",
    )
    assert matches[1].reasons == ("Skills match Elevassistent at Frösö skola: sjuksköterska",)


def test_no_matches_when_the_partner_is_not_looking_or_has_no_occupation(make_case, needs):
    assert partner_matches(make_case(partner_occupation="Sjuksköterska")) == []
    assert partner_matches(make_case(name="B", partner_looking_for_work=True)) == []


def test_the_persons_own_profile_is_matched_too(make_case, needs):
    candidate = CandidateFactory(skills=["Python"], headline="Systemutvecklare")
    case = make_case(candidate=candidate)
    matches = person_matches(case)
    assert [m.need for m in matches] == [needs["developer"]]
    assert matches[0].reasons == ("Skills match Systemutvecklare at Frösö skola: systemutvecklare",)
