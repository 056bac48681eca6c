"""Pagination: the API's page numbers, with bounds a database can answer, and web pages' lists.

An absurd `?page=` (beyond any OFFSET a database accepts) is a 422, not a 500.
"""

from collections.abc import Callable, Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

MAX_PAGE = 1_000_000


class Pagination(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=1000)

    def page_slice(self, pagination: Input) -> slice:
        """The rows `paginate_queryset` answers with for these page parameters."""
        page_size = self._get_page_size(pagination.page_size)
        offset = (pagination.page - 1) * page_size
        return slice(offset, offset + page_size)


class Rows:
    """A queryset that ninja's pagination slices and counts like one, but whose page is
    turned into plain rows by `rows(the sliced queryset)` — for lists read with `values()`
    rather than model instances (one query for the page, one for its related values)."""

    def __init__(self, queryset: QuerySet, rows: Callable[[QuerySet], list[dict[str, Any]]]):
        self.queryset, self.rows = queryset, rows

    def all(self) -> "Rows":
        return self

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, page: slice) -> list[dict[str, Any]]:
        return self.rows(self.queryset[page])


class CappedCount:
    """A queryset whose count stops at `cap` (COUNT over a LIMIT subquery), for searches over
    very many rows where an exact count costs more than the page: lists show "1,000 or more"
    and page through the first `cap` rows only. Slices like the queryset."""

    def __init__(self, queryset: QuerySet, cap: int):
        self.queryset, self.cap = queryset, cap

    def all(self) -> "CappedCount":
        return self

    def count(self) -> int:
        # Neither the order nor the annotations change how many rows there are, and keeping
        # them would rank and sort every match just to count them.
        return self.queryset.order_by().values("pk")[: self.cap].count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, page: slice) -> Any:
        stop = self.cap if page.stop is None else min(page.stop, self.cap)
        return self.queryset[min(page.start or 0, stop) : stop]


def page_of[T](
    request: HttpRequest, items: QuerySet[Any, T] | Sequence[T], per_page: int = 25
) -> Page[T]:
    """One page of a web list, from `?page=` (out-of-range or junk numbers give the nearest
    page, never an error). Templates render it with `partials.html#pagination`, which keeps
    the other query parameters (filters, sorting)."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))
