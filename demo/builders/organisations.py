from core.models import User
from demo.builders import DemoSeed, demo_user
from demo.data import ORGANISER_EMAIL
from demo.data.trips import ORGANISATIONS
from events.models import Organisation, OrganisationMembership
from events.services import organisation_billing_update, organiser_add

# Organisation slug -> the organisation and its (first) organiser.
Organisations = dict[str, tuple[Organisation, User]]


def organisations_build(seed: DemoSeed) -> Organisations:
    """The two municipalities and their organisers, by organisation slug."""
    result = {}
    for spec in ORGANISATIONS:
        organisation, created = Organisation.objects.get_or_create(
            slug=spec.slug,
            defaults={
                "name": spec.name,
                "contact_email": spec.contact_email,
                "website": spec.website,
            },
        )
        if created:
            seed.count("organisations")
        if not organisation.org_number:  # created, or from before billing details existed
            organisation = organisation_billing_update(
                organisation=organisation, actor=None, **spec.billing
            )
        organiser = demo_user(
            seed,
            spec.organiser_email,
            spec.organiser_name,
            demo=spec.organiser_email == ORGANISER_EMAIL,
        )
        if not OrganisationMembership.objects.filter(
            organisation=organisation, user=organiser
        ).exists():
            organiser_add(organisation=organisation, user=organiser)
            seed.count("organisers")
        result[spec.slug] = (organisation, organiser)
    return result
