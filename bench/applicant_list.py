"""The organiser's applicant list of one trip with 2,000 applicants (issue 15.2: ≤ 15× the
trivial view), and with 20, in-process: queries per request (constant?), mean and median time,
and the ratio to the trivial view timed in the same run.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from candidates.models import Application, Candidate
from core.models import User
from events.models import Organisation, OrganisationMembership, Sector, Trip, TripStatus

from .measure import (
    BenchmarkError,
    count_queries,
    get_ok,
    milliseconds,
    signed_in_client,
    time_interleaved,
    warm_up,
)
from .registry import Config, benchmark
from .urls import TRIVIAL_PATH

SIZES = (20, 2000)
SMOKE_SIZES = (3, 6)
TARGET_RATIO = 15
SLUG = "bench-applicants"
STATUSES = ("submitted", "shortlisted", "accepted", "waitlisted", "declined")


@transaction.atomic
def seed_applicants(count: int) -> User:
    """One published trip with `count` applications in mixed states; returns its organiser."""
    Trip.objects.filter(slug=SLUG).delete()
    User.objects.filter(email__endswith="@applicants.bench.test").delete()
    organisation, _ = Organisation.objects.get_or_create(
        slug="bench-applicants", defaults={"name": "Bench sökande kommun"}
    )
    organiser, _ = User.objects.get_or_create(email="organiser@applicants-org.bench.test")
    OrganisationMembership.objects.get_or_create(organisation=organisation, user=organiser)
    now = timezone.now()
    trip = Trip.objects.create(
        organisation=organisation,
        title="Sökanderesan",
        slug=SLUG,
        summary="x",
        starts_at=now + timedelta(days=40),
        ends_at=now + timedelta(days=42),
        application_deadline=now + timedelta(days=30),
        base_locations="Östersund",
        candidate_capacity=2_000,
        employer_slots=5,
        slot_price_ore=1_500_000,
        status=TripStatus.PUBLISHED,
        published_at=now,
    )
    trip.sectors.set(Sector.objects.order_by("position")[:1])
    users = User.objects.bulk_create(
        User(email=f"person{i}@applicants.bench.test", password="!") for i in range(count)
    )
    candidates = Candidate.objects.bulk_create(
        Candidate(
            user=user,
            name=f"Sökande {i}",
            email=user.email,
            city="Göteborg",
            headline="Backendutvecklare",
        )
        for i, user in enumerate(users)
    )
    Application.objects.bulk_create(
        Application(
            candidate=candidate,
            trip=trip,
            motivation="Fjällen och jobben.",
            travelling_from="Göteborg",
            status=STATUSES[i % len(STATUSES)],
            created_at=now - timedelta(minutes=i),
        )
        for i, candidate in enumerate(candidates)
    )
    return organiser


@benchmark("applicant_list", summary=lambda name, figures: format_summary(name, figures))
def applicant_list(config: Config) -> dict:
    sizes = SMOKE_SIZES if config.smoke else SIZES
    path = f"/manage/trips/{SLUG}/applicants/"
    figures: dict = {
        "path": path,
        "method": "organiser GET through django.test.Client, in-process, DEBUG off",
        "target_ratio": TARGET_RATIO,
        "queries": {},
        "sizes": {},
    }
    for size in sizes:
        organiser = seed_applicants(size)
        client = signed_in_client(organiser, headers={"Accept-Language": "sv"})
        page = get_ok(client, path).content.decode()
        if "Sökande " not in page:
            raise BenchmarkError(f"{path} lists no applicant.")
        targets = {"trivial_view": TRIVIAL_PATH, "applicants": path}
        for target in targets.values():
            warm_up(client, target, config.warmup)
        figures["queries"][str(size)] = count_queries(client, path)
        samples = time_interleaved(client, targets, max(10, config.repetitions // 10))
        trivial = milliseconds(samples["trivial_view"])
        timing = milliseconds(samples["applicants"])
        timing["ratio_to_trivial"] = round(timing["mean_ms"] / trivial["mean_ms"], 2)
        timing["trivial_mean_ms"] = trivial["mean_ms"]
        figures["sizes"][str(size)] = timing
    figures["queries_constant"] = len(set(figures["queries"].values())) == 1
    largest = figures["sizes"][str(sizes[-1])]["ratio_to_trivial"]
    figures["target_met"] = largest <= TARGET_RATIO
    return figures


def format_summary(name: str, figures: dict) -> str:
    lines = [f"{name}: {figures['method']}, {figures['path']}"]
    for size, timing in figures["sizes"].items():
        lines.append(
            f"  {size:>5} applicants: {figures['queries'][size]} queries, mean"
            f" {timing['mean_ms']:.1f} ms, median {timing['median_ms']:.1f} ms,"
            f" × trivial {timing['ratio_to_trivial']}"
        )
    verdict = "met" if figures["target_met"] else "NOT MET"
    lines.append(
        f"  target ≤ {figures['target_ratio']}× trivial at the largest size: {verdict};"
        f" queries constant: {'yes' if figures['queries_constant'] else 'NO'}"
    )
    return "\n".join(lines)
