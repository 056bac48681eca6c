from datetime import timedelta

from django.db import transaction
from django.utils.text import slugify

from demo.data.pools import MUNICIPALITIES
from demo.synthetic.run import SyntheticRun
from events.models import Organisation, OrganisationMembership
from events.services import organiser_add


def organisations_generate(
    run: SyntheticRun, count: int
) -> tuple[list[tuple[int, int | None]], int]:
    """Return (organisation id, organiser user id) pairs: `count` new organisations, each
    with an organiser, or with 0 the existing ones and their first organiser."""
    if count == 0:
        pairs = []
        for org in Organisation.objects.order_by("id"):
            membership = OrganisationMembership.objects.filter(organisation=org).first()
            pairs.append((org.pk, membership.user_id if membership else None))
        return pairs, 0
    pairs = []
    with transaction.atomic():
        for i in range(count):
            base = MUNICIPALITIES[i % len(MUNICIPALITIES)]
            number = f" {i // len(MUNICIPALITIES) + 1}" if i >= len(MUNICIPALITIES) else ""
            org = Organisation.objects.create(
                name=f"{base}{number} (syntetisk {run.tag})",
                slug=f"syn-{run.tag}-{i + 1}-{slugify(base)}"[:80],
                contact_email=f"naringsliv.{i + 1}@{run.domain}",
            )
            name, ascii_name, _ = run.person()
            user = run.user(f"{ascii_name}.o", i + 1, name, run.now - timedelta(days=800))
            user.save()
            organiser_add(organisation=org, user=user)
            pairs.append((org.pk, user.pk))
    return pairs, count * 2
