from ninja import Schema


class ErrorOut(Schema):
    detail: str
    fields: dict[str, list[str]] | None = None
    current_status: str | None = None


class TokenIn(Schema):
    email: str
    password: str


class TokenOut(Schema):
    token: str


class MeOut(Schema):
    email: str
    name: str
    language: str
    organiser: bool
    employer: bool
    candidate: bool


# Statuses every authenticated operation can answer with, for honest OpenAPI.
AUTH_ERRORS = {401: ErrorOut, 422: ErrorOut}
