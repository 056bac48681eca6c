"""Checks several apps share: the Luhn check digit (organisation numbers, bankgiro, plusgiro,
OCR references), Swedish organisation numbers, dates within the calendar and phone numbers."""

import re
from datetime import UTC, datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_ORG_NUMBER = re.compile(r"^(?:16)?(\d{6})-?(\d{4})$")


def luhn_check_digit(body: str) -> str:
    """The Luhn (mod 10) check digit for a string of digits: weights 2, 1, 2… from the right."""
    total = 0
    for index, char in enumerate(reversed(body)):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return str(-total % 10)


def luhn_valid(digits: str) -> bool:
    """True if the last digit is the Luhn check digit of the others."""
    return len(digits) >= 2 and digits.isdigit() and luhn_check_digit(digits[:-1]) == digits[-1]


def org_number_with_check_digit(body: str) -> str:
    """NNNNNN-NNNN for a nine-digit body plus its Luhn check digit (for demo and test data)."""
    if len(body) != 9 or not body.isdigit():
        raise ValueError(f"An organisation number's body is nine digits, not {body!r}.")
    return f"{body[:6]}-{body[6:]}{luhn_check_digit(body)}"


def normalize_org_number(value: str) -> str:
    """Return a Swedish organisation number as NNNNNN-NNNN, or raise ValidationError.

    Accepts 10 digits with or without the hyphen, and the 12-digit form with the "16" prefix.
    The last digit is a Luhn check digit over the other nine.
    """
    match = _ORG_NUMBER.match((value or "").strip().replace(" ", ""))
    if not match:
        raise ValidationError(
            _("Enter the organisation number as ten digits, e.g. 556036-0793."), code="format"
        )
    digits = match.group(1) + match.group(2)
    if not luhn_valid(digits):
        raise ValidationError(
            _("The organisation number's check digit is wrong. Check for typos."),
            code="check_digit",
        )
    return f"{digits[:6]}-{digits[6:]}"


def validate_org_number(value: str) -> None:
    normalize_org_number(value)


# Dates a trip or programme item can have. Python's datetimes end at years 1 and 9999, so a
# time near either edge overflows once moved to UTC or to local time, and a calendar feed
# (which spans the years around its items) cannot be built; nothing real is that far out.
CALENDAR_YEARS = (2000, 2999)


def validate_calendar_datetime(value: datetime) -> None:
    """An aware datetime within CALENDAR_YEARS (in UTC), or ValidationError."""
    first, last = CALENDAR_YEARS
    try:
        year = value.astimezone(UTC).year
    except (OverflowError, ValueError):
        year = None
    if year is None or not first <= year <= last:
        raise ValidationError(
            _("Give a date between the years %(first)d and %(last)d.")
            % {"first": first, "last": last},
            code="out_of_calendar",
        )


# A phone number as people write it: digits, spaces, +, - and parentheses.
_PHONE = re.compile(r"[0-9 +\-()]{6,40}")


def validate_phone(value: str) -> None:
    """A phone number of 6–40 characters: digits, spaces, +, - and parentheses, with at least
    six digits (e.g. "+46 70-123 45 67", "063 (14) 00 00"), or ValidationError."""
    if not (_PHONE.fullmatch(value or "") and sum(char.isdigit() for char in value) >= 6):
        raise ValidationError(
            _(
                "Enter a phone number of 6 to 40 characters: digits, spaces, +, - and "
                "parentheses, e.g. +46 70 123 45 67."
            ),
            code="phone",
        )
