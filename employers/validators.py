"""Employers' organisation numbers. The checks themselves are shared (core.validators): the
organisers' billing details use them too."""

from core.validators import (  # noqa: F401 -- re-exported for the callers of this module
    luhn_valid,
    normalize_org_number,
    org_number_with_check_digit,
)


def validate_org_number(value: str) -> None:
    # Defined here, not re-exported: employers/0001 names it by this path.
    normalize_org_number(value)
