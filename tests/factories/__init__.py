"""factory_boy factories. No hidden side effects: each builds exactly the rows it names."""

import importlib
from datetime import timedelta

import factory
from django.apps import apps as django_apps
from django.utils import timezone

from candidates.models import Application, Candidate
from core.models import User
from employers.models import Employer, EmployerMembership, HiringNeed, SlotBooking
from employers.validators import org_number_with_check_digit
from events.models import Organisation, OrganisationMembership, Sector, Trip, TripStatus


def org_number(n: int) -> str:
    """A valid Swedish organisation number for any n: 55xxxxxxx plus its Luhn check digit."""
    return org_number_with_check_digit(f"55{n % 10_000_000:07d}")


def ensure_sectors() -> None:
    """Sectors come from a data migration; transactional tests flush them, so restore them."""
    if not Sector.objects.exists():
        migration = importlib.import_module("events.migrations.0002_seed_sectors")
        migration.seed(django_apps, None)


def sector(code: str = "it") -> Sector:
    ensure_sectors()
    return Sector.objects.get(code=code)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    full_name = factory.Faker("name", locale="sv_SE")
    password = factory.PostGenerationMethodCall("set_password", "pw-for-tests-1")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy hook
        if create:
            obj.save()


# Complete billing details for an organisation: `OrganisationFactory(**BILLING)`.
BILLING = {
    "billing_name": "Testkommunen",
    "org_number": "212000-2742",
    "billing_address": "Rådhusgatan 1\n831 82 Östersund",
    "bankgiro": "5050-1055",
    "vat_number": "SE212000274201",
}


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Kommun {n}")
    slug = factory.Sequence(lambda n: f"kommun-{n}")


class OrganiserFactory(factory.django.DjangoModelFactory):
    """A membership; `.user` is the organiser."""

    class Meta:
        model = OrganisationMembership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)


class TripFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trip
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Trip {n}")
    slug = factory.Sequence(lambda n: f"trip-{n}")
    summary = "Two days in Jämtland"
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(days=2))
    application_deadline = factory.LazyAttribute(lambda o: o.starts_at - timedelta(days=7))
    base_locations = "Östersund, Åre"
    candidate_capacity = 10
    employer_slots = 4
    slot_price_ore = 1_500_000
    status = TripStatus.DRAFT
    published_at = factory.LazyAttribute(
        lambda o: None if o.status in (TripStatus.DRAFT, TripStatus.CANCELLED) else timezone.now()
    )

    @factory.post_generation
    def sectors(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.sectors.set(extracted if extracted is not None else [sector("it")])


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidate
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    name = factory.LazyAttribute(lambda o: o.user.full_name)
    email = factory.LazyAttribute(lambda o: o.user.email)
    city = "Stockholm"
    country = "Sverige"
    headline = "Backend developer"
    years_experience = 5

    @factory.post_generation
    def sectors(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.sectors.set(extracted if extracted is not None else [sector("it")])


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    candidate = factory.SubFactory(CandidateFactory)
    trip = factory.SubFactory(TripFactory, status=TripStatus.PUBLISHED)
    motivation = "I want to live near the mountains."
    travelling_from = "Stockholm"


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    org_number = factory.Sequence(org_number)
    name = factory.Sequence(lambda n: f"Företag {n} AB")
    slug = factory.Sequence(lambda n: f"foretag-{n}")
    approved_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def sectors(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.sectors.set(extracted if extracted is not None else [sector("it")])


class EmployerMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmployerMembership

    employer = factory.SubFactory(EmployerFactory)
    user = factory.SubFactory(UserFactory)


class HiringNeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HiringNeed

    employer = factory.SubFactory(EmployerFactory)
    role_title = "Systemutvecklare"
    sector = factory.LazyFunction(lambda: sector("it"))
    positions = 2


class SlotBookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SlotBooking

    employer = factory.SubFactory(EmployerFactory)
    trip = factory.SubFactory(TripFactory, status=TripStatus.PUBLISHED)
    amount_ore = factory.LazyAttribute(lambda o: o.trip.slot_price_ore)
    hold_expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(minutes=30))
