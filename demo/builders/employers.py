from core.models import User
from demo.builders import DemoSeed, demo_user
from demo.builders.organisations import Organisations
from demo.data import EMPLOYER_EMAIL
from demo.data.employers import EMPLOYERS
from employers.models import Employer, EmployerMembership
from employers.services import employer_approve, employer_register, hiring_need_create

# EmployerSpec.key -> the employer and its member.
Employers = dict[str, tuple[Employer, User]]


def employers_build(seed: DemoSeed, organisations: Organisations) -> Employers:
    """The eight employers (six approved) with their members and hiring needs."""
    result = {}
    for spec in EMPLOYERS:
        organisation, organiser = organisations[spec.organisation]
        member = demo_user(
            seed, spec.member_email, spec.member_name, demo=spec.member_email == EMPLOYER_EMAIL
        )
        employer = Employer.objects.filter(org_number=spec.org_number).first()
        if employer is None:
            employer = employer_register(
                organisation=organisation,
                user=member,
                name=spec.name,
                org_number=spec.org_number,
                sectors=seed.sectors_for(spec.sectors),
                description=spec.description,
                website=spec.website,
            )
            seed.count("employers")
            if spec.approved:
                employer = employer_approve(employer=employer, actor=organiser)
        elif not EmployerMembership.objects.filter(employer=employer, user=member).exists():
            EmployerMembership.objects.create(employer=employer, user=member)
        existing = set(employer.hiring_needs.values_list("role_title", flat=True))
        for need in spec.hiring_needs:
            if need.role_title not in existing:
                hiring_need_create(
                    employer=employer,
                    role_title=need.role_title,
                    sector=seed.sectors[need.sector],
                    positions=need.positions,
                    employment_type=need.employment_type,
                    description=need.description,
                )
                seed.count("hiring needs")
        result[spec.key] = (employer, member)
    return result
