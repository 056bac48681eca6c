from typing import Annotated

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import AfterValidator


class ErrorOut(Schema):
    detail: str
    fields: dict[str, list[str]] | None = None
    current_status: str | None = None


class TokenIn(Schema):
    email: str
    password: str
    # The authenticator app's 6-digit code or a recovery code, for accounts that use them.
    otp: str | None = Field(default=None, max_length=32)


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


def _email(value: str) -> str:

    value = value.strip()
    try:
        validate_email(value)
    except ValidationError as error:
        raise ValueError(_("Enter a valid email address.")) from error
    return value.lower()


Email = Annotated[str, Field(max_length=254), AfterValidator(_email)]
