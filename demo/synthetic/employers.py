from datetime import timedelta

from django.core.management.base import CommandError
from django.db import transaction
from django.utils.text import slugify

from core.models import User
from demo.data.employers import EMPLOYERS
from demo.data.pools import COMPANY_FORMS, PLACE_WORDS, SECTOR_POOLS
from demo.synthetic.run import SyntheticRun
from employers.models import (
    Employer,
    EmployerMembership,
    EmploymentType,
    HiringNeed,
    HiringNeedStatus,
)
from employers.validators import org_number_with_check_digit

# (employer id, member user id, sector ids) of an approved employer of this run.
ApprovedEmployer = tuple[int, int, list[int]]


def _org_numbers(run: SyntheticRun, count: int) -> list[str]:
    """`count` valid organisation numbers that no employer has, nor any of the demo's."""
    taken = set(Employer.objects.values_list("org_number", flat=True))
    taken |= {spec.org_number for spec in EMPLOYERS}  # keep seed_demo's free too
    rng = run.random("org-numbers")  # retries on clashes must not shift run.rng
    numbers = []
    for _ in range(count):
        for _attempt in range(1000):
            # 5 = aktiebolag; the third digit is ≥ 2 in every organisation number.
            body = f"5{rng.randint(5, 9)}{rng.randint(2, 9)}{rng.randrange(10**6):06d}"
            number = org_number_with_check_digit(body)
            if number not in taken:
                break
        else:
            raise CommandError("Could not find a free organisation number.")
        taken.add(number)
        numbers.append(number)
    return numbers


def employers_generate(
    run: SyntheticRun, count: int, organisations
) -> tuple[list[ApprovedEmployer], int]:
    """`count` employers with a member and hiring needs each; return the approved ones."""
    rng, now = run.rng, run.now
    numbers = _org_numbers(run, count)
    users, employers, sector_sets = [], [], []
    for i in range(count):
        org_id, actor_id = rng.choice(organisations)
        codes = run.pick_sector_codes(max_sectors=2)
        pool = SECTOR_POOLS[codes[0]]
        word = rng.choice(pool["employer"]).lower()
        name = f"{rng.choice(PLACE_WORDS)}{word} {rng.choice(COMPANY_FORMS)}"
        created_at = now - timedelta(days=rng.randint(30, 900), minutes=rng.randint(0, 1440))
        approved = rng.random() < 0.85
        slug = f"syn-{run.tag}-{i + 1}-{slugify(name)}"[:80].rstrip("-")
        employers.append(
            Employer(
                organisation_id=org_id,
                org_number=numbers[i],
                name=name,
                slug=slug,
                description=f"{name} söker fler kollegor i Jämtland: {pool['roles'][0]}.",
                website=f"https://{slug}.example",
                approved_at=created_at + timedelta(days=rng.randint(1, 10)) if approved else None,
                approved_by_id=actor_id if approved else None,
                created_at=created_at,
            )
        )
        person, ascii_name, international = run.person()
        users.append(
            run.user(
                f"{ascii_name}.e",
                i + 1,
                person,
                created_at,
                "en" if international and rng.random() < 0.5 else "sv",
            )
        )
        sector_sets.append([run.sectors[c] for c in codes])
    with transaction.atomic(), run.bar(count, "employers") as bar:
        run.bulk(User, users)
        run.bulk(Employer, employers)
        memberships = [
            EmployerMembership(employer_id=e.pk, user_id=u.pk, created_at=e.created_at)
            for e, u in zip(employers, users, strict=True)
        ]
        run.bulk(EmployerMembership, memberships)
        links = run.bulk_sectors(Employer, employers, sector_sets)
        codes_by_id = {pk: code for code, pk in run.sectors.items()}
        needs = []
        for e, sids in zip(employers, sector_sets, strict=True):
            for _ in range(rng.randint(1, 3)):
                sid = rng.choice(sids)
                needs.append(
                    HiringNeed(
                        employer_id=e.pk,
                        role_title=rng.choice(SECTOR_POOLS[codes_by_id[sid]]["roles"]),
                        sector_id=sid,
                        positions=rng.randint(1, 4),
                        employment_type=EmploymentType.PERMANENT
                        if rng.random() < 0.8
                        else EmploymentType.FIXED_TERM,
                        status=HiringNeedStatus.OPEN
                        if rng.random() < 0.85
                        else HiringNeedStatus.CLOSED,
                        created_at=e.created_at + timedelta(days=rng.randint(0, 20)),
                    )
                )
        run.bulk(HiringNeed, needs)
        bar.update(count)
    approved = [
        (e.pk, u.pk, sids)
        for e, u, sids in zip(employers, users, sector_sets, strict=True)
        if e.approved_at is not None
    ]
    rows = len(users) + len(employers) + len(memberships) + len(links) + len(needs)
    return approved, rows
