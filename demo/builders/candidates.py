from datetime import timedelta

from django.utils import timezone

from candidates.models import Candidate
from candidates.services import candidate_create
from demo.builders import DemoSeed, demo_user
from demo.data import CANDIDATE_EMAIL
from demo.data.people import CANDIDATES, CandidateSpec

# Candidate email -> its spec and the candidate.
Candidates = dict[str, tuple[CandidateSpec, Candidate]]


def candidates_build(seed: DemoSeed) -> Candidates:
    """The forty candidates with their logins, in the talent database with consents given."""
    result = {}
    now = seed.now
    today = timezone.localdate(now)
    for spec in CANDIDATES:
        user = demo_user(
            seed, spec.email, spec.name, spec.language, demo=spec.email == CANDIDATE_EMAIL
        )
        candidate = Candidate.objects.filter(user=user).first()
        if candidate is None:
            household = bool(spec.partner_occupation or spec.children)
            move = (
                today.replace(day=1) + timedelta(days=31 * spec.move_in_months)
                if spec.move_in_months is not None
                else None
            )
            candidate = candidate_create(
                user=user,
                name=spec.name,
                sectors=seed.sectors_for(spec.sectors),
                consent_talent_db=True,
                phone=spec.phone,
                city=spec.city,
                country=spec.country,
                headline=spec.headline,
                years_experience=spec.years,
                skills=list(spec.skills),
                languages=list(spec.languages),
                earliest_move_date=move.replace(day=1) if move else None,
                partner_needs_job=spec.partner_needs_job,
                partner_occupation=spec.partner_occupation,
                children_ages=list(spec.children),
                residence_permit_status=spec.permit,
                residence_permit_consent_at=now if spec.permit else None,
                consent_share_household_at=now if household else None,
                consent_share_contact_at=now,
            )
            seed.count("candidates")
        result[spec.email] = (spec, candidate)
    return result
