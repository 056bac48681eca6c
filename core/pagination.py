"""The API's pagination: ninja's page numbers, with bounds a database can answer.

An absurd `?page=` (beyond any OFFSET a database accepts) is a 422, not a 500.
"""

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

MAX_PAGE = 1_000_000


class Pagination(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=1000)
