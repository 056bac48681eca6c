"""The organisers' search of the talent database (issue 15.5): by sector, region (the city
a person lives in) and free text over their headline and skills.

Only people who consented to the talent database and whose account is active are found,
and only by organisers. On PostgreSQL the text is matched with full-text search against the
stored generated column `search_document` (migration 0009: the headline and skills as a
Swedish and an English `tsvector`, with a GIN index), queried with `websearch_to_tsquery` in
both configurations, so "utvecklare" finds "utvecklaren" and "developers" finds "developer";
results are ranked by `ts_rank`. The column is not a model field: Django never writes it.
Elsewhere (SQLite) every word must occur in the headline or the skills (icontains).
"""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import BooleanField, Exists, FloatField, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL

from core.models import User
from core.pagination import CappedCount
from events.models import OrganisationMembership, Sector

from .models import Candidate

TALENT_PAGE_SIZE = 25
# Counting every match of a broad search over 300,000 profiles costs more than the page: the
# count stops here ("1,000 or more"), and so do the pages (40 of 25).
TALENT_COUNT_CAP = 1000
MAX_TEXT = 200

# Both configurations: a Swedish word stems with Swedish rules, an English one with English.
_QUERY = (
    "(websearch_to_tsquery('swedish'::regconfig, %s)"
    " || websearch_to_tsquery('english'::regconfig, %s))"
)
_DOCUMENT = '"candidates_candidate"."search_document"'


def _text_filter(qs: QuerySet[Candidate], text: str) -> QuerySet[Candidate]:
    if connection.vendor == "postgresql":
        params = (text, text)
        matches = RawSQL(f"{_DOCUMENT} @@ {_QUERY}", params, output_field=BooleanField())
        rank = RawSQL(f"ts_rank({_DOCUMENT}, {_QUERY})", params, output_field=FloatField())
        return qs.filter(matches).annotate(rank=rank).order_by("-rank", "pk")
    for word in text.split():
        qs = qs.filter(Q(headline__icontains=word) | Q(skills__icontains=word))
    return qs


def talent_search(
    *,
    organiser_user: User | AnonymousUser | None,
    sector: Sector | None = None,
    region: str | None = None,
    text: str = "",
) -> QuerySet[Candidate]:
    """Profiles in the talent database matching all the given criteria, best match first
    when there is text (else by name), sectors prefetched; nothing for non-organisers.

    `region` matches the city case-insensitively. One query for a page and one for its
    count, plus one for the page's sectors: the same at any size."""
    if organiser_user is None or not organiser_user.is_authenticated:
        return Candidate.objects.none()
    organises = Exists(OrganisationMembership.objects.filter(user_id=organiser_user.pk))
    qs = Candidate.objects.filter(
        organises, consent_talent_db_at__isnull=False, user__is_active=True
    )
    if sector is not None:
        through = Candidate.sectors.through
        qs = qs.filter(
            Exists(through.objects.filter(candidate_id=OuterRef("pk"), sector_id=sector.pk))
        )
    region = (region or "").strip()
    if region:
        qs = qs.filter(city__iexact=region)
    text = " ".join(text.split())[:MAX_TEXT]
    qs = _text_filter(qs, text) if text else qs.order_by("name", "pk")
    return qs.only("pk", "user_id", "name", "headline", "city").prefetch_related("sectors")


def talent_search_capped(**criteria: Any) -> CappedCount:
    """`talent_search` for pagination: counted up to TALENT_COUNT_CAP."""
    return CappedCount(talent_search(**criteria), TALENT_COUNT_CAP)
