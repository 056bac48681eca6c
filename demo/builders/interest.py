from datetime import timedelta

from candidates.models import CONSENT_TEXT_VERSION, InterestRegistration
from demo.builders import DemoSeed
from demo.data.people import INTERESTS


def interest_registrations_build(seed: DemoSeed) -> None:
    """People who registered interest in a sector, a few days apart over the last month."""
    for n, spec in enumerate(INTERESTS):
        if InterestRegistration.objects.filter(email=spec.email.lower()).exists():
            continue
        registered = seed.now - timedelta(days=30 - 4 * n)
        registration = InterestRegistration.objects.create(
            email=spec.email,
            name=spec.name,
            city=spec.city,
            language=spec.language,
            consent_at=registered,
            consent_version=CONSENT_TEXT_VERSION,
            confirmed_at=registered + timedelta(minutes=7) if spec.confirmed else None,
            unsubscribed_at=registered + timedelta(days=3) if spec.unsubscribed else None,
            created_at=registered,
        )
        registration.sectors.set(seed.sectors_for(spec.sectors))
        seed.count("interest registrations")
