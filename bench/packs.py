"""A 50-candidate employer pack (issue 15.4): its PDF built from nothing, then again after one
candidate's headline changed (only their group of the pack and the index are laid out again:
packs.documents, core.pdf_assembly), with the peak memory of each; against two references
measured in the same run: WeasyPrint rendering a bare document with the same number of pages
(the figure of earlier runs), and WeasyPrint rendering all the pack's parts as one document
(the same content, laid out in one go: what a build without parts costs at the least)."""

import logging
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


def one_pass_seconds(parts, *, tagged: bool = True) -> float:
    """WeasyPrint laying out every part's body in one document (each from a new page),
    tagged (PDF/UA, as the pack is) or not."""
    from core.pdf import render_html_pdf

    head = parts[0].html.split("<body>")[0]
    bodies = [
        part.html.split("<body>", 1)[1].rsplit("</body>", 1)[0].replace(' id="', ' data-id="')
        for part in parts
    ]
    html = head + "<body>" + "".join(f'<div style="break-before: page">{b}</div>' for b in bodies)
    # The ids renamed (the placeholders would repeat them), WeasyPrint logs an error for
    # every link to one.
    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        start = time.perf_counter()
        render_html_pdf(html + "</body></html>", stylesheets=parts[0].stylesheets, tagged=tagged)
        return time.perf_counter() - start
    finally:
        logger.setLevel(level)


def _build(
    document: PackDocument, version: str, keys: set[str]
) -> tuple[float, float, PackDocument]:
    """Seconds and Python-heap peak (MiB) of building `document` at `version`; the peak from
    a second, identical build under tracemalloc (which slows it down), from the same cache
    contents (`keys`: every part cached so far)."""
    from django.core.cache import cache

    PackDocument.objects.filter(pk=document.pk).update(version=version, state="queued")
    snapshot = cache.get_many(list(keys))
    start = time.perf_counter()
    built = pack_document_build(document_id=document.pk, version=version)
    seconds = time.perf_counter() - start
    # The same build again, from the same cache contents, for its memory.
    cache.delete_many(list(keys - set(snapshot)))
    cache.set_many(snapshot)
    PackDocument.objects.filter(pk=document.pk).update(state="queued")
    tracemalloc.start()
    pack_document_build(document_id=document.pk, version=version)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak / 1024 / 1024, built


def _summary(name, f):
    return (
        f"{name}: {f['candidates']} candidates, {f['pages']} pages in {f['parts']} parts — "
        f"full build {f['seconds']:.2f} s (peak {f['peak_mib']:.0f} MiB), after one candidate's "
        f"change {f['one_change_seconds']:.2f} s ({f['one_change_parts_rendered']} parts laid "
        f"out, peak {f['one_change_peak_mib']:.0f} MiB); same content in one pass "
        f"{f['one_pass_seconds']:.2f} s → ratio {f['ratio_to_one_pass']:.2f} (untagged "
        f"{f['one_pass_untagged_seconds']:.2f} s → {f['ratio_to_one_pass_untagged']:.2f}); "
        f"bare WeasyPrint "
        f"{f['bare_seconds']:.2f} s → ratio {f['ratio_to_bare']:.2f}"
    )


@benchmark("candidate_pack", summary=_summary)
def candidate_pack(config: Config) -> dict:
    import core.pdf_assembly as assembly

    count = SMOKE_CANDIDATES if config.smoke else CANDIDATES
    document = seed_pack(count)
    import weasyprint  # noqa: F401 - import cost is not part of the build

    # Every part the builds use, to measure each build from the same cache contents.
    parts: list = []
    keys: set[str] = set()
    rendered = assembly.rendered_parts

    def recording(batch):
        parts.append(list(batch))
        keys.update(part.cache_key for part in batch)
        return rendered(batch)

    assembly.rendered_parts = recording
    try:
        # A worker renders many documents: the fonts it needs are loaded once, by the first.
        _build(document, document.version, keys)
        from django.core.cache import cache

        cache.delete_many(list(keys))
        parts.clear()
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        seconds, peak, built = _build(document, document.version, keys)
        content_parts = parts[0]
        candidate = Candidate.objects.filter(applications__trip=document.trip).order_by("name")[
            count // 2
        ]
        candidate.headline = "Sjuksköterska med specialistutbildning"
        candidate.save(update_fields=["headline", "updated_at"])
        access = PackAccess(kind=PackKind.EMPLOYER, employer=document.employer)
        version = pack_version(document.trip, access, PackKind.EMPLOYER, "sv")
        parts.clear()
        seen = set(keys)
        one_seconds, one_peak, rebuilt = _build(document, version, keys)
        laid_out = {p.cache_key for batch in parts for p in batch} - seen
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    finally:
        assembly.rendered_parts = rendered
    bare = bare_document_seconds(built.pages)
    one_pass = one_pass_seconds(content_parts)
    untagged = one_pass_seconds(content_parts, tagged=False)
    return {
        "candidates": count,
        "pages": built.pages,
        "parts": len(content_parts),
        "state": built.state,
        "seconds": round(seconds, 3),
        "peak_mib": round(peak, 1),
        "one_change_seconds": round(one_seconds, 3),
        "one_change_parts_rendered": len(laid_out),
        "one_change_peak_mib": round(one_peak, 1),
        "one_change_state": rebuilt.state,
        "process_peak_rss_mib": round(rss_after / 1024, 1),
        "rss_growth_mib": round((rss_after - rss_before) / 1024, 1),
        "one_pass_seconds": round(one_pass, 3),
        "ratio_to_one_pass": round(seconds / one_pass, 2) if one_pass else None,
        "one_pass_untagged_seconds": round(untagged, 3),
        "ratio_to_one_pass_untagged": round(seconds / untagged, 2) if untagged else None,
        "bare_seconds": round(bare, 3),
        "ratio_to_bare": round(seconds / bare, 2) if bare else None,
        "one_change_ratio_to_bare": round(one_seconds / bare, 2) if bare else None,
        "method": "pack_document_build (context + parts + assembly + store) from an empty "
        "part cache, then after one candidate's headline changed; one_pass: the same parts' "
        "HTML rendered by WeasyPrint as one tagged document (one_pass_untagged: untagged); "
        "bare: HTML().write_pdf() of "
        "trivial pages, as many; peak_mib is tracemalloc's Python-heap peak in a repeat of "
        "each build from the same cache contents, rss figures the process's ru_maxrss",
    }
