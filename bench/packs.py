"""A 50-candidate employer pack: seconds and peak memory to build its PDF, and the ratio to
WeasyPrint rendering a bare document with the same number of pages in the same run."""

import resource
import time
import tracemalloc
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from candidates.models import Application, Candidate
from core.models import User
from employers.models import Employer, SlotBooking
from events.models import Organisation, Sector, Trip, TripStatus
from packs.models import PackDocument, PackKind
from packs.selectors import PackAccess, pack_version
from packs.services import pack_document_build

from .registry import Config, benchmark

CANDIDATES = 50
SMOKE_CANDIDATES = 3
NAMES = ["Åsa Öberg", "Олена Коваленко", "مريم حسن", "Γιώργος Παπαδόπουλος", "Lars Nilsson"]


@transaction.atomic
def seed_pack(candidates: int) -> PackDocument:
    Trip.objects.filter(slug="bench-pack").delete()
    organisation, _ = Organisation.objects.get_or_create(
        slug="bench-pack-org", defaults={"name": "Bench pack kommun"}
    )
    now = timezone.now()
    trip = Trip.objects.create(
        organisation=organisation,
        title="Packresan",
        slug="bench-pack",
        summary="x",
        starts_at=now + timedelta(days=30),
        ends_at=now + timedelta(days=32),
        application_deadline=now + timedelta(days=20),
        base_locations="Östersund, Åre",
        candidate_capacity=candidates,
        employer_slots=5,
        slot_price_ore=0,
        status=TripStatus.PUBLISHED,
        published_at=now,
    )
    sectors = list(Sector.objects.all()[:3])
    trip.sectors.set(sectors)
    employer, _ = Employer.objects.get_or_create(
        org_number="556036-0793",
        defaults={
            "organisation": organisation,
            "name": "Bench AB",
            "slug": "bench-ab",
            "approved_at": now,
        },
    )
    SlotBooking.objects.create(
        employer=employer, trip=trip, status="confirmed", amount_ore=0, created_at=now
    )
    User.objects.filter(email__startswith="pack-bench-").delete()
    users = User.objects.bulk_create(
        User(email=f"pack-bench-{i}@bench.test", password="!") for i in range(candidates)
    )
    people = Candidate.objects.bulk_create(
        Candidate(
            user=user,
            name=f"{NAMES[i % len(NAMES)]} {i}",
            email=user.email,
            headline="Systemutvecklare med lång erfarenhet av offentlig sektor",
            years_experience=i % 20,
            skills=["Python", "Django", "PostgreSQL", "Kubernetes", "Scrum"],
            languages=["svenska", "engelska", "ukrainska"],
            partner_needs_job=i % 2 == 0,
            partner_occupation="Sjuksköterska",
            children_ages=[3, 7],
            consent_share_household_at=now,
        )
        for i, user in enumerate(users)
    )
    Candidate.sectors.through.objects.bulk_create(
        Candidate.sectors.through(candidate_id=c.pk, sector_id=sectors[0].pk) for c in people
    )
    Application.objects.bulk_create(
        Application(
            candidate=c,
            trip=trip,
            motivation="x",
            travelling_from="Stockholm",
            status="accepted",
            share_consent_at=now,
            share_consent_version="bench",
        )
        for c in people
    )
    access = PackAccess(kind=PackKind.EMPLOYER, employer=employer)
    return PackDocument.objects.create(
        trip=trip,
        employer=employer,
        kind=PackKind.EMPLOYER,
        language="sv",
        version=pack_version(trip, access, PackKind.EMPLOYER, "sv"),
    )


def bare_document_seconds(pages: int) -> float:
    from weasyprint import HTML

    html = "".join(
        f'<section style="break-after: page"><h2>Sida {n}</h2><p>Hej åäö</p></section>'
        for n in range(pages)
    )
    start = time.perf_counter()
    HTML(string=html).write_pdf()
    return time.perf_counter() - start


def _summary(name, f):
    return (
        f"{name}: {f['candidates']} candidates, {f['pages']} pages — "
        f"{f['seconds']:.2f} s, peak {f['peak_mib']:.0f} MiB Python heap, "
        f"process peak RSS {f['process_peak_rss_mib']:.0f} MiB; "
        f"bare WeasyPrint {f['bare_seconds']:.2f} s → ratio {f['ratio_to_bare']:.2f}"
    )


@benchmark("candidate_pack", summary=_summary)
def candidate_pack(config: Config) -> dict:
    count = SMOKE_CANDIDATES if config.smoke else CANDIDATES
    document = seed_pack(count)
    import weasyprint  # noqa: F401 - import cost is not part of the build

    bare_document_seconds(1)  # warm up fonts and caches
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    built = pack_document_build(document_id=document.pk, version=document.version)
    seconds = time.perf_counter() - start
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    bare = bare_document_seconds(built.pages)
    # A second build under tracemalloc, for the Python-heap peak (it slows the build down).
    PackDocument.objects.filter(pk=document.pk).update(version=document.version[:-1] + "x")
    tracemalloc.start()
    pack_document_build(document_id=document.pk, version=document.version[:-1] + "x")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "candidates": count,
        "pages": built.pages,
        "state": built.state,
        "seconds": round(seconds, 3),
        "peak_mib": round(peak / 1024 / 1024, 1),
        "process_peak_rss_mib": round(rss_after / 1024, 1),
        "rss_growth_mib": round((rss_after - rss_before) / 1024, 1),
        "bare_seconds": round(bare, 3),
        "ratio_to_bare": round(seconds / bare, 2) if bare else None,
        "method": "pack_document_build (context + render + store) vs HTML().write_pdf() of "
        "the same page count; peak_mib is tracemalloc's Python-heap peak in a second build, "
        "rss figures are the process's ru_maxrss",
    }
